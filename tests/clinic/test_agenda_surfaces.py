"""Each agenda rule holds in every interface that can try to break it: the same bad input through the
dashboard page and the API is refused with the same status, and books nothing. (The rules live in
services.agenda and services.booking; the surfaces only translate their refusal.)"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from epdee.clinic.models import Appointment, AppointmentType, Patient
from epdee.core.models import Tenant, TenantMembership
from epdee.core.services.tokens import create_api_token
from tests.clinic.factories import AppointmentFactory, PatientFactory, PractitionerFactory
from tests.clinic.support import make_practice
from tests.core.factories import PASSWORD, MembershipFactory
from tests.support import login

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2030, 1, 7)
Role = TenantMembership.Role


def at(clock: str, day=MONDAY) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=AMS)


@pytest.fixture
def practice(db, settings):
    settings.ALLOWED_HOSTS = ["*"]
    practice = make_practice(practitioners=2)
    practice.patient = PatientFactory(tenant=practice.tenant)
    return practice


# --- staff book an appointment -----------------------------------------------------------------------------


def _book_through(interface: str, practice, member, *, clock="09:00", practitioner=None) -> int:
    """Book the practice's patient at `clock` on MONDAY through the page or the API; return the status."""
    practitioner = practitioner or practice.practitioners[0]
    if interface == "page":
        client = Client()
        login(client, member.user.email, PASSWORD)
        data = {
            "patient": practice.patient.identification_number,
            "location": practice.location.pk,
            "practitioner": practitioner.pk,
            "appointment_type": practice.appointment_type.pk,
            "date": MONDAY.isoformat(),
            "time": clock,
        }
        return client.post(reverse("clinic:appointment-add"), data).status_code
    _token, raw = create_api_token(member.user, name="surfaces", scope="read_write", tenant=practice.tenant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    body = {
        "patientId": practice.patient.pk,
        "practitionerId": practitioner.pk,
        "locationId": practice.location.pk,
        "appointmentTypeId": practice.appointment_type.pk,
        "startsAt": at(clock).isoformat(),
    }
    return client.post("/api/afspraken", body, format="json").status_code


def _taken(practice):
    AppointmentFactory(
        tenant=practice.tenant,
        location=practice.location,
        practitioner=practice.practitioners[0],
        starts_at=at("09:15"),
        ends_at=at("09:45"),
    )


def _read_only(practice):
    Tenant.objects.filter(pk=practice.tenant.pk).update(status=Tenant.Status.READ_ONLY)


STAFF_CASES = {
    # case: (set-up, role, booking, status)
    "a taken practitioner": (_taken, Role.STAFF, {}, 409),
    "outside opening hours": (None, Role.STAFF, {"clock": "12:15"}, 400),
    "a practitioner of another location": (None, Role.STAFF, {"practitioner": "outsider"}, 400),
    "a viewer": (None, Role.VIEWER, {}, 403),
    "a read-only licence": (_read_only, Role.ADMIN, {}, 403),
}


@pytest.mark.parametrize("interface", ["page", "api"])
@pytest.mark.parametrize("case", STAFF_CASES)
def test_staff_bookings_are_refused_alike_on_the_page_and_the_api(practice, interface, case):
    set_up, role, booking, status = STAFF_CASES[case]
    if set_up:
        set_up(practice)
    if booking.get("practitioner") == "outsider":
        booking = {**booking, "practitioner": PractitionerFactory(tenant=practice.tenant)}
    member = MembershipFactory(tenant=practice.tenant, role=role)
    before = list(Appointment.objects.values_list("pk", flat=True))
    assert _book_through(interface, practice, member, **booking) == status
    assert list(Appointment.objects.values_list("pk", flat=True)) == before


@pytest.mark.parametrize("interface", ["page", "api"])
def test_a_free_time_is_booked_alike_on_the_page_and_the_api(practice, interface):
    member = MembershipFactory(tenant=practice.tenant, role=Role.STAFF)
    assert _book_through(interface, practice, member) in (201, 302)
    booked = Appointment.objects.get()
    assert (booked.patient, booked.starts_at, booked.ends_at) == (practice.patient, at("09:00"), at("09:30"))


# --- a visitor books online ---------------------------------------------------------------------------------


def _next_week(clock: str) -> datetime:
    return datetime.combine(timezone.localdate(timezone=AMS) + timedelta(days=7), time.fromisoformat(clock), AMS)


def _book_online_through(interface: str, practice, *, starts_at: datetime) -> int:
    """Book online as a visitor of the practice's host name, through the page or the API; return the status."""
    if interface == "page":
        client = Client(HTTP_HOST=practice.hostname, REMOTE_ADDR="203.0.113.30")
        data = {
            "location": practice.location.pk,
            "appointment_type": practice.appointment_type.pk,
            "date": starts_at.date().isoformat(),
            "slot": starts_at.isoformat(),
            "first_name": "Bram",
            "family_name": "Jansen",
            "birth_date": "1975-06-15",
            "email": "bram@example.test",
        }
        return client.post(reverse("booking:index"), data).status_code
    client = APIClient(HTTP_HOST=practice.hostname, REMOTE_ADDR="203.0.113.31")
    body = {
        "locationId": practice.location.pk,
        "appointmentTypeId": practice.appointment_type.pk,
        "startsAt": starts_at.isoformat(),
        "firstName": "Bram",
        "familyName": "Jansen",
        "birthDate": "1975-06-15",
        "email": "bram@example.test",
    }
    return client.post("/api/booking/create", body, format="json").status_code


def _all_taken(practice):
    for practitioner in practice.practitioners:
        AppointmentFactory(
            tenant=practice.tenant,
            location=practice.location,
            practitioner=practitioner,
            starts_at=_next_week("09:00"),
            ends_at=_next_week("09:30"),
        )


def _not_bookable_type(practice):
    AppointmentType.objects.filter(pk=practice.appointment_type.pk).update(bookable_online=False)


ONLINE_CASES = {
    "a time everyone is taken": (_all_taken, "09:00", 409),
    "a time off the grid": (None, "09:07", 400),
    "the lunch break": (None, "12:15", 400),
    "a type not bookable online": (_not_bookable_type, "09:00", 400),
    "a read-only licence": (_read_only, "09:00", 403),
}


@pytest.mark.parametrize("interface", ["page", "api"])
@pytest.mark.parametrize("case", ONLINE_CASES)
def test_online_bookings_are_refused_alike_on_the_page_and_the_api(practice, interface, case):
    set_up, clock, status = ONLINE_CASES[case]
    if set_up:
        set_up(practice)
    before = list(Appointment.objects.values_list("pk", flat=True)), Patient.objects.count()
    assert _book_online_through(interface, practice, starts_at=_next_week(clock)) == status
    assert (list(Appointment.objects.values_list("pk", flat=True)), Patient.objects.count()) == before


@pytest.mark.parametrize("interface", ["page", "api"])
def test_a_free_time_is_booked_online_alike_on_the_page_and_the_api(practice, interface):
    assert _book_online_through(interface, practice, starts_at=_next_week("09:00")) in (201, 302)
    booked = Appointment.objects.get()
    assert (booked.source, booked.patient.email, booked.starts_at) == (
        "online",
        "bram@example.test",
        _next_week("09:00"),
    )
