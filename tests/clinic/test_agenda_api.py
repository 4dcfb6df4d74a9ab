"""GET/POST /api/afspraken and PATCH /api/afspraken/{id}: filters, booking rules, status transitions, audit."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from epdee.clinic.models import Appointment, WebhookDelivery
from epdee.clinic.services import agenda
from epdee.core.models import AuditEvent, TenantMembership
from epdee.core.services.tokens import create_api_token
from tests.clinic.factories import (
    AppointmentFactory,
    LocationFactory,
    PatientFactory,
    PractitionerFactory,
    ScheduleExceptionFactory,
    WebhookEndpointFactory,
)
from tests.clinic.support import make_practice
from tests.core.factories import MembershipFactory, TenantFactory

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2030, 1, 7)
URL = "/api/afspraken"


def at(clock: str, day=MONDAY) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=AMS)


@pytest.fixture
def practice(db):
    return make_practice(practitioners=2)


def client_for(tenant, role=TenantMembership.Role.STAFF):
    membership = MembershipFactory(tenant=tenant, role=role)
    client = APIClient()
    client.force_login(membership.user)
    return client


@pytest.fixture
def staff(practice):
    return client_for(practice.tenant)


def body_for(practice, patient, clock="09:00", **changes):
    return {
        "patientId": patient.pk,
        "practitionerId": practice.practitioners[0].pk,
        "locationId": practice.location.pk,
        "appointmentTypeId": practice.appointment_type.pk,
        "startsAt": at(clock).isoformat(),
        **changes,
    }


def appointment(practice, clock="09:00", day=MONDAY, **kwargs):
    kwargs.setdefault("practitioner", practice.practitioners[0])
    kwargs.setdefault("location", practice.location)
    return AppointmentFactory(
        tenant=practice.tenant, starts_at=at(clock, day), ends_at=at(clock, day) + timedelta(minutes=30), **kwargs
    )


# --- list --------------------------------------------------------------------------------------------


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_list_filters_by_date_range_location_patient_and_status(practice, staff):
    monday = appointment(practice, "09:00")
    tuesday = appointment(practice, "10:00", day=MONDAY + timedelta(days=1))
    other_location = LocationFactory(tenant=practice.tenant)
    elsewhere = appointment(practice, "11:00", location=other_location)
    cancelled = appointment(practice, "13:00", status=Appointment.Status.CANCELLED)
    assert set(ids(staff.get(URL))) == {monday.pk, tuesday.pk, elsewhere.pk, cancelled.pk}
    assert set(ids(staff.get(URL, {"from": "2030-01-07", "to": "2030-01-07"}))) == {
        monday.pk,
        elsewhere.pk,
        cancelled.pk,
    }
    assert ids(staff.get(URL, {"from": "2030-01-08"})) == [tuesday.pk]
    # A date-time bound is exact: [from, to); without an offset it is the tenant's time.
    assert ids(staff.get(URL, {"from": "2030-01-07T10:30:00", "to": "2030-01-07T12:00:00+01:00"})) == [elsewhere.pk]
    assert set(ids(staff.get(URL, {"locationId": other_location.pk}))) == {elsewhere.pk}
    assert ids(staff.get(URL, {"patientId": monday.patient_id})) == [monday.pk]
    assert ids(staff.get(URL, {"status": "cancelled"})) == [cancelled.pk]


def test_a_listed_appointment_says_who_what_where_and_when(practice, staff):
    booked = appointment(practice, "09:00", appointment_type=practice.appointment_type)
    row = staff.get(URL).json()["results"][0]
    assert row["startsAt"] == "2030-01-07T09:00:00+01:00" and row["endsAt"] == "2030-01-07T09:30:00+01:00"
    assert row["patientId"] == booked.patient_id and row["patientName"] == booked.patient.display_name
    assert row["locationId"] == practice.location.pk and row["appointmentTypeName"] == "Consult"
    assert row["status"] == "booked" and row["source"] == "dashboard"


@pytest.mark.parametrize(
    "params",
    [
        {"from": "yesterday"},
        {"to": "2030-13-01"},
        {"from": "2030-01-07T25:00"},
        {"from": "0001-01-01"},
        {"from": "2030-01-08", "to": "2030-01-07"},
        {"status": "lost"},
        {"patientId": "abc"},
        {"locationId": "-1"},
        {"locationId": str(2**70)},
    ],
)
def test_bad_filters_are_a_400(practice, staff, params):
    response = staff.get(URL, params)
    assert response.status_code == 400, response.content
    assert set(response.json()) <= {"from", "to", "status", "patientId", "locationId"}


def test_the_list_reads_are_audited_with_the_patients_shown(practice, staff):
    shown = [appointment(practice, clock) for clock in ("09:00", "09:30")]
    staff.get(URL)
    event = AuditEvent.objects.filter(action="appointment.list").latest("sequence")
    assert event.details["patient_ids"] == sorted(str(a.patient_id) for a in shown)
    assert event.tenant_id == practice.tenant.pk


def test_the_list_takes_the_same_queries_for_more_rows(practice, staff, django_assert_max_num_queries):
    for n in range(3):
        appointment(practice, f"{9 + n:02d}:00")
    with django_assert_max_num_queries(20) as few:
        staff.get(URL)
    for n in range(20):
        appointment(practice, f"{13 + n // 4}:{n % 4 * 15:02d}", day=MONDAY + timedelta(days=1 + n % 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(ids(staff.get(URL))) == 23


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["from", "to", "status", "patientId", "locationId", "page"]),
        st.text(max_size=30).filter(lambda s: "\x00" not in s),
        max_size=4,
    )
)
def test_no_filter_input_causes_a_500(practice, staff, params):
    assert staff.get(URL, params).status_code in (200, 400, 404)


# --- create ------------------------------------------------------------------------------------------


def test_staff_book_an_appointment_that_lasts_the_types_duration(practice, staff):
    patient = PatientFactory(tenant=practice.tenant)
    WebhookEndpointFactory(tenant=practice.tenant, events=["appointment.booked"])
    response = staff.post(URL, body_for(practice, patient, "09:15", notes="Eerste consult"), format="json")
    assert response.status_code == 201, response.content
    created = Appointment.objects.get(pk=response.json()["id"])
    assert created.ends_at - created.starts_at == timedelta(minutes=30)
    assert (created.status, created.source, created.notes) == ("booked", "dashboard", "Eerste consult")
    assert response.json()["endsAt"] == "2030-01-07T09:45:00+01:00"
    delivery = WebhookDelivery.objects.get(tenant=practice.tenant)
    assert delivery.event == "appointment.booked" and delivery.payload["data"]["id"] == created.pk
    event = AuditEvent.objects.get(action="appointment.create")
    assert event.patient_id == str(patient.pk) and event.object_id == str(created.pk)


def test_a_token_books_with_source_api(practice):
    membership = MembershipFactory(tenant=practice.tenant, role=TenantMembership.Role.STAFF)
    _, raw = create_api_token(membership.user, name="agenda", scope="read_write", tenant=practice.tenant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    patient = PatientFactory(tenant=practice.tenant)
    response = client.post(URL, body_for(practice, patient), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "api"


@pytest.mark.parametrize(
    ("clock", "field"),
    [
        ("08:45", "startsAt"),  # before opening
        ("11:45", "startsAt"),  # would run into the lunch break
        ("12:15", "startsAt"),  # during the lunch break
        ("16:45", "startsAt"),  # would run past closing
    ],
)
def test_booking_outside_opening_hours_is_refused(practice, staff, clock, field):
    patient = PatientFactory(tenant=practice.tenant)
    response = staff.post(URL, body_for(practice, patient, clock), format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Appointment.objects.exists()


def test_booking_on_a_closed_date_or_outside_special_hours_is_refused(practice, staff):
    patient = PatientFactory(tenant=practice.tenant)
    ScheduleExceptionFactory(tenant=practice.tenant, location=practice.location, date=MONDAY, closed=True)
    assert staff.post(URL, body_for(practice, patient), format="json").status_code == 400
    tuesday = MONDAY + timedelta(days=1)
    ScheduleExceptionFactory(
        tenant=practice.tenant, location=practice.location, date=tuesday, closed=False, opens=time(7), closes=time(8)
    )
    late = body_for(practice, patient, startsAt=at("09:00", tuesday).isoformat())
    assert staff.post(URL, late, format="json").status_code == 400
    early = body_for(practice, patient, startsAt=at("07:00", tuesday).isoformat())
    assert staff.post(URL, early, format="json").status_code == 201


def test_a_taken_practitioner_is_a_conflict(practice, staff):
    appointment(practice, "09:15")
    patient = PatientFactory(tenant=practice.tenant)
    response = staff.post(URL, body_for(practice, patient, "09:00"), format="json")
    assert response.status_code == 409 and "already has an appointment" in response.json()["detail"]
    assert response.json()["code"] == "slot_taken" and response.json()["field"] == "startsAt"
    other = body_for(practice, patient, "09:00", practitionerId=practice.practitioners[1].pk)
    assert staff.post(URL, other, format="json").status_code == 201


def test_the_database_constraint_is_the_last_guard_and_answers_409(practice, staff, monkeypatch):
    appointment(practice, "09:00")
    monkeypatch.setattr(agenda, "busy_practitioner_ids", lambda *args: set())  # as if a racing request slipped by
    response = staff.post(URL, body_for(practice, PatientFactory(tenant=practice.tenant)), format="json")
    assert response.status_code == 409, response.content
    assert response.json() == {
        "detail": "This practitioner already has an appointment at that time.",
        "code": "slot_taken",
        "field": "startsAt",
    }
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"patientId": None},
        {"patientId": "x"},
        {"locationId": 10**30},
        {"startsAt": "soon"},
        {"startsAt": "9999-12-31T23:59:00+01:00"},
        {"status": "completed"},
        {"notes": "x" * 5001},
    ],
)
def test_bad_input_is_a_400_and_books_nothing(practice, staff, change):
    body = {**body_for(practice, PatientFactory(tenant=practice.tenant)), **change}
    response = staff.post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert not Appointment.objects.exists()


def test_ids_of_another_tenant_do_not_exist(practice, staff):
    other = make_practice()
    theirs = PatientFactory(tenant=other.tenant)
    for field, value in (
        ("patientId", theirs.pk),
        ("practitionerId", other.practitioners[0].pk),
        ("locationId", other.location.pk),
        ("appointmentTypeId", other.appointment_type.pk),
    ):
        body = {**body_for(practice, PatientFactory(tenant=practice.tenant)), field: value}
        response = staff.post(URL, body, format="json")
        assert response.status_code == 400 and field in response.json(), (field, response.content)
    assert not Appointment.objects.exists()


def test_a_practitioner_must_work_at_the_location(practice, staff):
    outsider = PractitionerFactory(tenant=practice.tenant)
    body = body_for(practice, PatientFactory(tenant=practice.tenant), practitionerId=outsider.pk)
    response = staff.post(URL, body, format="json")
    assert response.status_code == 400 and "does not work at" in response.json()["practitionerId"][0]


def test_viewers_and_read_only_tenants_only_read(practice):
    body = body_for(practice, PatientFactory(tenant=practice.tenant))
    viewer = client_for(practice.tenant, TenantMembership.Role.VIEWER)
    assert viewer.get(URL).status_code == 200
    assert viewer.post(URL, body, format="json").status_code == 403
    read_only = make_practice(TenantFactory(read_only=True))
    staff = client_for(read_only.tenant)
    assert staff.get(URL).status_code == 200
    body = body_for(read_only, PatientFactory(tenant=read_only.tenant))
    assert staff.post(URL, body, format="json").status_code == 403
    assert not Appointment.objects.exists()


# --- detail and status ------------------------------------------------------------------------------


def test_status_moves_along_and_cancelled_is_final(practice, staff):
    booked = appointment(practice)
    WebhookEndpointFactory(tenant=practice.tenant, events=["appointment.cancelled"])
    url = f"{URL}/{booked.pk}"
    assert staff.patch(url, {"status": "confirmed"}, format="json").json()["status"] == "confirmed"
    response = staff.patch(url, {"status": "cancelled"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    delivery = WebhookDelivery.objects.get(event="appointment.cancelled")
    assert delivery.payload["data"]["id"] == booked.pk
    for status in ("booked", "confirmed", "completed", "no_show"):
        response = staff.patch(url, {"status": status}, format="json")
        assert response.status_code == 400 and "status" in response.json(), status
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    event = AuditEvent.objects.filter(action="appointment.status").latest("sequence")
    assert event.details["to"] == "cancelled" and event.patient_id == str(booked.patient_id)


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("booked", "completed", True),
        ("booked", "no_show", True),
        ("confirmed", "no_show", True),
        ("no_show", "completed", True),
        ("completed", "booked", False),
        ("no_show", "confirmed", False),
    ],
)
def test_transitions(practice, staff, start, target, allowed):
    booked = appointment(practice, status=start)
    response = staff.patch(f"{URL}/{booked.pk}", {"status": target}, format="json")
    assert response.status_code == (200 if allowed else 400), response.content


def test_only_status_and_notes_change_and_a_bad_patch_changes_nothing(practice, staff):
    booked = appointment(practice)
    url = f"{URL}/{booked.pk}"
    response = staff.patch(url, {"notes": "Belt terug", "startsAt": at("10:00").isoformat()}, format="json")
    assert response.status_code == 400 and "startsAt" in response.json()
    response = staff.patch(url, {"notes": "Belt terug", "status": "lost"}, format="json")
    assert response.status_code == 400
    booked.refresh_from_db()
    assert booked.notes == "" and booked.starts_at == at("09:00")
    assert staff.patch(url, {"notes": "Belt terug"}, format="json").json()["notes"] == "Belt terug"
    assert staff.put(url, {"status": "confirmed"}, format="json").status_code == 405


def test_reading_one_appointment_is_audited(practice, staff):
    booked = appointment(practice)
    assert staff.get(f"{URL}/{booked.pk}").json()["id"] == booked.pk
    event = AuditEvent.objects.get(action="appointment.read")
    assert event.patient_id == str(booked.patient_id)


def test_another_tenants_appointment_is_not_found(practice, staff):
    theirs = appointment(make_practice())
    assert staff.get(f"{URL}/{theirs.pk}").status_code == 404
    assert staff.patch(f"{URL}/{theirs.pk}", {"status": "cancelled"}, format="json").status_code == 404
    assert theirs.pk not in ids(staff.get(URL))


def test_a_read_only_token_cannot_change_a_status(practice):
    booked = appointment(practice)
    membership = MembershipFactory(tenant=practice.tenant, role=TenantMembership.Role.ADMIN)
    _, raw = create_api_token(membership.user, name="read", scope="read", tenant=practice.tenant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get(f"{URL}/{booked.pk}").status_code == 200
    assert client.patch(f"{URL}/{booked.pk}", {"status": "cancelled"}, format="json").status_code == 403
