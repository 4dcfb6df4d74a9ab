"""The public booking API (seed 004): config, availability and create, for the tenant of the host name."""

from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from epdee.clinic.api.views.booking import BookingCreateView
from epdee.clinic.models import Appointment, Patient, TenantBranding, WebhookDelivery
from epdee.clinic.services import booking
from epdee.core.models import AuditEvent
from tests.clinic.factories import (
    AppointmentFactory,
    AppointmentTypeFactory,
    LocationFactory,
    PatientFactory,
    WebhookEndpointFactory,
)
from tests.clinic.support import make_practice
from tests.core.factories import TenantFactory

AMS = ZoneInfo("Europe/Amsterdam")
CONFIG, AVAILABILITY, CREATE = "/api/booking/config", "/api/booking/availability", "/api/booking/create"


@pytest.fixture(autouse=True)
def _any_host(settings):
    settings.ALLOWED_HOSTS = ["*"]  # tenants' booking host names


@pytest.fixture
def practice(db):
    return make_practice()


def host(practice, address="203.0.113.7") -> APIClient:
    return APIClient(HTTP_HOST=practice.hostname, REMOTE_ADDR=address)


def next_week():
    return timezone.localdate(timezone=AMS) + timedelta(days=7)


def at(clock: str, day=None) -> datetime:
    return datetime.combine(day or next_week(), time.fromisoformat(clock), tzinfo=AMS)


def booking_body(practice, clock="09:00", **changes):
    return {
        "locationId": practice.location.pk,
        "appointmentTypeId": practice.appointment_type.pk,
        "startsAt": at(clock).isoformat(),
        "firstName": "Anna",
        "familyName": "de Vries",
        "birthDate": "1980-03-01",
        "email": "anna@example.test",
        "phone": "06 12345678",
        "website": "",
        **changes,
    }


# --- config ------------------------------------------------------------------------------------------


def test_config_lists_the_bookable_locations_and_types(practice):
    LocationFactory(tenant=practice.tenant, bookable_online=False)
    AppointmentTypeFactory(tenant=practice.tenant, bookable_online=False)
    body = host(practice).get(CONFIG).json()
    assert body["tenant"] == {"name": practice.tenant.name, "timeZone": "Europe/Amsterdam"}
    assert body["branding"] is None and body["maxDaysAhead"] == 90
    [location] = body["locations"]
    assert (location["id"], location["street"], location["postalCode"], location["city"]) == (
        practice.location.pk,
        "Oudegracht 1",
        "3511 AA",
        "Utrecht",
    )
    assert body["appointmentTypes"] == [
        {"id": practice.appointment_type.pk, "name": "Consult", "durationMinutes": 30, "priceCents": 0}
    ]


def test_config_gives_the_branding_urls(practice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    TenantBranding.objects.create(tenant=practice.tenant, logo=SimpleUploadedFile("logo.png", b"\x89PNG..."))
    branding = host(practice).get(CONFIG).json()["branding"]
    assert (
        branding["logoUrl"].startswith(f"http://{practice.hostname}/media/branding/") and branding["faviconUrl"] is None
    )


@pytest.mark.parametrize("url", [CONFIG, f"{AVAILABILITY}?locationId=1&date=2030-01-07", CREATE])
def test_without_a_tenant_for_the_host_every_endpoint_is_404_json(db, url):
    client = APIClient(HTTP_HOST="unknown.example.test")
    response = client.post(url, {}, format="json") if url == CREATE else client.get(url)
    assert response.status_code == 404 and response.json() == {
        "detail": "No care organisation books on this host name."
    }


def test_a_closed_tenant_takes_no_bookings(db):
    practice = make_practice(TenantFactory(closed=True))
    assert host(practice).get(CONFIG).status_code == 404


def test_a_signed_in_member_of_another_tenant_still_books_with_the_hosts_tenant(practice):
    from tests.core.factories import MembershipFactory

    client = host(practice)
    client.force_login(MembershipFactory().user)
    assert client.get(CONFIG).json()["tenant"]["name"] == practice.tenant.name


# --- availability ------------------------------------------------------------------------------------


def test_availability_lists_free_times_in_the_tenants_zone(practice):
    AppointmentFactory(
        tenant=practice.tenant,
        location=practice.location,
        practitioner=practice.practitioners[0],
        starts_at=at("09:00"),
        ends_at=at("09:30"),
    )
    day = next_week()
    query = {
        "locationId": practice.location.pk,
        "date": day.isoformat(),
        "appointmentTypeId": practice.appointment_type.pk,
    }
    body = host(practice).get(AVAILABILITY, query).json()
    assert body["durationMinutes"] == 30 and body["timeZone"] == "Europe/Amsterdam"
    assert body["slots"][0] == {"startsAt": at("09:30").isoformat(), "time": "09:30"}
    assert body["slots"][-1]["time"] == "16:30" and "12:00" not in [slot["time"] for slot in body["slots"]]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"locationId": "abc", "date": "+7"},
        {"date": "+7"},
        {"locationId": "LOC", "date": "2030-02-30"},
        {"locationId": "LOC", "date": "tomorrow"},
        {"locationId": "LOC", "date": "-1"},
        {"locationId": "LOC", "date": "+91"},
        {"locationId": "LOC", "date": "+7", "appointmentTypeId": "0"},
        {"locationId": "OTHER", "date": "+7"},
        {"locationId": "HIDDEN", "date": "+7"},
        {"locationId": str(2**64), "date": "+7"},
    ],
)
def test_bad_availability_queries_are_a_400(practice, query):
    other = make_practice()
    hidden = LocationFactory(tenant=practice.tenant, bookable_online=False)
    ids = {"LOC": practice.location.pk, "OTHER": other.location.pk, "HIDDEN": hidden.pk}
    query = {key: ids.get(value, value) for key, value in query.items()}
    if str(query.get("date", "")).startswith(("+", "-")):
        query["date"] = (timezone.localdate(timezone=AMS) + timedelta(days=int(query["date"]))).isoformat()
    response = host(practice).get(AVAILABILITY, query)
    assert response.status_code == 400, (query, response.content)


def test_today_and_the_ninetieth_day_can_be_asked(practice):
    today = timezone.localdate(timezone=AMS)
    for day in (today, today + timedelta(days=90)):
        query = {"locationId": practice.location.pk, "date": day.isoformat()}
        assert host(practice).get(AVAILABILITY, query).status_code == 200


# --- create ------------------------------------------------------------------------------------------


def test_a_booking_makes_the_patient_the_appointment_an_email_and_a_webhook(
    practice, django_capture_on_commit_callbacks
):
    WebhookEndpointFactory(tenant=practice.tenant, events=["appointment.booked", "patient.created"])
    with django_capture_on_commit_callbacks(execute=True):
        response = host(practice).post(CREATE, booking_body(practice, "13:30"), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["startsAt"] == at("13:30").isoformat() and body["endsAt"] == at("14:00").isoformat()
    assert "patientId" not in body  # the answer does not tell whether the patient was known
    appointment = Appointment.objects.get(pk=body["id"])
    patient = appointment.patient
    assert (patient.tenant, patient.email, patient.first_name, patient.family_name) == (
        practice.tenant,
        "anna@example.test",
        "Anna",
        "de Vries",
    )
    assert patient.source == Patient.Source.ONLINE
    assert (appointment.source, appointment.status, appointment.practitioner) == (
        "online",
        "booked",
        practice.practitioners[0],
    )
    [message] = mail.outbox
    assert message.to == ["anna@example.test"] and practice.tenant.name in message.subject
    assert "13:30–14:00" in message.body and f"http://{practice.hostname}/portaal/" in message.body
    assert {d.event for d in WebhookDelivery.objects.filter(tenant=practice.tenant)} == {
        "appointment.booked",
        "patient.created",
    }
    event = AuditEvent.objects.get(action="booking.create")
    assert event.patient_id == str(patient.pk) and event.details["source"] == "online"
    assert event.ip_address == "203.0.113.7" and event.actor_label == "anna@example.test"


def test_a_known_patient_is_found_by_email_and_birth_date_and_not_changed(practice):
    known = PatientFactory(tenant=practice.tenant, email="Anna@Example.test", birth_date="1980-03-01", phone="010")
    response = host(practice).post(CREATE, booking_body(practice), format="json")
    assert response.status_code == 201
    assert Appointment.objects.get().patient == known and Patient.objects.count() == 1
    known.refresh_from_db()
    assert known.phone == "010"
    other_birthday = booking_body(practice, "10:00", birthDate="1981-03-01")
    assert host(practice).post(CREATE, other_birthday, format="json").status_code == 201
    assert Patient.objects.count() == 2


def test_a_taken_time_is_a_409_and_a_second_practitioner_takes_the_next(db):
    practice = make_practice(practitioners=2)
    statuses = [host(practice).post(CREATE, booking_body(practice), format="json") for _ in range(3)]
    assert [r.status_code for r in statuses] == [201, 201, 409]
    assert "just been booked" in statuses[2].json()["detail"]
    assert [a.practitioner.name for a in Appointment.objects.order_by("pk")] == ["Dr. A", "Dr. B"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"firstName": ""}, "firstName"),
        ({"familyName": "x" * 151}, "familyName"),
        ({"email": "not-an-address"}, "email"),
        ({"birthDate": "2999-01-01"}, "birthDate"),
        ({"birthDate": "01-03-1980"}, "birthDate"),
        ({"phone": "call me"}, "phone"),
        ({"website": "http://spam.example"}, "website"),
        ({"startsAt": "later"}, "startsAt"),
        ({"appointmentTypeId": None}, "appointmentTypeId"),
        ({"locationId": "OTHER"}, "locationId"),
    ],
)
def test_bad_bookings_are_a_400_and_store_nothing(practice, change, field):
    other = make_practice()
    if change.get("locationId") == "OTHER":
        change = {"locationId": other.location.pk}
    response = host(practice).post(CREATE, booking_body(practice, **change), format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Appointment.objects.exists() and not Patient.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "starts_at",
    [
        lambda: at("09:07"),  # off the grid
        lambda: at("12:15"),  # lunch break
        lambda: at("16:45"),  # would end after closing
        lambda: timezone.now() - timedelta(hours=1),  # past
        lambda: at("09:00", timezone.localdate(timezone=AMS) + timedelta(days=91)),
    ],
)
def test_times_that_cannot_be_booked_are_a_400(practice, starts_at):
    response = host(practice).post(CREATE, booking_body(practice, startsAt=starts_at().isoformat()), format="json")
    assert response.status_code == 400, response.content
    assert not Appointment.objects.exists() and not Patient.objects.exists()


def test_a_read_only_tenant_takes_no_bookings(db):
    practice = make_practice(TenantFactory(read_only=True))
    assert host(practice).post(CREATE, booking_body(practice), format="json").status_code == 403
    assert not Appointment.objects.exists()


def test_the_sixth_booking_in_an_hour_from_one_address_is_a_429(practice):
    client = host(practice)
    for clock in ("09:00", "10:00", "11:00", "13:00"):
        assert client.post(CREATE, booking_body(practice, clock), format="json").status_code == 201
    # Every attempt counts, good or bad: the limit also stops someone probing with bad input.
    assert client.post(CREATE, booking_body(practice, website="spam"), format="json").status_code == 400
    sixth = client.post(CREATE, booking_body(practice, "14:00"), format="json")
    assert sixth.status_code == 429 and 0 < int(sixth["Retry-After"]) <= 3600
    assert Appointment.objects.count() == 4
    assert (
        host(practice, "198.51.100.9").post(CREATE, booking_body(practice, "14:00"), format="json").status_code == 201
    )


def test_the_rate_limit_counts_in_redis(practice, redis_url, settings):
    from django.core.cache import cache

    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    host(practice).post(CREATE, booking_body(practice), format="json")
    client = cache._cache.get_client()
    prefix = settings.CACHES["default"]["KEY_PREFIX"]  # this test worker's keys only
    keys = list(client.scan_iter(match=f"{prefix}:*ratelimit:{booking.BOOKING_RATE.scope}:203.0.113.7:*"))
    assert len(keys) == 1 and int(client.get(keys[0])) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.dictionaries(
        st.sampled_from(["locationId", "appointmentTypeId", "startsAt", "firstName", "birthDate", "email", "website"]),
        st.one_of(st.text(max_size=40), st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
        max_size=7,
    )
)
def test_no_booking_input_causes_a_500(practice, monkeypatch, body):
    monkeypatch.setattr(BookingCreateView, "rate_limit", replace(booking.BOOKING_RATE, limit=10**6))
    response = host(practice).post(CREATE, {**booking_body(practice), **body}, format="json")
    assert response.status_code in (201, 400, 409), response.content
