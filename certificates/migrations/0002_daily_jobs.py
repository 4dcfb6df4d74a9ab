"""Schedule the daily certificate jobs in django-celery-beat (staff can change them in the admin)."""

from django.db import migrations

JOBS = [
    ("Certificate expiry reminders", "certificates.send_expiry_reminders", "7"),
    ("Re-sign certificate revocation lists", "certificates.refresh_crls", "4"),
]


def add(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour in JOBS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0", hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Amsterdam"
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[j[0] for j in JOBS]).delete()


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial"), ("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(add, remove)]
