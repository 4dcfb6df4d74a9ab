"""What a user may see of the certificate flow.

A supplier's members see the environments, requests and certificates of their own connectors' versions
(another supplier's are a 404); a care organisation's administrators see the approval requests for their
environments; the public sees the valid certificate authorities and their CRLs; the connector gateway learns
whose a client certificate is.
"""

from django.db.models import Prefetch
from django.utils import timezone

from connectors.selectors import versions_for
from epdee.core.errors import NotFound
from epdee.core.permissions import require

from .crypto import InvalidCsr, load_csr
from .models import ApprovalRequest, CertificateAuthority, CertificateEnvironment, IssuedCertificate

Status = ApprovalRequest.Status


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise NotFound() from None


# --- the supplier's Certificates tab -----------------------------------------------------------------------


def environments_for(*, by):
    return CertificateEnvironment.objects.filter(version__in=versions_for(by=by)).select_related(
        "version__connector__supplier", "tenant"
    )


def environment_detail(environment_id, *, by) -> CertificateEnvironment:
    return _get(environments_for(by=by), environment_id)


def certificate_detail(certificate_id, *, by) -> IssuedCertificate:
    certificates = IssuedCertificate.objects.filter(environment__version__in=versions_for(by=by)).select_related(
        "environment__version__connector__supplier", "environment__tenant"
    )
    return _get(certificates, certificate_id)


def supplier_request_detail(request_id, *, by) -> ApprovalRequest:
    """An approval request of one of the actor's connectors (to cancel it)."""
    requests = ApprovalRequest.objects.filter(environment__version__in=versions_for(by=by)).select_related(
        "environment__version__connector__supplier", "environment__tenant"
    )
    return _get(requests, request_id)


def environments_of(version, *, by):
    """The version's environments with their certificates and requests (newest first), in three queries."""
    require(by, "certificates.view", version)
    return (
        CertificateEnvironment.objects.filter(version=version)
        .select_related("tenant", "version__connector__supplier")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=IssuedCertificate.objects.order_by("-not_before", "-pk"),
                to_attr="all_certificates",
            ),
            Prefetch(
                "requests", queryset=ApprovalRequest.objects.order_by("-requested_at", "-pk"), to_attr="all_requests"
            ),
        )
        .order_by("created_at", "pk")
    )


# --- the care organisation's approval requests --------------------------------------------------------------


def _requests_of(tenant):
    return ApprovalRequest.objects.filter(environment__tenant=tenant).select_related(
        "environment__version__connector__supplier", "requested_by", "decided_by"
    )


def _subject(approval) -> str:
    try:
        subject = load_csr(approval.csr_pem.encode()).subject
        return ", ".join(f"{attribute.rfc4514_attribute_name}={attribute.value}" for attribute in subject)
    except (InvalidCsr, ValueError):
        return "(unreadable)"


def waiting_requests(tenant, *, by) -> list[ApprovalRequest]:
    """Requests staff forwarded to the organisation, oldest first, each with its CSR's `subject`."""
    require(by, "certificates.decide", tenant)
    waiting = list(_requests_of(tenant).filter(status=Status.FORWARDED).order_by("forwarded_at", "requested_at"))
    for approval in waiting:
        approval.subject = _subject(approval)
    return waiting


def decided_requests(tenant, *, by):
    require(by, "certificates.decide", tenant)
    return _requests_of(tenant).filter(status__in=[Status.APPROVED, Status.REJECTED]).order_by("-decided_at")


def request_for_decision(request_id, tenant, *, by) -> ApprovalRequest:
    """A request for one of the organisation's environments (another organisation's is a 404)."""
    require(by, "certificates.decide", tenant)
    return _get(_requests_of(tenant), request_id)


# --- the public Security page ---------------------------------------------------------------------------------


def valid_authorities():
    """Every CA that is still valid (the current one and its predecessors), newest first."""
    return CertificateAuthority.objects.filter(not_after__gt=timezone.now()).order_by("-not_before")


def authority(ca_id) -> CertificateAuthority:
    return _get(CertificateAuthority.objects.all(), ca_id)


def chain_pem() -> str:
    """The PEM chain of every valid CA, newest first (in a download, and for nginx)."""
    return "".join(valid_authorities().values_list("certificate_pem", flat=True))


def has_current_authority() -> bool:
    return CertificateAuthority.objects.filter(is_current=True).exists()


# --- the connector gateway -------------------------------------------------------------------------------------


def usable_certificate(certificate_fingerprint: str) -> IssuedCertificate | None:
    """The usable certificate with this SHA-256 fingerprint (enabled, not revoked, valid now), with its environment,
    version, connector and tenant, or None: who a client certificate the TLS proxy verified is. (Its authority is
    only checked, not loaded: a call never brings the CA's private key into memory.)"""
    return (
        IssuedCertificate.objects.usable()
        .select_related("environment__version__connector", "environment__tenant")
        .filter(fingerprint=(certificate_fingerprint or "").lower(), authority__not_after__gt=timezone.now())
        .first()
    )
