"""Benchmark: free booking times of one location on one day, with 2,000 appointments in that month.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/epdee_agenda .venv/bin/python bench/availability.py

Loads (once; reused on later runs) a practice into its own PostgreSQL database: one location open Monday to
Saturday 08:00–12:30 and 13:00–18:00 on a 10-minute grid, five practitioners, a 20-minute appointment type and
2,000 appointments in June 2030 (one in ten cancelled). Then times 200 calls each, after a warm-up, of
  - available_slots(location, day, type) for a busy Wednesday, and
  - GET /api/booking/availability for that day through the DRF view (host resolution, validation, JSON),
and prints p50/p95 (target: available_slots p50 < 20 ms) and the SQL queries per call.
"""

import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from postgres import start_django  # bench/postgres.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epdee.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,bench-availability.test")

APPOINTMENTS = 2_000
CALLS = 200
MONTH = (2030, 6)
DAY = date(2030, 6, 12)  # a Wednesday
HOST = "bench-availability.test"
AMS = ZoneInfo("Europe/Amsterdam")


def main():
    start_django()
    location, appointment_type = _load()
    _measure(location, appointment_type)


def _load():
    from datetime import time as clock

    from django.db import connection, transaction

    from epdee.clinic.models import Appointment, AppointmentType, Location, OpeningHours, Patient, Practitioner
    from epdee.core.models import Tenant, TenantHostname

    tenant, _ = Tenant.objects.get_or_create(slug="bench-availability", defaults={"name": "Bench kliniek"})
    TenantHostname.objects.get_or_create(hostname=HOST, defaults={"tenant": tenant})
    location, created = Location.objects.get_or_create(
        tenant=tenant, code="bench", defaults={"name": "Bench locatie", "slot_minutes": 10}
    )
    appointment_type, _ = AppointmentType.objects.get_or_create(
        tenant=tenant, code="consult-20", defaults={"name": "Consult", "duration_minutes": 20}
    )
    if not created and Appointment.objects.filter(location=location).count() >= APPOINTMENTS:
        return location, appointment_type
    started = time.perf_counter()
    with transaction.atomic():
        Appointment.objects.filter(location=location).delete()
        OpeningHours.objects.filter(location=location).delete()
        for weekday in range(6):
            for opens, closes in ((clock(8), clock(12, 30)), (clock(13), clock(18))):
                OpeningHours.objects.create(
                    tenant=tenant, location=location, weekday=weekday, opens=opens, closes=closes
                )
        practitioners = list(Practitioner.objects.filter(tenant=tenant))
        for n in range(len(practitioners), 5):
            practitioners.append(Practitioner.objects.create(tenant=tenant, name=f"Behandelaar {n + 1}"))
        location.practitioners.set(practitioners)
        patients = list(Patient.objects.filter(tenant=tenant)[:200]) or Patient.objects.bulk_create(
            Patient(tenant=tenant, identification_number=f"B{n:05d}", family_name=f"Patiënt {n}") for n in range(200)
        )
        Appointment.objects.bulk_create(_appointments(tenant, location, appointment_type, practitioners, patients))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded {APPOINTMENTS} appointments in {time.perf_counter() - started:.1f}s")
    return location, appointment_type


def _appointments(tenant, location, appointment_type, practitioners, patients):
    """Every open 20-minute start of the month per practitioner, a random 2,000 of them (one in ten cancelled)."""
    from epdee.clinic.models import Appointment

    starts = []
    day = date(*MONTH, 1)
    while day.month == MONTH[1]:
        if day.weekday() < 6:
            for begin, end in ((8 * 60, 12 * 60 + 30), (13 * 60, 18 * 60)):
                for minute in range(begin, end - 20 + 1, 20):
                    moment = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=AMS)
                    starts += [(moment, practitioner) for practitioner in practitioners]
        day += timedelta(days=1)
    chosen = random.Random(4).sample(starts, APPOINTMENTS)
    return [
        Appointment(
            tenant=tenant,
            location=location,
            practitioner=practitioner,
            patient=patients[n % len(patients)],
            appointment_type=appointment_type,
            starts_at=moment,
            ends_at=moment + timedelta(minutes=20),
            status="cancelled" if n % 10 == 0 else "booked",
            source="online",
        )
        for n, (moment, practitioner) in enumerate(chosen)
    ]


def _measure(location, appointment_type):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIRequestFactory

    from epdee.clinic.api.views.booking import BookingAvailabilityView
    from epdee.clinic.models import Appointment
    from epdee.clinic.services.booking import available_slots
    from epdee.core.middleware import TenantMiddleware

    location = type(location).objects.select_related("tenant").get(pk=location.pk)
    factory = APIRequestFactory()
    view = BookingAvailabilityView.as_view()
    middleware = TenantMiddleware(lambda request: None)
    query = {"locationId": location.pk, "date": DAY.isoformat(), "appointmentTypeId": appointment_type.pk}

    def function_call():
        return available_slots(location, DAY, appointment_type)

    def api_call():
        request = factory.get("/api/booking/availability", query, HTTP_HOST=HOST)
        request.user = AnonymousUser()
        middleware(request)
        middleware.process_view(request, view, (), {})
        response = view(request)
        response.render()
        assert response.status_code == 200, response.content[:300]
        return response

    import django.utils.timezone as tz

    real_now = tz.now
    tz.now = lambda: datetime(2030, 6, 1, 8, tzinfo=AMS)  # the benchmark's month lies ahead: keep it bookable
    try:
        slots = function_call()
        assert len(api_call().data["slots"]) == len(slots)
        for _ in range(20):
            function_call()
            api_call()
        timings = {"available_slots": [], "GET /api/booking/availability": []}
        for _ in range(CALLS):
            for name, call in (("available_slots", function_call), ("GET /api/booking/availability", api_call)):
                started = time.perf_counter()
                call()
                timings[name].append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as function_queries:
            function_call()
        with CaptureQueriesContext(connection) as api_queries:
            api_call()
    finally:
        tz.now = real_now

    def p(values, q):
        return statistics.quantiles(values, n=100)[q - 1]

    month = Appointment.objects.filter(location=location, starts_at__year=MONTH[0], starts_at__month=MONTH[1])
    that_day = month.filter(starts_at__date=DAY)
    print(
        f"appointments in {MONTH[0]}-{MONTH[1]:02d}: {month.count()}, on {DAY} (a Wednesday): {that_day.count()}; "
        f"5 practitioners, 10-minute grid, 20-minute type; free starts that day: {len(slots)}"
    )
    for name, values in timings.items():
        print(f"{name:31s} p50 {p(values, 50):7.2f} ms   p95 {p(values, 95):7.2f} ms   ({CALLS} calls)")
    target = "met" if p(timings["available_slots"], 50) < 20 else "MISSED"
    print(f"target available_slots p50 < 20 ms: {target}")
    print(f"SQL queries per call: available_slots {len(function_queries)}, API request {len(api_queries)}")


if __name__ == "__main__":
    main()
