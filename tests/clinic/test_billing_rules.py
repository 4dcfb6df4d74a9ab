"""The billing services decide who may change the books, and a refusal is the same through every surface.

A viewer, a read-only API token, a read-only (inzage) licence and another practice's member calling a
service directly are refused (PermissionDenied, or NotFound for another practice) and change nothing; the
same bad request through the dashboard and the API is refused with the same message and changes nothing.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from epdee.clinic.models import CareActivity, Invoice, InvoiceLine
from epdee.clinic.selectors import billing as selectors
from epdee.clinic.services import billing
from epdee.core.errors import Invalid, NotFound, PermissionDenied
from epdee.core.models import AuditEvent
from epdee.core.permissions import Actor
from epdee.core.services.tokens import create_api_token
from tests.clinic.clients import api_client, member, signed_in
from tests.clinic.factories import CareActivityFactory, PatientFactory
from tests.clinic.support import draft_invoice


@dataclass
class Books:
    staff: object
    patient: object
    activity: object  # not yet on an invoice
    draft: object
    sent: object

    @property
    def tenant(self):
        return self.staff.tenant


@pytest.fixture
def books(db):
    staff = member("staff")
    patient = PatientFactory(tenant=staff.tenant)
    sent = billing.send_invoice(draft_invoice(staff, patient, activities=1), by=staff.user)
    return Books(
        staff=staff,
        patient=patient,
        activity=CareActivityFactory(tenant=staff.tenant, patient=patient),
        draft=draft_invoice(staff, patient),
        sent=sent,
    )


def snapshot():
    """Everything a billing service could change."""
    return (
        sorted(CareActivity.objects.values_list("pk", "invoice_id")),
        sorted(Invoice.objects.values_list("pk", "number", "status", "total_cents")),
        InvoiceLine.objects.count(),
        AuditEvent.objects.filter(action__regex=r"^(invoice|care_activity)\.").count(),
    )


# Every service that changes the books, called as `by` would call it.
SERVICES = {
    "create_care_activity": lambda books, by: billing.create_care_activity(
        books.tenant, by=by, patient=books.patient, description="Consult"
    ),
    "delete_care_activity": lambda books, by: billing.delete_care_activity(books.activity, by=by),
    "create_invoice": lambda books, by: billing.create_invoice(
        books.tenant, by=by, patient=books.patient, care_activity_ids=[books.activity.pk]
    ),
    "send_invoice": lambda books, by: billing.send_invoice(books.draft, by=by),
    "pay_invoice": lambda books, by: billing.pay_invoice(books.sent, by=by),
    "credit_invoice": lambda books, by: billing.credit_invoice(books.sent, by=by),
}


def _viewer(books):
    return member("viewer", tenant=books.tenant).user


def _read_only_token(books):
    token, _raw = create_api_token(books.staff.user, name="reader", scope="read", tenant=books.tenant)
    return Actor(user=books.staff.user, token=token)


def _read_only_licence(books):
    books.tenant.status = "read_only"
    books.tenant.save()
    return books.staff.user


def _other_practice(books):
    return member("admin").user


REFUSED = {
    "viewer": (_viewer, PermissionDenied),
    "read-only token": (_read_only_token, PermissionDenied),
    "read-only licence": (_read_only_licence, PermissionDenied),
    "another practice's admin": (_other_practice, NotFound),
}


@pytest.mark.parametrize("actor", REFUSED)
@pytest.mark.parametrize("service", SERVICES)
def test_the_service_refuses_who_may_not_change_the_books(books, service, actor):
    make_actor, refusal = REFUSED[actor]
    by = make_actor(books)
    before = snapshot()
    with pytest.raises(refusal):
        SERVICES[service](books, by)
    assert snapshot() == before


@pytest.mark.parametrize("service", SERVICES)
def test_staff_may(books, service):
    before = snapshot()
    SERVICES[service](books, books.staff.user)
    assert snapshot() != before


@pytest.mark.parametrize(
    "call",
    [
        lambda tenant, pk, by: billing.delete_care_activity(pk, by=by, tenant=tenant),
        lambda tenant, pk, by: billing.send_invoice(pk, by=by, tenant=tenant),
        lambda tenant, pk, by: billing.pay_invoice(pk, by=by, tenant=tenant),
        lambda tenant, pk, by: billing.credit_invoice(pk, by=by, tenant=tenant),
    ],
)
def test_an_id_of_another_practice_is_not_found_in_ones_own(books, call):
    outsider = member("admin")
    theirs = {books.activity.pk, books.sent.pk}
    before = snapshot()
    for pk in theirs:
        with pytest.raises(NotFound):
            call(outsider.tenant, pk, outsider.user)
    assert snapshot() == before


def test_another_practices_patient_and_activities_are_refused_as_unknown(books):
    outsider = member("staff")
    before = snapshot()
    with pytest.raises(Invalid) as refused:
        billing.create_invoice(
            outsider.tenant, by=outsider.user, patient=books.patient.pk, care_activity_ids=[books.activity.pk]
        )
    assert refused.value.field == "patient"
    with pytest.raises(Invalid) as refused:
        billing.create_care_activity(outsider.tenant, by=outsider.user, patient=books.patient, description="x")
    assert refused.value.errors == {"patient": ["No such patient."]}
    assert snapshot() == before


def test_an_identity_without_a_person_cannot_bill(books):
    certificate = Actor(label="Connector certificate", tenant=books.tenant, role="staff")
    before = snapshot()
    with pytest.raises(PermissionDenied):
        billing.create_care_activity(books.tenant, by=certificate, patient=books.patient, description="Consult")
    assert snapshot() == before


def test_the_service_reports_every_bad_field_at_once(books):
    with pytest.raises(Invalid) as refused:
        billing.create_care_activity(
            books.tenant,
            by=books.staff.user,
            patient=books.patient,
            description="",
            prestatie_code="19-0010",
            unit_price_cents=-1,
            quantity=0,
        )
    assert set(refused.value.errors) == {"description", "prestatie_code", "unit_price_cents", "quantity"}


# --- the selectors --------------------------------------------------------------------------------------

READS = {
    "care_activity_list": lambda books, by: list(selectors.care_activity_list({}, by=by, tenant=books.tenant)),
    "care_activity_detail": lambda books, by: selectors.care_activity_detail(
        books.activity.pk, by=by, tenant=books.tenant
    ),
    "invoice_list": lambda books, by: list(selectors.invoice_list({}, by=by, tenant=books.tenant)),
    "invoice_detail": lambda books, by: selectors.invoice_detail(books.draft.pk, by=by, tenant=books.tenant),
    "invoice_document": lambda books, by: selectors.invoice_document(books.draft.pk, by=by, tenant=books.tenant),
    "listed_patient": lambda books, by: selectors.listed_patient(books.patient.pk, by=by, tenant=books.tenant),
}


@pytest.mark.parametrize("read", READS)
def test_members_read_and_other_practices_find_nothing(books, read):
    assert READS[read](books, _viewer(books))
    assert READS[read](books, _read_only_token(books))
    events = AuditEvent.objects.count()
    with pytest.raises(NotFound):
        READS[read](books, _other_practice(books))
    assert AuditEvent.objects.count() == events


def test_only_who_may_register_opens_the_register_form(books):
    for refused in (_viewer(books), _read_only_token(books)):
        with pytest.raises(PermissionDenied):
            selectors.patient_to_register_care_for(books.patient.pk, by=refused, tenant=books.tenant)
    with pytest.raises(NotFound):
        selectors.patient_to_register_care_for(books.patient.pk, by=_other_practice(books), tenant=books.tenant)
    found = selectors.patient_to_register_care_for(books.patient.pk, by=books.staff.user, tenant=books.tenant)
    assert found == books.patient


# --- the same refusal through the dashboard and the API -------------------------------------------------


@dataclass
class Attempt:
    page: str  # the dashboard's form action
    page_data: dict
    api_method: str
    api_url: str
    api_body: dict | None = None


ATTEMPTS = {
    "deleting an activity on a sent invoice": lambda books: Attempt(
        reverse("clinic:care-activity-delete", args=[books.sent.care_activities.get().pk]),
        {},
        "delete",
        f"/api/verrichtingen/{books.sent.care_activities.get().pk}",
    ),
    "sending a paid invoice": lambda books: Attempt(
        reverse("clinic:invoice-send", args=[billing.pay_invoice(books.sent, by=books.staff.user).pk]),
        {},
        "post",
        f"/api/facturen/{books.sent.pk}/send",
    ),
    "paying a draft": lambda books: Attempt(
        reverse("clinic:invoice-pay", args=[books.draft.pk]), {}, "post", f"/api/facturen/{books.draft.pk}/pay"
    ),
    "crediting a credit invoice": lambda books: Attempt(
        reverse("clinic:invoice-credit", args=[billing.credit_invoice(books.sent, by=books.staff.user).pk]),
        {},
        "post",
        f"/api/facturen/{Invoice.objects.get(credit_of=books.sent).pk}/credit",
    ),
    "invoicing an activity twice": lambda books: Attempt(
        reverse("clinic:invoice-create"),
        {"patient": books.patient.pk, "care_activity": [books.draft.care_activities.first().pk]},
        "post",
        "/api/facturen",
        {"patientId": books.patient.pk, "careActivityIds": [books.draft.care_activities.first().pk]},
    ),
}


def refusal_through(surface: str, client, books, attempt: Attempt) -> tuple[int, str]:
    """Make the attempt through the page or the API; return its status and the message the person reads."""
    if surface == "page":
        signed_in(client, books.staff)
        response = client.post(attempt.page, attempt.page_data)
        shown = client.get(response.url)
        errors = [str(message) for message in shown.context["messages"] if message.level_tag == "error"]
        return response.status_code, " ".join(errors)
    response = getattr(api_client(books.staff), attempt.api_method)(attempt.api_url, attempt.api_body, format="json")
    body = response.json()
    return response.status_code, body.get("detail") or " ".join(message for field in body.values() for message in field)


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_a_refusal_is_the_same_on_the_page_and_in_the_api(client, books, attempt):
    tried = ATTEMPTS[attempt](books)
    before = snapshot()
    page_status, page_message = refusal_through("page", client, books, tried)
    after_page = snapshot()
    api_status, api_message = refusal_through("api", client, books, tried)
    assert page_status == 302 and api_status in (400, 409)
    assert page_message and page_message == api_message
    # Nothing changed; the page after the redirect wrote its read events, the refusals wrote none.
    assert after_page[:3] == before[:3] and snapshot() == after_page
