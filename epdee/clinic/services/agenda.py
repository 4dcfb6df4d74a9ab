"""The practice's agenda: locations with their opening hours and exceptions, appointment types, practitioners,
and appointments made by staff with their status changes. Every change is authorised, checked and audited here:
the practice setup by the tenant's administrators ("tenant.configure"), appointments by its staff
("tenant.change"), whoever calls — a page, the API, a task or the demo data."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from epdee.core.audit import record_event
from epdee.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from epdee.core.permissions import require

from ..models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentType,
    Location,
    OpeningHours,
    Practitioner,
    ScheduleException,
)
from . import webhooks
from .local_time import tenant_zone

Status = Appointment.Status

# Which status may follow which; cancelled is final, no-show and completed may correct each other.
TRANSITIONS = {
    Status.BOOKED: {Status.CONFIRMED, Status.CANCELLED, Status.NO_SHOW, Status.COMPLETED},
    Status.CONFIRMED: {Status.CANCELLED, Status.NO_SHOW, Status.COMPLETED},
    Status.NO_SHOW: {Status.COMPLETED},
    Status.COMPLETED: {Status.NO_SHOW},
    Status.CANCELLED: set(),
}

# Who may change what: the practice setup is the administrators', appointments are the staff's.
CONFIGURE, CHANGE = "tenant.configure", "tenant.change"
SLOT_TAKEN = "slot_taken"


# --- time -----------------------------------------------------------------------------------------------


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants a local day starts and ends (23 or 25 hours apart on a DST switch day)."""
    return local_instant(day, time(0), zone), local_instant(day + timedelta(days=1), time(0), zone)


def local_instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The instant a wall-clock time of a local day happens."""
    # Through UTC, so that a wall time that does not exist (the spring-forward hour) becomes a real instant.
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def opening_windows(day: date, zone: ZoneInfo, hours, exceptions) -> list[tuple[datetime, datetime]]:
    """The instants a location is open on `day`, from its weekday's hours and the exceptions of that date.

    A closure wins; special hours on the date replace the weekday's hours (several ranges make breaks).
    """
    exceptions = [e for e in exceptions if e.date == day]
    if any(e.closed for e in exceptions):
        return []
    ranges = [(e.opens, e.closes) for e in exceptions] or [
        (h.opens, h.closes) for h in hours if h.weekday == day.weekday()
    ]
    return [(local_instant(day, opens, zone), local_instant(day, closes, zone)) for opens, closes in sorted(ranges)]


def location_windows(location, day: date) -> list[tuple[datetime, datetime]]:
    """opening_windows for one location and day: two small queries (the weekday's hours, the date's exceptions)."""
    hours = OpeningHours.objects.for_tenant(location.tenant).filter(location=location, weekday=day.weekday())
    exceptions = ScheduleException.objects.for_tenant(location.tenant).filter(location=location, date=day)
    return opening_windows(day, tenant_zone(location.tenant), list(hours), list(exceptions))


# --- practice setup -------------------------------------------------------------------------------------


def _record(action, obj, by, **details):
    record_event(action, actor=by, tenant=obj.tenant, obj=obj, details={k: str(v) for k, v in details.items()})


def check_takes_changes(tenant) -> None:
    """For the public pages no member acts through (online booking, the patient portal): the tenant must be
    active; a read-only (inzage) or closed one takes no bookings or cancellations."""
    if not tenant.is_writable:
        raise PermissionDenied(
            _("%(tenant)s is %(status)s: no data can be added or changed.")
            % {"tenant": tenant.name, "status": tenant.get_status_display().lower()}
        )


def _own(tenant, obj) -> None:
    """An object handed in for a change must be the tenant's: another tenant's does not exist here."""
    if obj is not None and obj.tenant_id != tenant.pk:
        raise NotFound()


def _refuse(errors: dict[str, list[str]]) -> None:
    if errors:
        raise Invalid.collect(errors)


LOCATION_FIELDS = ("name", "code", "street", "postal_code", "city", "phone", "email", "bookable_online", "slot_minutes")


def save_location(tenant, data: dict, *, by, location: Location | None = None) -> Location:
    require(by, CONFIGURE, tenant)
    _own(tenant, location)
    errors = {}
    if not 5 <= int(data.get("slot_minutes") or 15) <= 240:
        errors["slot_minutes"] = [_("The slot grid must be between 5 and 240 minutes.")]
    taken = Location.objects.for_tenant(tenant).filter(code=data.get("code"))
    if location is not None:
        taken = taken.exclude(pk=location.pk)
    if taken.exists():
        errors["code"] = [_("Another location already has this code.")]
    _refuse(errors)
    created = location is None
    location = location or Location(tenant=tenant)
    for field in LOCATION_FIELDS:
        if field in data:
            setattr(location, field, data[field])
    with transaction.atomic():
        location.save()
        _record("location.create" if created else "location.update", location, by, name=location.name)
    return location


def add_opening_hours(location: Location, *, weekday: int, opens: time, closes: time, by) -> OpeningHours:
    """Add a range to a weekday; ranges of one day may not overlap (a gap between them is a break)."""
    require(by, CONFIGURE, location.tenant)
    if not 0 <= weekday <= 6:
        raise Invalid(_("Choose a day of the week."), field="weekday")
    if closes <= opens:
        raise Invalid(_("Closing time must be after opening time."), field="closes")
    same_day = OpeningHours.objects.for_tenant(location.tenant).filter(location=location, weekday=weekday)
    if same_day.filter(opens__lt=closes, closes__gt=opens).exists():
        raise Invalid(_("These hours overlap hours already set for that day."), field="opens")
    with transaction.atomic():
        hours = OpeningHours.objects.create(
            tenant=location.tenant, location=location, weekday=weekday, opens=opens, closes=closes
        )
        _record("location.hours.add", location, by, hours=str(hours))
    return hours


def remove_opening_hours(location: Location, hours_id, *, by) -> None:
    """Remove one range of the location's hours (looked up under the location: another's is not found)."""
    require(by, CONFIGURE, location.tenant)
    hours = OpeningHours.objects.for_tenant(location.tenant).filter(location=location, pk=hours_id).first()
    if hours is None:
        raise NotFound(_("These opening hours were not found."))
    label = str(hours)
    with transaction.atomic():
        hours.delete()
        _record("location.hours.remove", location, by, hours=label)


def add_schedule_exception(
    location: Location, *, day: date, closed: bool, opens=None, closes=None, reason: str = "", by
) -> ScheduleException:
    """A closure of a whole date, or special hours on it (several ranges allowed; they replace the weekday's)."""
    require(by, CONFIGURE, location.tenant)
    same_date = ScheduleException.objects.for_tenant(location.tenant).filter(location=location, date=day)
    if closed:
        if same_date.filter(closed=True).exists():
            raise Invalid(_("The location is already closed on that date."), field="date")
        opens = closes = None
    else:
        if opens is None or closes is None:
            raise Invalid(_("Give opening and closing times, or mark the date closed."), field="opens")
        if closes <= opens:
            raise Invalid(_("Closing time must be after opening time."), field="closes")
        if same_date.filter(closed=False, opens__lt=closes, closes__gt=opens).exists():
            raise Invalid(_("These hours overlap special hours already set for that date."), field="opens")
    with transaction.atomic():
        exception = ScheduleException.objects.create(
            tenant=location.tenant,
            location=location,
            date=day,
            closed=closed,
            opens=opens,
            closes=closes,
            reason=reason,
        )
        _record("location.exception.add", location, by, exception=str(exception))
    return exception


def remove_schedule_exception(location: Location, exception_id, *, by) -> None:
    """Remove a closure or special hours of the location (looked up under it: another's is not found)."""
    require(by, CONFIGURE, location.tenant)
    exception = ScheduleException.objects.for_tenant(location.tenant).filter(location=location, pk=exception_id).first()
    if exception is None:
        raise NotFound(_("This exception was not found."))
    label = str(exception)
    with transaction.atomic():
        exception.delete()
        _record("location.exception.remove", location, by, exception=label)


TYPE_FIELDS = ("name", "code", "duration_minutes", "bookable_online", "price_cents")


def save_appointment_type(tenant, data: dict, *, by, appointment_type: AppointmentType | None = None):
    require(by, CONFIGURE, tenant)
    _own(tenant, appointment_type)
    errors = {}
    if not 5 <= int(data.get("duration_minutes") or 0) <= 480:
        errors["duration_minutes"] = [_("The duration must be between 5 and 480 minutes.")]
    taken = AppointmentType.objects.for_tenant(tenant).filter(code=data.get("code"))
    if appointment_type is not None:
        taken = taken.exclude(pk=appointment_type.pk)
    if taken.exists():
        errors["code"] = [_("Another appointment type already has this code.")]
    _refuse(errors)
    created = appointment_type is None
    appointment_type = appointment_type or AppointmentType(tenant=tenant)
    for field in TYPE_FIELDS:
        if field in data:
            setattr(appointment_type, field, data[field])
    with transaction.atomic():
        appointment_type.save()
        _record("appointment_type.create" if created else "appointment_type.update", appointment_type, by)
    return appointment_type


PRACTITIONER_FIELDS = ("name", "initials", "agb_code", "email", "is_active")


def save_practitioner(tenant, data: dict, *, by, practitioner: Practitioner | None = None) -> Practitioner:
    require(by, CONFIGURE, tenant)
    _own(tenant, practitioner)
    locations = list(data.get("locations") or [])
    if any(location.tenant_id != tenant.pk for location in locations):
        raise Invalid(_("Choose locations of this organisation."), field="locations")
    created = practitioner is None
    practitioner = practitioner or Practitioner(tenant=tenant)
    for field in PRACTITIONER_FIELDS:
        if field in data:
            setattr(practitioner, field, data[field])
    with transaction.atomic():
        practitioner.save()
        practitioner.locations.set(locations)
        _record("practitioner.create" if created else "practitioner.update", practitioner, by)
    return practitioner


# --- appointments ---------------------------------------------------------------------------------------


def appointment_payload(appointment: Appointment) -> dict:
    """What webhooks say about an appointment (no patient data beyond its id)."""
    return {
        "id": appointment.pk,
        "locationId": appointment.location_id,
        "practitionerId": appointment.practitioner_id,
        "patientId": appointment.patient_id,
        "appointmentTypeId": appointment.appointment_type_id,
        "startsAt": appointment.starts_at.isoformat(),
        "endsAt": appointment.ends_at.isoformat(),
        "status": appointment.status,
        "source": appointment.source,
    }


def busy_practitioner_ids(tenant, practitioner_ids, starts_at: datetime, ends_at: datetime) -> set[int]:
    """Which of these practitioners have an active appointment overlapping [starts_at, ends_at), anywhere."""
    return set(
        Appointment.objects.for_tenant(tenant)
        .filter(
            practitioner_id__in=list(practitioner_ids),
            status__in=ACTIVE_STATUSES,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .values_list("practitioner_id", flat=True)
    )


def insert_appointment(appointment: Appointment) -> Appointment:
    """Save a new active appointment; the database constraint is the last guard against a double booking."""
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as exc:
        raise Conflict(
            _("This practitioner already has an appointment at that time."), field="starts_at", code=SLOT_TAKEN
        ) from exc
    webhooks.emit(appointment.tenant, "appointment.booked", appointment_payload(appointment))
    return appointment


def create_appointment(
    tenant,
    *,
    patient,
    practitioner,
    location,
    appointment_type,
    starts_at: datetime,
    notes: str = "",
    source: str = Appointment.Source.DASHBOARD,
    by,
) -> Appointment:
    """Book a patient with a practitioner at a location (staff, dashboard or API).

    Refused outside the location's opening hours (exceptions included) and when the practitioner is taken
    (Conflict, code "slot_taken"). The Location row is locked, as online booking does, so checks and insert
    are not raced.
    """
    actor = require(by, CHANGE, tenant)
    chosen = {
        "patient": patient,
        "practitioner": practitioner,
        "location": location,
        "appointment_type": appointment_type,
    }
    foreign = [name for name, obj in chosen.items() if obj.tenant_id != tenant.pk]
    if foreign:
        message = _("Patient, practitioner, location and type must belong to this organisation.")
        raise Invalid.collect({name: [message] for name in foreign})
    if timezone.is_naive(starts_at):
        raise Invalid(_("Give the start time with its time zone."), field="starts_at")
    if not practitioner.is_active:
        raise Invalid(_("This practitioner is no longer active."), field="practitioner")
    ends_at = starts_at + timedelta(minutes=appointment_type.duration_minutes)
    zone = tenant_zone(tenant)
    with transaction.atomic():
        location = Location.objects.select_for_update().select_related("tenant").get(pk=location.pk)
        if not practitioner.locations.filter(pk=location.pk).exists():
            raise Invalid(
                _("%(practitioner)s does not work at %(location)s.")
                % {"practitioner": practitioner.name, "location": location.name},
                field="practitioner",
            )
        windows = location_windows(location, local_day(starts_at, zone))
        if not any(opens <= starts_at and ends_at <= closes for opens, closes in windows):
            raise Invalid(
                _("%(location)s is not open for the whole appointment (%(start)s, %(minutes)s min).")
                % {
                    "location": location.name,
                    "start": f"{timezone.localtime(starts_at, zone):%d-%m-%Y %H:%M}",
                    "minutes": appointment_type.duration_minutes,
                },
                field="starts_at",
            )
        if busy_practitioner_ids(tenant, [practitioner.pk], starts_at, ends_at):
            raise Conflict(
                _("%(practitioner)s already has an appointment at that time.") % {"practitioner": practitioner.name},
                field="starts_at",
                code=SLOT_TAKEN,
            )
        appointment = insert_appointment(
            Appointment(
                tenant=tenant,
                location=location,
                practitioner=practitioner,
                patient=patient,
                appointment_type=appointment_type,
                starts_at=starts_at,
                ends_at=ends_at,
                source=source,
                notes=notes,
                created_by=actor.audit_user,
            )
        )
        record_event(
            "appointment.create",
            actor=actor,
            tenant=tenant,
            obj=appointment,
            patient_id=patient.pk,
            details={"patient_ids": [str(patient.pk)], "source": source},
        )
    return appointment


def _move_status(appointment: Appointment, status: str, *, actor) -> Appointment:
    """The status change itself, once the caller is authorised: along TRANSITIONS, under a row lock."""
    if status not in Status.values:
        raise Invalid(_("Unknown status %(status)r.") % {"status": status}, field="status")
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if status == current.status:
            appointment.status, appointment.updated_at = current.status, current.updated_at
            return appointment
        if status not in TRANSITIONS[current.status]:
            raise Invalid(
                _("A %(current)s appointment cannot become %(status)s.")
                % {"current": current.get_status_display().lower(), "status": Status(status).label.lower()},
                field="status",
            )
        old = current.status
        current.status = status
        current.save(update_fields=["status", "updated_at"])
        if status == Status.CANCELLED:
            webhooks.emit(current.tenant, "appointment.cancelled", appointment_payload(current))
        record_event(
            "appointment.status",
            actor=actor,
            tenant=current.tenant,
            obj=current,
            patient_id=current.patient_id,
            details={"patient_ids": [str(current.patient_id)], "from": old, "to": status},
        )
    appointment.status, appointment.updated_at = current.status, current.updated_at
    return appointment


def change_appointment_status(appointment: Appointment, status: str, *, by) -> Appointment:
    """Move an appointment along TRANSITIONS; a cancellation is announced to webhooks."""
    actor = require(by, CHANGE, appointment.tenant)
    return _move_status(appointment, status, actor=actor)


def update_appointment_notes(appointment: Appointment, notes: str, *, by) -> Appointment:
    actor = require(by, CHANGE, appointment.tenant)
    with transaction.atomic():
        appointment.notes = notes
        appointment.save(update_fields=["notes", "updated_at"])
        record_event(
            "appointment.update",
            actor=actor,
            tenant=appointment.tenant,
            obj=appointment,
            patient_id=appointment.patient_id,
            details={"patient_ids": [str(appointment.patient_id)], "fields": ["notes"]},
        )
    return appointment


def update_appointment(tenant, appointment_id, *, by, status: str | None = None, notes: str | None = None):
    """Change an appointment's status and/or notes, both or neither (the API's PATCH, the page's buttons).

    A new time, patient or practitioner is a new appointment: only these two change after booking.
    """
    require(by, CHANGE, tenant)
    appointment = (
        Appointment.objects.for_tenant(tenant)
        .select_related("patient", "practitioner", "location", "appointment_type", "tenant")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        raise NotFound(_("This appointment was not found."))
    with transaction.atomic():
        if notes is not None and notes != appointment.notes:
            update_appointment_notes(appointment, notes, by=by)
        if status is not None:
            change_appointment_status(appointment, status, by=by)
    return appointment
