"""One allowance of online bookings per client address (services.booking.BOOKING_RATE, 5 an hour), counted
for the booking page and the API together: whichever a visitor uses, the sixth attempt is refused (429
with Retry-After) and books nothing."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from epdee.clinic.models import Appointment
from epdee.clinic.services.booking import BOOKING_RATE
from tests.clinic.support import make_practice

AMS = ZoneInfo("Europe/Amsterdam")
ADDRESS = "203.0.113.40"


@pytest.fixture
def practice(db, settings):
    settings.ALLOWED_HOSTS = ["*"]
    return make_practice()


def _starts_at(clock="09:00"):
    return datetime.combine(timezone.localdate(timezone=AMS) + timedelta(days=7), time.fromisoformat(clock), AMS)


def _attempt(interface: str, practice, *, spam=False, clock="09:00"):
    """One booking attempt from ADDRESS; `spam` fills the honeypot, so it is refused but still counts."""
    client = Client(HTTP_HOST=practice.hostname, REMOTE_ADDR=ADDRESS)
    if interface == "page":
        data = {
            "location": practice.location.pk,
            "appointment_type": practice.appointment_type.pk,
            "date": _starts_at().date().isoformat(),
            "slot": _starts_at(clock).isoformat(),
            "first_name": "Bram",
            "family_name": "Jansen",
            "birth_date": "1975-06-15",
            "email": "bram@example.test",
            "website": "spam" if spam else "",
        }
        return client.post(reverse("booking:index"), data)
    body = {
        "locationId": practice.location.pk,
        "appointmentTypeId": practice.appointment_type.pk,
        "startsAt": _starts_at(clock).isoformat(),
        "firstName": "Bram",
        "familyName": "Jansen",
        "birthDate": "1975-06-15",
        "email": "bram@example.test",
        "website": "spam" if spam else "",
    }
    return client.post("/api/booking/create", body, content_type="application/json")


@pytest.mark.parametrize(
    ("earlier", "last"),
    [
        (["page"] * 5, "api"),
        (["api"] * 5, "page"),
        (["page", "api", "page", "api", "page"], "api"),
    ],
)
def test_page_and_api_spend_one_allowance(practice, earlier, last):
    assert BOOKING_RATE.limit == 5
    for interface in earlier:
        assert _attempt(interface, practice, spam=True).status_code == 400
    refused = _attempt(last, practice)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= BOOKING_RATE.window
    if last == "api":
        assert refused.json() == {"detail": "Too many bookings from this address.", "code": "rate_limited"}
    else:
        assert "Too many bookings" in refused.content.decode()
    assert not Appointment.objects.exists()


def test_looking_at_free_times_spends_nothing(practice):
    client = Client(HTTP_HOST=practice.hostname, REMOTE_ADDR=ADDRESS)
    query = {"locationId": practice.location.pk, "date": _starts_at().date().isoformat()}
    for _ in range(BOOKING_RATE.limit + 1):
        assert client.get("/api/booking/availability", query).status_code == 200
        assert client.get(reverse("booking:index")).status_code == 200
    assert _attempt("api", practice).status_code == 201
