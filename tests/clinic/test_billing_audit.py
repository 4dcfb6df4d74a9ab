"""Every read of billing data records its NEN 7513 event through the billing selectors: the same actions,
records and details the pages and the API wrote by hand before, once per request, naming the page shown."""

import pytest
from django.urls import reverse

from epdee.clinic.services import billing
from epdee.core.models import AuditEvent
from tests.clinic.clients import api_client, member, signed_in, token_client
from tests.clinic.factories import CareActivityFactory, PatientFactory
from tests.clinic.support import draft_invoice

pytest.importorskip("epdee.clinic.pdf")


@pytest.fixture
def staff(db):
    return member("staff")


@pytest.fixture
def patient(staff):
    return PatientFactory(tenant=staff.tenant)


@pytest.fixture
def invoice(staff, patient):
    return billing.send_invoice(draft_invoice(staff, patient), by=staff.user)


@pytest.fixture
def activity(staff, patient):
    return CareActivityFactory(tenant=staff.tenant, patient=patient)


# surface, what is read → (URL, action, the record the event names, details beyond patient_ids and rows)
READS = {
    "page: invoices": lambda inv, act: (
        reverse("clinic:invoices") + "?status=sent",
        "invoice.list",
        inv,
        {"status": "sent"},
    ),
    "page: invoice": lambda inv, act: (reverse("clinic:invoice", args=[inv.pk]), "invoice.read", inv, {}),
    "page: invoice PDF": lambda inv, act: (reverse("clinic:invoice-pdf", args=[inv.pk]), "invoice.pdf", inv, {}),
    "page: register form": lambda inv, act: (
        reverse("clinic:care-activity-create") + f"?patientId={act.patient_id}",
        "care_activity.form",
        act.patient,
        {},
    ),
    "page: care activities": lambda inv, act: (
        reverse("clinic:care-activities") + f"?patientId={act.patient_id}",
        "care_activity.list",
        act,
        {"invoiced": False},
    ),
    "api: care activities": lambda inv, act: (
        f"/api/verrichtingen?patientId={act.patient_id}&invoiced=false",
        "care_activity.list",
        act,
        {"invoiced": False},
    ),
    "api: care activity": lambda inv, act: (f"/api/verrichtingen/{act.pk}", "care_activity.read", act, {}),
    "api: invoices": lambda inv, act: ("/api/facturen?status=sent", "invoice.list", inv, {"status": "sent"}),
    "api: invoice": lambda inv, act: (f"/api/facturen/{inv.pk}", "invoice.read", inv, {}),
    "api: invoice PDF": lambda inv, act: (f"/api/facturen/{inv.pk}/pdf", "invoice.pdf", inv, {}),
}


def _client(surface, client, staff):
    return signed_in(client, staff) if surface.startswith("page") else api_client(staff)


@pytest.mark.parametrize("read", READS)
def test_each_read_records_the_event_the_surface_always_wrote(client, staff, patient, invoice, activity, read):
    url, action, record, details = READS[read](invoice, activity)
    reader = _client(read, client, staff)
    before = AuditEvent.objects.count()
    assert reader.get(url).status_code == 200
    event = AuditEvent.objects.get(action=action)
    assert AuditEvent.objects.filter(sequence__gt=before).exclude(action__startswith="auth.").count() == 1
    assert event.actor == staff.user and event.tenant == staff.tenant
    assert event.patient_id == str(patient.pk) and event.details["patient_ids"] == [str(patient.pk)]
    if action.endswith(".list"):  # a list names its patients, not one record (as the views' events did)
        assert (event.object_type, event.object_id) == ("", "")
    else:
        assert (event.object_type, event.object_id) == (record._meta.label_lower, str(record.pk))
    assert details.items() <= event.details.items()


def test_a_list_event_names_the_page_shown(client, staff):
    made = [draft_invoice(staff, activities=1) for _ in range(27)]  # the dashboard shows 25 a page
    signed_in(client, staff)
    client.get(reverse("clinic:invoices"), {"page": 2})
    event = AuditEvent.objects.get(action="invoice.list")
    shown = sorted(made, key=lambda invoice: invoice.number)[:2]  # newest number first: page 2 has the oldest
    assert event.details == {
        "status": "",
        "patient_ids": sorted(str(invoice.patient_id) for invoice in shown),
        "rows": 2,
    }
    assert event.patient_id == "" and event.object_id == ""  # several patients: none named alone


def test_a_token_read_names_the_tokens_user(staff, invoice):
    assert token_client(staff, scope="read").get(f"/api/facturen/{invoice.pk}").status_code == 200
    assert AuditEvent.objects.get(action="invoice.read").actor == staff.user


@pytest.mark.parametrize("read", READS)
def test_another_practices_record_is_not_found_and_records_nothing(client, db, read):
    theirs = member("staff")
    patient = PatientFactory(tenant=theirs.tenant)
    url, action, _record, _details = READS[read](
        billing.send_invoice(draft_invoice(theirs, patient), by=theirs.user),
        CareActivityFactory(tenant=theirs.tenant, patient=patient),
    )
    mine = member("staff")
    response = _client(read, client, mine).get(url)
    if action.endswith(".list"):  # a list filtered on another practice's patient: nothing of theirs
        assert response.status_code in (200, 404)
        assert not AuditEvent.objects.filter(action=action, patient_id=str(patient.pk)).exists()
    else:
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(action=action).exists()


@pytest.mark.parametrize(
    ("url", "action", "rows"), [("/api/facturen", "invoice.list", 1), ("/api/verrichtingen", "care_activity.list", 2)]
)
def test_the_browsable_api_shows_a_list_with_one_event(staff, invoice, url, action, rows):
    response = api_client(staff).get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert AuditEvent.objects.get(action=action).details["rows"] == rows
