"""/api/facturen (seed 004): draft invoices of care activities, send, pay, credit; numbers without gaps."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epdee.clinic.models import CareActivity, Invoice, WebhookDelivery
from epdee.clinic.services import billing
from epdee.core.errors import PermissionDenied
from epdee.core.models import AuditEvent
from tests.clinic.clients import api_client, member, token_client
from tests.clinic.factories import CareActivityFactory, PatientFactory, WebhookEndpointFactory
from tests.clinic.support import draft_invoice

URL = "/api/facturen"
YEAR = billing.tenant_today
PRICES = [16500, 4250]


@pytest.fixture
def staff(db):
    return member("staff")


@pytest.fixture
def patient(staff):
    return PatientFactory(tenant=staff.tenant)


@pytest.fixture
def activities(staff, patient):
    return [
        CareActivityFactory(tenant=staff.tenant, patient=patient, unit_price_cents=price, quantity=quantity)
        for price, quantity in zip(PRICES, (1, 2), strict=True)
    ]


def create(client, patient, activities):
    return client.post(URL, {"patientId": patient.pk, "careActivityIds": [a.pk for a in activities]}, format="json")


def test_a_draft_invoice_copies_its_care_activities_as_lines(staff, patient, activities):
    response = create(api_client(staff), patient, activities)
    assert response.status_code == 201, response.json()
    data = response.json()
    year = YEAR(staff.tenant).year
    assert data["number"] == f"F{year}-00001" and data["status"] == "draft"
    assert data["issuedOn"] is None and data["dueOn"] is None and data["creditOfId"] is None
    assert data["totalCents"] == 16500 + 2 * 4250
    lines = data["lines"]
    assert [line["position"] for line in lines] == [1, 2]
    assert sorted((line["unitPriceCents"], line["quantity"], line["totalCents"]) for line in lines) == [
        (4250, 2, 8500),
        (16500, 1, 16500),
    ]
    assert {line["careActivityId"] for line in lines} == {a.pk for a in activities}
    assert set(CareActivity.objects.values_list("invoice_id", flat=True)) == {data["id"]}
    event = AuditEvent.objects.get(action="invoice.create")
    assert event.patient_id == str(patient.pk) and event.details["number"] == data["number"]


def test_numbers_run_on_per_tenant(staff, patient):
    first = draft_invoice(staff, patient)
    second = draft_invoice(staff, patient)
    other_tenant = draft_invoice(member("staff"))
    year = YEAR(staff.tenant).year
    assert (first.number, second.number) == (f"F{year}-00001", f"F{year}-00002")
    assert other_tenant.number == f"F{year}-00001"


def test_a_new_year_starts_at_one(staff, patient, monkeypatch):
    draft_invoice(staff, patient)
    monkeypatch.setattr(billing, "tenant_today", lambda tenant: date(2099, 1, 1))
    assert draft_invoice(staff, patient).number == "F2099-00001"
    assert draft_invoice(staff, patient).number == "F2099-00002"


def test_bad_requests_change_nothing_and_take_no_number(staff, patient, activities):
    client = api_client(staff)
    invoiced = draft_invoice(staff, patient, activities=1).care_activities.get()
    someone_else = CareActivityFactory(tenant=staff.tenant)
    theirs = CareActivityFactory()
    cases = [
        ({"patientId": patient.pk, "careActivityIds": []}, "careActivityIds"),
        ({"patientId": patient.pk}, "careActivityIds"),
        ({"patientId": patient.pk, "careActivityIds": "1,2"}, "careActivityIds"),
        ({"patientId": patient.pk, "careActivityIds": [0]}, "careActivityIds"),
        ({"patientId": patient.pk, "careActivityIds": [invoiced.pk]}, "careActivityIds"),
        ({"patientId": patient.pk, "careActivityIds": [activities[0].pk, someone_else.pk]}, "careActivityIds"),
        ({"patientId": patient.pk, "careActivityIds": [theirs.pk]}, "careActivityIds"),
        ({"patientId": patient.pk, "careActivityIds": [987654321]}, "careActivityIds"),
        ({"patientId": theirs.patient_id, "careActivityIds": [theirs.pk]}, "patientId"),
        ({"careActivityIds": [activities[0].pk]}, "patientId"),
    ]
    for payload, field in cases:
        response = client.post(URL, payload, format="json")
        assert response.status_code == 400 and field in response.json(), (payload, response.content)
    assert Invoice.objects.count() == 1
    assert CareActivity.objects.filter(pk__in=[a.pk for a in activities], invoice__isnull=True).count() == 2
    assert draft_invoice(staff, patient).number.endswith("-00002")  # no number was used up


def test_sending_issues_today_due_in_30_days_and_tells_the_webhooks(staff, patient):
    endpoint = WebhookEndpointFactory(tenant=staff.tenant, events=["invoice.sent"])
    WebhookEndpointFactory(tenant=staff.tenant, events=["patient.created"])
    invoice = draft_invoice(staff, patient)
    response = api_client(staff).post(f"{URL}/{invoice.pk}/send")
    assert response.status_code == 200, response.json()
    data = response.json()
    today = YEAR(staff.tenant)
    assert data["status"] == "sent" and data["issuedOn"] == today.isoformat()
    assert data["dueOn"] == (today + timedelta(days=30)).isoformat()
    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == endpoint and delivery.event == "invoice.sent"
    assert delivery.payload["data"]["number"] == invoice.number
    assert delivery.payload["data"]["totalCents"] == 33000
    assert AuditEvent.objects.filter(action="invoice.send", object_id=str(invoice.pk)).exists()


def test_the_status_decides_what_may_happen(staff, patient):
    client = api_client(staff)
    invoice = draft_invoice(staff, patient)
    assert client.post(f"{URL}/{invoice.pk}/pay").status_code == 409
    assert client.post(f"{URL}/{invoice.pk}/credit").status_code == 409
    assert client.post(f"{URL}/{invoice.pk}/send").status_code == 200
    again = client.post(f"{URL}/{invoice.pk}/send")
    assert again.status_code == 409 and "only a draft" in again.json()["detail"]
    assert client.post(f"{URL}/{invoice.pk}/pay").json()["status"] == "paid"
    assert client.post(f"{URL}/{invoice.pk}/pay").status_code == 409
    assert client.post(f"{URL}/{invoice.pk}/credit").status_code == 201
    assert client.post(f"{URL}/{invoice.pk}/credit").status_code == 409  # credited once
    invoice.refresh_from_db()
    assert invoice.status == "credited"


def test_a_draft_without_lines_is_not_sent(staff, patient):
    invoice = draft_invoice(staff, patient, activities=1)
    billing.delete_care_activity(invoice.care_activities.get(), by=staff.user)
    response = api_client(staff).post(f"{URL}/{invoice.pk}/send")
    assert response.status_code == 409
    invoice.refresh_from_db()
    assert invoice.status == "draft" and invoice.total_cents == 0


def test_crediting_makes_a_negative_credit_invoice_and_frees_the_care_activities(staff, patient):
    endpoint = WebhookEndpointFactory(tenant=staff.tenant, events=["invoice.sent"])
    invoice = billing.send_invoice(draft_invoice(staff, patient), by=staff.user)
    client = api_client(staff)
    response = client.post(f"{URL}/{invoice.pk}/credit")
    assert response.status_code == 201
    credit = response.json()
    assert credit["creditOfId"] == invoice.pk and credit["status"] == "sent"
    assert credit["number"].endswith("-00002") and credit["totalCents"] == -33000
    assert [line["totalCents"] for line in credit["lines"]] == [-16500, -16500]
    assert [line["quantity"] for line in credit["lines"]] == [-1, -1]
    assert client.get(f"{URL}/{invoice.pk}").json()["status"] == "credited"
    assert not CareActivity.objects.filter(invoice__isnull=False).exists()
    again = create(client, patient, CareActivity.objects.all())
    assert again.status_code == 201 and again.json()["totalCents"] == 33000
    assert client.post(f"{URL}/{credit['id']}/credit").status_code == 409  # a credit is not credited
    assert [d.payload["data"]["totalCents"] for d in endpoint.deliveries.order_by("pk")] == [33000, -33000]
    assert AuditEvent.objects.filter(action="invoice.credit").count() == 1


def test_listing_includes_lines_filters_and_is_audited(staff, patient):
    mine = draft_invoice(staff, patient)
    sent = billing.send_invoice(draft_invoice(staff), by=staff.user)
    draft_invoice(member("staff"))  # another tenant's
    client = api_client(staff)
    rows = client.get(URL).json()["results"]
    assert {row["id"] for row in rows} == {mine.pk, sent.pk}
    assert all(len(row["lines"]) == 2 for row in rows)
    assert [row["id"] for row in client.get(URL, {"status": "sent"}).json()["results"]] == [sent.pk]
    assert [row["id"] for row in client.get(URL, {"patientId": patient.pk}).json()["results"]] == [mine.pk]
    event = AuditEvent.objects.filter(action="invoice.list").order_by("sequence").first()
    assert sorted(event.details["patient_ids"]) == sorted({str(mine.patient_id), str(sent.patient_id)})


@pytest.mark.parametrize("params", [{"status": "open"}, {"patientId": "x"}, {"patientId": "-3"}])
def test_bad_filters_are_a_400(staff, params):
    assert api_client(staff).get(URL, params).status_code == 400


def test_the_list_needs_constant_queries(staff, django_assert_max_num_queries):
    client = api_client(staff)
    draft_invoice(staff, activities=1)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for _ in range(8):
        draft_invoice(staff, activities=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.json()["count"] == 9


def test_reading_one_is_audited(staff, patient):
    invoice = draft_invoice(staff, patient)
    data = api_client(staff).get(f"{URL}/{invoice.pk}").json()
    assert data["number"] == invoice.number and len(data["lines"]) == 2
    assert AuditEvent.objects.get(action="invoice.read").patient_id == str(patient.pk)


def test_viewers_and_read_only_tenants_read_but_change_nothing(db):
    viewer = member("viewer")
    invoice = draft_invoice(viewer)
    activity = CareActivityFactory(tenant=viewer.tenant, patient=invoice.patient)
    client = api_client(viewer)
    assert client.get(URL).status_code == 200
    assert create(client, invoice.patient, [activity]).status_code == 403
    assert client.post(f"{URL}/{invoice.pk}/send").status_code == 403
    admin = member("admin", tenant=viewer.tenant)
    viewer.tenant.status = "read_only"
    viewer.tenant.save()
    assert api_client(admin).post(f"{URL}/{invoice.pk}/send").status_code == 403
    invoice.refresh_from_db()
    assert invoice.status == "draft" and Invoice.objects.count() == 1


def test_a_read_token_cannot_send(staff, patient):
    invoice = draft_invoice(staff, patient)
    assert token_client(staff, scope="read").post(f"{URL}/{invoice.pk}/send").status_code == 403
    assert token_client(staff).post(f"{URL}/{invoice.pk}/send").status_code == 200


def test_the_service_refuses_a_read_only_tenant(db):
    admin = member("admin")
    patient = PatientFactory(tenant=admin.tenant)
    activity = CareActivityFactory(tenant=admin.tenant, patient=patient)
    admin.tenant.status = "read_only"
    admin.tenant.save()

    with pytest.raises(PermissionDenied, match="read-only"):
        billing.create_invoice(admin.tenant, by=admin.user, patient=patient, care_activity_ids=[activity.pk])


def test_invoice_dates_follow_the_tenants_calendar(staff, patient, monkeypatch):
    # 23:30 UTC on 31 December is already 1 January in Amsterdam.
    moment = datetime(2030, 12, 31, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert billing.tenant_today(staff.tenant) == date(2031, 1, 1)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    patient_id=st.one_of(
        st.none(), st.integers(), st.text(max_size=10), st.floats(allow_nan=False, allow_infinity=False)
    ),
    ids=st.one_of(st.none(), st.text(max_size=10), st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=5)),
)
def test_no_body_causes_a_server_error(staff, patient, activities, patient_id, ids):
    payload = {key: value for key, value in (("patientId", patient_id), ("careActivityIds", ids)) if value is not None}
    response = api_client(staff).post(URL, payload, format="json")
    assert response.status_code in (201, 400), (payload, response.content)
