"""The patient selectors: each checks who reads and writes exactly the NEN 7513 event the pages and the API
wrote by hand before (action, who, which tenant, which patient, which object, which details) — once, when
the rows are loaded, and not at all for a patient that is not found."""

import pytest
from django.urls import reverse

from epdee.clinic.selectors import patients as selectors
from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.models import ApiToken, AuditEvent
from epdee.core.permissions import Actor
from tests.clinic.clients import api_client, member, token_client
from tests.clinic.factories import AppointmentFactory, DossierEntryFactory, PatientFactory, PatientInsuranceFactory
from tests.core.factories import PASSWORD
from tests.support import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return member("staff")


def events():
    """The patient events (signing in and making a token are recorded too, but are not reads)."""
    return list(AuditEvent.objects.filter(action__startswith="patient.").order_by("sequence"))


def the_event(action, *, by, tenant, patient=None, details=None) -> AuditEvent:
    """The one event written, checked field by field against what the surfaces recorded before selectors."""
    (event,) = events()
    assert (event.action, event.actor, event.tenant) == (action, by, tenant)
    assert event.patient_id == (str(patient.pk) if patient is not None else "")
    for key, value in (details or {}).items():
        assert event.details[key] == value, key
    return event


# --- the list ------------------------------------------------------------------------------------------


def test_the_list_records_the_page_loaded_and_the_search(staff):
    tenant = staff.tenant
    shown = [PatientFactory(tenant=tenant, family_name=f"Berg {n}") for n in range(3)]
    PatientFactory(tenant=tenant, family_name="Visser")
    patients = selectors.patient_list(by=staff.user, tenant=tenant, search=" berg\x00 ")
    assert patients.count() == 3 and not events()  # counting reads no patient data
    page = list(patients.order_by("family_name")[:2])
    event = the_event(
        "patient.list",
        by=staff.user,
        tenant=tenant,
        details={"search": "berg", "patient_ids": sorted(str(p.pk) for p in shown[:2])},
    )
    assert page == shown[:2] and event.object_id == "" and event.object_type == ""


def test_an_empty_page_is_recorded_too(staff):
    assert list(selectors.patient_list(by=staff.user, tenant=staff.tenant, search="nobody")) == []
    the_event("patient.list", by=staff.user, tenant=staff.tenant, details={"search": "nobody", "patient_ids": []})


def test_the_list_of_another_tenant_is_not_found_and_records_nothing(staff):
    with pytest.raises(NotFound):
        selectors.patient_list(by=staff.user, tenant=member().tenant)
    assert not events()


# --- one patient ---------------------------------------------------------------------------------------


def test_the_detail_records_patient_view_naming_the_patient(staff):
    patient = PatientFactory(tenant=staff.tenant)
    PatientInsuranceFactory(tenant=staff.tenant, patient=patient)
    DossierEntryFactory(tenant=staff.tenant, patient=patient)
    found = selectors.patient_detail(patient.pk, by=staff.user, tenant=staff.tenant)
    assert len(found.insurances.all()) == 1 and len(found.dossier_entries.all()) == 1
    event = the_event(
        "patient.view", by=staff.user, tenant=staff.tenant, patient=patient, details={"patient_ids": [str(patient.pk)]}
    )
    assert (event.object_type, event.object_id) == ("clinic.patient", str(patient.pk))
    assert "page" not in event.details


@pytest.mark.parametrize(
    "read",
    [
        lambda pk, by, tenant: selectors.patient_detail(pk, by=by, tenant=tenant),
        lambda pk, by, tenant: selectors.patient_for_edit(pk, by=by, tenant=tenant),
        lambda pk, by, tenant: selectors.patient_to_change(pk, by=by, tenant=tenant),
        lambda pk, by, tenant: selectors.patient_dossier(pk, by=by, tenant=tenant),
        lambda pk, by, tenant: selectors.dossier_context(pk, by=by, tenant=tenant),
    ],
    ids=["detail", "edit", "to change", "dossier", "dossier pdf"],
)
@pytest.mark.parametrize("whose", ["another tenant's", "nobody's", "not a number"])
def test_a_patient_that_is_not_found_is_not_found_and_records_nothing(staff, read, whose):
    pk = {"another tenant's": lambda: PatientFactory().pk, "nobody's": lambda: 987654, "not a number": lambda: "x"}
    with pytest.raises(NotFound):
        read(pk[whose](), staff.user, staff.tenant)
    assert not events()


def test_the_edit_page_read_is_for_those_who_may_change_and_says_so(staff):
    patient = PatientFactory(tenant=staff.tenant)
    viewer = member("viewer", staff.tenant)
    with pytest.raises(PermissionDenied):
        selectors.patient_for_edit(patient.pk, by=viewer.user, tenant=staff.tenant)
    assert not events()
    selectors.patient_for_edit(patient.pk, by=staff.user, tenant=staff.tenant)
    event = the_event("patient.view", by=staff.user, tenant=staff.tenant, patient=patient, details={"page": "edit"})
    assert event.object_id == str(patient.pk)


def test_the_patient_a_change_acts_on_is_not_recorded_as_a_read(staff):
    patient = PatientFactory(tenant=staff.tenant)
    assert selectors.patient_to_change(patient.pk, by=staff.user, tenant=staff.tenant, detail=True) == patient
    assert not events()
    with pytest.raises(PermissionDenied):  # only for those who may change him
        selectors.patient_to_change(patient.pk, by=member("viewer", staff.tenant).user, tenant=staff.tenant)


# --- the dossier ---------------------------------------------------------------------------------------


def test_the_dossier_list_names_the_patient_even_when_his_dossier_is_empty(staff):
    patient = PatientFactory(tenant=staff.tenant)
    assert list(selectors.patient_dossier(patient.pk, by=staff.user, tenant=staff.tenant)) == []
    event = the_event(
        "patient.dossier_list",
        by=staff.user,
        tenant=staff.tenant,
        patient=patient,
        details={"patient_ids": [str(patient.pk)]},
    )
    assert event.object_id == str(patient.pk)


def test_the_dossier_pdf_context_is_the_whole_record_and_recorded_once(staff):
    patient = PatientFactory(tenant=staff.tenant)
    DossierEntryFactory.create_batch(3, tenant=staff.tenant, patient=patient)
    AppointmentFactory(tenant=staff.tenant, patient=patient)
    context = selectors.dossier_context(patient.pk, by=staff.user, tenant=staff.tenant)
    assert len(context["entries"]) == 3 and len(context["appointments"]) == 1 and context["patient"] == patient
    event = the_event("patient.dossier_pdf", by=staff.user, tenant=staff.tenant, patient=patient)
    assert event.object_id == str(patient.pk)


def test_a_read_only_token_and_a_bound_certificate_may_read(staff):
    patient = PatientFactory(tenant=staff.tenant)
    token_user = member("viewer", staff.tenant)
    reader = Actor(user=token_user.user, token=ApiToken(scope=ApiToken.Scope.READ, tenant=staff.tenant))
    assert selectors.patient_detail(patient.pk, by=reader, tenant=staff.tenant) == patient
    certificate = Actor(label="connector 7 v1", tenant=staff.tenant, role="staff")
    assert list(selectors.patient_dossier(patient.pk, by=certificate, tenant=staff.tenant)) == []
    assert [(e.action, e.actor_label) for e in events()] == [
        ("patient.view", token_user.user.email),
        ("patient.dossier_list", "connector 7 v1"),
    ]


# --- through the surfaces: the same events as before ---------------------------------------------------


def test_the_pages_record_list_detail_and_edit_as_before(client, staff):
    patient = PatientFactory(tenant=staff.tenant)
    login(client, staff.user.email, PASSWORD)
    client.get(reverse("clinic:patients"), {"search": "x"})
    client.get(reverse("clinic:patient", args=[patient.pk]))
    client.get(reverse("clinic:patient-edit", args=[patient.pk]))
    data = {"family_name": "Jansen", "sex": "U", "identification_number": patient.identification_number}
    client.post(reverse("clinic:patient-edit", args=[patient.pk]), data)  # a change, not a read
    recorded = [(e.action, e.object_id, e.details.get("page"), e.details.get("search")) for e in events()]
    assert recorded == [
        ("patient.list", "", None, "x"),
        ("patient.view", str(patient.pk), None, None),
        ("patient.view", str(patient.pk), "edit", None),
        ("patient.update", str(patient.pk), None, None),
    ]


def test_the_api_records_list_detail_and_dossier_as_before(staff):
    patient = PatientFactory(tenant=staff.tenant)
    client = api_client(staff)
    client.get("/api/patienten")
    client.get(f"/api/patienten/{patient.pk}")
    client.get(f"/api/patienten/{patient.pk}/dossier")
    client.patch(f"/api/patienten/{patient.pk}", {"city": "Zeist"}, format="json")  # no read event
    token_client(staff, scope=ApiToken.Scope.READ).get(f"/api/patienten/{patient.pk}")
    recorded = [(e.action, e.patient_id, e.object_id) for e in events()]
    assert recorded == [
        ("patient.list", str(patient.pk), ""),
        ("patient.view", str(patient.pk), str(patient.pk)),
        ("patient.dossier_list", str(patient.pk), str(patient.pk)),
        ("patient.update", str(patient.pk), str(patient.pk)),
        ("patient.view", str(patient.pk), str(patient.pk)),
    ]
