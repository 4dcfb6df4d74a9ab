"""In a real browser: a practice adds a patient (after a refused BSN), writes a dossier entry, links and unlinks
the GP with a confirmation; the pages fit a phone and break no Content Security Policy rule.

Set EPDEE_SCREENSHOTS=<directory> to keep screenshots on desktop and phone."""

import re

import pytest
from playwright.sync_api import expect

from epdee.clinic.models import DossierEntry, Patient
from tests.browser import fits, screenshot, sign_in, watch_csp
from tests.clinic.clients import member
from tests.clinic.factories import (
    AppointmentFactory,
    DossierEntryFactory,
    PatientFactory,
    PatientInsuranceFactory,
    valid_bsn,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_practice_adds_a_patient_and_keeps_his_dossier(page, live_server):
    violations = watch_csp(page)
    staff = member("staff", name="Praktijk Zonnehof")
    sign_in(page, f"{live_server.url}/praktijk/patienten/", staff.user.email)
    page.wait_for_url(re.compile(r".*/praktijk/patienten/$"))
    expect(page.get_by_text("No patients yet")).to_be_visible()
    screenshot(page, "patients-list-empty")

    page.get_by_role("button", name="New patient").first.click()
    page.get_by_label("Family name").fill("Visser")
    page.get_by_label("Initials").fill("M.")
    page.get_by_label("BSN").fill("111222334")
    page.get_by_role("button", name="Add patient").click()
    expect(page.get_by_text("fails the 11-proof")).to_be_visible()
    screenshot(page, "patients-list-error")
    page.get_by_label("BSN").fill(valid_bsn(4))
    page.get_by_role("button", name="Add patient").click()
    page.wait_for_url(re.compile(r".*/praktijk/patienten/\d+/$"))
    expect(page.get_by_text("was added as patient P000001")).to_be_visible()

    page.get_by_role("button", name="Add entry").click()
    # Bootstrap adds "show" when the form has finished unfolding: a click during the animation could miss.
    expect(page.locator("#new-entry")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_label("Title").fill("Intake")
    page.get_by_label("Text").fill("Eerste kennismaking.")
    page.get_by_role("button", name="Add to dossier").click()
    expect(page.get_by_role("heading", name="Intake")).to_be_visible()

    page.get_by_label("AGB code").fill("01234567")
    page.get_by_role("button", name="Link", exact=True).click()
    expect(page.get_by_text("AGB 01234567 is now the general practitioner.")).to_be_visible()
    screenshot(page, "patients-detail")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Unlink").click()
    expect(page.get_by_role("button", name="Unlink")).to_be_visible()  # dismissed: still linked
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Unlink").click()
    page.wait_for_selector("text=is no longer linked")

    patient = Patient.objects.get()
    assert patient.general_practitioner is None and DossierEntry.objects.get().title == "Intake"
    page.goto(f"{live_server.url}/praktijk/patienten/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "patient-search"
    assert violations == []


def test_the_pages_fit_a_phone(phone, live_server):
    staff = member("staff")
    patient = PatientFactory(
        tenant=staff.tenant, family_name="Van den Heuvel-Oosterbroek", email="lang.adres@example.test"
    )
    PatientFactory.create_batch(3, tenant=staff.tenant)
    DossierEntryFactory.create_batch(3, tenant=staff.tenant, patient=patient)
    PatientInsuranceFactory(tenant=staff.tenant, patient=patient)
    AppointmentFactory.create_batch(2, tenant=staff.tenant, patient=patient)
    sign_in(phone, f"{live_server.url}/praktijk/patienten/", staff.user.email)
    phone.wait_for_url(re.compile(r".*/praktijk/patienten/$"))
    assert fits(phone)
    screenshot(phone, "patients-list-phone")
    phone.goto(f"{live_server.url}/praktijk/patienten/{patient.pk}/")
    assert fits(phone)
    screenshot(phone, "patients-detail-phone")
    phone.goto(f"{live_server.url}/praktijk/patienten/{patient.pk}/bewerken/")
    assert fits(phone)
    screenshot(phone, "patients-edit-phone")
