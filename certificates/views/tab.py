"""The Certificates tab of a connector version (seed 001), registered in CertificatesConfig.ready() with the
connectors app's tab registry (connectors never imports certificates): what it shows, built for the actor."""

import shlex
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from connectors.models import ConnectorVersion
from epdee.core.customer_codes import EnvironmentKind
from epdee.core.permissions import actor_of

from .. import selectors, services
from ..crypto import CLIENT_CERTIFICATE_DAYS, MAX_CSR_BYTES
from ..forms import EnvironmentForm
from ..models import ApprovalRequest, CertificateEnvironment, IssuedCertificate

Stage = ConnectorVersion.Stage
Status = ApprovalRequest.Status
# Characters that end or change a /type=value part of openssl's -subj, escaped with a backslash.
_OPENSSL_SUBJECT_SPECIAL = "\\/+="
_DOUBLE_QUOTE_SPECIAL = '"$`\\!'


def openssl_subject(common_name: str, organization: str) -> str:
    def escape(value: str) -> str:
        return "".join(f"\\{char}" if char in _OPENSSL_SUBJECT_SPECIAL else char for char in value)

    return f"/CN={escape(common_name)}/O={escape(organization)}"


def openssl_command(common_name: str, organization: str) -> str:
    """A command that creates a key and a CSR with exactly the subject this environment needs."""
    subject = openssl_subject(common_name, organization)
    # Double quotes as the requirements page shows them, unless the shell would interpret something inside.
    quoted = f'"{subject}"' if not any(char in _DOUBLE_QUOTE_SPECIAL for char in subject) else shlex.quote(subject)
    utf8 = " -utf8" if not subject.isascii() else ""
    base = shlex.quote(common_name)
    return f"openssl req -new -newkey rsa:2048 -nodes -keyout {base}.key -out {base}.csr{utf8} -subj {quoted}"


@dataclass
class CertificateRow:
    certificate: IssuedCertificate
    state: str
    expires_soon: bool

    @property
    def can_toggle(self) -> bool:
        return self.state in ("enabled", "disabled")


@dataclass
class EnvironmentRow:
    environment: CertificateEnvironment
    state: str  # what the supplier reads: "Approved", "Waiting for Epdee", "Rejected" (with the notes)
    tone: str  # approved, waiting, rejected, new: the colour of the state
    common_name: str
    organization: str
    command: str
    open_request: ApprovalRequest | None = None
    last_request: ApprovalRequest | None = None
    certificates: list[CertificateRow] = field(default_factory=list)
    can_upload: bool = False
    blocked_reason: str = ""

    @property
    def rejection_notes(self) -> str:
        if self.tone == "rejected" and self.last_request is not None:
            return self.last_request.notes
        return ""

    @property
    def upload_label(self) -> str:
        return "Upload CSR and request approval" if self.environment.needs_approval else "Upload CSR"


@dataclass
class Panel:
    version: ConnectorVersion
    rows: list[EnvironmentRow]
    form: EnvironmentForm
    can_add: bool
    staging_allowed: bool
    sandbox_code: str
    max_kb: int
    validity_days: int
    reminder_days: int

    @property
    def has_certificates(self) -> bool:
        return any(row.certificates for row in self.rows)


def _state(environment, open_request, last_request) -> tuple[str, str]:
    if open_request is not None:
        if open_request.status == Status.REQUESTED:
            return "Waiting for Epdee", "waiting"
        return f"Waiting for {environment.tenant.name}", "waiting"
    if environment.approved_at is not None:
        return "Approved", "approved"
    if last_request is not None and last_request.status == Status.REJECTED:
        return "Rejected", "rejected"
    if last_request is not None and last_request.status == Status.CANCELED:
        return "Request canceled", "new"
    return "Needs approval", "new"


def _blocked_reason(version, environment, open_request) -> str:
    if version.stage == Stage.RETIRED:
        return "This version is retired: it gets no new certificates."
    if not environment.is_development and version.stage != Stage.APPROVED:
        return "Staging and production certificates are only signed for an approved version."
    if open_request is not None:
        return "An approval request is open; cancel it to upload another CSR."
    return ""


def _row(version, environment, now) -> EnvironmentRow:
    requests = environment.all_requests  # newest first
    open_request = next((request for request in requests if request.is_open), None)
    last_request = requests[0] if requests else None
    state, tone = _state(environment, open_request, last_request)
    common_name, organization = services.common_name_for(environment), services.organization_for(environment)
    blocked = _blocked_reason(version, environment, open_request)
    certificates = [
        CertificateRow(
            certificate,
            certificate.state,
            certificate.state == "enabled" and certificate.not_after - now <= services.REMINDER_BEFORE,
        )
        for certificate in environment.all_certificates
    ]
    return EnvironmentRow(
        environment=environment,
        state=state,
        tone=tone,
        common_name=common_name,
        organization=organization,
        command=openssl_command(common_name, organization),
        open_request=open_request,
        last_request=last_request,
        certificates=certificates,
        can_upload=not blocked,
        blocked_reason=blocked,
    )


def certificate_panel(version, *, by) -> Panel:
    """Everything the Certificates tab shows, in three queries however many environments and certificates."""
    environments = selectors.environments_of(version, by=by)
    now = timezone.now()
    kinds = {EnvironmentKind.DEVELOPMENT: 0, EnvironmentKind.STAGING: 1, EnvironmentKind.PRODUCTION: 2}
    rows = sorted(
        (_row(version, environment, now) for environment in environments),
        key=lambda row: kinds.get(row.environment.kind, 3),
    )
    return Panel(
        version=version,
        rows=rows,
        form=EnvironmentForm(),
        can_add=version.stage != Stage.RETIRED,
        staging_allowed=version.stage == Stage.APPROVED,
        sandbox_code=settings.EPDEE_SANDBOX_CUSTOMER_CODE,
        max_kb=MAX_CSR_BYTES // 1024,
        validity_days=CLIENT_CERTIFICATE_DAYS,
        reminder_days=services.REMINDER_BEFORE.days,
    )


def certificates_tab(request, version, **state) -> dict:
    """The tab's context: the panel for the signed-in member of the version's supplier."""
    return {"panel": certificate_panel(version, by=actor_of(request))}
