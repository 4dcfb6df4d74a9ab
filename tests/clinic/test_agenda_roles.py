"""The agenda's services authorise whoever calls them (a page, the API, a task): the practice setup is the
administrators' of a writable practice, appointments are its staff's; a viewer, a read-only token or licence
is refused (403), a member of another practice or nobody does not find it (404), and nothing is written."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from epdee.clinic.models import (
    Appointment,
    AppointmentType,
    Location,
    OpeningHours,
    Patient,
    Practitioner,
    ScheduleException,
)
from epdee.clinic.services import agenda, booking
from epdee.core.errors import Invalid, NotFound, PermissionDenied
from epdee.core.models import AuditEvent, Tenant, TenantMembership
from epdee.core.permissions import Actor
from epdee.core.services.tokens import create_api_token
from tests.clinic.factories import AppointmentFactory, LocationFactory, PatientFactory, ScheduleExceptionFactory
from tests.clinic.support import make_practice
from tests.core.factories import MembershipFactory, TenantFactory

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2030, 1, 7)
Role = TenantMembership.Role


def at(clock: str, day=MONDAY) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=AMS)


@pytest.fixture
def practice(db):
    practice = make_practice(practitioners=2)
    practice.patient = PatientFactory(tenant=practice.tenant)
    practice.appointment = AppointmentFactory(
        tenant=practice.tenant,
        location=practice.location,
        practitioner=practice.practitioners[0],
        patient=practice.patient,
        appointment_type=practice.appointment_type,
        starts_at=at("10:00"),
        ends_at=at("10:30"),
    )
    practice.hours = OpeningHours.objects.filter(location=practice.location).first()
    practice.exception = ScheduleExceptionFactory(tenant=practice.tenant, location=practice.location)
    return practice


# --- the actors ------------------------------------------------------------------------------------------


def _member(practice, role):
    return MembershipFactory(tenant=practice.tenant, role=role).user


def _read_only_token(practice):
    admin = MembershipFactory(tenant=practice.tenant, role=Role.ADMIN)
    token, _raw = create_api_token(admin.user, name="read", scope="read", tenant=practice.tenant)
    return Actor(user=admin.user, token=token)


def _admin_of_a_read_only_practice(practice):
    Tenant.objects.filter(pk=practice.tenant.pk).update(status=Tenant.Status.READ_ONLY)
    practice.tenant.refresh_from_db()
    return _member(practice, Role.ADMIN)


ACTORS = {
    "viewer": lambda practice: _member(practice, Role.VIEWER),
    "staff": lambda practice: _member(practice, Role.STAFF),
    "read-only token": _read_only_token,
    "read-only licence": _admin_of_a_read_only_practice,
    "another practice's admin": lambda practice: MembershipFactory(role=Role.ADMIN).user,
    "nobody": lambda practice: None,
}

# --- the services ----------------------------------------------------------------------------------------

SETUP_CALLS = {
    "save_location (new)": lambda p, by: agenda.save_location(
        p.tenant, {"name": "Zuid", "code": "zuid", "slot_minutes": 15}, by=by
    ),
    "save_location (edit)": lambda p, by: agenda.save_location(
        p.tenant, {"name": "Renamed", "code": p.location.code}, by=by, location=p.location
    ),
    "add_opening_hours": lambda p, by: agenda.add_opening_hours(
        p.location, weekday=0, opens=time(18), closes=time(19), by=by
    ),
    "remove_opening_hours": lambda p, by: agenda.remove_opening_hours(p.location, p.hours.pk, by=by),
    "add_schedule_exception": lambda p, by: agenda.add_schedule_exception(
        p.location, day=MONDAY + timedelta(days=1), closed=True, by=by
    ),
    "remove_schedule_exception": lambda p, by: agenda.remove_schedule_exception(p.location, p.exception.pk, by=by),
    "save_appointment_type": lambda p, by: agenda.save_appointment_type(
        p.tenant, {"name": "Intake", "code": "intake", "duration_minutes": 45, "price_cents": 0}, by=by
    ),
    "save_practitioner": lambda p, by: agenda.save_practitioner(
        p.tenant, {"name": "Dr. Z", "is_active": True, "locations": [p.location]}, by=by
    ),
}

APPOINTMENT_CALLS = {
    "create_appointment": lambda p, by: agenda.create_appointment(
        p.tenant,
        patient=p.patient,
        practitioner=p.practitioners[1],
        location=p.location,
        appointment_type=p.appointment_type,
        starts_at=at("09:00"),
        by=by,
    ),
    "change_appointment_status": lambda p, by: agenda.change_appointment_status(p.appointment, "cancelled", by=by),
    "update_appointment_notes": lambda p, by: agenda.update_appointment_notes(p.appointment, "Belt terug", by=by),
    "update_appointment": lambda p, by: agenda.update_appointment(
        p.tenant, p.appointment.pk, status="confirmed", notes="Belt terug", by=by
    ),
}


def _stored(tenant) -> dict:
    """The practice's agenda as stored, and the audit log's length: a refused call changes neither."""
    models = (Location, OpeningHours, ScheduleException, AppointmentType, Practitioner, Appointment, Patient)
    rows = {model.__name__: list(model.objects.filter(tenant=tenant).order_by("pk").values()) for model in models}
    rows["practitioner locations"] = sorted(
        Practitioner.locations.through.objects.filter(practitioner__tenant=tenant).values_list(
            "practitioner_id", "location_id"
        )
    )
    rows["audit events"] = AuditEvent.objects.count()
    return rows


def _refused(practice, call, by, error):
    before = _stored(practice.tenant)
    with pytest.raises(error):
        call(practice, by)
    assert _stored(practice.tenant) == before


SETUP_REFUSALS = {
    "viewer": PermissionDenied,
    "staff": PermissionDenied,
    "read-only token": PermissionDenied,
    "read-only licence": PermissionDenied,
    "another practice's admin": NotFound,
    "nobody": NotFound,
}
APPOINTMENT_REFUSALS = {**SETUP_REFUSALS}
del APPOINTMENT_REFUSALS["staff"]  # staff keep the agenda


@pytest.mark.parametrize("call", SETUP_CALLS)
@pytest.mark.parametrize("actor", SETUP_REFUSALS)
def test_only_an_administrator_changes_the_practice_setup(practice, call, actor):
    _refused(practice, SETUP_CALLS[call], ACTORS[actor](practice), SETUP_REFUSALS[actor])


@pytest.mark.parametrize("call", APPOINTMENT_CALLS)
@pytest.mark.parametrize("actor", APPOINTMENT_REFUSALS)
def test_only_staff_and_administrators_change_appointments(practice, call, actor):
    _refused(practice, APPOINTMENT_CALLS[call], ACTORS[actor](practice), APPOINTMENT_REFUSALS[actor])


@pytest.mark.parametrize("call", SETUP_CALLS)
def test_an_administrator_changes_the_practice_setup(practice, call):
    SETUP_CALLS[call](practice, _member(practice, Role.ADMIN))


@pytest.mark.parametrize("call", APPOINTMENT_CALLS)
def test_staff_change_appointments_and_are_named_in_the_audit_log(practice, call):
    staff = _member(practice, Role.STAFF)
    events = AuditEvent.objects.count()
    APPOINTMENT_CALLS[call](practice, staff)
    assert AuditEvent.objects.count() > events
    assert AuditEvent.objects.latest("sequence").actor == staff


# --- another practice's rows, handed to a service of this one --------------------------------------------------


def test_another_practices_rows_are_not_found_under_this_ones(practice):
    admin = _member(practice, Role.ADMIN)
    theirs = make_practice()
    their_hours = OpeningHours.objects.filter(location=theirs.location).first()
    their_exception = ScheduleExceptionFactory(tenant=theirs.tenant, location=theirs.location)
    their_appointment = AppointmentFactory(tenant=theirs.tenant)
    calls = [
        lambda: agenda.save_location(practice.tenant, {"name": "X", "code": "x"}, by=admin, location=theirs.location),
        lambda: agenda.save_appointment_type(
            practice.tenant,
            {"name": "X", "code": "x", "duration_minutes": 30},
            by=admin,
            appointment_type=theirs.appointment_type,
        ),
        lambda: agenda.save_practitioner(
            practice.tenant, {"name": "X"}, by=admin, practitioner=theirs.practitioners[0]
        ),
        lambda: agenda.remove_opening_hours(practice.location, their_hours.pk, by=admin),
        lambda: agenda.remove_schedule_exception(practice.location, their_exception.pk, by=admin),
        lambda: agenda.update_appointment(practice.tenant, their_appointment.pk, status="cancelled", by=admin),
    ]
    for call in calls:
        before = _stored(theirs.tenant)
        with pytest.raises(NotFound):
            call()
        assert _stored(theirs.tenant) == before


def test_booking_with_another_practices_patient_or_location_is_refused(practice):
    staff = _member(practice, Role.STAFF)
    theirs = make_practice()
    before = _stored(practice.tenant)
    with pytest.raises(Invalid) as refused:
        agenda.create_appointment(
            practice.tenant,
            patient=PatientFactory(tenant=theirs.tenant),
            practitioner=practice.practitioners[1],
            location=theirs.location,
            appointment_type=practice.appointment_type,
            starts_at=at("09:00"),
            by=staff,
        )
    assert set(refused.value.field_errors) == {"patient", "location"}
    assert _stored(practice.tenant) == before


# --- online booking: no member acts, the booking's own rules hold ----------------------------------------------


def _online(practice, **changes):
    day = timezone.localdate(timezone=AMS) + timedelta(days=7)
    values = {
        "location": practice.location,
        "appointment_type": practice.appointment_type,
        "starts_at": datetime.combine(day, time(9), tzinfo=AMS),
        "first_name": "Anna",
        "family_name": "de Vries",
        "birth_date": date(1980, 3, 1),
        "email": "anna@example.test",
        **changes,
    }
    return booking.BookingRequest(**values)


def test_online_booking_needs_nobody_signed_in(practice):
    appointment = booking.book_online(practice.tenant, _online(practice), by=None)
    assert appointment.source == "online" and appointment.patient.email == "anna@example.test"
    assert AuditEvent.objects.get(action="patient.create", patient_id=str(appointment.patient_id)).actor_label == (
        "anna@example.test"
    )


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("read-only licence", PermissionDenied),
        ("closed practice", PermissionDenied),
        ("location not bookable online", Invalid),
        ("type not bookable online", Invalid),
        ("another practice's location", Invalid),
    ],
)
def test_online_booking_keeps_its_own_rules(practice, case, error):
    changes = {}
    if case == "read-only licence":
        Tenant.objects.filter(pk=practice.tenant.pk).update(status=Tenant.Status.READ_ONLY)
    elif case == "closed practice":
        Tenant.objects.filter(pk=practice.tenant.pk).update(status=Tenant.Status.CLOSED)
    elif case == "location not bookable online":
        changes["location"] = LocationFactory(tenant=practice.tenant, bookable_online=False)
    elif case == "type not bookable online":
        AppointmentType.objects.filter(pk=practice.appointment_type.pk).update(bookable_online=False)
        practice.appointment_type.refresh_from_db()
    else:
        changes["location"] = make_practice(TenantFactory()).location
    practice.tenant.refresh_from_db()
    before = _stored(practice.tenant)
    with pytest.raises(error):
        booking.book_online(practice.tenant, _online(practice, **changes), by=None)
    assert _stored(practice.tenant) == before
