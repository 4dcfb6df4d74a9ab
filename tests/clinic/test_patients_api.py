"""The patients API (seed 004): /api/patienten, detail, PATCH, huisarts, dossier — rules, roles, audit, queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from epdee.clinic.models import DossierEntry, HealthcareProvider, Patient
from epdee.core.models import ApiToken, AuditEvent
from tests.clinic.clients import api_client, member, token_client
from tests.clinic.factories import (
    AppointmentFactory,
    DossierEntryFactory,
    HealthcareProviderFactory,
    PatientFactory,
    PatientInsuranceFactory,
    PractitionerFactory,
    valid_bsn,
)

pytestmark = pytest.mark.django_db

LIST = "/api/patienten"


def detail(patient):
    return f"/api/patienten/{patient.pk}"


@pytest.fixture
def staff():
    return member("staff")


@pytest.fixture
def client(staff):
    return api_client(staff)


def audit(action):
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


# --- list and search -----------------------------------------------------------------------------------


def test_the_list_holds_the_tenants_patients_only_and_is_audited(client, staff):
    mine = PatientFactory.create_batch(3, tenant=staff.tenant)
    PatientFactory.create_batch(2)  # another tenant's
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and {row["id"] for row in body["results"]} == {p.pk for p in mine}
    assert set(body["results"][0]) >= {"identificationNumber", "bsn", "familyName", "birthDate", "displayName"}
    (event,) = audit("patient.list")
    assert event.details["patient_ids"] == sorted(str(p.pk) for p in mine)
    assert event.tenant == staff.tenant and event.actor == staff.user


def test_search_finds_by_name_bsn_and_dutch_birth_date(client, staff):
    jan = PatientFactory(tenant=staff.tenant, family_name="Visser", birth_date=date(1980, 3, 1), bsn=valid_bsn(7))
    PatientFactory(tenant=staff.tenant, family_name="de Boer", birth_date=date(1990, 1, 1))
    for search in ("viss", valid_bsn(7), "01-03-1980", "1980-03-01"):
        body = client.get(LIST, {"search": search}).json()
        assert [row["id"] for row in body["results"]] == [jan.pk], search
    assert audit("patient.list")[-1].details["search"] == "1980-03-01"


def test_the_list_is_paginated(client, staff):
    PatientFactory.create_batch(55, tenant=staff.tenant)
    first = client.get(LIST).json()
    assert len(first["results"]) == 50 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert len(audit("patient.list")[-1].details["patient_ids"]) == 5


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_takes_the_same_queries_for_more_patients(client, staff):
    provider = HealthcareProviderFactory(tenant=staff.tenant)
    PatientFactory.create_batch(2, tenant=staff.tenant, general_practitioner=provider)
    few = count_queries(client, LIST)
    PatientFactory.create_batch(30, tenant=staff.tenant, general_practitioner=provider)
    assert count_queries(client, LIST) == few


# --- create --------------------------------------------------------------------------------------------


def test_creating_a_patient(client, staff):
    response = client.post(
        LIST,
        {
            "bsn": "111222333",
            "initials": "A.B.",
            "firstName": "Anna",
            "prefix": "de",
            "familyName": "Vries",
            "birthDate": "14-02-1990",
            "sex": "F",
            "street": "Oudegracht",
            "houseNumber": "1",
            "postalCode": "3511ab",
            "city": "Utrecht",
            "email": "anna@example.test",
            "phone": "030 123 4567",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["identificationNumber"] == "P000001" and body["displayName"] == "A.B. de Vries"
    assert body["birthDate"] == "1990-02-14" and body["postalCode"] == "3511 AB"
    patient = Patient.objects.for_tenant(staff.tenant).get()
    assert patient.bsn == "111222333" and patient.source == Patient.Source.API
    event = audit("patient.create")[0]
    assert event.patient_id == str(patient.pk) and event.actor == staff.user


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"bsn": "111222334"}, "bsn", "11-proof"),
        ({"bsn": "12"}, "bsn", "9 digits"),
        ({"birthDate": "2999-01-01"}, "birthDate", "future"),
        ({"birthDate": "31-02-2000"}, "birthDate", "format"),
        ({"postalCode": "ABCD 12"}, "postalCode", "Dutch postal code"),
        ({"sex": "Q"}, "sex", "valid choice"),
        ({"email": "nope"}, "email", "valid"),
        ({"familyName": ""}, "familyName", "blank"),
        ({"identificationNumber": "with space"}, "identificationNumber", "letters"),
        ({"country": "Nederland"}, "country", "2 characters"),
        ({"familyName": "Jan\x0fsen"}, "familyName", "Control characters"),
        ({"firstName": "Anna\nMaria"}, "firstName", "no tabs or line breaks"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_changes(client, staff, payload, field, message):
    response = client.post(LIST, {"familyName": "Jansen", **payload}, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not Patient.objects.exists() and not audit("patient.create")


def test_a_duplicate_bsn_is_a_clear_400(client, staff):
    PatientFactory(tenant=staff.tenant, bsn="111222333")
    response = client.post(LIST, {"familyName": "Jansen", "bsn": "111222333"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"bsn": ["Another patient of this organisation already has this BSN."]}


def test_the_family_name_is_required(client):
    response = client.post(LIST, {}, format="json")
    assert response.status_code == 400 and "familyName" in response.json()


@given(
    payload=st.dictionaries(
        st.sampled_from(
            [
                "bsn",
                "familyName",
                "firstName",
                "birthDate",
                "postalCode",
                "country",
                "sex",
                "phone",
                "email",
                "identificationNumber",
                "initials",
                "houseNumber",
            ]
        ),
        st.one_of(st.text(max_size=40), st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=2)),
    )
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_input_causes_a_server_error(client, payload):
    response = client.post(LIST, payload, format="json")
    assert response.status_code in (201, 400), (payload, response.content)


# --- detail and change ---------------------------------------------------------------------------------


def test_the_detail_has_dossier_insurances_and_gp_and_is_audited(client, staff):
    provider = HealthcareProviderFactory(tenant=staff.tenant, agb_code="01234567", name="De Linde")
    patient = PatientFactory(tenant=staff.tenant, general_practitioner=provider)
    practitioner = PractitionerFactory(tenant=staff.tenant, name="Dr. Smit")
    DossierEntryFactory(tenant=staff.tenant, patient=patient, practitioner=practitioner, title="Intake")
    PatientInsuranceFactory(tenant=staff.tenant, patient=patient, uzovi="9015")
    body = client.get(detail(patient)).json()
    assert body["generalPractitioner"]["agbCode"] == "01234567"
    assert (
        body["dossierEntries"][0]["title"] == "Intake" and body["dossierEntries"][0]["practitionerName"] == "Dr. Smit"
    )
    assert body["insurances"][0]["uzovi"] == "9015"
    (event,) = audit("patient.view")
    assert event.patient_id == str(patient.pk) and event.object_id == str(patient.pk)


def test_the_detail_takes_the_same_queries_for_a_longer_dossier(client, staff):
    patient = PatientFactory(tenant=staff.tenant)
    DossierEntryFactory(tenant=staff.tenant, patient=patient, practitioner=PractitionerFactory(tenant=staff.tenant))
    few = count_queries(client, detail(patient))
    for _ in range(10):
        DossierEntryFactory(tenant=staff.tenant, patient=patient, practitioner=PractitionerFactory(tenant=staff.tenant))
        PatientInsuranceFactory(tenant=staff.tenant, patient=patient)
    assert count_queries(client, detail(patient)) == few


def test_patch_changes_by_the_same_rules(client, staff):
    patient = PatientFactory(tenant=staff.tenant, city="Utrecht", bsn=valid_bsn(1))
    PatientFactory(tenant=staff.tenant, bsn=valid_bsn(2))
    response = client.patch(detail(patient), {"city": "Zeist", "postalCode": "3701 aa"}, format="json")
    assert response.status_code == 200 and response.json()["city"] == "Zeist"
    assert response.json()["postalCode"] == "3701 AA"
    refused = client.patch(detail(patient), {"city": "Amersfoort", "bsn": valid_bsn(2)}, format="json")
    assert refused.status_code == 400 and "bsn" in refused.json()
    patient.refresh_from_db()
    assert (patient.city, patient.bsn) == ("Zeist", valid_bsn(1))
    assert client.put(detail(patient), {"familyName": "X"}, format="json").status_code == 405
    assert audit("patient.update")[0].details["fields"] == ["city", "postal_code"]


# --- roles, tenants, tokens ----------------------------------------------------------------------------


def test_another_tenants_patient_is_a_404_everywhere(client):
    other = PatientFactory()
    urls = [detail(other), f"{detail(other)}/dossier", f"{detail(other)}/dossier-pdf"]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.patch(detail(other), {"city": "X"}, format="json").status_code == 404
    assert client.post(f"{detail(other)}/huisarts", {"agbCode": "01234567"}, format="json").status_code == 404
    assert client.delete(f"{detail(other)}/huisarts").status_code == 404
    post = client.post(f"{detail(other)}/dossier", {"title": "x", "text": "y"}, format="json")
    assert post.status_code == 404
    assert not HealthcareProvider.objects.exists() and not DossierEntry.objects.exists()
    assert not audit("patient.view")


def test_viewers_and_read_only_tenants_only_read():
    viewer = member("viewer")
    patient = PatientFactory(tenant=viewer.tenant)
    inzage = member("admin", status="read_only")
    archived = PatientFactory(tenant=inzage.tenant)
    for membership, target in ((viewer, patient), (inzage, archived)):
        client = api_client(membership)
        assert client.get(LIST).status_code == 200
        assert client.get(detail(target)).status_code == 200
        assert client.post(LIST, {"familyName": "Nieuw"}, format="json").status_code == 403
        assert client.patch(detail(target), {"city": "X"}, format="json").status_code == 403
        assert client.post(f"{detail(target)}/huisarts", {"agbCode": "01234567"}, format="json").status_code == 403
        assert client.post(f"{detail(target)}/dossier", {"title": "a", "text": "b"}, format="json").status_code == 403
    assert Patient.objects.count() == 2 and not DossierEntry.objects.exists()


def test_no_membership_is_a_404_and_no_sign_in_a_401():
    outsider = member("staff")
    outsider.delete()
    client = APIClient()
    client.force_login(outsider.user)
    assert client.get(LIST).status_code == 404
    assert APIClient().get(LIST).status_code == 401


def test_tenant_tokens_read_and_write_by_scope(staff):
    PatientFactory(tenant=staff.tenant)
    reader = token_client(staff, scope=ApiToken.Scope.READ)
    assert reader.get(LIST).json()["count"] == 1
    assert reader.post(LIST, {"familyName": "Nieuw"}, format="json").status_code == 403
    writer = token_client(staff)
    assert writer.post(LIST, {"familyName": "Nieuw"}, format="json").status_code == 201


# --- general practitioner ------------------------------------------------------------------------------


def test_linking_and_unlinking_the_gp(client, staff):
    patient = PatientFactory(tenant=staff.tenant)
    response = client.post(f"{detail(patient)}/huisarts", {"agbCode": "01234567"}, format="json")
    assert response.status_code == 200
    assert response.json()["name"] == "AGB 01234567" and response.json()["agbCode"] == "01234567"
    named = client.post(f"{detail(patient)}/huisarts", {"agbCode": "01234567", "name": "De Linde"}, format="json")
    assert named.json()["name"] == "De Linde"
    patient.refresh_from_db()
    assert patient.general_practitioner.name == "De Linde"
    assert client.delete(f"{detail(patient)}/huisarts").status_code == 204
    patient.refresh_from_db()
    assert patient.general_practitioner is None
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="patient.gp").order_by("sequence")] == [
        "patient.gp_link",
        "patient.gp_link",
        "patient.gp_unlink",
    ]


@pytest.mark.parametrize("code", ["1234567", "0123456a", "", "123456789"])
def test_a_bad_agb_code_is_a_400(client, staff, code):
    patient = PatientFactory(tenant=staff.tenant)
    response = client.post(f"{detail(patient)}/huisarts", {"agbCode": code}, format="json")
    assert response.status_code == 400 and "agbCode" in response.json()
    assert not HealthcareProvider.objects.exists()


# --- dossier -------------------------------------------------------------------------------------------


def test_adding_and_listing_dossier_entries(client, staff):
    patient = PatientFactory(tenant=staff.tenant)
    practitioner = PractitionerFactory(tenant=staff.tenant, name="Dr. Smit")
    response = client.post(
        f"{detail(patient)}/dossier",
        {
            "title": "Consult",
            "text": "Klachten besproken.",
            "kind": "note",
            "occurredAt": "2026-03-02T10:15:00",
            "practitionerId": practitioner.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["practitionerName"] == "Dr. Smit" and body["kind"] == "note"
    assert body["occurredAt"] == "2026-03-02T10:15:00+01:00"  # naive times are the tenant's (Amsterdam)
    listed = client.get(f"{detail(patient)}/dossier").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]
    assert audit("patient.dossier_add") and audit("patient.dossier_list")


def test_a_practitioner_of_another_tenant_or_a_future_time_is_a_400(client, staff):
    patient = PatientFactory(tenant=staff.tenant)
    stranger = PractitionerFactory()
    response = client.post(
        f"{detail(patient)}/dossier",
        {
            "title": "Consult",
            "text": "x",
            "practitionerId": stranger.pk,
            "occurredAt": (timezone.now() + timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"practitionerId", "occurredAt"}
    assert not DossierEntry.objects.exists()


def test_a_dossier_text_keeps_its_lines_but_no_control_characters(client, staff):
    patient = PatientFactory(tenant=staff.tenant)
    url = f"{detail(patient)}/dossier"
    refused = client.post(url, {"title": "Con\nsult", "text": "Bell\x07"}, format="json")
    assert refused.status_code == 400 and set(refused.json()) == {"title", "text"}
    assert not DossierEntry.objects.exists()
    kept = client.post(url, {"title": "Consult", "text": "Klachten:\n\t- rug"}, format="json")
    assert kept.status_code == 201 and DossierEntry.objects.get().text == "Klachten:\n\t- rug"
    assert kept.json()["practitionerName"] is None  # the author is no practitioner: null, as documented


def test_a_dossier_entry_before_1900_is_a_400(client, staff):
    patient = PatientFactory(tenant=staff.tenant)
    body = {"title": "Consult", "text": "x", "occurredAt": "1025-11-28T22:03:46Z"}
    response = client.post(f"{detail(patient)}/dossier", body, format="json")
    assert response.status_code == 400 and "too far in the past" in str(response.json())
    assert not DossierEntry.objects.exists()


def test_the_patient_list_is_not_disturbed_by_appointments(client, staff):
    AppointmentFactory(tenant=staff.tenant)
    assert client.get(LIST).json()["count"] == 1


@given(search=st.text(max_size=60))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_search_is_answered(client, search):
    assert client.get(LIST, {"search": search}).status_code == 200


@given(
    payload=st.fixed_dictionaries(
        {},
        optional={
            "title": st.text(max_size=30),
            "text": st.text(max_size=60),
            "kind": st.one_of(st.sampled_from(["report", "note"]), st.text(max_size=8)),
            "occurredAt": st.one_of(st.text(max_size=30), st.datetimes().map(lambda d: d.isoformat())),
            "practitionerId": st.one_of(st.integers(), st.text(max_size=5), st.none()),
        },
    )
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_dossier_input_causes_a_server_error(client, staff, payload):
    patient = Patient.objects.for_tenant(staff.tenant).first() or PatientFactory(tenant=staff.tenant)
    response = client.post(f"{detail(patient)}/dossier", payload, format="json")
    assert response.status_code in (201, 400), (payload, response.content)
