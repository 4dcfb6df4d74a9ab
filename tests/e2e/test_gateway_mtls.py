"""The connector gateway over real mutual TLS: nginx with deploy/nginx/epdee.conf.template in front of a live Epdee.

A supplier makes its key and CSR with openssl, the certificates service signs it (with the care organisation's
approval for staging), and `requests` calls through nginx with that certificate: exactly what the version
allows comes back, and nothing else does.
"""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from playwright.sync_api import expect

from certificates import services as certificates
from epdee.core.models import AuditEvent
from tests.clinic.factories import PatientFactory
from tests.core.factories import PASSWORD, UserFactory
from tests.gateway.support import approved_version, care_organisation, certificate_for
from tests.support import ROOT, free_port, needs, running

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEMPLATE = ROOT / "deploy" / "nginx" / "epdee.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
VARIABLES = "${EPDEE_SITE_HOST} ${EPDEE_GATEWAY_HOST} ${EPDEE_LISTEN} ${EPDEE_TLS_DIR} ${EPDEE_DEPLOY_DIR} ${EPDEE_APP}"


def openssl(*args, cwd):
    result = subprocess.run(["openssl", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result


def _server_certificate(folder: Path) -> Path:
    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", "site.key", "-out", "site.pem", cwd=folder,
    )  # fmt: skip
    shutil.copy(folder / "site.pem", folder / "gateway.pem")
    shutil.copy(folder / "site.key", folder / "gateway.key")
    return folder / "site.pem"


def _render(folder: Path, port: int, app: str) -> Path:
    """The production template through envsubst, as the README says, with this test's paths and ports."""
    env = {
        "PATH": os.environ["PATH"],
        "EPDEE_SITE_HOST": "localhost",
        "EPDEE_GATEWAY_HOST": "127.0.0.1",
        "EPDEE_LISTEN": f"127.0.0.1:{port}",
        "EPDEE_TLS_DIR": str(folder),
        "EPDEE_DEPLOY_DIR": str(ROOT / "deploy"),
        "EPDEE_APP": app,
    }
    rendered = subprocess.run(
        ["envsubst", VARIABLES], input=TEMPLATE.read_text(), env=env, capture_output=True, text=True, check=True
    ).stdout
    (folder / "epdee.conf").write_text(rendered)
    main = folder / "nginx.conf"
    main.write_text(f"""
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    include {folder}/epdee.conf;
}}
""")
    return main


@pytest.fixture
def gateway(live_server, tmp_path):
    """nginx with the project's configuration, proxying to the live server; yields its https base URL."""
    needs(shutil.which("openssl") is not None, "the openssl command")
    needs(shutil.which(NGINX) is not None, "nginx (apt-get install nginx)")
    needs(shutil.which("envsubst") is not None, "envsubst (apt-get install gettext-base)")
    certificates.init_ca("Epdee Gateway E2E CA", by=UserFactory(staff=True))
    with pytest.raises(SystemExit) as changed:  # exit code 3: the file changed, reload nginx
        call_command("ca_chain", output=str(tmp_path / "client-ca-chain.pem"))
    assert changed.value.code == 3
    server_certificate = _server_certificate(tmp_path)
    port = free_port()
    config = _render(tmp_path, port, live_server.url.removeprefix("http://"))
    test = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    with running([NGINX, "-c", str(config), "-p", str(tmp_path)], env={}, cwd=tmp_path):
        base = f"https://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(base, verify=server_certificate, timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield base, server_certificate, tmp_path


def _issue(folder: Path, version, code: str, member) -> tuple[Path, Path]:
    """The supplier's key and CSR made by openssl, signed through the certificates service (approval included)."""
    key, csr, cert = folder / f"{code}.key", folder / f"{code}.csr", folder / f"{code}.crt"

    def make_csr(environment) -> bytes:
        subject = f"/CN={certificates.common_name_for(environment)}/O={certificates.organization_for(environment)}"
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", key, "-out", csr,
                cwd=folder)  # fmt: skip
        return csr.read_bytes()

    cert.write_text(certificate_for(version, code, member, make_csr=make_csr).certificate_pem)
    return cert, key


def _gateway_calls() -> int:
    return AuditEvent.objects.filter(action="gateway.call").count()


def test_a_connector_gets_exactly_what_its_version_allows_over_mtls(gateway, live_server, page):
    base, server_certificate, folder = gateway
    ours, theirs = care_organisation(), care_organisation("Kliniek Elders", "TE3456", "CF4567")
    member, version = approved_version([("GET /t/clients", ["id", "firstName"]), ("GET /t/clients/{id}", ["id"])])
    mine = PatientFactory(tenant=ours, first_name="Anna", bsn="123456782")
    foreign = PatientFactory(tenant=theirs, first_name="Bert")
    client_certificate = _issue(folder, version, "TE2345", member)

    def get(path):
        return requests.get(f"{base}{path}", cert=client_certificate, verify=server_certificate, timeout=10)

    # An enabled endpoint: 200 with only the allowed fields, and only this organisation's patients; the
    # selector's read of them is the call's one audit event.
    events_before = AuditEvent.objects.count()
    listed = get("/t/clients")
    assert listed.status_code == 200, listed.text
    assert AuditEvent.objects.count() == events_before + 1
    assert listed.json() == [{"id": mine.pk, "firstName": "Anna"}]
    assert "123456782" not in listed.text and "Bert" not in listed.text
    assert get(f"/t/clients/{foreign.pk}").status_code == 404
    assert get(f"/t/clients/{mine.pk}").json() == {"id": mine.pk}

    # Not enabled: 403; removed: 404 naming the replacement.
    refused = get("/t/employees")
    assert refused.status_code == 403 and refused.json() == {"message": "API call not allowed"}
    removed = get("/t/clients/by_bsn/123456782")
    assert removed.status_code == 404 and removed.json()["replacement"] == "GET /t/clients/by_bsn?bsn={bsn}"

    # Every call reached Epdee through nginx and was audited with the certificate's serial.
    event = AuditEvent.objects.filter(action="gateway.call", details__status=200).order_by("pk").first()
    assert event.tenant == ours and event.details["environment"] == "TE2345"
    assert event.details["certificate"] == version.environments.get().certificates.get().serial
    assert event.details["patient_ids"] == [str(mine.pk)]

    # The supplier disables the certificate on its version's Certificates tab; the next call is refused.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/connectors/versions/{version.pk}/?tab=certificates")
    page.get_by_label("Email").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*tab=certificates$"))
    page.get_by_role("switch", name=re.compile("Enabled: certificate .* for TE2345")).click()
    page.wait_for_load_state()
    expect(page.get_by_text("is disabled").first).to_be_visible()
    after = get("/t/clients")
    assert after.status_code == 401 and "disabled" in after.json()["message"]


def test_nginx_refuses_what_epdee_did_not_issue(gateway):
    base, server_certificate, folder = gateway
    before = _gateway_calls()

    # No certificate at all.
    bare = requests.get(f"{base}/t/clients", verify=server_certificate, timeout=10)
    assert bare.status_code == 400 and "No required SSL certificate" in bare.text

    # A certificate from another CA, with exactly the subject Epdee would expect.
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Other CA",
            "-keyout", "other-ca.key", "-out", "other-ca.pem", cwd=folder)  # fmt: skip
    openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=planning-koppeling.TE2345/O=Leverancier",
            "-keyout", "intruder.key", "-out", "intruder.csr", cwd=folder)  # fmt: skip
    openssl("x509", "-req", "-in", "intruder.csr", "-CA", "other-ca.pem", "-CAkey", "other-ca.key",
            "-CAcreateserial", "-days", "1", "-out", "intruder.crt", cwd=folder)  # fmt: skip
    forged = requests.get(
        f"{base}/t/clients",
        cert=(folder / "intruder.crt", folder / "intruder.key"),
        verify=server_certificate,
        timeout=10,
    )
    assert forged.status_code == 400 and "SSL certificate error" in forged.text

    # openssl s_client shows nginx asks only for Epdee's CA and reports the verification failure.
    handshake = subprocess.run(
        ["openssl", "s_client", "-connect", base.removeprefix("https://"), "-cert", "intruder.crt", "-key",
         "intruder.key", "-CAfile", str(server_certificate)],
        cwd=folder, input=b"GET /t/clients HTTP/1.0\r\n\r\n", capture_output=True, timeout=20,
    )  # fmt: skip
    names = re.search(rb"Acceptable client certificate CA names\n((?:.*CN ?= ?.*\n)+)", handshake.stdout)
    assert names and b"Epdee Gateway E2E CA" in names.group(1) and b"Other CA" not in names.group(1)

    # The site host does not serve the connector API, even to a client that sends the header itself.
    site = requests.get(
        f"https://localhost:{base.rsplit(':', 1)[1]}/t/clients",
        headers={"X-SSL-Client-Cert": "forged"},
        verify=server_certificate,
        timeout=10,
    )
    assert site.status_code == 404 and "connector API is on 127.0.0.1" in site.json()["message"]
    assert _gateway_calls() == before  # none of these reached Epdee
