"""The periodic jobs the migrations schedule in django-celery-beat name tasks that exist."""

import pytest
from django_celery_beat.models import PeriodicTask

from epdee.celery import app

pytestmark = pytest.mark.django_db


def test_every_scheduled_job_names_a_registered_task():
    app.loader.import_default_modules()  # what a worker does at start: autodiscover every app's tasks
    scheduled = dict(PeriodicTask.objects.values_list("name", "task"))
    assert set(scheduled.values()) <= set(app.tasks)


@pytest.mark.parametrize(
    ("name", "task"),
    [
        ("Retry due webhook deliveries", "clinic.retry_due_webhooks"),
        ("Certificate expiry reminders", "certificates.send_expiry_reminders"),
        ("Re-sign certificate revocation lists", "certificates.refresh_crls"),
    ],
)
def test_the_jobs_are_scheduled(name, task):
    assert PeriodicTask.objects.get(name=name).task == task


def test_webhook_retries_are_swept_every_minute():
    interval = PeriodicTask.objects.get(task="clinic.retry_due_webhooks").interval
    assert (interval.every, interval.period) == (1, "minutes")
