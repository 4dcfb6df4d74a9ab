"""GET/POST /api/verrichtingen and DELETE /api/verrichtingen/{id} (seed 004): care activities of a tenant."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epdee.clinic.models import CareActivity, InvoiceLine
from epdee.clinic.services import billing
from epdee.core.models import AuditEvent
from tests.clinic.clients import api_client, member, token_client
from tests.clinic.factories import AppointmentFactory, CareActivityFactory, PatientFactory
from tests.clinic.support import draft_invoice

URL = "/api/verrichtingen"


@pytest.fixture
def staff(db):
    return member("staff")


@pytest.fixture
def patient(staff):
    return PatientFactory(tenant=staff.tenant)


def body(patient, **extra):
    return {"patientId": patient.pk, "description": "Eerste polikliniekbezoek", **extra}


def test_registering_a_care_activity_with_its_codes_and_price(staff, patient):
    appointment = AppointmentFactory(tenant=staff.tenant, patient=patient)
    response = api_client(staff).post(
        URL,
        body(
            patient,
            appointmentId=appointment.pk,
            prestatieCode="190010",
            zorgactiviteitCode="039133",
            unitPriceCents=16500,
            quantity=2,
            notes="Controle na 6 weken",
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["patientId"] == patient.pk and data["appointmentId"] == appointment.pk
    assert (data["prestatieCode"], data["zorgactiviteitCode"]) == ("190010", "039133")
    assert (data["unitPriceCents"], data["quantity"], data["totalCents"]) == (16500, 2, 33000)
    assert data["invoiceId"] is None
    activity = CareActivity.objects.get(pk=data["id"])
    assert activity.created_by == staff.user and activity.tenant == staff.tenant
    event = AuditEvent.objects.get(action="care_activity.create")
    assert event.patient_id == str(patient.pk) and event.actor == staff.user


def test_defaults_are_now_one_and_free(staff, patient):
    before = timezone.now()
    data = api_client(staff).post(URL, body(patient), format="json").json()
    activity = CareActivity.objects.get(pk=data["id"])
    assert (activity.quantity, activity.unit_price_cents, activity.appointment) == (1, 0, None)
    assert before <= activity.performed_at <= timezone.now()


def _bad_bodies(tenant, patient):
    other_tenant_patient = PatientFactory()
    other_patients_appointment = AppointmentFactory(tenant=tenant)
    other_tenant_appointment = AppointmentFactory()
    far_future = (timezone.now() + timedelta(days=30)).isoformat()
    return [
        ({"description": "x"}, "patientId"),
        (body(patient, patientId="abc"), "patientId"),
        (body(patient, patientId=2**70), "patientId"),
        (body(other_tenant_patient), "patientId"),
        (body(patient, appointmentId=other_tenant_appointment.pk), "appointmentId"),
        (body(patient, appointmentId=other_patients_appointment.pk), "appointmentId"),
        (body(patient, description=""), "description"),
        (body(patient, description="x" * 301), "description"),
        (body(patient, prestatieCode="190-010"), "prestatieCode"),
        (body(patient, prestatieCode="A" * 21), "prestatieCode"),
        (body(patient, zorgactiviteitCode="03 91"), "zorgactiviteitCode"),
        (body(patient, zorgactiviteitCode="0391\n1"), "zorgactiviteitCode"),
        (body(patient, unitPriceCents=-1), "unitPriceCents"),
        (body(patient, unitPriceCents="12,50"), "unitPriceCents"),
        (body(patient, quantity=0), "quantity"),
        (body(patient, unitPriceCents=billing.MAX_UNIT_PRICE_CENTS, quantity=billing.MAX_QUANTITY), "quantity"),
        (body(patient, performedAt=far_future), "performedAt"),
        (body(patient, performedAt="yesterday"), "performedAt"),
        (body(patient, performedAt="0001-01-01T00:00:00+05:00"), "performedAt"),
    ]


def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(staff, patient):
    client = api_client(staff)
    for payload, field in _bad_bodies(staff.tenant, patient):
        response = client.post(URL, payload, format="json")
        assert response.status_code == 400, (payload, response.content)
        assert field in response.json(), (payload, response.json())
    assert not CareActivity.objects.exists()
    assert not AuditEvent.objects.filter(action="care_activity.create").exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.dictionaries(
        st.sampled_from(
            [
                "patientId",
                "appointmentId",
                "description",
                "prestatieCode",
                "zorgactiviteitCode",
                "unitPriceCents",
                "quantity",
                "performedAt",
                "notes",
            ]
        ),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(max_size=40),
            st.datetimes(timezones=st.timezones()).map(lambda value: value.isoformat()),
            st.lists(st.integers(), max_size=3),
        ),
    )
)
def test_no_body_causes_a_server_error(staff, patient, payload):
    response = api_client(staff).post(URL, {"description": "Consult", **payload}, format="json")
    assert response.status_code in (201, 400), (payload, response.content)


def test_listing_a_patients_care_activities_is_audited_with_the_ids_shown(staff, patient):
    mine = CareActivityFactory.create_batch(2, tenant=staff.tenant, patient=patient)
    CareActivityFactory(tenant=staff.tenant)  # another patient's
    CareActivityFactory(patient=PatientFactory())  # another tenant's
    response = api_client(staff).get(URL, {"patientId": patient.pk})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {activity.pk for activity in mine}
    event = AuditEvent.objects.get(action="care_activity.list")
    assert event.details["patient_ids"] == [str(patient.pk)] and event.patient_id == str(patient.pk)


def test_listing_an_appointments_care_activities_and_filtering_on_invoiced(staff, patient):
    appointment = AppointmentFactory(tenant=staff.tenant, patient=patient)
    at_appointment = CareActivityFactory(tenant=staff.tenant, patient=patient, appointment=appointment)
    CareActivityFactory(tenant=staff.tenant, patient=patient)
    client = api_client(staff)
    rows = client.get(URL, {"appointmentId": appointment.pk}).json()["results"]
    assert [row["id"] for row in rows] == [at_appointment.pk]
    invoice = draft_invoice(staff, patient, activities=1)
    invoiced = client.get(URL, {"patientId": patient.pk, "invoiced": "true"}).json()["results"]
    assert [row["invoiceId"] for row in invoiced] == [invoice.pk]
    still_open = client.get(URL, {"patientId": patient.pk, "invoiced": "false"}).json()["results"]
    assert len(still_open) == 2 and all(row["invoiceId"] is None for row in still_open)


def test_a_list_shows_only_the_tenants_rows_and_another_tenants_patient_gives_nothing(staff):
    theirs = CareActivityFactory()
    client = api_client(staff)
    assert client.get(URL).json()["results"] == []
    assert client.get(URL, {"patientId": theirs.patient_id}).json()["results"] == []


@pytest.mark.parametrize(
    "params", [{"patientId": "abc"}, {"patientId": "0"}, {"appointmentId": "1e9"}, {"invoiced": "maybe"}]
)
def test_bad_filters_are_a_400(staff, params):
    assert api_client(staff).get(URL, params).status_code == 400


def test_the_list_needs_constant_queries(staff, patient, django_assert_max_num_queries):
    client = api_client(staff)
    CareActivityFactory.create_batch(2, tenant=staff.tenant, patient=patient)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    CareActivityFactory.create_batch(30, tenant=staff.tenant)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.json()["count"] == 32


def test_reading_one_is_audited(staff, patient):
    activity = CareActivityFactory(tenant=staff.tenant, patient=patient)
    assert api_client(staff).get(f"{URL}/{activity.pk}").json()["id"] == activity.pk
    assert AuditEvent.objects.get(action="care_activity.read").object_id == str(activity.pk)


def test_deleting_a_care_activity_is_audited(staff, patient):
    activity = CareActivityFactory(tenant=staff.tenant, patient=patient)
    assert api_client(staff).delete(f"{URL}/{activity.pk}").status_code == 204
    assert not CareActivity.objects.exists()
    assert AuditEvent.objects.get(action="care_activity.delete").patient_id == str(patient.pk)


def test_deleting_one_on_a_draft_takes_its_line_off_the_draft(staff, patient):
    invoice = draft_invoice(staff, patient, activities=2, price=1000)
    activity = invoice.care_activities.first()
    assert api_client(staff).delete(f"{URL}/{activity.pk}").status_code == 204
    invoice.refresh_from_db()
    assert invoice.total_cents == 1000 and invoice.lines.count() == 1


@pytest.mark.parametrize("status", ["sent", "paid"])
def test_deleting_one_on_a_sent_invoice_is_refused(staff, patient, status):
    invoice = billing.send_invoice(draft_invoice(staff, patient), by=staff.user)
    if status == "paid":
        billing.pay_invoice(invoice, by=staff.user)
    activity = invoice.care_activities.first()
    response = api_client(staff).delete(f"{URL}/{activity.pk}")
    assert response.status_code == 409 and invoice.number in response.json()["detail"]
    assert CareActivity.objects.filter(pk=activity.pk).exists()
    assert InvoiceLine.objects.filter(care_activity=activity).exists()


def test_after_a_credit_the_care_activity_may_go(staff, patient):
    invoice = billing.send_invoice(draft_invoice(staff, patient, activities=1), by=staff.user)
    activity = invoice.care_activities.get()
    billing.credit_invoice(invoice, by=staff.user)
    assert api_client(staff).delete(f"{URL}/{activity.pk}").status_code == 204
    assert invoice.lines.count() == 1  # the invoice keeps its copy of the line


@pytest.mark.parametrize("role", ["viewer"])
def test_a_viewer_reads_but_cannot_register_or_delete(db, role):
    viewer = member(role)
    patient = PatientFactory(tenant=viewer.tenant)
    activity = CareActivityFactory(tenant=viewer.tenant, patient=patient)
    client = api_client(viewer)
    assert client.get(URL).status_code == 200
    assert client.post(URL, body(patient), format="json").status_code == 403
    assert client.delete(f"{URL}/{activity.pk}").status_code == 403
    assert CareActivity.objects.count() == 1


def test_a_read_only_tenant_cannot_register(db):
    admin = member("admin", read_only=True)
    patient = PatientFactory(tenant=admin.tenant)
    client = api_client(admin)
    assert client.get(URL).status_code == 200
    response = client.post(URL, body(patient), format="json")
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert not CareActivity.objects.exists()


def test_tokens_act_for_their_tenant_within_their_scope(staff, patient):
    reader = token_client(staff, scope="read")
    assert reader.get(URL).status_code == 200
    assert reader.post(URL, body(patient), format="json").status_code == 403
    writer = token_client(staff)
    assert writer.post(URL, body(patient), format="json").status_code == 201


def test_anonymous_requests_are_refused(db):
    from rest_framework.test import APIClient

    assert APIClient().get(URL).status_code in (401, 403)


def test_json_that_is_not_strict_is_a_400(staff, patient):
    raw = f'{{"patientId": {patient.pk}, "description": "x", "unitPriceCents": NaN}}'
    response = api_client(staff).post(URL, raw, content_type="application/json")
    assert response.status_code == 400 and not CareActivity.objects.exists()
