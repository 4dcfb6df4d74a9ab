"""In a real browser: a supplier adds the development environment TE1002 on its version's Certificates tab, creates
a key and CSR with the openssl command the tab shows, uploads the CSR and downloads a PEM file whose certificate
verifies against Epdee's CA chain. The tab fits a phone and breaks no Content Security Policy rule.

Set EPDEE_SCREENSHOTS=<directory> to keep screenshots of the tab on desktop and phone."""

import re
import shlex
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from certificates import services
from certificates.models import IssuedCertificate
from epdee.core import services as core_services
from epdee.core.permissions import SYSTEM
from tests.browser import screenshot, sign_in
from tests.connectors.factories import connector_in
from tests.core.factories import TenantFactory, UserFactory
from tests.support import needs

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def openssl(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def test_a_supplier_gets_a_development_certificate_that_verifies(page, live_server, tmp_path):
    needs(shutil.which("openssl") is not None, "the openssl command line tool")
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    services.init_ca("Epdee E2E CA", by=UserFactory(staff=True))
    sandbox = TenantFactory(is_sandbox=True, name="Epdee Sandbox")
    core_services.add_customer_code(sandbox, "TE1002", by=SYSTEM)
    member, connector, version = connector_in("DEVELOPMENT")
    tab = f"{live_server.url}/connectors/versions/{version.pk}/?tab=certificates"

    sign_in(page, tab, member.user.email)
    page.wait_for_url(re.compile(r".*/connectors/versions/\d+/\?tab=certificates$"))
    expect(page.get_by_text("No environments yet")).to_be_visible()
    page.get_by_label("Customer code").fill("TE1002")
    page.get_by_role("button", name="Add new environment").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Environment TE1002 (Epdee Sandbox) added")).to_be_visible()
    row = page.locator("tbody.certificates-environment", has_text="TE1002")
    assert row.locator(".certificates-state").inner_text() == "Approved"

    # The tab's ready-to-copy command makes a key and a CSR with exactly the subject it asks for.
    command = row.locator("pre code").inner_text()
    assert command.startswith("openssl req -new -newkey rsa:2048 -nodes")
    assert '-subj "/CN=planning-koppeling.TE1002/O=' in command
    expect(row.get_by_role("button", name="Copy")).to_be_visible()  # the script runs under the CSP
    made = subprocess.run(shlex.split(command), cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    csr = tmp_path / "planning-koppeling.TE1002.csr"
    key = tmp_path / "planning-koppeling.TE1002.key"
    assert csr.exists() and key.exists()
    screenshot(page, "certificates-tab-empty-desktop")

    row.get_by_label("CSR file for TE1002 (PEM or DER)").set_input_files(str(csr))
    row.get_by_role("button", name="Upload CSR").click()
    page.wait_for_load_state()
    expect(page.get_by_text("meets the requirements and is signed")).to_be_visible()
    certificate = IssuedCertificate.objects.get(environment__version=version)
    row = page.locator("tbody.certificates-environment", has_text="TE1002")
    assert row.get_by_role("switch").get_attribute("aria-checked") == "true"

    with page.expect_download() as download_info:
        row.get_by_role("link", name="Download PEM file").click()
    download = download_info.value
    assert "TE1002" in download.suggested_filename and download.suggested_filename.endswith(".pem")
    pem = tmp_path / download.suggested_filename
    download.save_as(str(pem))
    chain = tmp_path / "epdee-ca-chain.pem"
    chain.write_bytes(page.request.get(f"{live_server.url}/security/ca-chain.pem").body())

    verified = openssl("verify", "-CAfile", str(chain), str(pem), cwd=tmp_path)
    assert verified.returncode == 0 and verified.stdout.strip().endswith(": OK"), verified.stdout + verified.stderr
    subject = openssl(
        "x509", "-in", str(pem), "-noout", "-subject", "-serial", "-ext", "extendedKeyUsage", cwd=pem.parent
    )
    assert "CN = planning-koppeling.TE1002" in subject.stdout and "TLS Web Client Authentication" in subject.stdout
    assert subject.stdout.lower().count(certificate.serial.lower()) == 1
    # The certificate is for the key the supplier kept.
    certificate_key = openssl("x509", "-in", str(pem), "-noout", "-pubkey", cwd=tmp_path).stdout
    own_key = openssl("pkey", "-in", str(key), "-pubout", cwd=tmp_path).stdout
    assert certificate_key and certificate_key == own_key

    # Switching it off asks first (static/js/confirm.js): saying no changes nothing, yes disables it.
    page.goto(tab)
    switch = page.locator("tbody.certificates-environment", has_text="TE1002").get_by_role("switch")
    page.once("dialog", lambda dialog: dialog.dismiss())
    switch.click()
    page.wait_for_timeout(300)
    certificate.refresh_from_db()
    assert certificate.enabled
    page.once("dialog", lambda dialog: dialog.accept())
    switch.click()
    page.get_by_text("is disabled").wait_for()
    certificate.refresh_from_db()
    assert not certificate.enabled

    screenshot(page, "certificates-tab-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, "certificates-tab-phone")
    assert violations == []
