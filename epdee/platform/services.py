"""Applications of care organisations (seed 004 POST /api/signup and the /aanmelden/ page): anyone may apply,
platform staff approve or reject. Both surfaces share the rate limit and the rules checked here."""

import logging

from django.core.exceptions import ValidationError
from django.core.mail import mail_admins
from django.core.validators import RegexValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from epdee.core.audit import record_event
from epdee.core.errors import Conflict, Invalid
from epdee.core.net import client_ip
from epdee.core.permissions import require
from epdee.core.ratelimit import RateLimit
from epdee.core.text import control_characters, hidden_characters

from .models import TenantApplication

logger = logging.getLogger(__name__)

# seed 004: "Rate-limited (3/uur per IP)". Every attempt counts, valid or not, on the page and the API
# together, so a bot cannot probe the form for free.
SIGNUP_RATE_LIMIT = RateLimit("signup", 3, 3600, gettext_lazy("Too many applications from this address."))

MAX_NAME_LENGTH = 200
MAX_EMAIL_LENGTH = 254
MAX_PHONE_LENGTH = 30
MAX_MESSAGE_LENGTH = 4000
KVK_NUMBER = RegexValidator(r"^[0-9]{8}$", gettext_lazy("A KvK number has 8 digits."))
PHONE = RegexValidator(r"^[0-9+() -]{6,30}$", gettext_lazy("Enter a phone number (digits, spaces, +, - and brackets)."))


def _text(errors, field, value, *, limit, required=False, multiline=False, validators=()) -> str:
    value = value.strip() if isinstance(value, str) else ("" if value is None else None)
    if value is None:
        errors[field] = [_("Enter text.")]
        return ""
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > limit:
        errors[field] = [_("Use at most %(limit)d characters.") % {"limit": limit}]
    elif control_characters(value, multiline=multiline):  # a message may keep its line breaks, a name not
        errors[field] = [_("Remove the control characters.")]
    elif not multiline and hidden_characters(value):
        errors[field] = [_("Remove the invisible characters (text-direction marks, zero-width spaces).")]
    elif value:
        try:
            for validator in validators:
                validator(value)
        except ValidationError as error:
            errors[field] = list(error.messages)
    return value


def _checked(**fields) -> dict:
    """Every field's rule at once; one Invalid names every field to fix."""
    errors: dict[str, list[str]] = {}
    cleaned = {
        "organisation_name": _text(
            errors, "organisation_name", fields["organisation_name"], limit=MAX_NAME_LENGTH, required=True
        ),
        "contact_name": _text(errors, "contact_name", fields["contact_name"], limit=MAX_NAME_LENGTH, required=True),
        "email": _text(
            errors, "email", fields["email"], limit=MAX_EMAIL_LENGTH, required=True, validators=[validate_email]
        ),
        "phone": _text(errors, "phone", fields["phone"], limit=MAX_PHONE_LENGTH, validators=[PHONE]),
        "kvk_number": _text(errors, "kvk_number", fields["kvk_number"], limit=8, validators=[KVK_NUMBER]),
        "message": _text(errors, "message", fields["message"], limit=MAX_MESSAGE_LENGTH, multiline=True),
    }
    if errors:
        raise Invalid.collect(errors)
    return cleaned


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
    """Store an application for platform staff to review (anyone may apply: no actor is needed)."""
    fields = _checked(
        organisation_name=organisation_name,
        contact_name=contact_name,
        email=email,
        phone=phone,
        kvk_number=kvk_number,
        message=message,
    )
    application = TenantApplication.objects.create(**fields, ip_address=client_ip(request))
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
            "Review it in the platform admin under Platform → Tenant applications.",
        ]
    )
    try:
        mail_admins(f"New application: {application.organisation_name}", body)
    except Exception:  # SMTP trouble must not turn a stored application into an error
        logger.exception("could not mail the admins about tenant application %s", application.pk)


def _decide(application: TenantApplication, status: str, *, by) -> TenantApplication:
    actor = require(by, "platform.staff")
    with transaction.atomic():
        locked = TenantApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status == status:
            return locked  # the same decision twice: nothing new
        if locked.status != TenantApplication.Status.PENDING:
            raise Conflict(
                _("The application was already %(status)s.") % {"status": locked.get_status_display().lower()},
                code="already_decided",
            )
        locked.status = status
        locked.save(update_fields=["status"])
        record_event(f"tenant_application.{status}", actor=actor, obj=locked, details={"email": locked.email})
    return locked


def approve_application(application: TenantApplication, *, by) -> TenantApplication:
    return _decide(application, TenantApplication.Status.APPROVED, by=by)


def reject_application(application: TenantApplication, *, by) -> TenantApplication:
    return _decide(application, TenantApplication.Status.REJECTED, by=by)
