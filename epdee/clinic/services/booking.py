"""Online booking: free start times of a location on a day, and booking one of them for a patient.

Nobody signs in to book: instead of a member's role, the booking keeps its own rules — a bookable location
and type of an active tenant, a free time on the grid within the next MAX_DAYS_AHEAD days, and BOOKING_RATE
(5 an hour per client address), which the booking page and the API share. Times are computed in the
tenant's time zone; a fixed number of queries per day, whatever the bookings.
"""

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from epdee.core.audit import record_event
from epdee.core.errors import NON_FIELD, Conflict, Invalid
from epdee.core.permissions import Actor
from epdee.core.ratelimit import RateLimit
from epdee.core.tenancy import tenant_for_host

from ..models import ACTIVE_STATUSES, Appointment, Location, OpeningHours, Patient, ScheduleException
from . import patients
from .agenda import SLOT_TAKEN, check_takes_changes, insert_appointment, local_day, opening_windows, tenant_zone

# Online booking looks this far ahead (and never into the past).
MAX_DAYS_AHEAD = 90
# seed 004: booking is rate-limited to 5 an hour per client address; the page and the API share the count.
BOOKING_RATE = RateLimit("booking-create", 5, 3600, gettext_lazy("Too many bookings from this address."))


def host_tenant(request):
    """The tenant whose host name the request came in on — never a signed-in visitor's own organisation."""
    if not request.user.is_authenticated:
        return request.tenant  # the middleware resolved it from the host alone
    return tenant_for_host(request.get_host())


def portal_url(request) -> str:
    """The absolute address of the patient portal on the host the patient booked on."""
    try:
        path = reverse("clinic-public:portal")
    except NoReverseMatch:  # the portal is not mounted (yet)
        path = "/portaal/"
    return request.build_absolute_uri(path)


class _Busy:
    """One practitioner's active appointments; `free` answers in O(log n) with a running maximum of end times."""

    def __init__(self, intervals: list[tuple[datetime, datetime]]):
        intervals.sort()
        self.starts = [start for start, _ in intervals]
        self.max_ends = list(accumulate((end for _, end in intervals), max))

    def free(self, start: datetime, end: datetime) -> bool:
        # Appointments starting before `end` overlap [start, end) iff the latest of their ends is after `start`.
        count = bisect_left(self.starts, end)
        return count == 0 or self.max_ends[count - 1] <= start


@dataclass
class DayPlan:
    candidates: list[datetime]  # grid start times within opening hours, not in the past
    duration: timedelta
    busy: dict[int, _Busy]  # practitioner id → appointments, in the location's practitioner order

    def free_practitioner_ids(self, start: datetime) -> list[int]:
        return [pk for pk, busy in self.busy.items() if busy.free(start, start + self.duration)]


def day_plan(location: Location, day: date, appointment_type=None, *, now: datetime | None = None) -> DayPlan:
    """Four queries: the weekday's hours, the date's exceptions, the location's practitioners, their appointments."""
    tenant = location.tenant
    zone = tenant_zone(tenant)
    now = now or timezone.now()
    duration = timedelta(minutes=appointment_type.duration_minutes if appointment_type else location.slot_minutes)
    plan = DayPlan(candidates=[], duration=duration, busy={})
    if day < local_day(now, zone):
        return plan
    hours = OpeningHours.objects.for_tenant(tenant).filter(location=location, weekday=day.weekday())
    exceptions = ScheduleException.objects.for_tenant(tenant).filter(location=location, date=day)
    windows = opening_windows(day, zone, list(hours), list(exceptions))
    if not windows:
        return plan
    step = timedelta(minutes=location.slot_minutes)
    for opens, closes in windows:  # the grid starts at each range's opening time
        start = opens
        while start + duration <= closes:
            if start > now:
                plan.candidates.append(start)
            start += step
    practitioner_ids = list(
        location.practitioners.filter(is_active=True).order_by("name", "pk").values_list("pk", flat=True)
    )
    if not practitioner_ids or not plan.candidates:
        return plan
    intervals = {pk: [] for pk in practitioner_ids}
    rows = (
        Appointment.objects.for_tenant(tenant)
        .filter(
            practitioner_id__in=practitioner_ids,  # at any location: a practitioner is in one place at a time
            status__in=ACTIVE_STATUSES,
            starts_at__lt=windows[-1][1],
            ends_at__gt=windows[0][0],
        )
        .order_by()  # _Busy sorts; the database need not
        .values_list("practitioner_id", "starts_at", "ends_at")
    )
    for practitioner_id, starts_at, ends_at in rows:
        intervals[practitioner_id].append((starts_at, ends_at))
    plan.busy = {pk: _Busy(intervals[pk]) for pk in practitioner_ids}
    return plan


def available_slots(location: Location, day: date, appointment_type=None, *, now: datetime | None = None):
    """Start times on the location's slot grid, within the day's opening hours, when at least one active
    practitioner of the location is free for the whole appointment; none in the past."""
    plan = day_plan(location, day, appointment_type, now=now)
    return [start for start in plan.candidates if plan.free_practitioner_ids(start)]


def check_bookable_day(tenant, day: date) -> date:
    """Online booking offers days from today up to MAX_DAYS_AHEAD ahead, in the tenant's time zone."""
    today = local_day(timezone.now(), tenant_zone(tenant))
    if day < today:
        raise Invalid(_("This date has passed."), field="date")
    if day > today + timedelta(days=MAX_DAYS_AHEAD):
        raise Invalid(
            _("Choose a date at most %(days)s days ahead.") % {"days": MAX_DAYS_AHEAD},
            field="date",
        )
    return day


def bookable_slots(tenant, location: Location, day: date, appointment_type=None) -> list[datetime]:
    """The free start times the booking page and API offer: only on a day that can be booked."""
    check_bookable_day(tenant, day)
    return available_slots(location, day, appointment_type)


# --- booking --------------------------------------------------------------------------------------------


@dataclass
class BookingRequest:
    location: Location
    appointment_type: object
    starts_at: datetime
    first_name: str
    family_name: str
    birth_date: date
    email: str
    phone: str = ""


def book_online(tenant, booking: BookingRequest, *, portal_url: str = "", by=None) -> Appointment:
    """Book a free slot for a patient found (or created) by e-mail and birth date.

    `by` is whoever is signed in, if anyone: it grants nothing, the booking's own rules decide. Under a row
    lock on the Location, concurrent requests for one location run one after the other, so the second sees
    the first's appointment (Conflict, code "slot_taken"); the unique constraint stays the last guard.
    """
    check_takes_changes(tenant)
    location, appointment_type = booking.location, booking.appointment_type
    if location.tenant_id != tenant.pk or not location.bookable_online:
        raise Invalid(_("This location cannot be booked online."), field="location")
    if appointment_type.tenant_id != tenant.pk or not appointment_type.bookable_online:
        raise Invalid(_("This appointment type cannot be booked online."), field="appointment_type")
    zone = tenant_zone(tenant)
    starts_at = booking.starts_at
    day = local_day(starts_at, zone)
    if starts_at <= timezone.now():
        raise Invalid(_("This time has passed; choose a later one."), field="starts_at")
    try:
        check_bookable_day(tenant, day)
    except Invalid as exc:
        raise Invalid(exc.message, field="starts_at") from exc
    with transaction.atomic():
        location = Location.objects.select_for_update().select_related("tenant").get(pk=location.pk)
        plan = day_plan(location, day, appointment_type)
        if starts_at not in plan.candidates:
            raise Invalid(_("This is not a bookable time at this location; choose one of the times offered."))
        free = plan.free_practitioner_ids(starts_at)
        if not free:
            raise Conflict(_("This time has just been booked by someone else; please choose another."), code=SLOT_TAKEN)
        patient, created = _find_or_create_patient(tenant, booking)
        appointment = insert_appointment(
            Appointment(
                tenant=tenant,
                location=location,
                practitioner_id=free[0],
                patient=patient,
                appointment_type=appointment_type,
                starts_at=starts_at,
                ends_at=starts_at + plan.duration,
                source=Appointment.Source.ONLINE,
            )
        )
        record_event(
            "booking.create",
            actor=getattr(by, "audit_user", by),
            actor_label=booking.email,
            tenant=tenant,
            obj=appointment,
            patient_id=patient.pk,
            details={"patient_ids": [str(patient.pk)], "patient_created": created, "source": "online"},
        )
        transaction.on_commit(lambda: send_confirmation(appointment, patient, portal_url))
    return appointment


def online_desk(tenant, email: str) -> Actor:
    """Who adds the patient of an online booking: the practice's booking desk, bound to this tenant, after
    book_online checked its own rules. Named by the e-mail address given, as the booking event is."""
    return Actor(label=email, tenant=tenant, role="staff")


def _find_or_create_patient(tenant, booking: BookingRequest) -> tuple[Patient, bool]:
    """The patient with this e-mail and birth date, or a new one; an existing record is never changed."""
    existing = (
        Patient.objects.for_tenant(tenant)
        .filter(email__iexact=booking.email, birth_date=booking.birth_date)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing, False
    try:
        patient = patients.create_patient(
            tenant,
            by=online_desk(tenant, booking.email),
            source=Patient.Source.ONLINE,
            first_name=booking.first_name,
            initials=f"{booking.first_name[:1].upper()}." if booking.first_name else "",
            family_name=booking.family_name,
            birth_date=booking.birth_date,
            email=booking.email,
            phone=booking.phone,
        )
    except Invalid as exc:
        raise Invalid.collect(_as_booking_inputs(exc.field_errors)) from exc
    return patient, True


# The patient's rules name the patient's fields; a visitor only typed these (the initials come from the first
# name), so a refusal of any other field is shown above the form.
BOOKING_INPUTS = {name: name for name in ("first_name", "family_name", "birth_date", "email", "phone")}
BOOKING_INPUTS["initials"] = "first_name"


def _as_booking_inputs(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    mapped: dict[str, list[str]] = {}
    for field, messages in (errors or {}).items():
        mapped.setdefault(BOOKING_INPUTS.get(field, NON_FIELD), []).extend(messages)
    return mapped or {NON_FIELD: [_("These details cannot be booked.")]}


def send_confirmation(appointment: Appointment, patient: Patient, portal_url: str = "") -> None:
    """The confirmation e-mail, with the date and time in the tenant's time zone."""
    tenant = appointment.tenant
    context = {
        "tenant": tenant,
        "patient": patient,
        "appointment": appointment,
        "location": appointment.location,
        "appointment_type": appointment.appointment_type,
        "starts_at": timezone.localtime(appointment.starts_at, tenant_zone(tenant)),
        "ends_at": timezone.localtime(appointment.ends_at, tenant_zone(tenant)),
        "portal_url": portal_url,
        "time_zone": tenant.time_zone,
    }
    subject = render_to_string("clinic/emails/booking_confirmation_subject.txt", context).strip()
    body = render_to_string("clinic/emails/booking_confirmation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [patient.email])
