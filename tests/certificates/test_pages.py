"""The screens of the certificate flow (seed 001): a version's Certificates tab, the care organisation's approval
requests, and the public Security and certificate requirements pages."""

import functools
import re

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates import selectors, services
from certificates.models import ApprovalRequest, CertificateEnvironment, IssuedCertificate
from certificates.views.tab import openssl_command
from connectors.models import SupplierMembership
from epdee.core import services as core_services
from epdee.core.models import AuditEvent, TenantMembership
from epdee.core.permissions import SYSTEM
from tests.connectors.factories import SupplierMemberFactory, connector_in
from tests.core.factories import PASSWORD, MembershipFactory, TenantFactory, UserFactory
from tests.support import login

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.IGNORECASE)
Status = ApprovalRequest.Status


# --- Helpers ------------------------------------------------------------------------------------------


@functools.cache
def _key(bits: int):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def make_csr(common_name, organization, *, bits=2048, der=False, ca=False, fresh_key=False) -> bytes:
    """A PKCS#10 request with this CN and O (RSA, SHA-256); `ca` asks for basicConstraints CA:TRUE."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits) if fresh_key else _key(bits)
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            ]
        )
    )
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    csr = builder.sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.DER if der else serialization.Encoding.PEM)


def csr_for(environment, **kwargs) -> bytes:
    return make_csr(services.common_name_for(environment), services.organization_for(environment), **kwargs)


def upload(client, environment, data: bytes, name="client.csr", **kwargs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("certificates:upload-csr", args=[environment.pk]),
        {"csr": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
        **kwargs,
    )


def tab_url(version) -> str:
    return f"/connectors/versions/{version.pk}/?tab=certificates"


def add(client, version, code, **kwargs):
    return client.post(reverse("certificates:add-environment", args=[version.pk]), {"customer_code": code}, **kwargs)


def buttons(response) -> list[str]:
    """The labels of the page's buttons."""
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>|\s+", " ", label).strip() for label in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)
    ]


def text_of(response) -> str:
    """The page's text with tags removed and white space collapsed, for assertions on what people read."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&quot;", '"').replace("&#x27;", "'")


# --- Fixtures -----------------------------------------------------------------------------------------


@pytest.fixture
def ca(db):
    return services.init_ca("Epdee Test CA", by=UserFactory(staff=True))


@pytest.fixture
def sandbox(db):
    tenant = TenantFactory(is_sandbox=True, name="Epdee Sandbox")
    core_services.add_customer_code(tenant, "TE1002", by=SYSTEM)
    return tenant


@pytest.fixture
def clinic(db):
    tenant = TenantFactory(name="Zorggroep Oost")
    core_services.add_customer_code(tenant, "TE1234", by=SYSTEM)
    core_services.add_customer_code(tenant, "CF5678", by=SYSTEM)
    return tenant


@pytest.fixture
def clinic_admin(clinic):
    return MembershipFactory(tenant=clinic, role=TenantMembership.Role.ADMIN).user


@pytest.fixture
def staff(db):
    return UserFactory(staff=True)


def signed_in(client, user):
    login(client, user.email, PASSWORD)
    return client


@pytest.fixture
def development(client, ca, sandbox):
    """A supplier's connector version in development, the supplier signed in."""
    member, connector, version = connector_in("DEVELOPMENT")
    signed_in(client, member.user)
    return member, version


@pytest.fixture
def approved(client, ca, sandbox, clinic):
    member, connector, version = connector_in("APPROVED")
    signed_in(client, member.user)
    return member, version


# --- The Certificates tab: development -----------------------------------------------------------------


def test_the_tab_invites_to_add_the_development_environment(client, development):
    _, version = development
    response = client.get(tab_url(version))
    assert response.status_code == 200
    text = text_of(response)
    assert "Customer code" in text and "Add new environment" in text and "No environments yet" in text
    assert "valid for 1 year" in text and "one month" in text and "without a new approval" in text
    assert reverse("certificate-requirements") in response.content.decode()


def test_development_csr_is_signed_at_once_and_downloads_with_the_chain(client, development):
    member, version = development
    response = add(client, version, " te1002 ")
    assert response.status_code == 302 and response.url == tab_url(version)
    environment = CertificateEnvironment.objects.get(version=version)
    assert environment.customer_code == "TE1002"
    response = client.get(tab_url(version))
    page = text_of(response)
    assert "Environment TE1002 (Epdee Sandbox) added" in page
    assert "TE1002 Development" in page and "Epdee Sandbox" in page and "Approved" in page
    assert "CN=planning-koppeling.TE1002" in page and f"O={member.supplier.name}" in page
    assert (
        "openssl req -new -newkey rsa:2048 -nodes -keyout planning-koppeling.TE1002.key -out "
        f'planning-koppeling.TE1002.csr -subj "/CN=planning-koppeling.TE1002/O={member.supplier.name}"' in page
    )
    assert "Upload CSR" in buttons(response) and "Upload CSR and request approval" not in buttons(response)

    response = upload(client, environment, csr_for(environment), follow=True)
    certificate = IssuedCertificate.objects.get(environment=environment)
    assert response.redirect_chain[-1][0] == tab_url(version)
    page = text_of(response)
    assert "meets the requirements and is signed" in page
    assert "Download PEM file" in page and certificate.serial[:12] in page
    assert f"{timezone.localtime(certificate.not_after):%-d %b %Y}" in page and "Enabled" in page
    assert not ApprovalRequest.objects.exists()

    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/x-pem-file"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "TE1002" in disposition and disposition.endswith('.pem"')
    body = response.content.decode()
    assert body.startswith(certificate.certificate_pem) and body.endswith(selectors.chain_pem())
    assert body.count("BEGIN CERTIFICATE") == 2
    event = AuditEvent.objects.get(action="certificate.download")
    assert event.actor == member.user and event.object_id == str(certificate.pk)


def test_a_der_csr_is_accepted(client, development):
    _, version = development
    add(client, version, "TE1002")
    environment = CertificateEnvironment.objects.get(version=version)
    upload(client, environment, csr_for(environment, der=True), name="client.der")
    assert IssuedCertificate.objects.filter(environment=environment).count() == 1


def test_a_refused_csr_shows_every_failure_and_stores_nothing(client, development):
    _, version = development
    add(client, version, "TE1002")
    environment = CertificateEnvironment.objects.get(version=version)
    bad = make_csr("planning.TE1002", "Somebody <b>Else</b>", bits=1024, ca=True)
    response = upload(client, environment, bad, follow=True)
    html = response.content.decode()
    failures = re.search(r'<ul class="certificates-failures">(.*?)</ul>', html, re.S)
    assert failures, "the failures are shown as a list"
    items = re.findall(r"<li>(.*?)</li>", failures.group(1), re.S)
    assert len(items) == 4
    joined = " ".join(items)
    assert "1024 bits" in joined and "CN=&quot;planning.TE1002&quot;" in joined
    assert "Somebody &lt;b&gt;Else&lt;/b&gt;" in joined  # escaped, never markup
    assert "CA:TRUE" in joined
    assert "The CSR for TE1002 was not accepted." in text_of(response) and "Nothing was stored." in text_of(response)
    assert not IssuedCertificate.objects.exists() and not ApprovalRequest.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty"),
        (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "This file is a private key"),
        (b"x" * 20000, "at most 16,384 bytes"),
    ],
)
def test_files_that_are_no_csr_are_explained(client, development, data, expected):
    _, version = development
    add(client, version, "TE1002")
    environment = CertificateEnvironment.objects.get(version=version)
    response = upload(client, environment, data, follow=True)
    assert expected in text_of(response)
    assert not IssuedCertificate.objects.exists()


def test_uploading_without_a_file_asks_for_one(client, development):
    _, version = development
    add(client, version, "TE1002")
    environment = CertificateEnvironment.objects.get(version=version)
    response = client.post(reverse("certificates:upload-csr", args=[environment.pk]), {}, follow=True)
    assert "Choose the CSR file to upload" in text_of(response)


def test_a_staging_code_on_an_editable_version_is_refused_with_the_message(client, development, clinic):
    _, version = development
    response = add(client, version, "TE1234", follow=True)
    page = text_of(response)
    assert "Staging and production certificates are only for an approved version" in page
    assert "only the development environment (TE1002) is possible" in page
    assert not CertificateEnvironment.objects.exists()
    assert "are possible once this version is approved" in page


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("TE9999", "No care organisation uses the customer code TE9999"),
        ("XX12", "is not a customer code"),
        ("", "Enter the customer code"),
    ],
)
def test_unknown_or_malformed_codes_are_refused(client, approved, code, message):
    _, version = approved
    response = add(client, version, code, follow=True)
    assert message in text_of(response)
    assert not CertificateEnvironment.objects.exists()


def test_adding_the_same_environment_twice_is_refused(client, development):
    _, version = development
    add(client, version, "TE1002")
    response = add(client, version, "te1002", follow=True)
    assert "already has the environment TE1002" in text_of(response)
    assert CertificateEnvironment.objects.count() == 1


# --- Staging and production: approval by the care organisation ------------------------------------------


def test_the_full_staging_flow(client, approved, clinic, clinic_admin, staff, mailoutbox):
    member, version = approved
    add(client, version, "TE1234")
    environment = CertificateEnvironment.objects.get(version=version, customer_code="TE1234")
    response = client.get(tab_url(version))
    page = text_of(response)
    assert "TE1234 Staging" in page and "Zorggroep Oost" in page and "Needs approval" in page
    assert "Upload CSR and request approval" in buttons(response)

    response = upload(client, environment, csr_for(environment), follow=True)
    page = text_of(response)
    request = ApprovalRequest.objects.get(environment=environment)
    assert request.status == Status.REQUESTED and not IssuedCertificate.objects.exists()
    assert "Epdee asks Zorggroep Oost to approve it" in page
    assert "Waiting for Epdee" in page and "Cancel request" in buttons(response)
    assert "Upload CSR and request approval" not in buttons(response)

    services.forward_request(request, by=staff)
    assert "Waiting for Zorggroep Oost" in text_of(client.get(tab_url(version)))

    # The care organisation's administrator sees the request and approves it.
    admin = signed_in(client.__class__(), clinic_admin)
    home = admin.get("/")
    assert reverse("certificates:requests") in home.content.decode()
    page = admin.get(reverse("certificates:requests"))
    assert page.status_code == 200
    text = text_of(page)
    assert member.supplier.name in text and "Planning-koppeling version 1" in text
    assert "TE1234" in text and "Staging" in text
    assert f"CN=planning-koppeling.TE1234, O={member.supplier.name}" in text
    response = admin.post(reverse("certificates:decide", args=[request.pk]), {"decision": "approve"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("certificates:requests")
    text = text_of(response)
    assert "Approved:" in text and "Nothing to decide" in text
    request.refresh_from_db()
    assert request.status == Status.APPROVED and request.certificate is not None

    response = client.get(tab_url(version))
    page = text_of(response)
    assert "Approved" in page and "Download PEM file" in page and request.certificate.serial[:12] in page
    # Renewal: the environment is approved, so a new CSR is signed without a new request.
    assert "Upload CSR" in buttons(response) and "Upload CSR and request approval" not in buttons(response)
    upload(client, environment, csr_for(environment, fresh_key=True))
    assert IssuedCertificate.objects.filter(environment=environment).count() == 2
    assert ApprovalRequest.objects.filter(environment=environment).count() == 1


def test_rejecting_needs_a_reason_and_the_supplier_reads_it(client, approved, clinic, clinic_admin, staff):
    member, version = approved
    add(client, version, "CF5678")
    environment = CertificateEnvironment.objects.get(version=version)
    upload(client, environment, csr_for(environment))
    request = ApprovalRequest.objects.get()
    services.forward_request(request, by=staff)

    admin = signed_in(client.__class__(), clinic_admin)
    decide = reverse("certificates:decide", args=[request.pk])
    response = admin.post(decide, {"decision": "reject", "notes": "   "}, follow=True)
    assert "Say why you reject the request" in text_of(response)
    request.refresh_from_db()
    assert request.status == Status.FORWARDED
    response = admin.post(decide, {"decision": "reject", "notes": "We do not use this planning tool."}, follow=True)
    text = text_of(response)
    assert "Rejected:" in text and "We do not use this planning tool." in text  # in the history
    request.refresh_from_db()
    assert request.status == Status.REJECTED and not IssuedCertificate.objects.exists()

    response = client.get(tab_url(version))
    assert "Rejected: We do not use this planning tool." in text_of(response)
    assert "Upload CSR and request approval" in buttons(response)  # the supplier may ask again


def test_the_supplier_cancels_an_open_request(client, approved, clinic):
    _, version = approved
    add(client, version, "TE1234")
    environment = CertificateEnvironment.objects.get(version=version)
    upload(client, environment, csr_for(environment))
    request = ApprovalRequest.objects.get()
    response = client.post(reverse("certificates:cancel-request", args=[request.pk]), follow=True)
    assert "is canceled" in text_of(response) and "Request canceled" in text_of(response)
    request.refresh_from_db()
    assert request.status == Status.CANCELED


def test_only_the_tenants_administrators_see_its_requests(client, approved, clinic, clinic_admin, staff):
    _, version = approved
    add(client, version, "TE1234")
    environment = CertificateEnvironment.objects.get(version=version)
    upload(client, environment, csr_for(environment))
    request = ApprovalRequest.objects.get()
    services.forward_request(request, by=staff)
    decide = reverse("certificates:decide", args=[request.pk])

    clinic_staff = MembershipFactory(tenant=clinic, role=TenantMembership.Role.STAFF).user
    other_admin = MembershipFactory(role=TenantMembership.Role.ADMIN).user
    for user in (clinic_staff, other_admin):
        other = signed_in(client.__class__(), user)
        if user is clinic_staff:  # a member of the organisation, without the role: 403, as on its other pages
            refused = other.get(reverse("certificates:requests"))
            assert refused.status_code == 403 and "Only an administrator" in text_of(refused)
            assert "Certificate requests" not in text_of(other.get("/"))
            assert other.post(decide, {"decision": "approve"}).status_code == 403
        else:
            page = other.get(reverse("certificates:requests"))
            assert page.status_code == 200 and "TE1234" not in text_of(page) and "Nothing to decide" in text_of(page)
            assert other.post(decide, {"decision": "approve"}).status_code == 404
    # The supplier himself is no member of any tenant.
    assert client.get(reverse("certificates:requests")).status_code == 404
    request.refresh_from_db()
    assert request.status == Status.FORWARDED and not IssuedCertificate.objects.exists()


def test_requests_not_yet_forwarded_are_not_shown_to_the_organisation(client, approved, clinic, clinic_admin):
    _, version = approved
    add(client, version, "TE1234")
    environment = CertificateEnvironment.objects.get(version=version)
    upload(client, environment, csr_for(environment))
    admin = signed_in(client.__class__(), clinic_admin)
    assert "Nothing to decide" in text_of(admin.get(reverse("certificates:requests")))
    request = ApprovalRequest.objects.get()
    response = admin.post(reverse("certificates:decide", args=[request.pk]), {"decision": "approve"}, follow=True)
    assert "cannot be decided now" in text_of(response)


# --- Enable / disable, and other suppliers ---------------------------------------------------------------


def _signed_development_certificate(client, version):
    add(client, version, "TE1002")
    environment = CertificateEnvironment.objects.get(version=version)
    upload(client, environment, csr_for(environment))
    return IssuedCertificate.objects.get(environment=environment)


def test_a_certificate_is_disabled_and_enabled_again(client, development):
    _, version = development
    certificate = _signed_development_certificate(client, version)
    toggle = reverse("certificates:set-enabled", args=[certificate.pk])
    html = client.get(tab_url(version)).content.decode()
    assert 'role="switch" aria-checked="true"' in html and toggle in html

    response = client.post(toggle, {"enabled": "0"}, follow=True)
    certificate.refresh_from_db()
    assert not certificate.enabled and selectors.usable_certificate(certificate.fingerprint) is None
    assert "is disabled" in text_of(response) and 'aria-checked="false"' in response.content.decode()
    assert AuditEvent.objects.filter(action="certificate.disable").exists()

    client.post(toggle, {"enabled": "1"})
    certificate.refresh_from_db()
    assert certificate.enabled and selectors.usable_certificate(certificate.fingerprint) == certificate
    assert client.get(toggle).status_code == 405


def test_another_supplier_gets_404_everywhere(client, development):
    member, version = development
    certificate = _signed_development_certificate(client, version)
    environment = certificate.environment
    other = signed_in(client.__class__(), SupplierMemberFactory(role=SupplierMembership.Role.ADMIN).user)
    assert other.get(tab_url(version)).status_code == 404
    assert other.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404
    assert other.post(reverse("certificates:set-enabled", args=[certificate.pk]), {"enabled": "0"}).status_code == 404
    assert add(other, version, "TE1002").status_code == 404
    assert upload(other, environment, csr_for(environment)).status_code == 404
    certificate.refresh_from_db()
    assert certificate.enabled and IssuedCertificate.objects.count() == 1
    assert not AuditEvent.objects.filter(action="certificate.download").exists()
    anonymous = client.__class__()
    response = anonymous.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_tab_needs_a_constant_number_of_queries(client, approved, clinic, staff):
    member, version = approved

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(tab_url(version)).status_code == 200
        return len(queries)

    add(client, version, "TE1002")
    development = CertificateEnvironment.objects.get(customer_code="TE1002")
    upload(client, development, csr_for(development))
    baseline = count()

    upload(client, development, csr_for(development, fresh_key=True))
    for code in ("TE1234", "CF5678"):
        add(client, version, code)
        environment = CertificateEnvironment.objects.get(customer_code=code)
        upload(client, environment, csr_for(environment))
    services.forward_request(ApprovalRequest.objects.filter(environment__customer_code="TE1234").get(), by=staff)
    assert CertificateEnvironment.objects.count() == 3 and IssuedCertificate.objects.count() == 2
    assert count() == baseline


def test_a_retired_version_shows_its_certificates_but_takes_no_uploads(client, ca, sandbox):
    member, connector, version = connector_in("APPROVED")
    signed_in(client, member.user)
    _signed_development_certificate(client, version)
    from connectors import services as connector_services

    connector_services.retire(version, by=member.user)
    response = client.get(tab_url(version))
    page = text_of(response)
    assert "This version is retired" in page and "Download PEM file" in page
    assert "Add new environment" not in buttons(response) and "Upload CSR" not in buttons(response)


# --- Public pages ---------------------------------------------------------------------------------------


def test_the_security_page_lists_the_valid_cas(client, ca):
    successor = services.rotate_ca("Epdee Test CA 2", by=UserFactory(staff=True))
    response = client.get(reverse("security"))
    assert response.status_code == 200
    html, text = response.content.decode(), text_of(response)
    assert "Epdee Test CA 2" in text and "Epdee Test CA" in text
    assert "Current — signs new certificates" in text and "Previous — valid until it expires" in text
    fingerprint = ":".join(ca.fingerprint.upper()[i : i + 2] for i in range(0, 64, 2))
    assert fingerprint in text
    for authority in (ca, successor):
        assert reverse("security-ca", args=[authority.pk]) in html
        assert reverse("security-crl", args=[authority.pk, "pem"]) in html
        assert reverse("security-crl", args=[authority.pk, "der"]) in html
    assert reverse("security-chain") in html
    assert "five years" in text and "last certificate signing request" in text and "TLS 1.2" in text


def test_the_security_page_without_a_ca(client, db):
    response = client.get(reverse("security"))
    assert response.status_code == 200 and "No certificate authority yet" in text_of(response)


def test_the_requirements_page(client, db):
    response = client.get(reverse("certificate-requirements"))
    assert response.status_code == 200
    text = text_of(response)
    for words in (
        "PKCS#10",
        "PEM",
        "DER",
        "At most 16 KB",
        "RSA with at least 2048 bits",
        "P-256",
        "P-384",
        "SHA-256 or stronger",
        "planning-koppeling.TE1002",
        "exactly as it is registered",
        "clientAuth",
        "Valid for 1 year",
        "TLS 1.2 or newer only",
        "openssl req -new -newkey rsa:2048 -nodes -sha256",
    ):
        assert words in text, words


def test_the_footer_links_to_security_and_requirements(client, db):
    html = client.get(reverse("certificate-requirements")).content.decode()
    footer = html[html.index("<footer") :]
    assert reverse("security") in footer and reverse("certificate-requirements") in footer


def test_no_page_has_inline_script_or_style(client, approved, clinic, clinic_admin, staff):
    member, version = approved
    _signed_development_certificate(client, version)
    add(client, version, "TE1234")
    environment = CertificateEnvironment.objects.get(customer_code="TE1234")
    upload(client, environment, csr_for(environment))
    services.forward_request(ApprovalRequest.objects.get(), by=staff)
    admin = signed_in(client.__class__(), clinic_admin)
    pages = [
        client.get(tab_url(version)),
        admin.get(reverse("certificates:requests")),
        client.get(reverse("security")),
        client.get(reverse("certificate-requirements")),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), response.request["PATH_INFO"]
        assert not INLINE_STYLE.search(html), response.request["PATH_INFO"]
    assert "js/certificates.js" in pages[0].content.decode()


def test_the_openssl_command_quotes_what_the_shell_or_openssl_would_read():
    assert openssl_command("app.TE1002", "Zorgsoft B.V.") == (
        "openssl req -new -newkey rsa:2048 -nodes -keyout app.TE1002.key -out app.TE1002.csr "
        '-subj "/CN=app.TE1002/O=Zorgsoft B.V."'
    )
    assert openssl_command("app.TE1002", "A/B + C $x").endswith("-subj '/CN=app.TE1002/O=A\\/B \\+ C $x'")
    assert openssl_command("app.TE1002", "Zorg & Co's").endswith('-subj "/CN=app.TE1002/O=Zorg & Co\'s"')
    assert openssl_command("app.TE1002", 'Say "hi"').endswith("""-subj '/CN=app.TE1002/O=Say "hi"'""")
    assert " -utf8 -subj " in openssl_command("app.TE1002", "Zorgbureau Één")
