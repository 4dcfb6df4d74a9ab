"""Each patient rule holds in every interface that can try to break it: the page, the API and (for dossier
entries) the connector gateway — a real POST /t/dossier/reports with a client certificate, and its identity
calling the service directly.

(The platform admin does not show patient data at all; see epdee/clinic/admin.py.)
"""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services as certificates
from epdee.clinic.models import DossierEntry, HealthcareProvider, Patient
from epdee.clinic.services import patients as services
from epdee.clinic.services.local_time import tenant_today
from epdee.core import services as core_services
from epdee.core.errors import ApplicationError
from epdee.core.models import AuditEvent
from epdee.core.permissions import SYSTEM, Actor
from tests.clinic.clients import api_client, member
from tests.clinic.factories import PatientFactory, valid_bsn
from tests.core.factories import PASSWORD, UserFactory
from tests.gateway.support import approved_version, certificate_for
from tests.gateway.support import call as gateway_call
from tests.support import login

pytestmark = pytest.mark.django_db

# (rule, what the page form gets, what the API gets, the message)
CREATION_RULES = [
    ("bsn 11-proof", {"bsn": "111222334"}, {"bsn": "111222334"}, "fails the 11-proof"),
    ("bsn once per tenant", {"bsn": valid_bsn(1)}, {"bsn": valid_bsn(1)}, "already has this BSN"),
    ("birth date not in the future", {"birth_date": "FUTURE"}, {"birthDate": "FUTURE"}, "cannot be in the future"),
    ("dutch postal code", {"postal_code": "1234 SS"}, {"postalCode": "1234 SS"}, "Not a Dutch postal code"),
]


def _create_through(interface: str, client, staff, fields: dict):
    """Try to create a patient; returns (status, body text)."""
    tomorrow = (tenant_today(staff.tenant) + timedelta(days=1)).isoformat()
    fields = {key: tomorrow if value == "FUTURE" else value for key, value in fields.items()}
    if interface == "page":
        login(client, staff.user.email, PASSWORD)
        response = client.post(reverse("clinic:patients"), {"family_name": "Jansen", "sex": "U", **fields})
        return response.status_code, response.content.decode()
    response = api_client(staff).post("/api/patienten", {"familyName": "Jansen", **fields}, format="json")
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("interface", ["page", "api"])
@pytest.mark.parametrize(
    ("rule", "page_fields", "api_fields", "message"), CREATION_RULES, ids=[r[0] for r in CREATION_RULES]
)
def test_creation_rules_hold_everywhere(client, interface, rule, page_fields, api_fields, message):
    staff = member("staff")
    PatientFactory(tenant=staff.tenant, bsn=valid_bsn(1))
    status, body = _create_through(interface, client, staff, page_fields if interface == "page" else api_fields)
    assert status == (200 if interface == "page" else 400)
    assert message in body
    assert Patient.objects.count() == 1  # nothing was stored


@pytest.mark.parametrize("interface", ["page", "api"])
def test_a_race_past_the_checks_meets_the_constraint_and_is_a_conflict_everywhere(client, monkeypatch, interface):
    staff = member("staff")
    PatientFactory(tenant=staff.tenant, bsn=valid_bsn(1))
    # As if the other request stored its patient between this one's check and its save.
    monkeypatch.setattr(services, "_others", lambda tenant, patient, **lookup: Patient.objects.none())
    status, body = _create_through(interface, client, staff, {"bsn": valid_bsn(1)})
    assert status == (200 if interface == "page" else 409)
    assert "Another patient of this organisation has this BSN or identification number." in body
    if interface == "api":
        assert '"code":"duplicate"' in body.replace(" ", "")
    assert Patient.objects.count() == 1


@pytest.mark.parametrize("interface", ["page", "api"])
def test_the_agb_code_rule_holds_everywhere(client, interface):
    staff = member("staff")
    patient = PatientFactory(tenant=staff.tenant)
    if interface == "page":
        login(client, staff.user.email, PASSWORD)
        response = client.post(reverse("clinic:patient-gp-link", args=[patient.pk]), {"agb_code": "1234"})
    else:
        response = api_client(staff).post(f"/api/patienten/{patient.pk}/huisarts", {"agbCode": "1234"}, format="json")
    assert "exactly 8 digits" in response.content.decode()
    assert not HealthcareProvider.objects.exists()


# --- dossier entries ---------------------------------------------------------------------------------------
# (rule, the entry as the page form / the API / the gateway / its certificate's service call would give it, the
# message)
FUTURE = "2099-01-01T10:00"
DOSSIER_RULES = [
    ("not in the future", {"occurred_at": FUTURE}, "the time cannot be in the future"),
    ("no control characters", {"text": "Bell\x07"}, "Control characters are not allowed"),
    # A text-direction override makes "Uitslag\u202efdp.exe" read as "Uitslagexe.pdf".
    ("no text-direction override in a title", {"title": "Uitslag\u202efdp.exe"}, "Invisible characters"),
    ("no zero-width space in a title", {"title": "Con\u200bsult"}, "Invisible characters"),
    ("a title of one line", {"title": "Con\nsult"}, "no tabs or line breaks either"),
    ("at most 200 characters", {"title": "x" * 301}, "200 characters"),
]


def _gateway_certificate(staff):
    """A client certificate of an approved connector version that may write reports, for the staging environment
    of the staff member's practice."""
    certificates.init_ca("Test CA", by=UserFactory(staff=True))
    core_services.add_customer_code(staff.tenant, "TE2345", by=SYSTEM)
    supplier_member, version = approved_version([("POST /t/dossier/reports", [])])
    return certificate_for(version, "TE2345", supplier_member)


def _entry_through(interface: str, client, staff, patient, fields: dict) -> tuple[int, str]:
    """Try to add a dossier entry; returns (status, what the caller is told)."""
    entry = {"title": "Consult", "text": "Klachten besproken.", "kind": "report", **fields}
    if interface == "page":
        login(client, staff.user.email, PASSWORD)
        response = client.post(reverse("clinic:patient-dossier-add", args=[patient.pk]), entry)
        return response.status_code, response.content.decode()
    if interface == "api":
        body = {("occurredAt" if key == "occurred_at" else key): value for key, value in entry.items()}
        response = api_client(staff).post(f"/api/patienten/{patient.pk}/dossier", body, format="json")
        return response.status_code, response.content.decode()
    occurred = entry.pop("occurred_at", None)
    when = timezone.make_aware(datetime.fromisoformat(occurred)) if occurred else None
    if interface == "gateway":
        body = {"clientId": patient.pk, "title": entry["title"], "text": entry["text"], "reportType": entry["kind"]}
        if when is not None:
            body["reportedAt"] = when.isoformat()
        issued = _gateway_certificate(staff)
        response = gateway_call(
            client, issued, "/t/dossier/reports", method="post", data=body, content_type="application/json"
        )
        return response.status_code, response.json()["message"] if response.status_code >= 400 else ""
    # The gateway's identity calling the service: a client certificate, without a person, bound to the tenant.
    certificate = Actor(label="connector 7 v1", tenant=staff.tenant, role="staff")
    try:
        services.add_dossier_entry(patient, by=certificate, occurred_at=when, created_by=staff.user, **entry)
    except ApplicationError as error:
        return error.status_code, str(error.field_errors)
    return 201, ""


@pytest.mark.parametrize("interface", ["page", "api", "gateway", "certificate"])
@pytest.mark.parametrize(("rule", "fields", "message"), DOSSIER_RULES, ids=[r[0] for r in DOSSIER_RULES])
def test_dossier_rules_hold_everywhere(client, interface, rule, fields, message):
    staff = member("staff")
    patient = PatientFactory(tenant=staff.tenant)
    status, told = _entry_through(interface, client, staff, patient, fields)
    assert status == (200 if interface == "page" else 400)
    assert message in told
    assert not DossierEntry.objects.exists() and not AuditEvent.objects.filter(action="patient.dossier_add")


@pytest.mark.parametrize("interface", ["page", "api", "gateway", "certificate"])
def test_a_valid_entry_is_taken_everywhere(client, interface):
    staff = member("staff")
    patient = PatientFactory(tenant=staff.tenant)
    status, _told = _entry_through(interface, client, staff, patient, {"occurred_at": "2026-01-05T09:00"})
    assert status in (302, 201)
    assert DossierEntry.objects.get().patient == patient
