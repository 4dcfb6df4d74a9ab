"""The patient portal (seed 004): magic-link sign-in by e-mail, the patient's own appointments, cancelling one.

Anti-enumeration: asking for a link answers the same whether or not the address is a patient's. The lookup,
the token and the e-mail happen in a task (off the request path), and the views pad every answer to
MIN_RESPONSE_SECONDS so that even an in-process task cannot be told apart by timing.
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

from epdee.core.audit import record_event
from epdee.core.models import Tenant
from epdee.core.ratelimit import Verdict, hit, hit_by_ip
from epdee.core.tenancy import tenant_for_host

from ..models import Appointment, Patient, PortalLoginToken
from .agenda import AgendaError, change_appointment_status

logger = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(minutes=15)
# How long a portal sign-in lasts; the patient asks for a new link after that.
SESSION_LIFETIME = timedelta(hours=1)
SESSION_KEY = "epdee.portal"
# Every answer to a link request takes at least this long (seconds), found or not.
MIN_RESPONSE_SECONDS = 0.4
# Per client address and per e-mail address: 5 requests per 15 minutes.
RATE_LIMIT = 5
RATE_WINDOW = 15 * 60
# A family may share an address; more patients than this on one address get no links at all.
MAX_PATIENTS_PER_ADDRESS = 5


class PortalError(Exception):
    """A portal action was refused; the message is for the patient."""


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


def check_link_rate(request, tenant: Tenant, email: str) -> Verdict:
    """Count a request against the client address and against the e-mail address (hashed, per tenant)."""
    by_ip = hit_by_ip(request, "portal-link", limit=RATE_LIMIT, window=RATE_WINDOW)
    if not by_ip.allowed:
        return by_ip
    address = _digest(f"{tenant.pk}:{email.strip().lower()}")
    return hit("portal-link-address", address, limit=RATE_LIMIT, window=RATE_WINDOW)


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


def session_patient(request, tenant: Tenant) -> Patient | None:
    """The signed-in patient of this tenant, or None (not signed in, another tenant's host, or expired)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("tenant") != tenant.pk:
        return None
    if time.time() - data.get("since", 0) > SESSION_LIFETIME.total_seconds():
        end_session(request)
        return None
    return Patient.objects.for_tenant(tenant).filter(pk=data.get("patient")).first()


# --- the patient's appointments ----------------------------------------------------------------------------


def patient_label(patient: Patient) -> str:
    return f"patient {patient.pk} (portal)"


def appointments_of(patient: Patient):
    """The patient's own appointments, for reading (the caller audits the read)."""
    return (
        Appointment.objects.for_tenant(patient.tenant)
        .filter(patient=patient)
        .select_related("location", "practitioner", "appointment_type")
    )


def upcoming_appointments(patient: Patient, *, now=None):
    return appointments_of(patient).filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")


def past_appointments(patient: Patient, *, now=None):
    return appointments_of(patient).filter(starts_at__lt=now or timezone.now())


def record_view(request, patient: Patient, appointment_ids) -> None:
    """NEN 7513: the patient looked at his appointments (which ones)."""
    record_event(
        "portal.appointments.view",
        request=request,
        tenant=patient.tenant,
        obj=patient,
        patient_id=patient.pk,
        actor_label=patient_label(patient),
        details={"appointment_ids": [str(pk) for pk in appointment_ids]},
    )


def can_cancel(appointment: Appointment, *, now=None) -> bool:
    return appointment.is_active and appointment.starts_at > (now or timezone.now())


def cancel_appointment(request, patient: Patient, appointment_id) -> Appointment:
    """The patient cancels one of his own future appointments (through the agenda's status change)."""
    appointment = appointments_of(patient).filter(pk=appointment_id).first()
    if appointment is None:
        raise PortalError("This appointment was not found.")
    if not can_cancel(appointment):
        raise PortalError("Only a future appointment that is still planned can be cancelled.")
    with transaction.atomic():
        try:
            change_appointment_status(appointment, Appointment.Status.CANCELLED, request=request)
        except AgendaError as exc:
            raise PortalError(str(exc)) from exc
        record_event(
            "portal.appointment.cancel",
            request=request,
            tenant=patient.tenant,
            obj=appointment,
            patient_id=patient.pk,
            actor_label=patient_label(patient),
        )
    return appointment
