"""Invoice numbers stay gapless and unique, and a care activity lands on one invoice, under concurrent requests
(PostgreSQL: real row locks; SQLite lets one writer in at a time anyway)."""

import threading

import pytest
from django.db import connection

from epdee.clinic.models import Invoice
from epdee.clinic.services import billing
from epdee.core.errors import Invalid
from tests.clinic.clients import member
from tests.clinic.factories import CareActivityFactory, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(calls):
    """Run the calls in threads released at one moment; returns their results or exceptions, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_invoices_get_consecutive_numbers(postgres):
    staff = member("staff")
    tenant = staff.tenant
    activities = [CareActivityFactory(tenant=tenant) for _ in range(8)]

    def invoice(activity):
        return lambda: (
            billing.create_invoice(
                tenant, by=staff.user, patient=activity.patient, care_activity_ids=[activity.pk]
            ).number
        )

    results = run_together([invoice(activity) for activity in activities])
    year = billing.tenant_today(tenant).year
    assert sorted(results) == [f"F{year}-{n:05d}" for n in range(1, 9)], results


def test_numbers_stay_gapless_when_credits_and_drafts_race(postgres):
    staff = member("staff")
    tenant = staff.tenant
    sent = [
        billing.send_invoice(
            billing.create_invoice(tenant, by=staff.user, patient=activity.patient, care_activity_ids=[activity.pk]),
            by=staff.user,
        )
        for activity in [CareActivityFactory(tenant=tenant) for _ in range(3)]
    ]
    fresh = [CareActivityFactory(tenant=tenant) for _ in range(3)]
    calls = [lambda invoice=invoice: billing.credit_invoice(invoice, by=staff.user).number for invoice in sent]
    calls += [
        lambda activity=activity: (
            billing.create_invoice(
                tenant, by=staff.user, patient=activity.patient, care_activity_ids=[activity.pk]
            ).number
        )
        for activity in fresh
    ]
    results = run_together(calls)
    assert all(isinstance(result, str) for result in results), results
    year = billing.tenant_today(tenant).year
    numbers = sorted(Invoice.objects.filter(tenant=tenant).values_list("number", flat=True))
    assert numbers == [f"F{year}-{n:05d}" for n in range(1, 10)]


def test_one_care_activity_lands_on_one_invoice(postgres):
    staff = member("staff")
    patient = PatientFactory(tenant=staff.tenant)
    activity = CareActivityFactory(tenant=staff.tenant, patient=patient)

    def invoice():
        return billing.create_invoice(staff.tenant, by=staff.user, patient=patient, care_activity_ids=[activity.pk])

    results = run_together([invoice, invoice, invoice])
    made = [result for result in results if isinstance(result, Invoice)]
    refused = [result for result in results if isinstance(result, Invalid)]
    assert len(made) == 1 and len(refused) == 2, results
    assert Invoice.objects.count() == 1
