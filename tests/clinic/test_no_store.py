"""Security regression: a page or API answer with patient data must not stay in a cache (the disk cache of a
shared clinic computer, a caching proxy). Every GET route of the practice pages and the tenant API is walked
as the practice's administrator; each answer that shows the patient says Cache-Control: no-store."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.clinic.clients import api_client, member
from tests.clinic.factories import AppointmentFactory, DossierEntryFactory, PatientFactory
from tests.clinic.support import draft_invoice

MARK = "Zwaluwstaart"  # the patient's family name (and his dossier entry's title): found where he is shown
PREFIXES = ("praktijk/", "api/")


def _routes():
    """(route, URL name) of every URL pattern under PREFIXES, with its converters left in."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + str(pattern.pattern), namespace + pattern.name

    return [(route, name) for route, name in walk(get_resolver().url_patterns) if route.startswith(PREFIXES)]


@pytest.fixture
def practice(db):
    admin = member("admin")
    patient = PatientFactory(tenant=admin.tenant, family_name=MARK)
    appointment = AppointmentFactory(tenant=admin.tenant, patient=patient)
    DossierEntryFactory(tenant=admin.tenant, patient=patient, title=f"Intake {MARK}")
    invoice = draft_invoice(admin, patient)
    return admin, {"patient": patient.pk, "appointment": appointment.pk, "invoice": invoice.pk}


def _answers(client, ids):
    """Each GET route's answers: parameterless routes once, `pk` routes with each of the practice's ids."""
    for route, name in _routes():
        converters = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if not converters:
            yield name, client.get("/" + route)
        elif converters == ["pk"]:
            for pk in set(ids.values()):
                yield name, client.get(reverse(name, kwargs={"pk": pk}))


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def test_every_answer_that_shows_a_patient_is_not_stored(practice):
    admin, ids = practice
    shown = set()
    for name, response in _answers(api_client(admin), ids):
        if response.status_code == 200 and MARK in _body(response):
            shown.add(name)
            assert "no-store" in response.get("Cache-Control", ""), name
            assert response.get("Pragma") == "no-cache", name
    # The walk did reach the patient's pages and API answers (the list is not empty by accident).
    assert {
        "clinic:patients",
        "clinic:patient",
        "clinic:appointment",
        "clinic:invoices",
        "api-patients",
        "api-patient",
        "api-patient-dossier",
        "clinic-appointments",
        "api-tenant-export",
    } <= shown


@pytest.mark.parametrize("name", ["clinic:invoice-pdf", "api-invoice-pdf", "api-patient-dossier-pdf"])
def test_pdfs_with_patient_data_are_not_stored(practice, name):
    admin, ids = practice
    pk = ids["patient"] if "dossier" in name else ids["invoice"]
    response = api_client(admin).get(reverse(name, kwargs={"pk": pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_answers_without_patient_data_may_be_cached(practice):
    admin, _ = practice
    response = api_client(admin).get(reverse("clinic:locations"))
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
