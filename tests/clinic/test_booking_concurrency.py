"""Two people book the same slot at the same moment: exactly one gets it (PostgreSQL, real transactions)."""

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from epdee.clinic.models import Appointment
from tests.clinic.support import make_practice
from tests.support import needs

AMS = ZoneInfo("Europe/Amsterdam")


def _post_together(practice, bodies) -> list[tuple[int, str]]:
    """POST every body from its own thread (own connection, own address), released at one barrier."""
    barrier = threading.Barrier(len(bodies))
    statuses = [None] * len(bodies)

    def run(index, body):
        try:
            client = Client(HTTP_HOST=practice.hostname, REMOTE_ADDR=f"203.0.113.{10 + index}")
            barrier.wait(timeout=10)
            response = client.post("/api/booking/create", body, content_type="application/json")
            statuses[index] = (response.status_code, response.json().get("detail", ""))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, body)) for i, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _body(practice, starts_at, n):
    return {
        "locationId": practice.location.pk,
        "appointmentTypeId": practice.appointment_type.pk,
        "startsAt": starts_at.isoformat(),
        "firstName": f"Patient{n}",
        "familyName": "Gelijktijdig",
        "birthDate": "1990-01-01",
        "email": f"race{n}@example.test",
    }


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_bookings_of_one_slot_give_one_201_and_one_409(settings):
    needs(connection.vendor == "postgresql", "PostgreSQL (set DATABASE_URL)")
    settings.ALLOWED_HOSTS = ["*"]
    practice = make_practice()
    starts_at = datetime.combine(timezone.localdate(timezone=AMS) + timedelta(days=7), time(9), tzinfo=AMS)
    for attempt in range(3):  # a few rounds, each on a fresh slot, to give a race every chance
        slot = starts_at + timedelta(minutes=30 * attempt)
        statuses = sorted(_post_together(practice, [_body(practice, slot, n) for n in range(2)]))
        assert [status for status, _ in statuses] == [201, 409], statuses
        # The loser waited for the Location lock and then saw the winner's appointment (not the constraint).
        assert "just been booked" in statuses[1][1]
        assert Appointment.objects.filter(starts_at=slot, status="booked").count() == 1
