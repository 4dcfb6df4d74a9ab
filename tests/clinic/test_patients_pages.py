"""The patients pages: list with search and "New patient", detail with GP, dossier and appointments, edit."""

from datetime import date

import pytest
from django.urls import reverse

from epdee.clinic.models import DossierEntry, Patient
from epdee.core.models import AuditEvent
from tests.clinic.clients import member
from tests.clinic.factories import (
    AppointmentFactory,
    DossierEntryFactory,
    HealthcareProviderFactory,
    PatientFactory,
    PatientInsuranceFactory,
    PractitionerFactory,
    valid_bsn,
)
from tests.core.factories import PASSWORD
from tests.support import login

pytestmark = pytest.mark.django_db

LIST = reverse("clinic:patients")


@pytest.fixture
def staff():
    return member("staff")


@pytest.fixture
def signed_in(client, staff):
    login(client, staff.user.email, PASSWORD)
    return client


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_navigation_links_to_patients(signed_in):
    assert f'href="{LIST}"' in page(signed_in, reverse("home"))


def test_the_list_searches_sorts_and_audits(signed_in, staff):
    PatientFactory(tenant=staff.tenant, family_name="Aalders", birth_date=date(1970, 5, 5))
    PatientFactory(tenant=staff.tenant, family_name="Zwart", birth_date=date(1980, 3, 1))
    PatientFactory(family_name="Anderstenant")
    html = page(signed_in, LIST)
    assert html.index("Aalders") < html.index("Zwart") and "Anderstenant" not in html
    html = page(signed_in, LIST, sort="-name")
    assert html.index("Zwart") < html.index("Aalders")
    html = page(signed_in, LIST, search="01-03-1980")
    assert "Zwart" in html and "Aalders" not in html
    assert "No patient matches this search" in page(signed_in, LIST, search="nobody")
    assert AuditEvent.objects.filter(action="patient.list").count() == 4


def test_the_empty_list_says_what_to_do(signed_in):
    html = page(signed_in, LIST)
    assert "No patients yet" in html and "New patient" in html


def test_a_new_patient_from_the_list(signed_in, staff):
    response = signed_in.post(
        LIST, {"family_name": "Jansen", "initials": "K.", "bsn": valid_bsn(5), "sex": "M", "birth_date": "1985-06-01"}
    )
    patient = Patient.objects.for_tenant(staff.tenant).get()
    assert response.status_code == 302 and response.url == reverse("clinic:patient", args=[patient.pk])
    assert patient.identification_number == "P000001" and patient.bsn == valid_bsn(5)


def test_form_errors_show_next_to_their_field_and_keep_the_form_open(signed_in, staff):
    response = signed_in.post(LIST, {"family_name": "Jansen", "bsn": "111222334", "sex": "U", "postal_code": "12"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "fails the 11-proof" in html and "Not a Dutch postal code" in html
    assert 'class="collapse show" id="new-patient"' in html
    assert not Patient.objects.exists()


def test_the_detail_shows_everything_and_is_audited(signed_in, staff):
    tenant = staff.tenant
    provider = HealthcareProviderFactory(tenant=tenant, name="Huisartsen De Linde")
    patient = PatientFactory(tenant=tenant, general_practitioner=provider)
    DossierEntryFactory(tenant=tenant, patient=patient, title="Intake gesprek")
    PatientInsuranceFactory(tenant=tenant, patient=patient, insurer_name="Menzis")
    AppointmentFactory(tenant=tenant, patient=patient, location__name="Locatie Noord")
    html = page(signed_in, reverse("clinic:patient", args=[patient.pk]))
    for expected in ("Huisartsen De Linde", "Intake gesprek", "Menzis", "Locatie Noord", "Download dossier (PDF)"):
        assert expected in html
    assert reverse("api-patient-dossier-pdf", args=[patient.pk]) in html
    assert AuditEvent.objects.get(action="patient.view").patient_id == str(patient.pk)


def test_the_detail_paginates_a_long_dossier(signed_in, staff):
    patient = PatientFactory(tenant=staff.tenant)
    DossierEntryFactory.create_batch(25, tenant=staff.tenant, patient=patient)
    html = page(signed_in, reverse("clinic:patient", args=[patient.pk]))
    assert "1 / 2" in html and "dossier_page=2" in html
    assert html.count("patients-entry-head") == 20


def test_gp_link_and_unlink_from_the_detail(signed_in, staff):
    patient = PatientFactory(tenant=staff.tenant)
    url = reverse("clinic:patient-gp-link", args=[patient.pk])
    refused = signed_in.post(url, {"agb_code": "123"})
    assert refused.status_code == 200 and "exactly 8 digits" in refused.content.decode()
    assert signed_in.post(url, {"agb_code": "01234567", "name": ""}).status_code == 302
    patient.refresh_from_db()
    assert patient.general_practitioner.name == "AGB 01234567"
    signed_in.post(reverse("clinic:patient-gp-unlink", args=[patient.pk]))
    patient.refresh_from_db()
    assert patient.general_practitioner is None


def test_adding_a_dossier_entry_from_the_detail(signed_in, staff):
    patient = PatientFactory(tenant=staff.tenant)
    practitioner = PractitionerFactory(tenant=staff.tenant)
    url = reverse("clinic:patient-dossier-add", args=[patient.pk])
    refused = signed_in.post(url, {"title": "", "text": "x", "kind": "report"})
    assert refused.status_code == 200 and 'class="collapse show" id="new-entry"' in refused.content.decode()
    response = signed_in.post(
        url,
        {
            "title": "Controle",
            "text": "Alles goed.",
            "kind": "note",
            "occurred_at": "2026-02-01T10:30",
            "practitioner": practitioner.pk,
        },
    )
    assert response.status_code == 302 and response.url.endswith("#dossier")
    entry = DossierEntry.objects.get()
    assert (entry.title, entry.practitioner, entry.occurred_at.isoformat()) == (
        "Controle",
        practitioner,
        "2026-02-01T09:30:00+00:00",  # 10:30 in Amsterdam
    )


def test_editing_a_patient(signed_in, staff):
    patient = PatientFactory(tenant=staff.tenant, city="Utrecht", bsn=valid_bsn(1))
    url = reverse("clinic:patient-edit", args=[patient.pk])
    html = page(signed_in, url)
    assert 'value="Utrecht"' in html
    data = {
        name: getattr(patient, name) or "" for name in ("family_name", "initials", "first_name", "sex", "bsn", "email")
    }
    data.update(identification_number=patient.identification_number, country="NL", birth_date="")
    refused = signed_in.post(url, {**data, "birth_date": "2999-01-01"})
    assert refused.status_code == 200 and "cannot be in the future" in refused.content.decode()
    assert signed_in.post(url, {**data, "city": "Zeist", "postal_code": "3701aa"}).status_code == 302
    patient.refresh_from_db()
    assert (patient.city, patient.postal_code) == ("Zeist", "3701 AA")
    assert set(AuditEvent.objects.get(action="patient.update").details["fields"]) == {
        "city",
        "postal_code",
        "birth_date",
    }


def test_viewers_see_everything_read_only(client):
    viewer = member("viewer")
    patient = PatientFactory(tenant=viewer.tenant)
    login(client, viewer.user.email, PASSWORD)
    html = page(client, reverse("clinic:patient", args=[patient.pk]))
    assert "Download dossier (PDF)" in html
    assert "Add entry" not in html and "Edit</a>" not in html and 'name="agb_code"' not in html
    assert "New patient" not in page(client, LIST)
    assert client.post(LIST, {"family_name": "X"}).status_code == 403
    assert client.get(reverse("clinic:patient-edit", args=[patient.pk])).status_code == 403
    for name in ("clinic:patient-gp-link", "clinic:patient-gp-unlink", "clinic:patient-dossier-add"):
        assert client.post(reverse(name, args=[patient.pk]), {"agb_code": "01234567"}).status_code == 403
    assert Patient.objects.count() == 1 and not DossierEntry.objects.exists()


def test_a_read_only_tenant_shows_no_forms(client):
    admin = member("admin", status="read_only")
    PatientFactory(tenant=admin.tenant)
    login(client, admin.user.email, PASSWORD)
    assert "New patient" not in page(client, LIST)
    assert client.post(LIST, {"family_name": "X"}).status_code == 403


def test_another_tenants_patient_is_a_404(signed_in):
    other = PatientFactory()
    for name in ("clinic:patient", "clinic:patient-edit"):
        assert signed_in.get(reverse(name, args=[other.pk])).status_code == 404
    for name in ("clinic:patient-gp-link", "clinic:patient-gp-unlink", "clinic:patient-dossier-add"):
        assert signed_in.post(reverse(name, args=[other.pk]), {"agb_code": "01234567"}).status_code == 404


def test_pages_need_a_membership(client):
    assert client.get(LIST).status_code == 302  # to sign in
    outsider = member("staff")
    outsider.delete()
    login(client, outsider.user.email, PASSWORD)
    assert client.get(LIST).status_code == 404


def test_a_search_with_a_null_character_is_answered(signed_in):
    assert "No patient matches" in page(signed_in, LIST, search="ja\x00n")


def test_list_and_detail_take_the_same_queries_for_more_rows(signed_in, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    provider = HealthcareProviderFactory(tenant=staff.tenant)
    patient = PatientFactory(tenant=staff.tenant, general_practitioner=provider)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(url).status_code == 200
        return len(captured)

    def add_records():
        practitioner = PractitionerFactory(tenant=staff.tenant)
        DossierEntryFactory(tenant=staff.tenant, patient=patient, practitioner=practitioner)
        AppointmentFactory(tenant=staff.tenant, patient=patient, practitioner=practitioner)
        PatientInsuranceFactory(tenant=staff.tenant, patient=patient)

    add_records()
    detail = reverse("clinic:patient", args=[patient.pk])
    before = (queries(LIST), queries(detail))
    PatientFactory.create_batch(10, tenant=staff.tenant, general_practitioner=provider)
    for _ in range(5):
        add_records()
    assert (queries(LIST), queries(detail)) == before
