"""Every state change of the certificate flow (seed 001): environments, CSRs, approval, signing, renewal,
enable/disable, revocation, CRLs, CA rotation and expiry reminders. Pages, admin, commands and tasks call these;
each authorises its actor first (certificates/permissions.py) and refuses with an epdee.core.errors error."""

from datetime import timedelta

from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from connectors.models import ConnectorVersion
from epdee.core import services as core_services
from epdee.core.audit import record_event
from epdee.core.customer_codes import EnvironmentKind, parse_customer_code
from epdee.core.errors import Conflict, Invalid, Locked, ServiceUnavailable
from epdee.core.permissions import require

from .crypto import (
    PrivateKeyError,
    SigningError,
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
from .models import ApprovalRequest, CertificateAuthority, CertificateEnvironment, IssuedCertificate
from .notify import mail_supplier, mail_tenant_admins
from .selectors import chain_pem

Stage = ConnectorVersion.Stage
REMINDER_BEFORE = timedelta(days=30)  # seed 001: "one month before the expiration date"


# --- Certificate authorities ------------------------------------------------------------------------


def ca_passphrase() -> str:
    if not settings.EPDEE_CA_KEY_PASSPHRASE:
        raise ServiceUnavailable(
            _("Set EPDEE_CA_KEY_PASSPHRASE: the CA's private key is encrypted with it."), code="no_passphrase"
        )
    return settings.EPDEE_CA_KEY_PASSPHRASE


def current_ca() -> CertificateAuthority:
    ca = CertificateAuthority.objects.filter(is_current=True).first()
    if ca is None:
        raise ServiceUnavailable(
            _("There is no certificate authority yet: run `manage.py ca_init` first."), code="no_authority"
        )
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
    _regenerate_crl(ca)
    return ca


@transaction.atomic
def init_ca(name: str = "Epdee Client CA", *, key_size: int = 2048, by) -> CertificateAuthority:
    actor = require(by, "certificates.authority")
    if CertificateAuthority.objects.filter(is_current=True).exists():
        raise Conflict(_("A certificate authority exists already; use ca_rotate to replace it."), code="exists")
    ca = _store_ca(name, key_size=key_size)
    record_event("certificate.ca.init", actor=actor, obj=ca)
    return ca


@transaction.atomic
def rotate_ca(name: str, *, key_size: int = 2048, by) -> CertificateAuthority:
    """seed 000 (2019-03-26): a successor CA signs from now on; the old one stays valid until it expires."""
    actor = require(by, "certificates.authority")
    old = CertificateAuthority.objects.select_for_update().filter(is_current=True).first()
    if old is None:
        raise Conflict(_("There is no certificate authority to rotate; run ca_init."), code="no_authority")
    old.is_current = False
    old.save(update_fields=["is_current"])
    new = _store_ca(name, key_size=key_size, predecessor=old)
    record_event("certificate.ca.rotate", actor=actor, obj=new, details={"predecessor": old.pk})
    return new


def _ca_key(ca: CertificateAuthority):
    try:
        return load_private_key(ca.private_key_pem.encode(), ca_passphrase())
    except PrivateKeyError as error:
        # The operator's configuration, not the supplier's request: nothing he can change.
        raise ServiceUnavailable(
            _("Epdee cannot sign certificates right now; try again later."), code="authority_key"
        ) from error


def crl_url(ca: CertificateAuthority) -> str:
    return f"{settings.EPDEE_SITE_URL}{reverse('security-crl', args=[ca.pk, 'der'])}"


def _regenerate_crl(ca: CertificateAuthority) -> CertificateAuthority:
    """Re-sign the CA's CRL with every certificate it revoked; on every revocation and daily (refresh_crls)."""
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


@transaction.atomic
def refresh_crls(*, by) -> int:
    """Re-sign every valid CA's CRL before its next-update time passes (the daily job)."""
    require(by, "certificates.authority")
    authorities = list(CertificateAuthority.objects.filter(not_after__gt=timezone.now()))
    for ca in authorities:
        _regenerate_crl(ca)
    return len(authorities)


# --- Environments ---------------------------------------------------------------------------------


def common_name_for(environment) -> str:
    """The subject CN a CSR must carry: the connector's name as a slug and the customer code (requirements page)."""
    return f"{slugify(environment.version.connector.name)}.{environment.customer_code}"


def organization_for(environment) -> str:
    return environment.version.connector.supplier.name


@transaction.atomic
def add_environment(version, raw_code: str, *, by) -> CertificateEnvironment:
    """seed 001: enter a customer code and "Add new environment"."""
    actor = require(by, "certificates.manage", version)
    try:
        parsed = parse_customer_code(raw_code)
    except ValidationError as error:
        raise Invalid(error.messages[0], field="customer_code") from error
    if version.stage == Stage.RETIRED:
        raise Locked(_("This version is retired: it gets no new environments."), code="retired")
    if parsed.kind != EnvironmentKind.DEVELOPMENT and version.stage != Stage.APPROVED:
        raise Invalid(
            _(
                "Staging and production certificates are only for an approved version. While the version can "
                "still be edited, only the development environment (%(code)s) is possible."
            )
            % {"code": settings.EPDEE_SANDBOX_CUSTOMER_CODE},
            field="customer_code",
        )
    tenant = core_services.tenant_for_customer_code(parsed.code)
    if tenant is None or not tenant.is_open:
        raise Invalid(
            _("No care organisation uses the customer code %(code)s. Ask the organisation for its code.")
            % {"code": parsed.code},
            field="customer_code",
        )
    try:
        with transaction.atomic():
            environment = CertificateEnvironment.objects.create(
                version=version,
                customer_code=parsed.code,
                kind=parsed.kind,
                tenant=tenant,
                created_by=actor.audit_user,
                # The sandbox needs no organisation's approval.
                approved_at=timezone.now() if parsed.kind == EnvironmentKind.DEVELOPMENT else None,
            )
    except IntegrityError as exc:
        raise Conflict(
            _("This version already has the environment %(code)s.") % {"code": parsed.code},
            field="customer_code",
            code="exists",
        ) from exc
    record_event("certificate.environment.add", actor=actor, tenant=tenant, obj=environment)
    return environment


# --- CSRs, approval and signing -------------------------------------------------------------------


def _checked_csr(environment, data: bytes):
    """The parsed CSR, or Invalid naming every requirement it fails (in `details`)."""
    report = validate_csr(data, common_name=common_name_for(environment), organization=organization_for(environment))
    if not report.ok:
        failures = [check.message for check in report.failures]
        raise Invalid(_("The CSR does not meet the requirements."), field="csr", code="csr", details=failures)
    return report.csr


def _sign(environment, csr, *, actor, reissue_of=None) -> IssuedCertificate:
    ca = current_ca()
    try:
        certificate = sign_client_certificate(
            csr, ca_cert=load_certificate(ca.certificate_pem.encode()), ca_key=_ca_key(ca), crl_url=crl_url(ca)
        )
    except SigningError as error:  # the CA expired or is not valid yet: the operator rotates it
        raise ServiceUnavailable(
            _("Epdee cannot sign certificates right now; try again later."), code="authority_invalid"
        ) from error
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
        issued_by=actor.audit_user,
        reissue_of=reissue_of,
    )
    record_event(
        "certificate.sign",
        actor=actor,
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
    actor = require(by, "certificates.manage", version)
    if version.stage == Stage.RETIRED:
        raise Locked(_("This version is retired: it gets no new certificates."), code="retired")
    if not environment.is_development and version.stage != Stage.APPROVED:
        raise Invalid(_("Staging and production certificates are only signed for an approved version."))
    try:
        csr = _checked_csr(environment, data)
    except Invalid as error:
        record_event(
            "certificate.csr.refused",
            actor=actor,
            tenant=environment.tenant,
            obj=environment,
            result="failure",
            details={"failures": error.details},
        )
        raise
    return _accept_csr(environment, csr, actor)


@transaction.atomic
def _accept_csr(environment, csr, actor):
    environment = CertificateEnvironment.objects.select_for_update().get(pk=environment.pk)
    record_event("certificate.csr.upload", actor=actor, tenant=environment.tenant, obj=environment)
    if not environment.needs_approval:
        issued = _sign(environment, csr, actor=actor)
        mail_supplier(
            environment,
            f"Certificate for {environment.customer_code} signed",
            f"A certificate for {environment.version} in environment {environment.customer_code} was signed. "
            "Download it from the Certificates tab of the version.",
        )
        return issued
    if environment.requests.filter(status__in=["requested", "forwarded"]).exists():
        raise Conflict(_("An approval request for this environment is already open."), code="open_request")
    request = ApprovalRequest.objects.create(
        environment=environment, csr_pem=csr.public_bytes(Encoding.PEM).decode(), requested_by=actor.audit_user
    )
    record_event("certificate.approval.request", actor=actor, tenant=environment.tenant, obj=request)
    return request


@transaction.atomic
def forward_request(request: ApprovalRequest, *, by) -> ApprovalRequest:
    """Staff pass the request on to the care organisation (seed 001: Nedap asks the organisation)."""
    actor = require(by, "certificates.forward")
    request = ApprovalRequest.objects.select_for_update().select_related("environment__tenant").get(pk=request.pk)
    if request.status != ApprovalRequest.Status.REQUESTED:
        raise Conflict(
            _("This request is %(status)s; it cannot be forwarded.") % {"status": request.get_status_display().lower()}
        )
    request.status, request.forwarded_by, request.forwarded_at = (
        ApprovalRequest.Status.FORWARDED,
        actor.audit_user,
        timezone.now(),
    )
    request.save()
    environment = request.environment
    record_event("certificate.approval.forward", actor=actor, tenant=environment.tenant, obj=request)
    mail_tenant_admins(
        environment,
        "A supplier asks to connect to your environment",
        f"{environment.version.connector.supplier.name} asks for a certificate for {environment.version} in your "
        f"environment {environment.customer_code}. Approve or reject it under Certificate requests.",
    )
    return request


@transaction.atomic
def decide_request(request: ApprovalRequest, *, approve: bool, by, notes: str = "") -> ApprovalRequest:
    """The care organisation's admin approves (the certificate is signed) or rejects the request."""
    request = ApprovalRequest.objects.select_for_update().select_related("environment__tenant").get(pk=request.pk)
    environment = request.environment
    actor = require(by, "certificates.decide", environment.tenant)
    if request.status != ApprovalRequest.Status.FORWARDED:
        raise Conflict(
            _("This request is %(status)s; it cannot be decided now.")
            % {"status": request.get_status_display().lower()}
        )
    notes = (notes or "").strip()
    if not approve and not notes:
        raise Invalid(_("Say why you reject the request, so the supplier knows."), field="notes")
    request.decided_by, request.decided_at, request.notes = actor.audit_user, timezone.now(), notes
    if approve:
        environment.approved_at = timezone.now()
        environment.save(update_fields=["approved_at"])
        request.certificate = _sign(environment, load_csr(request.csr_pem.encode()), actor=actor)
        request.status = ApprovalRequest.Status.APPROVED
    else:
        request.status = ApprovalRequest.Status.REJECTED
    request.save()
    record_event(
        f"certificate.approval.{'approve' if approve else 'reject'}",
        actor=actor,
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
    actor = require(by, "certificates.manage", request.environment.version)
    if not request.is_open:
        raise Conflict(_("Only an open request can be canceled."))
    request.status = ApprovalRequest.Status.CANCELED
    request.save(update_fields=["status"])
    record_event("certificate.approval.cancel", actor=actor, tenant=request.environment.tenant, obj=request)
    return request


# --- Using, disabling, revoking -------------------------------------------------------------------


def download(certificate: IssuedCertificate, *, by) -> str:
    """The PEM file: the certificate followed by the chain of valid CAs (audited)."""
    actor = require(by, "certificates.view", certificate.environment.version)
    record_event("certificate.download", actor=actor, tenant=certificate.environment.tenant, obj=certificate)
    return certificate.certificate_pem + chain_pem()


@transaction.atomic
def set_enabled(certificate: IssuedCertificate, enabled: bool, *, by) -> IssuedCertificate:
    """seed 001: disable a certificate that may have leaked; the gateway refuses it on the next request."""
    certificate = (
        IssuedCertificate.objects.select_for_update(of=("self",))
        .select_related("environment__version__connector__supplier", "environment__tenant")
        .get(pk=certificate.pk)
    )
    actor = require(by, "certificates.toggle", certificate.environment.version)
    if certificate.revoked_at is not None:
        raise Locked(_("A revoked certificate cannot be enabled again."), code="revoked")
    if certificate.enabled != enabled:
        certificate.enabled = enabled
        certificate.save(update_fields=["enabled"])
        record_event(
            f"certificate.{'enable' if enabled else 'disable'}",
            actor=actor,
            tenant=certificate.environment.tenant,
            obj=certificate,
        )
    return certificate


def _check_reason(reason: str) -> None:
    if reason not in IssuedCertificate.RevocationReason.values:
        raise Invalid(_("Unknown revocation reason %(reason)r.") % {"reason": reason}, field="reason")


@transaction.atomic
def revoke(certificate: IssuedCertificate, *, reason: str, by) -> IssuedCertificate:
    actor = require(by, "certificates.revoke")
    _check_reason(reason)
    certificate = IssuedCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        certificate.revoked_at, certificate.revocation_reason, certificate.revoked_by = (
            timezone.now(),
            reason,
            actor.audit_user,
        )
        certificate.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
        record_event("certificate.revoke", actor=actor, obj=certificate, details={"reason": reason})
        _regenerate_crl(certificate.authority)
    return certificate


@transaction.atomic
def revoke_all_of_ca(ca: CertificateAuthority, *, reason: str, by) -> int:
    actor = require(by, "certificates.revoke")
    _check_reason(reason)
    now = timezone.now()
    count = ca.certificates.filter(revoked_at__isnull=True).update(
        revoked_at=now, revocation_reason=reason, revoked_by=actor.audit_user
    )
    record_event("certificate.revoke_all", actor=actor, obj=ca, details={"reason": reason, "count": count})
    _regenerate_crl(ca)
    return count


@transaction.atomic
def reissue_under_current_ca(certificate: IssuedCertificate, *, by) -> IssuedCertificate:
    """seed 000 (2019-03-26): a new certificate from the last CSR, signed by the current CA."""
    actor = require(by, "certificates.reissue")
    if certificate.authority_id == current_ca().pk:
        raise Conflict(_("This certificate is already signed by the current CA."), code="current")
    csr = load_csr(certificate.csr_pem.encode())
    issued = _sign(certificate.environment, csr, actor=actor, reissue_of=certificate)
    mail_supplier(
        certificate.environment,
        f"New certificate for {certificate.environment.customer_code}",
        "Epdee replaced its certificate authority. Download the new certificate from the Certificates tab and "
        "install it as soon as possible; the old one works until it expires.",
    )
    return issued


# --- the daily job ------------------------------------------------------------------------------------------


def send_expiry_reminders(now=None, *, by) -> int:
    """Mail the supplier once per certificate a month before it expires. Claiming the certificate with a
    conditional UPDATE first makes a second run, or a second worker at the same time, send nothing."""
    actor = require(by, "certificates.reminders")
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
            record_event("certificate.reminder", actor=actor, obj=certificate, tenant=environment.tenant)
            sent += 1
    return sent
