"""The public booking page /boeken/: host-resolved, works without JavaScript, shows the tenant's logo."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from epdee.clinic.models import Appointment, TenantBranding
from tests.clinic.factories import AppointmentFactory
from tests.clinic.support import make_practice

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _any_host(settings):
    settings.ALLOWED_HOSTS = ["*"]


@pytest.fixture
def practice(db):
    return make_practice()


def visitor(practice, address="203.0.113.20"):
    return Client(HTTP_HOST=practice.hostname, REMOTE_ADDR=address)


def day():
    return timezone.localdate(timezone=AMS) + timedelta(days=7)


def slot(clock):
    return datetime.combine(day(), time.fromisoformat(clock), tzinfo=AMS).isoformat()


def form_data(practice, clock="09:00", **changes):
    return {
        "location": practice.location.pk,
        "appointment_type": practice.appointment_type.pk,
        "date": day().isoformat(),
        "slot": slot(clock),
        "first_name": "Bram",
        "family_name": "Jansen",
        "birth_date": "1975-06-15",
        "email": "bram@example.test",
        "phone": "",
        "website": "",
        **changes,
    }


def test_the_first_step_asks_where_what_and_when(practice):
    practice.appointment_type.bookable_online = False  # nothing to offer yet: only the choice
    practice.appointment_type.save()
    page = visitor(practice).get(reverse("booking:index"))
    html = page.content.decode()
    assert page.status_code == 200 and practice.tenant.name in html
    assert 'name="slot"' not in html and 'name="first_name"' not in html
    assert "/static/js/clinic-booking.js" in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html


def test_a_first_visit_shows_todays_free_times_at_once(practice, monkeypatch):
    visit_day = day()
    morning = datetime.combine(visit_day, time(8), tzinfo=AMS)  # before opening: the whole day is free
    monkeypatch.setattr(timezone, "now", lambda: morning)
    html = visitor(practice).get(reverse("booking:index")).content.decode()
    starts = datetime.combine(visit_day, time(9), tzinfo=AMS).isoformat()
    assert f'value="{starts}"' in html and 'name="first_name"' in html
    assert f'name="date" value="{visit_day.isoformat()}"' in html


def test_after_closing_time_a_first_visit_shows_the_next_day_with_free_times(practice, monkeypatch):
    visit_day = day()
    evening = datetime.combine(visit_day, time(18), tzinfo=AMS)
    monkeypatch.setattr(timezone, "now", lambda: evening)
    html = visitor(practice).get(reverse("booking:index")).content.decode()
    tomorrow = visit_day + timedelta(days=1)
    assert f'value="{datetime.combine(tomorrow, time(9), tzinfo=AMS).isoformat()}"' in html
    assert f'name="date" value="{tomorrow.isoformat()}"' in html


def test_choosing_shows_the_free_times_as_buttons(practice):
    AppointmentFactory(
        tenant=practice.tenant,
        location=practice.location,
        practitioner=practice.practitioners[0],
        starts_at=datetime.fromisoformat(slot("09:00")),
        ends_at=datetime.fromisoformat(slot("09:30")),
    )
    query = {"location": practice.location.pk, "appointment_type": practice.appointment_type.pk, "date": day()}
    html = visitor(practice).get(reverse("booking:index"), query).content.decode()
    assert f'value="{slot("09:30")}"' in html and f'value="{slot("09:00")}"' not in html
    assert "Oudegracht 1" in html and 'name="first_name"' in html


def test_a_day_too_far_ahead_is_refused_with_a_message(practice):
    query = {
        "location": practice.location.pk,
        "appointment_type": practice.appointment_type.pk,
        "date": timezone.localdate(timezone=AMS) + timedelta(days=91),
    }
    html = visitor(practice).get(reverse("booking:index"), query).content.decode()
    assert "at most 90 days ahead" in html and 'name="slot"' not in html


def test_booking_without_javascript_ends_on_the_confirmation(practice, django_capture_on_commit_callbacks):
    client = visitor(practice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("booking:index"), form_data(practice, "10:30"))
    assert response.status_code == 302 and response.url.startswith(reverse("booking:done"))
    done = client.get(response.url).content.decode()
    assert "Your appointment is booked" in done and "10:30" in done and "Bram" not in done
    booked = Appointment.objects.get()
    assert booked.source == "online" and booked.patient.email == "bram@example.test"
    assert len(mail.outbox) == 1 and "10:30" in mail.outbox[0].body
    assert client.get(reverse("booking:done"), {"ref": "forged"}).status_code == 404


def test_the_honeypot_and_bad_details_book_nothing(practice):
    client = visitor(practice)
    spam = client.post(reverse("booking:index"), form_data(practice, website="cheap pills"))
    assert spam.status_code == 400
    missing = client.post(reverse("booking:index"), form_data(practice, slot="", email="nope"))
    assert missing.status_code == 400 and "Choose one of the times." in missing.content.decode()
    assert not Appointment.objects.exists()


def test_a_taken_time_says_so(practice):
    visitor(practice).post(reverse("booking:index"), form_data(practice))
    again = visitor(practice, "203.0.113.21").post(
        reverse("booking:index"), form_data(practice, email="x@example.test")
    )
    assert again.status_code == 409 and "just been booked" in again.content.decode()
    assert Appointment.objects.count() == 1


def test_the_page_shares_the_hourly_limit_with_the_api(practice):
    client = visitor(practice)
    for _ in range(3):
        assert client.post("/api/booking/create", {}, content_type="application/json").status_code == 400
    for _ in range(2):
        assert client.post(reverse("booking:index"), form_data(practice, website="x")).status_code == 400
    sixth = client.post(reverse("booking:index"), form_data(practice))
    assert sixth.status_code == 429 and "Too many bookings" in sixth.content.decode() and sixth["Retry-After"]
    assert not Appointment.objects.exists()


def test_the_logo_of_the_tenant_is_shown(practice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    branding = TenantBranding.objects.create(
        tenant=practice.tenant, logo=SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n")
    )
    html = visitor(practice).get(reverse("booking:index")).content.decode()
    assert f'src="{branding.logo.url}"' in html and f'alt="{practice.tenant.name}"' in html


def test_without_a_tenant_for_the_host_the_page_is_not_found(db):
    assert Client(HTTP_HOST="nobody.example.test").get(reverse("booking:index")).status_code == 404


def test_a_tenant_without_bookable_locations_says_so(db):
    practice = make_practice()
    practice.location.bookable_online = False
    practice.location.save()
    html = visitor(practice).get(reverse("booking:index")).content.decode()
    assert "takes no online bookings" in html
