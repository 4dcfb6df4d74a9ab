"""Each patient rule holds in every interface that can try to break it: the page and the API.

(The platform admin does not show patient data at all; see epdee/clinic/admin.py.)
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from epdee.clinic.models import HealthcareProvider, Patient
from epdee.clinic.services.patients import tenant_today
from tests.clinic.factories import PatientFactory
from tests.clinic.factories_patients import api_client, member, valid_bsn
from tests.core.factories import PASSWORD
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
