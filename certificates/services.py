"""Every state change of the certificate flow (seed 001): environments, CSRs, approval, signing, renewal,
enable/disable, revocation, CRLs, CA rotation and expiry reminders. Pages, admin and tasks call these."""

from datetime import timedelta

from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from connectors.models import ConnectorVersion, SupplierMembership
from epdee.core import services as core_services
from epdee.core.audit import record_event
from epdee.core.customer_codes import EnvironmentKind, parse_customer_code
from epdee.core.models import TenantMembership

from .crypto import (
    build_crl,
    encrypt_private_key,
    fingerprint,
    generate_ca,
    load_certificate,
    load_csr,
    load_private_key,
    sign_client_certificate,
    to_der,
    to_pem,
    validate_csr,
)
from .exceptions import CertificateError, NotPermitted
from .models import ApprovalRequest, CertificateAuthority, CertificateEnvironment, IssuedCertificate
from .notify import mail_supplier, mail_tenant_admins

Stage = ConnectorVersion.Stage
REMINDER_BEFORE = timedelta(days=30)  # seed 001: "one month before the expiration date"


# --- Certificate authorities ------------------------------------------------------------------------


def ca_passphrase() -> str:
    if not settings.EPDEE_CA_KEY_PASSPHRASE:
        raise CertificateError("Set EPDEE_CA_KEY_PASSPHRASE: the CA's private key is encrypted with it.")
    return settings.EPDEE_CA_KEY_PASSPHRASE


def current_ca() -> CertificateAuthority:
    ca = CertificateAuthority.objects.filter(is_current=True).first()
    if ca is None:
        raise CertificateError("There is no certificate authority yet: run `manage.py ca_init` first.")
    return ca


def _store_ca(name: str, *, key_size: int, predecessor=None) -> CertificateAuthority:
    certificate, key = generate_ca(name, key_size=key_size)
    ca = CertificateAuthority.objects.create(
        name=name,
        certificate_pem=to_pem(certificate).decode(),
        private_key_pem=encrypt_private_key(key, ca_passphrase()).decode(),
        serial=format(certificate.serial_number, "x"),
        fingerprint=fingerprint(certificate),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        is_current=True,
        predecessor=predecessor,
    )
    regenerate_crl(ca)
    return ca


@transaction.atomic
def init_ca(name: str = "Epdee Client CA", *, key_size: int = 2048, by=None) -> CertificateAuthority:
    if CertificateAuthority.objects.filter(is_current=True).exists():
        raise CertificateError("A certificate authority exists already; use ca_rotate to replace it.")
    ca = _store_ca(name, key_size=key_size)
    record_event("certificate.ca.init", actor=by, obj=ca)
    return ca


@transaction.atomic
def rotate_ca(name: str, *, key_size: int = 2048, by=None) -> CertificateAuthority:
    """seed 000 (2019-03-26): a successor CA signs from now on; the old one stays valid until it expires."""
    old = CertificateAuthority.objects.select_for_update().filter(is_current=True).first()
    if old is None:
        raise CertificateError("There is no certificate authority to rotate; run ca_init.")
    old.is_current = False
    old.save(update_fields=["is_current"])
    new = _store_ca(name, key_size=key_size, predecessor=old)
    record_event("certificate.ca.rotate", actor=by, obj=new, details={"predecessor": old.pk})
    return new


def _ca_key(ca: CertificateAuthority):
    return load_private_key(ca.private_key_pem.encode(), ca_passphrase())


def crl_url(ca: CertificateAuthority) -> str:
    return f"{settings.EPDEE_SITE_URL}{reverse('security-crl', args=[ca.pk, 'der'])}"


def regenerate_crl(ca: CertificateAuthority) -> CertificateAuthority:
    """Re-sign the CA's CRL with every certificate it revoked; run on every revocation and daily."""
    ca = CertificateAuthority.objects.select_for_update().get(pk=ca.pk)
    revoked = [
        (int(serial, 16), revoked_at, reason or "unspecified")
        for serial, revoked_at, reason in ca.certificates.filter(revoked_at__isnull=False).values_list(
            "serial", "revoked_at", "revocation_reason"
        )
    ]
    ca.crl_number += 1
    crl = build_crl(
        ca_cert=load_certificate(ca.certificate_pem.encode()), ca_key=_ca_key(ca), revoked=revoked, number=ca.crl_number
    )
    ca.crl_pem, ca.crl_der, ca.crl_updated_at = to_pem(crl).decode(), to_der(crl), timezone.now()
    ca.save(update_fields=["crl_number", "crl_pem", "crl_der", "crl_updated_at"])
    return ca


def chain_pem() -> str:
    """Every CA that is still valid (the current one and its predecessors), newest first."""
    now = timezone.now()
    return "".join(ca.certificate_pem for ca in CertificateAuthority.objects.filter(not_after__gt=now))


# --- Environments ---------------------------------------------------------------------------------


def _ensure_supplier_member(version, user) -> None:
    if not SupplierMembership.objects.filter(supplier_id=version.connector.supplier_id, user=user).exists():
        raise NotPermitted("Only members of the connector's supplier manage its certificates.")


def common_name_for(environment) -> str:
    """The subject CN a CSR must carry: the connector's name as a slug and the customer code (requirements page)."""
    return f"{slugify(environment.version.connector.name)}.{environment.customer_code}"


def organization_for(environment) -> str:
    return environment.version.connector.supplier.name


@transaction.atomic
def add_environment(version, raw_code: str, *, by) -> CertificateEnvironment:
    """seed 001: enter a customer code and "Add new environment"."""
    _ensure_supplier_member(version, by)
    try:
        parsed = parse_customer_code(raw_code)
    except ValidationError as error:
        raise CertificateError(error.messages[0]) from error
    if version.stage == Stage.RETIRED:
        raise CertificateError("This version is retired: it gets no new environments.")
    if parsed.kind != EnvironmentKind.DEVELOPMENT and version.stage != Stage.APPROVED:
        raise CertificateError(
            "Staging and production certificates are only for an approved version. While the version can still "
            f"be edited, only the development environment ({settings.EPDEE_SANDBOX_CUSTOMER_CODE}) is possible."
        )
    tenant = core_services.tenant_for_customer_code(parsed.code)
    if tenant is None or not tenant.is_open:
        raise CertificateError(
            f"No care organisation uses the customer code {parsed.code}. Ask the organisation for its code."
        )
    try:
        with transaction.atomic():
            environment = CertificateEnvironment.objects.create(
                version=version, customer_code=parsed.code, kind=parsed.kind, tenant=tenant, created_by=by
            )
    except IntegrityError as exc:
        raise CertificateError(f"This version already has the environment {parsed.code}.") from exc
    if environment.is_development:
        environment.approved_at = timezone.now()  # the sandbox needs no organisation's approval
        environment.save(update_fields=["approved_at"])
    record_event("certificate.environment.add", actor=by, tenant=tenant, obj=environment)
    return environment


# --- CSRs, approval and signing -------------------------------------------------------------------


def _checked_csr(environment, data: bytes):
    report = validate_csr(data, common_name=common_name_for(environment), organization=organization_for(environment))
    if not report.ok:
        failures = [check.message for check in report.failures]
        raise CertificateError("The CSR does not meet the requirements.", failures=failures)
    return report.csr


def _sign(environment, csr, *, by, reissue_of=None) -> IssuedCertificate:
    ca = current_ca()
    certificate = sign_client_certificate(
        csr, ca_cert=load_certificate(ca.certificate_pem.encode()), ca_key=_ca_key(ca), crl_url=crl_url(ca)
    )
    issued = IssuedCertificate.objects.create(
        environment=environment,
        authority=ca,
        serial=format(certificate.serial_number, "x"),
        fingerprint=fingerprint(certificate),
        subject=certificate.subject.rfc4514_string(),
        certificate_pem=to_pem(certificate).decode(),
        csr_pem=csr.public_bytes(Encoding.PEM).decode(),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        issued_by=by,
        reissue_of=reissue_of,
    )
    record_event(
        "certificate.sign",
        actor=by,
        tenant=environment.tenant,
        obj=issued,
        details={"environment": environment.customer_code, "serial": issued.serial, "ca": ca.pk},
    )
    return issued


def upload_csr(environment, data: bytes, *, by) -> IssuedCertificate | ApprovalRequest:
    """Development, and renewals of an approved environment: signed at once (seed 001). Otherwise the upload
    opens an approval request for the care organisation. A refused CSR stores nothing but its audit event."""
    environment = CertificateEnvironment.objects.select_related("version__connector__supplier", "tenant").get(
        pk=environment.pk
    )
    version = environment.version
    _ensure_supplier_member(version, by)
    if version.stage == Stage.RETIRED:
        raise CertificateError("This version is retired: it gets no new certificates.")
    if not environment.is_development and version.stage != Stage.APPROVED:
        raise CertificateError("Staging and production certificates are only signed for an approved version.")
    try:
        csr = _checked_csr(environment, data)
    except CertificateError as error:
        record_event(
            "certificate.csr.refused",
            actor=by,
            tenant=environment.tenant,
            obj=environment,
            result="failure",
            details={"failures": error.failures},
        )
        raise
    return _accept_csr(environment, csr, by)


@transaction.atomic
def _accept_csr(environment, csr, by):
    environment = CertificateEnvironment.objects.select_for_update().get(pk=environment.pk)
    record_event("certificate.csr.upload", actor=by, tenant=environment.tenant, obj=environment)
    if not environment.needs_approval:
        issued = _sign(environment, csr, by=by)
        mail_supplier(
            environment,
            f"Certificate for {environment.customer_code} signed",
            f"A certificate for {environment.version} in environment {environment.customer_code} was signed. "
            "Download it from the Certificates tab of the version.",
        )
        return issued
    if environment.requests.filter(status__in=["requested", "forwarded"]).exists():
        raise CertificateError("An approval request for this environment is already open.")
    request = ApprovalRequest.objects.create(
        environment=environment, csr_pem=csr.public_bytes(Encoding.PEM).decode(), requested_by=by
    )
    record_event("certificate.approval.request", actor=by, tenant=environment.tenant, obj=request)
    return request


@transaction.atomic
def forward_request(request: ApprovalRequest, *, by) -> ApprovalRequest:
    """Staff pass the request on to the care organisation (seed 001: Nedap asks the organisation)."""
    if not by.is_staff:
        raise NotPermitted("Only platform staff forward approval requests.")
    request = ApprovalRequest.objects.select_for_update().select_related("environment__tenant").get(pk=request.pk)
    if request.status != ApprovalRequest.Status.REQUESTED:
        raise CertificateError(f"This request is {request.get_status_display().lower()}; it cannot be forwarded.")
    request.status, request.forwarded_by, request.forwarded_at = ApprovalRequest.Status.FORWARDED, by, timezone.now()
    request.save()
    environment = request.environment
    record_event("certificate.approval.forward", actor=by, tenant=environment.tenant, obj=request)
    mail_tenant_admins(
        environment,
        "A supplier asks to connect to your environment",
        f"{environment.version.connector.supplier.name} asks for a certificate for {environment.version} in your "
        f"environment {environment.customer_code}. Approve or reject it under Certificate requests.",
    )
    return request


def ensure_tenant_admin(tenant, user) -> None:
    if not TenantMembership.objects.filter(tenant=tenant, user=user, role=TenantMembership.Role.ADMIN).exists():
        raise NotPermitted("Only an administrator of the care organisation decides on certificate requests.")


@transaction.atomic
def decide_request(request: ApprovalRequest, *, approve: bool, by, notes: str = "") -> ApprovalRequest:
    """The care organisation's admin approves (the certificate is signed) or rejects the request."""
    request = ApprovalRequest.objects.select_for_update().select_related("environment__tenant").get(pk=request.pk)
    environment = request.environment
    ensure_tenant_admin(environment.tenant, by)
    if request.status != ApprovalRequest.Status.FORWARDED:
        raise CertificateError(f"This request is {request.get_status_display().lower()}; it cannot be decided now.")
    notes = (notes or "").strip()
    if not approve and not notes:
        raise CertificateError("Say why you reject the request, so the supplier knows.")
    request.decided_by, request.decided_at, request.notes = by, timezone.now(), notes
    if approve:
        environment.approved_at = timezone.now()
        environment.save(update_fields=["approved_at"])
        request.certificate = _sign(environment, load_csr(request.csr_pem.encode()), by=by)
        request.status = ApprovalRequest.Status.APPROVED
    else:
        request.status = ApprovalRequest.Status.REJECTED
    request.save()
    record_event(
        f"certificate.approval.{'approve' if approve else 'reject'}",
        actor=by,
        tenant=environment.tenant,
        obj=request,
        details={"notes": notes[:500]},
    )
    verdict = "approved: the certificate was signed" if approve else f"rejected: {notes}"
    mail_supplier(
        environment,
        f"Certificate request for {environment.customer_code} {'approved' if approve else 'rejected'}",
        f"{environment.tenant.name} {verdict}. See the Certificates tab of {environment.version}.",
    )
    return request


@transaction.atomic
def cancel_request(request: ApprovalRequest, *, by) -> ApprovalRequest:
    request = (
        ApprovalRequest.objects.select_for_update().select_related("environment__version__connector").get(pk=request.pk)
    )
    _ensure_supplier_member(request.environment.version, by)
    if not request.is_open:
        raise CertificateError("Only an open request can be canceled.")
    request.status = ApprovalRequest.Status.CANCELED
    request.save(update_fields=["status"])
    record_event("certificate.approval.cancel", actor=by, tenant=request.environment.tenant, obj=request)
    return request


# --- Using, disabling, revoking -------------------------------------------------------------------


def download(certificate: IssuedCertificate, *, by) -> str:
    """The PEM file: the certificate followed by the chain of valid CAs (audited)."""
    _ensure_supplier_member(certificate.environment.version, by)
    record_event("certificate.download", actor=by, tenant=certificate.environment.tenant, obj=certificate)
    return certificate.certificate_pem + chain_pem()


@transaction.atomic
def set_enabled(certificate: IssuedCertificate, enabled: bool, *, by) -> IssuedCertificate:
    """seed 001: disable a certificate that may have leaked; the gateway refuses it on the next request."""
    if not by.is_staff:
        _ensure_supplier_member(certificate.environment.version, by)
    certificate = IssuedCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise CertificateError("A revoked certificate cannot be enabled again.")
    if certificate.enabled != enabled:
        certificate.enabled = enabled
        certificate.save(update_fields=["enabled"])
        record_event(
            f"certificate.{'enable' if enabled else 'disable'}",
            actor=by,
            tenant=certificate.environment.tenant,
            obj=certificate,
        )
    return certificate


@transaction.atomic
def revoke(certificate: IssuedCertificate, *, reason: str, by) -> IssuedCertificate:
    if not by.is_staff:
        raise NotPermitted("Only platform staff revoke certificates.")
    if reason not in IssuedCertificate.RevocationReason.values:
        raise CertificateError(f"Unknown revocation reason {reason!r}.")
    certificate = IssuedCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        certificate.revoked_at, certificate.revocation_reason, certificate.revoked_by = timezone.now(), reason, by
        certificate.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
        record_event("certificate.revoke", actor=by, obj=certificate, details={"reason": reason})
        regenerate_crl(certificate.authority)
    return certificate


@transaction.atomic
def revoke_all_of_ca(ca: CertificateAuthority, *, reason: str, by) -> int:
    if not by.is_staff:
        raise NotPermitted("Only platform staff revoke certificates.")
    now = timezone.now()
    count = ca.certificates.filter(revoked_at__isnull=True).update(
        revoked_at=now, revocation_reason=reason, revoked_by=by
    )
    record_event("certificate.revoke_all", actor=by, obj=ca, details={"reason": reason, "count": count})
    regenerate_crl(ca)
    return count


@transaction.atomic
def reissue_under_current_ca(certificate: IssuedCertificate, *, by) -> IssuedCertificate:
    """seed 000 (2019-03-26): a new certificate from the last CSR, signed by the current CA."""
    if not by.is_staff:
        raise NotPermitted("Only platform staff reissue certificates.")
    if certificate.authority_id == current_ca().pk:
        raise CertificateError("This certificate is already signed by the current CA.")
    issued = _sign(certificate.environment, load_csr(certificate.csr_pem.encode()), by=by, reissue_of=certificate)
    mail_supplier(
        certificate.environment,
        f"New certificate for {certificate.environment.customer_code}",
        "Epdee replaced its certificate authority. Download the new certificate from the Certificates tab and "
        "install it as soon as possible; the old one works until it expires.",
    )
    return issued


# --- For the gateway and the daily job --------------------------------------------------------------


def lookup(certificate_fingerprint: str) -> IssuedCertificate | None:
    """The usable certificate with this SHA-256 fingerprint (enabled, not revoked, valid now), or None."""
    return (
        IssuedCertificate.objects.usable()
        .select_related("environment__version__connector__supplier", "environment__tenant", "authority")
        .filter(fingerprint=(certificate_fingerprint or "").lower(), authority__not_after__gt=timezone.now())
        .first()
    )


def send_expiry_reminders(now=None) -> int:
    """Mail the supplier once per certificate a month before it expires. Claiming the certificate with a
    conditional UPDATE first makes a second run, or a second worker at the same time, send nothing."""
    now = now or timezone.now()
    due = IssuedCertificate.objects.usable(now).filter(
        not_after__lte=now + REMINDER_BEFORE, reminder_sent_at__isnull=True
    )
    sent = 0
    for certificate in due.select_related("environment__version__connector__supplier"):
        with transaction.atomic():
            claimed = IssuedCertificate.objects.filter(pk=certificate.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            environment = certificate.environment
            mail_supplier(
                environment,
                f"Certificate for {environment.customer_code} expires on {certificate.not_after:%Y-%m-%d}",
                f"The certificate {certificate.serial} of {environment.version} for {environment.customer_code} "
                f"expires on {certificate.not_after:%Y-%m-%d}. Upload a new CSR on the Certificates tab; it is "
                "signed without a new approval.",
            )
            record_event("certificate.reminder", obj=certificate, tenant=environment.tenant)
            sent += 1
    return sent
