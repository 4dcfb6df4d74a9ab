"""Applications of care organisations (seed 004 POST /api/signup): stored for the superadmin, who approves them."""

import logging

from django.core.mail import mail_admins
from django.db import transaction

from epdee.core.audit import record_event
from epdee.core.models import TenantApplication
from epdee.core.net import client_ip
from epdee.core.ratelimit import Verdict, hit_by_ip

logger = logging.getLogger(__name__)

# seed 004: "Rate-limited (3/uur per IP)".
RATE_LIMIT = 3
RATE_WINDOW = 3600


class SignupError(Exception):
    """An application cannot change this way (e.g. it was already decided)."""


def check_rate(request) -> Verdict:
    """Counts every attempt, valid or not, so a bot cannot probe the form for free."""
    return hit_by_ip(request, "signup", limit=RATE_LIMIT, window=RATE_WINDOW)


@transaction.atomic
def submit_application(
    request,
    *,
    organisation_name: str,
    contact_name: str,
    email: str,
    phone: str = "",
    kvk_number: str = "",
    message: str = "",
) -> TenantApplication:
    application = TenantApplication.objects.create(
        organisation_name=organisation_name.strip(),
        contact_name=contact_name.strip(),
        email=email.strip(),
        phone=(phone or "").strip(),
        kvk_number=(kvk_number or "").strip(),
        message=(message or "").strip(),
        ip_address=client_ip(request),
    )
    record_event("tenant_application.submit", request=request, obj=application, actor_label=application.email)
    transaction.on_commit(lambda: _notify_admins(application))
    return application


def _notify_admins(application: TenantApplication) -> None:
    """The platform's ADMINS hear of every application; a mail failure never loses the application."""
    body = "\n".join(
        [
            f"Organisation: {application.organisation_name}",
            f"Contact: {application.contact_name} <{application.email}>",
            f"Phone: {application.phone or '-'}",
            f"KvK number: {application.kvk_number or '-'}",
            f"From address: {application.ip_address or '-'}",
            "",
            application.message or "(no message)",
            "",
            "Review it in the platform admin under Core → Tenant applications.",
        ]
    )
    try:
        mail_admins(f"New application: {application.organisation_name}", body)
    except Exception:  # SMTP trouble must not turn a stored application into an error
        logger.exception("could not mail the admins about tenant application %s", application.pk)


def _decide(application: TenantApplication, status: str, *, by) -> TenantApplication:
    with transaction.atomic():
        locked = TenantApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status == status:
            return locked
        if locked.status != TenantApplication.Status.PENDING:
            raise SignupError(f"The application was already {locked.get_status_display().lower()}.")
        locked.status = status
        locked.save(update_fields=["status"])
        record_event(f"tenant_application.{status}", actor=by, obj=locked, details={"email": locked.email})
    return locked


def approve_application(application: TenantApplication, *, by) -> TenantApplication:
    return _decide(application, TenantApplication.Status.APPROVED, by=by)


def reject_application(application: TenantApplication, *, by) -> TenantApplication:
    return _decide(application, TenantApplication.Status.REJECTED, by=by)
