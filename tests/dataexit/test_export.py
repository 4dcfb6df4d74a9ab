"""The tenant export (seed 004 GET /api/tenant-export and /praktijk/export/): the practice's complete data as
one JSON download, streamed in chunks, audited, for administrators only (the service and selector decide)."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from epdee.clinic import models
from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.models import ApiToken, AuditEvent, Tenant, TenantMembership
from epdee.core.permissions import Actor
from epdee.core.services.tokens import create_api_token
from epdee.dataexit import selectors, services
from tests.clinic.factories import (
    AppointmentFactory,
    AppointmentTypeFactory,
    CareActivityFactory,
    DossierEntryFactory,
    HealthcareProviderFactory,
    InvoiceFactory,
    LocationFactory,
    NotificationFactory,
    OpeningHoursFactory,
    PatientFactory,
    PractitionerFactory,
    WorkflowFactory,
)
from tests.clinic.support import admin_of
from tests.core.factories import MembershipFactory, TenantFactory, UserFactory

URL = "/api/tenant-export"


def fill(tenant, patients=2):
    """A small practice: every kind of row the export knows."""
    gp = HealthcareProviderFactory(tenant=tenant)
    location = LocationFactory(tenant=tenant)
    OpeningHoursFactory(tenant=tenant, location=location)
    models.ScheduleException.objects.create(tenant=tenant, location=location, date=date(2030, 12, 25), reason="Kerst")
    practitioner = PractitionerFactory(tenant=tenant, locations=[location])
    kind = AppointmentTypeFactory(tenant=tenant)
    for _ in range(patients):
        patient = PatientFactory(tenant=tenant, general_practitioner=gp)
        models.PatientInsurance.objects.create(tenant=tenant, patient=patient, uzovi="9015", insurer_name="CZ")
        DossierEntryFactory.create_batch(2, tenant=tenant, patient=patient)
        appointment = AppointmentFactory(
            tenant=tenant, patient=patient, location=location, practitioner=practitioner, appointment_type=kind
        )
        activity = CareActivityFactory(tenant=tenant, patient=patient, appointment=appointment)
        invoice = InvoiceFactory(tenant=tenant, patient=patient, total_cents=activity.total_cents)
        models.InvoiceLine.objects.create(
            tenant=tenant, invoice=invoice, care_activity=activity, description="Consult", unit_price_cents=16500
        )
    workflow = WorkflowFactory(tenant=tenant)
    models.WorkflowStep.objects.create(tenant=tenant, workflow=workflow, position=1, title="Intake")
    NotificationFactory(tenant=tenant)
    return tenant


@pytest.fixture
def admin(db):
    return admin_of(fill(TenantFactory(name="Praktijk West", slug="praktijk-west")))


def download(client) -> tuple:
    response = client.get(URL)
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    assert response.streaming
    return response, json.loads(b"".join(response.streaming_content))


def api(membership):
    client = APIClient()
    client.force_login(membership.user)
    return client


def test_the_export_holds_the_practices_complete_data(admin):
    tenant = admin.tenant
    fill(TenantFactory())  # another practice: none of it may appear
    response, document = download(api(admin))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="epdee-export-praktijk-west-')
    assert "no-store" in response["Cache-Control"]
    assert document["format"] == "epdee.tenant-export" and document["version"] == 1
    assert document["tenant"]["id"] == tenant.pk and document["tenant"]["slug"] == "praktijk-west"
    for key, model in selectors.SECTIONS:
        expected = set(model.objects.for_tenant(tenant).values_list("pk", flat=True))
        assert {row["id"] for row in document[key]} == expected, key
    patient = document["patients"][0]
    assert {"bsn", "identificationNumber", "familyName", "birthDate", "dossier", "insurances"} <= set(patient)
    assert len(patient["dossier"]) == 2 and patient["dossier"][0]["createdBy"].endswith("@example.test")
    assert patient["insurances"][0]["uzovi"] == "9015"
    assert patient["generalPractitioner"]["agbCode"].startswith("01")
    invoice = document["invoices"][0]
    assert invoice["lines"][0]["unitPriceCents"] == 16500 and "totalCents" in invoice
    assert document["workflows"][0]["steps"] == [{"position": 1, "title": "Intake", "description": ""}]
    assert document["practitioners"][0]["locationIds"] == [document["locations"][0]["id"]]
    assert {"patientId", "startsAt", "status"} <= set(document["appointments"][0])
    assert {"unitPriceCents", "performedAt", "prestatieCode"} <= set(document["careActivities"][0])
    assert document["branding"] == {"logo": None, "favicon": None}
    assert "notifications" not in document  # they belong to users, not to the practice


def test_the_export_is_audited_with_its_counts(admin):
    download(api(admin))
    event = AuditEvent.objects.get(action="tenant.export")
    assert event.actor == admin.user and event.tenant == admin.tenant
    assert event.details["counts"]["patients"] == 2 and event.details["counts"]["appointments"] == 2


def test_the_document_is_written_in_pieces_and_stays_valid(admin, monkeypatch):
    monkeypatch.setattr(services, "BUFFER_CHARS", 200)
    monkeypatch.setattr(selectors, "CHUNK_SIZE", 1)
    response = api(admin).get(URL)
    pieces = list(response.streaming_content)
    assert len(pieces) > 10
    assert len(json.loads(b"".join(pieces))["patients"]) == 2


def test_queries_do_not_grow_with_the_number_of_patients(admin):
    def count():
        with CaptureQueriesContext(connection) as queries:
            b"".join(services.start_export(admin.tenant, by=admin.user)[1])
        return len(queries)

    count()  # the first export also looks the role up and starts the audit chain
    few = count()
    fill(admin.tenant, patients=6)
    assert count() == few


def test_an_empty_practice_exports_empty_sections(db):
    admin = admin_of(TenantFactory())
    _, document = download(api(admin))
    assert all(document[key] == [] for key, _ in selectors.SECTIONS)


@pytest.mark.parametrize("role", [TenantMembership.Role.STAFF, TenantMembership.Role.VIEWER])
def test_only_administrators_export(db, role):
    member = MembershipFactory(role=role)
    assert api(member).get(URL).status_code == 403
    assert not AuditEvent.objects.filter(action="tenant.export").exists()


def test_strangers_get_404(db):
    client = APIClient()
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404


def test_a_read_only_practice_can_still_take_its_data(db):
    admin = admin_of(fill(TenantFactory(status=Tenant.Status.READ_ONLY)))
    _, document = download(api(admin))
    assert len(document["patients"]) == 2


def test_the_export_page_shows_what_the_file_holds(client, admin):
    client.force_login(admin.user)
    page = client.get(reverse("dataexit:export"))
    html = page.content.decode()
    assert page.status_code == 200 and URL in html and "Download the export" in html
    assert dict(page.context["sections"])["Patients (with dossier, insurances and general practitioner)"] == 2
    staff = MembershipFactory(tenant=admin.tenant, role=TenantMembership.Role.STAFF)
    client.force_login(staff.user)
    assert client.get(reverse("dataexit:export")).status_code == 403


def test_the_export_keeps_its_addresses():
    assert reverse("dataexit:export") == "/praktijk/export/" and reverse("api-tenant-export") == URL


def test_the_practice_menu_offers_the_export_to_administrators_only(client, admin):
    client.force_login(admin.user)
    assert 'href="/praktijk/export/"' in client.get(reverse("clinic:branding")).content.decode()
    staff = MembershipFactory(tenant=admin.tenant, role=TenantMembership.Role.STAFF)
    client.force_login(staff.user)
    assert 'href="/praktijk/export/"' not in client.get(reverse("clinic:patients")).content.decode()


# --- the service and the selector decide who may export -----------------------------------------------------


def read_only_token(membership):
    token, _raw = create_api_token(membership.user, name="r", scope=ApiToken.Scope.READ, tenant=membership.tenant)
    return Actor(user=membership.user, token=token)


REFUSED = {
    "staff": (lambda a: MembershipFactory(tenant=a.tenant, role=TenantMembership.Role.STAFF).user, PermissionDenied),
    "a viewer": (
        lambda a: MembershipFactory(tenant=a.tenant, role=TenantMembership.Role.VIEWER).user,
        PermissionDenied,
    ),
    "another practice's administrator": (lambda a: admin_of(TenantFactory()).user, NotFound),
    "a user of no practice": (lambda a: UserFactory(), NotFound),
}
READS = {
    "start_export": lambda tenant, by: services.start_export(tenant, by=by),
    "export_counts": lambda tenant, by: selectors.export_counts(tenant, by=by),
    "tenant_data": lambda tenant, by: selectors.tenant_data(tenant, by=by),
}


@pytest.mark.parametrize("read", READS)
@pytest.mark.parametrize("who", REFUSED)
def test_the_export_refuses_who_may_not_and_records_nothing(admin, read, who):
    make_actor, refusal = REFUSED[who]
    with pytest.raises(refusal):
        READS[read](admin.tenant, make_actor(admin))
    assert not AuditEvent.objects.filter(action="tenant.export").exists()


@pytest.mark.parametrize("who", ["a read-only token", "a read-only licence"])
def test_taking_the_data_out_needs_no_write_access(db, who):
    """Exporting changes nothing: a read-only token and an inzage licence (which exists to read out) may."""
    admin = admin_of(fill(TenantFactory(status=Tenant.Status.READ_ONLY if who == "a read-only licence" else "active")))
    by = read_only_token(admin) if who == "a read-only token" else admin.user
    _filename, stream = services.start_export(admin.tenant, by=by)
    assert len(json.loads(b"".join(stream))["patients"]) == 2
    assert AuditEvent.objects.get(action="tenant.export").actor == admin.user


def test_a_closed_practice_exports_nothing(db):
    admin = admin_of(fill(TenantFactory(status=Tenant.Status.CLOSED)))
    with pytest.raises(NotFound):
        services.start_export(admin.tenant, by=admin.user)
