"""In a real browser: a visitor books online on the practice's own host name and cancels in the patient portal;
the practice works its agenda and invoices a care activity; the pages fit a phone and break no Content
Security Policy rule.

The dashboard runs on the live server's own address (localhost); the practice's public pages on 127.0.0.1,
which the tests register as the tenant's host name, so visitor and staff never share cookies.

Set EPDEE_SCREENSHOTS=<directory> to keep screenshots of the phone pages."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from epdee.clinic.models import Appointment, Invoice, PortalLoginToken
from tests.browser import fits, screenshot, sign_in, watch_csp
from tests.clinic.clients import member
from tests.clinic.factories import AppointmentFactory, PatientFactory
from tests.clinic.support import draft_invoice, make_practice
from tests.core.factories import TenantHostnameFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PUBLIC_HOST = "127.0.0.1"


def public_site(live_server, practice) -> str:
    """The practice's public pages: 127.0.0.1 becomes its host name (the live server listens there too)."""
    TenantHostnameFactory(tenant=practice.tenant, hostname=PUBLIC_HOST)
    return live_server.url.replace("localhost", PUBLIC_HOST)


def local_day(practice, days_ahead: int):
    return timezone.localdate(timezone=ZoneInfo(practice.tenant.time_zone)) + timedelta(days=days_ahead)


def appointment_at(practice, day, hour: int, **kwargs) -> Appointment:
    starts_at = datetime.combine(day, time(hour), tzinfo=ZoneInfo(practice.tenant.time_zone))
    return AppointmentFactory(
        tenant=practice.tenant,
        location=practice.location,
        practitioner=practice.practitioners[0],
        appointment_type=practice.appointment_type,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        **kwargs,
    )


def offered_starts(tab) -> set:
    values = tab.locator("[data-booking-slots] input[name=slot]").evaluate_all("inputs => inputs.map(i => i.value)")
    return {datetime.fromisoformat(value) for value in values}


def test_a_visitor_books_online_on_the_practice_host(page, live_server):
    violations = watch_csp(page)
    practice = make_practice()
    site = public_site(live_server, practice)
    tomorrow = local_day(practice, 1)

    page.goto(f"{site}/boeken/")
    expect(page.get_by_role("heading", name="Book an appointment")).to_be_visible()
    page.get_by_role("button", name="Show free times").click()
    page.wait_for_selector("#booking-step-2")
    # With step two shown, a new day refreshes the times in place (clinic-booking.js and the availability API).
    with page.expect_response(re.compile(r".*/api/booking/availability\?.*")) as answer:
        page.get_by_label("Date", exact=True).fill(tomorrow.isoformat())
    assert answer.value.ok
    first = page.locator("[data-booking-slots] label").first
    first.wait_for()
    assert first.inner_text() == "09:00"
    slot = page.locator(f"#{first.get_attribute('for')}").get_attribute("value")
    first.click()
    page.get_by_label("First name").fill("Sanne")
    page.get_by_label("Family name").fill("de Boer")
    page.get_by_label("Date of birth").fill("1985-04-12")
    page.get_by_label("E-mail address").fill("sanne@example.test")
    page.get_by_role("button", name="Book this appointment").click()
    page.wait_for_url(re.compile(r".*/boeken/bevestigd/\?ref=.+"))
    expect(page.get_by_role("heading", name="Your appointment is booked")).to_be_visible()
    expect(page.get_by_text(f"{tomorrow:%A} {tomorrow.day} {tomorrow:%B %Y} at 09:00")).to_be_visible()

    appointment = Appointment.objects.get()
    assert appointment.source == Appointment.Source.ONLINE and appointment.status == Appointment.Status.BOOKED
    assert appointment.starts_at == datetime.fromisoformat(slot) and appointment.tenant == practice.tenant
    assert appointment.patient.email == "sanne@example.test"
    assert [message.to for message in mail.outbox] == [["sanne@example.test"]]
    assert "Your appointment at" in mail.outbox[0].subject

    # The only practitioner is taken at 09:00 (and 09:15, for a 30-minute consult): no longer offered.
    query = f"location={practice.location.pk}&appointment_type={practice.appointment_type.pk}&date={tomorrow}"
    page.goto(f"{site}/boeken/?{query}")
    offered = offered_starts(page)
    assert offered and appointment.starts_at not in offered
    assert appointment.starts_at + timedelta(minutes=30) in offered
    assert violations == []


def test_a_patient_cancels_in_the_portal_with_a_single_use_link(page, live_server):
    violations = watch_csp(page)
    practice = make_practice()
    site = public_site(live_server, practice)
    patient = PatientFactory(tenant=practice.tenant, email="kees@example.test", first_name="Kees")
    appointment = appointment_at(practice, local_day(practice, 3), 10, patient=patient)

    page.goto(f"{site}/portaal/")
    page.get_by_label("Your e-mail address").fill("kees@example.test")
    page.get_by_role("button", name="Send me a sign-in link").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kees@example.test"]
    link = re.search(r"http://\S+/portaal/inloggen/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(f"{site}/")

    page.goto(link)  # a GET only shows the button: a mail scanner cannot use up the link
    assert PortalLoginToken.objects.get().used_at is None
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your appointments").wait_for()
    expect(page.get_by_text(practice.location.name)).to_be_visible()
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Cancel appointment").click()
    page.get_by_text("is cancelled").wait_for()
    assert dialogs and dialogs[0].startswith("Cancel your appointment of")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert page.get_by_role("button", name="Cancel appointment").count() == 0

    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You are signed out.").wait_for()
    page.goto(link)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="This link no longer works").wait_for()
    page.goto(f"{site}/portaal/")
    expect(page.get_by_role("button", name="Send me a sign-in link")).to_be_visible()  # not signed in
    assert violations == []


def test_staff_work_the_agenda_by_week_and_day(page, live_server):
    violations = watch_csp(page)
    practice = make_practice(practitioners=2)
    staff = member("staff", tenant=practice.tenant)
    day = local_day(practice, 2)
    jansen = appointment_at(practice, day, 10, patient=PatientFactory(tenant=practice.tenant, family_name="Jansen"))
    appointment_at(practice, day, 11, patient=PatientFactory(tenant=practice.tenant, family_name="Visser"))

    sign_in(page, f"{live_server.url}/praktijk/agenda/", staff.user.email)
    page.wait_for_url(re.compile(r".*/praktijk/agenda/$"))
    page.get_by_label("Date", exact=True).fill(day.isoformat())  # clinic-agenda.js shows the chosen week at once
    page.wait_for_url(re.compile(rf".*view=week&date={day}$"))
    expect(page.locator("table.agenda-grid-week")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Jansen"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Visser"))).to_be_visible()

    page.get_by_label("View").select_option("day")
    page.wait_for_url(re.compile(rf".*view=day&date={day}$"))
    grid = page.locator("table.agenda-grid-day")
    expect(grid.get_by_role("columnheader", name="Dr. A")).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Dr. B")).to_be_visible()
    assert grid.locator(".agenda-appointment").count() == 2

    grid.get_by_role("link", name=re.compile("Jansen")).click()
    page.wait_for_url(re.compile(rf".*/praktijk/agenda/{jansen.pk}/$"))
    page.get_by_role("button", name="Mark confirmed").click()
    page.get_by_text("The appointment is now confirmed.").wait_for()
    jansen.refresh_from_db()
    assert jansen.status == Appointment.Status.CONFIRMED
    page.get_by_role("button", name="Mark completed").click()
    page.get_by_text("The appointment is now completed.").wait_for()
    jansen.refresh_from_db()
    assert jansen.status == Appointment.Status.COMPLETED

    page.get_by_role("link", name="Back to the agenda").click()
    page.wait_for_url(re.compile(rf".*view=day&date={day}$"))
    assert page.locator(".agenda-appointment-completed").count() == 1
    assert violations == []


def test_staff_invoice_a_care_activity(page, live_server):
    violations = watch_csp(page)
    staff = member("staff")
    patient = PatientFactory(tenant=staff.tenant, family_name="Bakker")

    sign_in(page, f"{live_server.url}/praktijk/verrichtingen/nieuw/?patientId={patient.pk}", staff.user.email)
    page.wait_for_url(re.compile(rf".*/praktijk/verrichtingen/nieuw/\?patientId={patient.pk}$"))
    page.get_by_label("Description").fill("Consult fysiotherapie")
    page.get_by_label("NZa prestatiecode").fill("190010")
    page.get_by_label("Unit price (€)").fill("82,50")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_url(re.compile(rf".*/praktijk/verrichtingen/\?patientId={patient.pk}$"))
    expect(page.get_by_text("“Consult fysiotherapie” was registered")).to_be_visible()
    assert page.get_by_role("checkbox", name="Invoice Consult fysiotherapie").is_checked()

    page.get_by_role("button", name="Create invoice").click()
    page.wait_for_url(re.compile(r".*/praktijk/facturen/\d+/$"))
    expect(page.get_by_text("Check it, then send it.")).to_be_visible()
    page.get_by_role("button", name="Send invoice").click()
    page.get_by_text("was sent; it is due on").wait_for()
    assert page.locator(".billing-facts dd").first.inner_text() == "Sent"
    assert page.locator(".billing-total").inner_text() == "€ 165,00"
    expect(page.get_by_role("button", name="Mark paid")).to_be_visible()

    invoice = Invoice.objects.get()
    assert invoice.status == Invoice.Status.SENT and invoice.total_cents == 16500 and invoice.patient == patient
    pdf = page.request.get(live_server.url + page.get_by_role("link", name="PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert violations == []


def test_the_agenda_booking_and_invoice_pages_fit_a_phone(phone, live_server):
    violations = watch_csp(phone)
    practice = make_practice(practitioners=3)
    site = public_site(live_server, practice)
    staff = member("staff", tenant=practice.tenant)
    day = local_day(practice, 1)
    for hour in (9, 10, 14):
        appointment_at(
            practice, day, hour, patient=PatientFactory(tenant=practice.tenant, family_name="Van den Heuvel")
        )
    invoice = draft_invoice(staff, PatientFactory(tenant=practice.tenant, family_name="Oosterbroek-Verhoeven"))

    query = f"location={practice.location.pk}&appointment_type={practice.appointment_type.pk}&date={day}"
    phone.goto(f"{site}/boeken/?{query}")
    phone.locator("[data-booking-slots] label").first.wait_for()
    assert fits(phone)
    screenshot(phone, "clinic-booking-phone")

    sign_in(
        phone,
        f"{live_server.url}/praktijk/agenda/?location={practice.location.pk}&view=day&date={day}",
        staff.user.email,
    )
    phone.wait_for_url(re.compile(r".*/praktijk/agenda/\?.*view=day.*"))
    assert phone.locator(".agenda-appointment").count() == 3
    assert fits(phone)
    screenshot(phone, "clinic-agenda-day-phone")

    phone.goto(f"{live_server.url}/praktijk/facturen/{invoice.pk}/")
    expect(phone.get_by_role("button", name="Send invoice")).to_be_visible()
    assert fits(phone)
    screenshot(phone, "clinic-invoice-phone")
    assert violations == []
