"""seed_demo fills the clinic through its services: realistic patients, an agenda around today, invoices."""

from io import StringIO

import pytest
from django.core.management import call_command
from stdnum.nl import bsn

from epdee.clinic.demo import bsn_from
from epdee.clinic.models import Appointment, CareActivity, DossierEntry, Invoice, Notification, Patient, Workflow
from epdee.core.demo import ordered_seeders
from epdee.core.models import AuditEvent, Tenant

pytestmark = pytest.mark.django_db


def _counts(tenant):
    return {
        model.__name__: model.objects.for_tenant(tenant).count()
        for model in (Patient, DossierEntry, Appointment, CareActivity, Invoice, Workflow)
    }


def test_bsn_from_passes_the_eleven_proof():
    import random

    rng = random.Random(7)
    assert all(bsn.is_valid(bsn_from(rng)) for _ in range(500))


def test_clinic_seeder_runs_after_the_certificates():
    order = ordered_seeders()
    assert order.index("epdee.clinic.demo.seed_clinic") > order.index("certificates.demo.seed_certificates")


def test_seed_demo_fills_de_linde_and_the_sandbox_once():
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    de_linde, sandbox = Tenant.objects.get(slug="de-linde"), Tenant.objects.get(slug="sandbox")
    first = _counts(de_linde)
    assert first["Patient"] == 24 and first["Appointment"] > 100 and first["Invoice"] > 5
    assert first["DossierEntry"] >= 24 and first["CareActivity"] > 0 and first["Workflow"] == 1
    assert _counts(sandbox)["Patient"] == 8
    assert "Clinic Kliniek De Linde: 2 location(s), 24 patients" in out.getvalue()

    patients = Patient.objects.for_tenant(de_linde)
    assert all(bsn.is_valid(patient.bsn) for patient in patients)
    assert len({(p.first_name, p.family_name) for p in patients}) == 24  # nobody twice
    assert patients.filter(general_practitioner__name="Huisartsenpraktijk Lombok").exists()
    statuses = set(Appointment.objects.for_tenant(de_linde).values_list("status", flat=True))
    assert {"completed", "booked"} <= statuses
    assert {"draft", "sent", "paid"} <= set(Invoice.objects.for_tenant(de_linde).values_list("status", flat=True))
    assert Notification.objects.for_tenant(de_linde).filter(recipient__email="admin@de-linde.example").count() == 2
    # Through the services: the audit log saw each patient created.
    assert AuditEvent.objects.filter(action="patient.create", tenant=de_linde).count() == 24
    # Nothing of De Linde's in the other tenants.
    assert not Patient.objects.for_tenant(Tenant.objects.get(slug="rivierenland")).exists()

    call_command("seed_demo", force=True, stdout=StringIO())
    assert _counts(de_linde) == first
