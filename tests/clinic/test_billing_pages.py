"""Dashboard pages of billing: invoices with send/pay/credit and PDF, registering a care activity, and the
care activities to invoice with "Create invoice". Viewers read; other tenants' rows are 404; reads audited."""

import pytest
from django.urls import reverse

from epdee.clinic.models import CareActivity, Invoice
from epdee.clinic.services import billing
from epdee.core.models import AuditEvent
from tests.clinic.clients import member, signed_in
from tests.clinic.factories import AppointmentFactory, CareActivityFactory, PatientFactory
from tests.clinic.support import draft_invoice


@pytest.fixture
def staff(db):
    return member("staff")


@pytest.fixture
def patient(staff):
    return PatientFactory(tenant=staff.tenant)


def test_the_invoice_list_filters_on_status_and_shows_euros(client, staff, patient):
    draft = draft_invoice(staff, patient, activities=1, price=16500)
    sent = billing.send_invoice(draft_invoice(staff, patient), by=staff.user)
    draft_invoice(member("staff"))  # another tenant's
    signed_in(client, staff)
    page = client.get(reverse("clinic:invoices"))
    html = page.content.decode()
    assert page.status_code == 200 and draft.number in html and sent.number in html and "€ 165,00" in html
    assert list(page.context["table"].rows) == [sent, draft]  # newest number first
    filtered = client.get(reverse("clinic:invoices"), {"status": "sent"})
    assert list(filtered.context["table"].rows) == [sent]
    assert client.get(reverse("clinic:invoices"), {"status": "nonsense"}).status_code == 200
    by_total = client.get(reverse("clinic:invoices"), {"sort": "total"})
    assert list(by_total.context["table"].rows) == [draft, sent]
    assert AuditEvent.objects.filter(action="invoice.list").exists()


def test_an_empty_list_says_what_to_do(client, staff):
    signed_in(client, staff)
    assert "Register care activities" in client.get(reverse("clinic:invoices")).content.decode()


def test_the_detail_page_sends_pays_and_credits(client, staff, patient):
    invoice = draft_invoice(staff, patient)
    signed_in(client, staff)
    detail = client.get(reverse("clinic:invoice", args=[invoice.pk]))
    assert (
        detail.status_code == 200
        and "Send invoice" in detail.content.decode()
        and "€ 330,00" in detail.content.decode()
    )
    assert AuditEvent.objects.filter(action="invoice.read", object_id=str(invoice.pk)).exists()
    assert client.post(reverse("clinic:invoice-send", args=[invoice.pk])).status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "sent"
    assert "Mark paid" in client.get(reverse("clinic:invoice", args=[invoice.pk])).content.decode()
    client.post(reverse("clinic:invoice-pay", args=[invoice.pk]))
    response = client.post(reverse("clinic:invoice-credit", args=[invoice.pk]))
    credit = Invoice.objects.get(credit_of=invoice)
    assert response.url == reverse("clinic:invoice", args=[credit.pk])
    credit_page = client.get(response.url).content.decode()
    assert "Credit invoice" in credit_page and "€ -330,00" in credit_page


def test_a_refused_transition_is_a_message_not_an_error(client, staff, patient):
    invoice = draft_invoice(staff, patient)
    signed_in(client, staff)
    response = client.post(reverse("clinic:invoice-pay", args=[invoice.pk]), follow=True)
    assert response.status_code == 200 and "only a sent invoice" in response.content.decode()


def test_viewers_see_no_actions_and_may_not_post(client, db):
    viewer = member("viewer")
    invoice = draft_invoice(viewer)
    activity = CareActivityFactory(tenant=viewer.tenant, patient=invoice.patient)
    signed_in(client, viewer)
    html = client.get(reverse("clinic:invoice", args=[invoice.pk])).content.decode()
    assert "Send invoice" not in html and "PDF" in html
    assert client.post(reverse("clinic:invoice-send", args=[invoice.pk])).status_code == 403
    assert client.post(reverse("clinic:care-activity-delete", args=[activity.pk])).status_code == 403
    url = reverse("clinic:care-activity-create") + f"?patientId={invoice.patient_id}"
    assert client.get(url).status_code == 403
    invoice.refresh_from_db()
    assert invoice.status == "draft"


def test_another_tenants_invoice_is_not_found(client, staff):
    theirs = draft_invoice(member("staff"))
    signed_in(client, staff)
    for name in ("clinic:invoice", "clinic:invoice-pdf"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("clinic:invoice-send", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "draft"


def test_the_pdf_page(client, staff):
    pytest.importorskip("epdee.clinic.pdf")
    invoice = draft_invoice(staff)
    signed_in(client, staff)
    response = client.get(reverse("clinic:invoice-pdf", args=[invoice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_registering_a_care_activity_in_euros(client, staff, patient):
    appointment = AppointmentFactory(tenant=staff.tenant, patient=patient)
    signed_in(client, staff)
    url = reverse("clinic:care-activity-create") + f"?patientId={patient.pk}"
    form_page = client.get(url)
    assert form_page.status_code == 200 and patient.family_name in form_page.content.decode()
    response = client.post(
        url,
        {
            "description": "Eerste polikliniekbezoek",
            "prestatie_code": "190010",
            "unit_price_cents": "1.165,50",
            "quantity": "1",
            "performed_at": "2026-01-05T10:30",
            "appointment": appointment.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = CareActivity.objects.get()
    assert (activity.unit_price_cents, activity.appointment, activity.prestatie_code) == (116550, appointment, "190010")
    assert activity.performed_at.isoformat() == "2026-01-05T09:30:00+00:00"  # 10:30 in Amsterdam


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("unit_price_cents", "12,345"),
        ("unit_price_cents", "-5"),
        ("unit_price_cents", "tien"),
        ("prestatie_code", "19-0010"),
        ("quantity", "0"),
        ("performed_at", "2999-01-01T10:00"),
        ("description", ""),
    ],
)
def test_bad_care_activity_input_shows_the_error_at_its_field(client, staff, patient, field, value):
    signed_in(client, staff)
    url = reverse("clinic:care-activity-create") + f"?patientId={patient.pk}"
    data = {"description": "Consult", "unit_price_cents": "10", "quantity": "1", "performed_at": "2026-01-05T10:30"}
    response = client.post(url, {**data, field: value})
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not CareActivity.objects.exists()


def test_another_patients_appointment_is_refused(client, staff, patient):
    signed_in(client, staff)
    url = reverse("clinic:care-activity-create") + f"?patientId={patient.pk}"
    other = AppointmentFactory(tenant=staff.tenant)
    data = {"description": "Consult", "quantity": "1", "performed_at": "2026-01-05T10:30", "appointment": other.pk}
    response = client.post(url, data)
    assert response.status_code == 400 and "appointment" in response.context["form"].errors


def test_the_form_needs_a_patient_of_the_tenant(client, staff):
    signed_in(client, staff)
    url = reverse("clinic:care-activity-create")
    assert client.get(url).status_code == 400
    assert client.get(url + f"?patientId={PatientFactory().pk}").status_code == 404
    assert client.get(url + "?patientId=%C2%B2").status_code == 404


def test_uninvoiced_care_activities_become_an_invoice(client, staff, patient):
    mine = CareActivityFactory.create_batch(2, tenant=staff.tenant, patient=patient)
    other_patient = CareActivityFactory(tenant=staff.tenant)
    already = draft_invoice(staff, patient, activities=1).care_activities.get()
    signed_in(client, staff)
    page = client.get(reverse("clinic:care-activities"), {"patientId": patient.pk})
    assert set(page.context["table"].rows) == set(mine) and "Create invoice" in page.content.decode()
    everyone = client.get(reverse("clinic:care-activities"))
    assert (
        set(everyone.context["table"].rows) == {*mine, other_patient} and already not in everyone.context["table"].rows
    )
    response = client.post(
        reverse("clinic:invoice-create"), {"patient": patient.pk, "care_activity": [a.pk for a in mine]}
    )
    invoice = Invoice.objects.get(care_activities=mine[0])
    assert response.url == reverse("clinic:invoice", args=[invoice.pk]) and invoice.lines.count() == 2


def test_creating_an_invoice_of_nothing_is_a_message(client, staff, patient):
    signed_in(client, staff)
    response = client.post(
        reverse("clinic:invoice-create"), {"patient": patient.pk, "care_activity": ["x"]}, follow=True
    )
    assert "Choose at least one care activity" in response.content.decode()
    assert not Invoice.objects.exists()
    assert client.post(reverse("clinic:invoice-create"), {"patient": "abc"}).status_code == 404


def test_removing_a_care_activity_from_the_list(client, staff, patient):
    activity = CareActivityFactory(tenant=staff.tenant, patient=patient)
    sent = billing.send_invoice(draft_invoice(staff, patient, activities=1), by=staff.user)
    signed_in(client, staff)
    client.post(reverse("clinic:care-activity-delete", args=[activity.pk]))
    assert not CareActivity.objects.filter(pk=activity.pk).exists()
    on_sent = sent.care_activities.get()
    response = client.post(reverse("clinic:care-activity-delete", args=[on_sent.pk]), follow=True)
    assert "credit that invoice first" in response.content.decode()
    assert CareActivity.objects.filter(pk=on_sent.pk).exists()


def test_pages_need_a_signed_in_member(client, db):
    response = client.get(reverse("clinic:invoices"))
    assert response.status_code == 302 and reverse("account_login") in response.url
