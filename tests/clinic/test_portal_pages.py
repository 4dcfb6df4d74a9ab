"""The patient portal's pages: signing in with a single-use link, the patient's own appointments, cancelling."""

import threading
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from epdee.clinic.models import Appointment, PortalLoginToken, WebhookDelivery
from epdee.clinic.services import portal
from epdee.clinic.services.branding import branding_urls, update_branding
from epdee.core.models import AuditEvent, Tenant
from tests.clinic.factories import AppointmentFactory, PatientFactory, WebhookEndpointFactory
from tests.clinic.support import PORTAL_HOST as HOST
from tests.clinic.support import admin_of, image_bytes
from tests.core.factories import TenantHostnameFactory
from tests.support import needs

PORTAL = "/portaal/"


@pytest.fixture
def browser():
    return Client(HTTP_HOST=HOST)


def sign_in_url(raw):
    return reverse("clinic-public:portal-sign-in", args=[raw])


def signed_in(browser, patient):
    raw = portal.create_login_token(patient)
    response = browser.post(sign_in_url(raw))
    assert response.status_code == 302 and response.url == PORTAL
    return browser


def test_opening_the_link_asks_to_confirm_then_signs_in_without_a_user_login(site, browser):
    tenant, patient = site
    raw = portal.create_login_token(patient)
    page = browser.get(sign_in_url(raw))
    assert page.status_code == 200 and "Sign in to" in page.content.decode()
    assert PortalLoginToken.objects.get().used_at is None  # a mail scanner opening the link uses nothing up
    response = browser.post(sign_in_url(raw))
    assert response.status_code == 302 and response.url == PORTAL
    session = browser.session
    assert session[portal.SESSION_KEY]["patient"] == patient.pk
    assert session[portal.SESSION_KEY]["tenant"] == tenant.pk
    assert "_auth_user_id" not in session  # a portal session, not a Django login
    assert PortalLoginToken.objects.get().used_at is not None
    assert AuditEvent.objects.filter(action="portal.sign_in", patient_id=str(patient.pk)).exists()


def test_a_link_works_once(site, browser):
    _, patient = site
    raw = portal.create_login_token(patient)
    assert browser.post(sign_in_url(raw)).status_code == 302
    second = Client(HTTP_HOST=HOST).post(sign_in_url(raw))
    assert second.status_code == 400 and "no longer works" in second.content.decode()


def test_a_link_expires_after_15_minutes(site, browser):
    _, patient = site
    raw = portal.create_login_token(patient)
    PortalLoginToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert browser.post(sign_in_url(raw)).status_code == 400
    assert portal.SESSION_KEY not in browser.session


def test_a_link_of_another_practice_or_a_made_up_one_is_refused(site, browser):
    other = PatientFactory(email="jan@example.test")
    raw = portal.create_login_token(other)
    assert browser.post(sign_in_url(raw)).status_code == 400
    assert browser.post(sign_in_url("made-up-token")).status_code == 400
    assert browser.post(sign_in_url("x" * 500)).status_code == 400
    assert PortalLoginToken.objects.get().used_at is None


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_clicks_sign_in_once(settings):
    # SQLite's shared in-memory test database locks whole tables between threads; real concurrency needs PostgreSQL.
    needs(connection.vendor == "postgresql", "PostgreSQL (set DATABASE_URL)")
    settings.ALLOWED_HOSTS = ["*"]
    entry = TenantHostnameFactory(hostname=HOST)
    patient = PatientFactory(tenant=entry.tenant)
    raw = portal.create_login_token(patient)
    results, start = [], threading.Barrier(2)

    def click():
        start.wait()
        try:
            results.append(portal.redeem_login_token(entry.tenant, raw))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result is not None for result in results) == [False, True]


def test_the_portal_shows_the_patients_own_appointments_and_audits_the_read(site, browser):
    tenant, patient = site
    now = timezone.now()
    future = AppointmentFactory(tenant=tenant, patient=patient, starts_at=now + timedelta(days=3))
    past = AppointmentFactory(tenant=tenant, patient=patient, starts_at=now - timedelta(days=30))
    someone_else = AppointmentFactory(tenant=tenant, starts_at=now + timedelta(days=3, hours=1))
    signed_in(browser, patient)
    page = browser.get(PORTAL)
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert reverse("clinic-public:portal-cancel", args=[future.pk]) in html
    assert future.location.name in html and past.location.name in html
    assert someone_else.location.name not in html
    event = AuditEvent.objects.filter(action="portal.appointments.view").get()
    assert event.patient_id == str(patient.pk)
    assert set(event.details["appointment_ids"]) == {str(future.pk), str(past.pk)}


def test_the_appointments_are_shown_in_the_practices_time_zone(site, browser):
    tenant, patient = site
    starts = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=10)  # UTC
    AppointmentFactory(tenant=tenant, patient=patient, starts_at=starts)
    signed_in(browser, patient)
    local = starts.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert f"{local:%H:%M}" in browser.get(PORTAL).content.decode()


def test_without_a_session_the_portal_asks_for_an_e_mail_address(site, browser):
    page = browser.get(PORTAL)
    assert page.status_code == 200 and 'name="email"' in page.content.decode()
    assert not AuditEvent.objects.filter(action="portal.appointments.view").exists()


def test_the_page_form_answers_the_same_for_every_address(site, browser, monkeypatch, mailoutbox):
    monkeypatch.setattr(portal, "MIN_RESPONSE_SECONDS", 0)
    known = browser.post(PORTAL, {"email": "jan@example.test"}, REMOTE_ADDR="198.51.100.1")
    unknown = Client(HTTP_HOST=HOST).post(PORTAL, {"email": "nobody@example.test"}, REMOTE_ADDR="198.51.100.2")
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content and b"Check your e-mail" in known.content
    assert browser.post(PORTAL, {"email": "nope"}).status_code == 400


def test_the_page_form_shares_the_rate_limit(site, browser, monkeypatch):
    monkeypatch.setattr(portal, "MIN_RESPONSE_SECONDS", 0)
    for n in range(portal.LINK_RATE_LIMIT.limit):
        browser.post(PORTAL, {"email": f"p{n}@example.test"})
    refused = browser.post(PORTAL, {"email": "jan@example.test"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_the_patient_cancels_a_future_appointment(site, browser):
    tenant, patient = site
    endpoint = WebhookEndpointFactory(tenant=tenant, events=["appointment.cancelled"])
    appointment = AppointmentFactory(tenant=tenant, patient=patient, starts_at=timezone.now() + timedelta(days=2))
    signed_in(browser, patient)
    response = browser.post(reverse("clinic-public:portal-cancel", args=[appointment.pk]), follow=True)
    assert "is cancelled" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.event == "appointment.cancelled" and delivery.payload["data"]["id"] == appointment.pk
    event = AuditEvent.objects.get(action="portal.appointment.cancel")
    assert event.patient_id == str(patient.pk) and event.object_id == str(appointment.pk)
    assert AuditEvent.objects.filter(action="appointment.status", object_id=str(appointment.pk)).exists()


def test_a_past_or_cancelled_appointment_cannot_be_cancelled(site, browser):
    tenant, patient = site
    past = AppointmentFactory(tenant=tenant, patient=patient, starts_at=timezone.now() - timedelta(hours=1))
    done = AppointmentFactory(
        tenant=tenant, patient=patient, starts_at=timezone.now() + timedelta(days=1), status="cancelled"
    )
    signed_in(browser, patient)
    for appointment in (past, done):
        response = browser.post(reverse("clinic-public:portal-cancel", args=[appointment.pk]), follow=True)
        assert "Only a future appointment" in response.content.decode()
    past.refresh_from_db()
    assert past.status == Appointment.Status.BOOKED


def test_another_patients_appointment_is_not_found(site, browser):
    tenant, patient = site
    theirs = AppointmentFactory(tenant=tenant, starts_at=timezone.now() + timedelta(days=2))
    signed_in(browser, patient)
    assert browser.post(reverse("clinic-public:portal-cancel", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Appointment.Status.BOOKED


def test_a_read_only_practice_keeps_its_appointments(site, browser):
    tenant, patient = site
    appointment = AppointmentFactory(tenant=tenant, patient=patient, starts_at=timezone.now() + timedelta(days=2))
    signed_in(browser, patient)
    Tenant.objects.filter(pk=tenant.pk).update(status=Tenant.Status.READ_ONLY)
    response = browser.post(reverse("clinic-public:portal-cancel", args=[appointment.pk]), follow=True)
    assert "read-only" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_cancelling_needs_a_session(site, browser):
    tenant, patient = site
    appointment = AppointmentFactory(tenant=tenant, patient=patient, starts_at=timezone.now() + timedelta(days=2))
    response = browser.post(reverse("clinic-public:portal-cancel", args=[appointment.pk]))
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_the_session_belongs_to_its_host_and_ends(site, browser, settings):
    tenant, patient = site
    TenantHostnameFactory(hostname="other.kliniek.test")
    signed_in(browser, patient)
    # The same browser on another practice's host is not signed in there.
    assert 'name="email"' in browser.get(PORTAL, HTTP_HOST="other.kliniek.test").content.decode()
    session = browser.session
    session[portal.SESSION_KEY] = {**session[portal.SESSION_KEY], "since": int(time.time()) - 2 * 3600}
    session.save()
    assert 'name="email"' in browser.get(PORTAL).content.decode()  # expired after SESSION_LIFETIME
    signed_in(browser, patient)
    browser.post(reverse("clinic-public:portal-sign-out"))
    assert portal.SESSION_KEY not in browser.session


def test_the_portal_of_an_unknown_host_is_a_404(site):
    assert Client(HTTP_HOST="elsewhere.test").get(PORTAL).status_code == 404


def test_the_portal_shows_the_practices_logo_and_favicon(site, browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tenant, _ = site
    admin = admin_of(tenant)
    update_branding(
        tenant,
        by=admin.user,
        logo=SimpleUploadedFile("logo.png", image_bytes((200, 60))),
        favicon=SimpleUploadedFile("favicon.ico", image_bytes((32, 32), "ICO")),
    )
    html = browser.get(PORTAL).content.decode()
    urls = branding_urls(tenant)
    assert f'src="{urls["logoUrl"]}"' in html and f'rel="icon" href="{urls["faviconUrl"]}"' in html
