"""The patient portal (seed 004): magic-link sign-in by e-mail, the patient's own appointments, cancelling one.

The patient is no user of the platform: his portal session makes him an `Actor` without a person, bound to
his practice with the role "patient" (`session_actor`). The portal's services and selectors accept only such an
actor and act on his own appointments only; the rule lives here, not in the pages.

Anti-enumeration: asking for a link answers the same whether or not the address is a patient's. The lookup,
the token and the e-mail happen in a task (off the request path), and the surfaces pad every answer to
MIN_RESPONSE_SECONDS so that even an in-process task cannot be told apart by timing. The rate limit counts the
client address and the e-mail address, on the page and the API together, the same for every address.
"""

import hashlib
import logging
import secrets
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from epdee.core.audit import record_event
from epdee.core.errors import Conflict, NotFound, PermissionDenied
from epdee.core.models import Tenant
from epdee.core.permissions import Actor, as_actor, require
from epdee.core.ratelimit import RateLimit
from epdee.core.tenancy import tenant_for_host

from ..models import Appointment, Patient, PortalLoginToken
from .agenda import change_appointment_status

logger = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(minutes=15)
# How long a portal sign-in lasts; the patient asks for a new link after that.
SESSION_LIFETIME = timedelta(hours=1)
SESSION_KEY = "epdee.portal"
# Every answer to a link request takes at least this long (seconds), found or not.
MIN_RESPONSE_SECONDS = 0.4
# Per client address and per e-mail address: 5 requests per 15 minutes, page and API together.
LINK_RATE_LIMIT = RateLimit("portal-link", 5, 15 * 60, gettext_lazy("Too many sign-in requests; try again later."))
# A family may share an address; more patients than this on one address get no links at all.
MAX_PATIENTS_PER_ADDRESS = 5
# The role of a patient's portal session: no role of the practice's members, so it opens nothing else.
PATIENT = "patient"


def portal_tenant(request) -> Tenant | None:
    """The portal belongs to the tenant of the host name only, never to a signed-in user's organisation."""
    return tenant_for_host(request.get_host())


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# --- asking for a link -------------------------------------------------------------------------------------


@contextmanager
def padded(min_seconds: float | None = None):
    """Make the enclosed work take at least `min_seconds` (default MIN_RESPONSE_SECONDS)."""
    started = time.monotonic()
    try:
        yield
    finally:
        remaining = (MIN_RESPONSE_SECONDS if min_seconds is None else min_seconds) - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)


def link_rate_keys(tenant: Tenant, email) -> tuple[str, ...]:
    """LINK_RATE_LIMIT's key next to the client address: the e-mail address, hashed, per tenant (none for input
    that is no text; it is refused anyway)."""
    if not isinstance(email, str):
        return ()
    return (_digest(f"{tenant.pk}:{email.strip().lower()}"),)


def request_login_link(request, tenant: Tenant, email: str) -> None:
    """Queue the link e-mail. Does the same, cheap work whether or not the address belongs to a patient."""
    base_url = f"{request.scheme}://{request.get_host()}"
    request_id = uuid.uuid4().hex

    def queue():
        from ..tasks import send_portal_link

        try:
            send_portal_link.delay(tenant.pk, email.strip(), base_url, request_id)
        except Exception:  # a broker or mail failure must look like success to the asker
            logger.exception("could not queue a portal link for tenant %s", tenant.pk)

    transaction.on_commit(queue)


def send_login_links(tenant_id: int, email: str, base_url: str, request_id: str) -> int:
    """Create a token and mail a link for each patient of the tenant with this address. Runs in a task.

    Idempotent: a task that runs twice for one request sends nothing the second time.
    """
    if not cache.add(f"portal-link-sent:{request_id}", 1, timeout=int(LINK_LIFETIME.total_seconds()) * 4):
        return 0
    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None or not tenant.is_open or not email:
        return 0
    patients = list(Patient.objects.for_tenant(tenant).filter(email__iexact=email)[: MAX_PATIENTS_PER_ADDRESS + 1])
    if len(patients) > MAX_PATIENTS_PER_ADDRESS:
        logger.warning("portal link refused: more than %s patients share one address", MAX_PATIENTS_PER_ADDRESS)
        return 0
    for patient in patients:
        raw = create_login_token(patient)
        link = base_url + reverse("clinic-public:portal-sign-in", args=[raw])
        context = {"tenant": tenant, "patient": patient, "link": link, "minutes": _minutes(LINK_LIFETIME)}
        subject = render_to_string("clinic/emails/portal_link_subject.txt", context).strip()
        body = render_to_string("clinic/emails/portal_link_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [patient.email])
        record_event(
            "portal.link.send",
            tenant=tenant,
            obj=patient,
            patient_id=patient.pk,
            actor_label=f"patient {patient.pk} (portal)",
        )
    return len(patients)


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def link_minutes() -> int:
    """How long a sign-in link works, in minutes (the pages and the e-mail say so)."""
    return _minutes(LINK_LIFETIME)


def create_login_token(patient: Patient) -> str:
    """A new single-use token for the patient; returns the raw value (only its SHA-256 is stored)."""
    raw = secrets.token_urlsafe(32)
    PortalLoginToken.objects.create(
        tenant=patient.tenant,
        patient=patient,
        token_hash=_digest(raw),
        expires_at=timezone.now() + LINK_LIFETIME,
    )
    return raw


# --- signing in --------------------------------------------------------------------------------------------


def redeem_login_token(tenant: Tenant, raw: str) -> Patient | None:
    """Mark the token used and return its patient; None when unknown, expired, used, or of another tenant.

    One UPDATE … WHERE used_at IS NULL decides: of two concurrent clicks exactly one wins.
    """
    if not raw or len(raw) > 100:
        return None
    digest, now = _digest(raw), timezone.now()
    with transaction.atomic():
        won = (
            PortalLoginToken.objects.for_tenant(tenant)
            .filter(token_hash=digest, used_at__isnull=True, expires_at__gt=now)
            .update(used_at=now)
        )
        if won != 1:
            return None
        patient = PortalLoginToken.objects.for_tenant(tenant).select_related("patient").get(token_hash=digest).patient
        record_event(
            "portal.sign_in",
            tenant=tenant,
            obj=patient,
            patient_id=patient.pk,
            actor_label=f"patient {patient.pk} (portal)",
        )
    return patient


def start_session(request, patient: Patient) -> None:
    """The portal session: the patient and tenant ids in the session, not a Django user login."""
    request.session.cycle_key()  # a new session key on sign-in: no session fixation
    request.session[SESSION_KEY] = {"patient": patient.pk, "tenant": patient.tenant_id, "since": int(time.time())}


def end_session(request) -> None:
    request.session.pop(SESSION_KEY, None)


def patient_label(patient: Patient) -> str:
    return f"patient {patient.pk} (portal)"


def patient_actor(patient: Patient) -> Actor:
    """The patient acting through his portal: no person of the platform, bound to his practice."""
    return Actor(label=patient_label(patient), tenant=patient.tenant, role=PATIENT, details={"patient": patient})


def session_actor(request, tenant: Tenant) -> Actor | None:
    """The signed-in patient of this tenant as an actor, or None (not signed in, another tenant's host, or
    expired): the only way a request acts as a patient."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("tenant") != tenant.pk:
        return None
    if time.time() - data.get("since", 0) > SESSION_LIFETIME.total_seconds():
        end_session(request)
        return None
    patient = Patient.objects.for_tenant(tenant).select_related("tenant").filter(pk=data.get("patient")).first()
    return patient_actor(patient) if patient is not None else None


def require_patient(by) -> Patient:
    """The patient a portal actor is; anyone else (a member of the practice, another practice's patient, a
    closed practice) is refused."""
    actor = as_actor(by)
    patient = actor.details.get("patient") if actor.role == PATIENT else None
    if patient is None or actor.tenant is None or patient.tenant_id != actor.tenant.pk:
        raise PermissionDenied(_("Sign in to the patient portal first."))
    if not actor.tenant.is_open:
        raise NotFound(_("No care organisation has a patient portal on this host name."))
    return patient


# --- the patient's appointments ----------------------------------------------------------------------------


def own_appointments(patient: Patient):
    """The patient's own appointments (selectors read them for him and audit the read)."""
    return (
        Appointment.objects.for_tenant(patient.tenant)
        .filter(patient=patient)
        .select_related("location", "practitioner", "appointment_type")
    )


def can_cancel(appointment: Appointment, *, now=None) -> bool:
    return appointment.is_active and appointment.starts_at > (now or timezone.now())


def _in_the_practices_name(actor: Actor) -> Actor:
    """The practice lets its patients cancel their own future appointments (checked here); the agenda then
    changes the appointment as the practice's staff would, named after the patient in the audit log."""
    return Actor(label=actor.label, tenant=actor.tenant, role="staff")


def cancel_appointment(appointment_id, *, by) -> Appointment:
    """The patient cancels one of his own future appointments (through the agenda's status change)."""
    patient = require_patient(by)
    actor = as_actor(by)
    practice = _in_the_practices_name(actor)
    with transaction.atomic():
        appointment = own_appointments(patient).select_for_update(of=("self",)).filter(pk=appointment_id).first()
        if appointment is None:
            raise NotFound(_("This appointment was not found."))
        require(practice, "tenant.change", actor.tenant)  # a read-only (inzage) practice changes nothing
        if not can_cancel(appointment):
            raise Conflict(
                _("Only a future appointment that is still planned can be cancelled."), code="not_cancellable"
            )
        change_appointment_status(appointment, Appointment.Status.CANCELLED, by=practice)
        record_event(
            "portal.appointment.cancel",
            actor=actor,
            tenant=actor.tenant,
            obj=appointment,
            patient_id=patient.pk,
        )
    return appointment
