"""Benchmark: the tenant export (GET /api/tenant-export) of a practice with 20,000 patients: time and peak RSS.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/epdee_bench .venv/bin/python bench/tenant_export.py

BENCH_EXPORT_PATIENTS=2000 (with another database) runs the same on a smaller practice, to try the script.

Loads a tenant into its own PostgreSQL database (once; reused on later runs): 20,000 patients, each with a
general practitioner, an insurance, 3 dossier entries, 2 appointments and a care activity. Then runs the
export in a child process, so that its peak RSS is its own: the real view through Django's test client
(an administrator's session, every middleware), the streamed body written to a file. Prints the size, the
time to the last byte and the child's peak RSS next to its RSS before the request (target: peak < 200 MB),
then checks the file is one valid JSON document holding every patient.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from postgres import require_postgres, start_django  # bench/postgres.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epdee.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

PATIENTS = int(os.environ.get("BENCH_EXPORT_PATIENTS", "20000"))
SLUG = "bench-export"
TARGET_MB = 200
TEXT = (
    "Patiënt meldt sinds drie weken pijn in de rechterschouder bij heffen van de arm. Geen trauma. "
    "Beweeglijkheid beperkt in abductie, kracht intact. Advies: oefeningen twee keer per dag, "
    "controle over twee weken. Bij toename van klachten eerder contact opnemen met de praktijk."
)


def main():
    require_postgres()
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        return _child(int(sys.argv[2]), sys.argv[3])
    start_django()
    admin = _load()
    from django.db import connections

    connections.close_all()
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "export.json"
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(admin.pk), str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            sys.exit(f"the export failed:\n{child.stderr[-3000:]}")
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        with target.open("rb") as file:
            document = json.load(file)
    assert len(document["patients"]) == PATIENTS, len(document["patients"])
    print(
        f"{PATIENTS} patients, {len(document['appointments'])} appointments, "
        f"{sum(len(p['dossier']) for p in document['patients'])} dossier entries"
    )
    print(f"export: {figures['bytes'] / 1e6:.1f} MB in {figures['seconds']:.2f} s ({figures['pieces']} pieces)")
    print(f"child RSS before the request: {figures['rss_before_mb']:.1f} MB")
    peak = figures["peak_rss_mb"]
    print(f"child peak RSS: {peak:.1f} MB (target < {TARGET_MB} MB) -> {'ok' if peak < TARGET_MB else 'TOO HIGH'}")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _child(user_id: int, target: str):
    """Runs in its own process: one export through the real stack, streamed to a file."""
    import django

    django.setup()
    from django.test import Client

    from epdee.core.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    before = _peak_rss_mb()
    started = time.perf_counter()
    response = client.get("/api/tenant-export")
    assert response.status_code == 200 and response.streaming, response.status_code
    size = pieces = 0
    with open(target, "wb") as file:
        for piece in response.streaming_content:
            file.write(piece)
            size += len(piece)
            pieces += 1
    response.close()
    seconds = time.perf_counter() - started
    figures = {"bytes": size, "pieces": pieces, "seconds": seconds}
    print(json.dumps({**figures, "rss_before_mb": before, "peak_rss_mb": _peak_rss_mb()}))


def _load():
    """The bench tenant and its administrator; rows are made once with bulk_create."""
    from django.db import transaction

    from epdee.clinic import models
    from epdee.core.models import Tenant, TenantMembership, User

    admin, _ = User.objects.get_or_create(email="bench-export@epdee.example")
    tenant, _ = Tenant.objects.get_or_create(slug=SLUG, defaults={"name": "Bench export"})
    TenantMembership.objects.get_or_create(tenant=tenant, user=admin, defaults={"role": TenantMembership.Role.ADMIN})
    if models.Patient.objects.for_tenant(tenant).count() >= PATIENTS:
        return admin
    started = time.perf_counter()
    owned = {"tenant": tenant}
    with transaction.atomic():
        gp = models.HealthcareProvider.objects.create(agb_code="01000001", name="Huisartsenpraktijk Bench", **owned)
        location = models.Location.objects.create(name="Centrum", code="centrum", **owned)
        practitioners = models.Practitioner.objects.bulk_create(
            models.Practitioner(name=f"Behandelaar {n}", **owned) for n in range(10)
        )
        kind = models.AppointmentType.objects.create(name="Consult", code="consult", duration_minutes=15, **owned)
    base = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
    for chunk in range(0, PATIENTS, 2000):
        with transaction.atomic():
            patients = models.Patient.objects.bulk_create(
                models.Patient(
                    identification_number=f"B{n:06d}",
                    initials="J.",
                    first_name="Jan",
                    family_name=f"Jansen {n}",
                    birth_date=date(1950, 1, 1) + timedelta(days=n % 20000),
                    street="Hoofdstraat",
                    house_number=str(n % 300 + 1),
                    postal_code="3511AB",
                    city="Utrecht",
                    email=f"patient{n}@example.test",
                    phone="0301234567",
                    general_practitioner=gp,
                    **owned,
                )
                for n in range(chunk, min(chunk + 2000, PATIENTS))
            )
            models.PatientInsurance.objects.bulk_create(
                models.PatientInsurance(patient=p, uzovi="9015", insurer_name="CZ", policy_number="123456789", **owned)
                for p in patients
            )
            models.DossierEntry.objects.bulk_create(
                models.DossierEntry(
                    patient=p,
                    title=f"Consult {k + 1}",
                    text=TEXT,
                    occurred_at=base + timedelta(days=k),
                    created_by=admin,
                    practitioner=practitioners[k],
                    **owned,
                )
                for p in patients
                for k in range(3)
            )
            appointments = models.Appointment.objects.bulk_create(
                models.Appointment(
                    location=location,
                    practitioner=practitioners[slot % 10],
                    patient=p,
                    appointment_type=kind,
                    starts_at=base + timedelta(minutes=15 * (slot // 10)),
                    ends_at=base + timedelta(minutes=15 * (slot // 10) + 15),
                    status=models.Appointment.Status.COMPLETED,
                    **owned,
                )
                for i, p in enumerate(patients)
                for slot in ((chunk + i) * 2, (chunk + i) * 2 + 1)
            )
            models.CareActivity.objects.bulk_create(
                models.CareActivity(
                    patient=a.patient,
                    appointment=a,
                    description="Consult",
                    prestatie_code="190010",
                    unit_price_cents=16500,
                    performed_at=a.starts_at,
                    created_by=admin,
                    **owned,
                )
                for a in appointments[::2]
            )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded {PATIENTS} patients in {time.perf_counter() - started:.1f}s")
    return admin


if __name__ == "__main__":
    main()
