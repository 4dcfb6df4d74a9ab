"""Daily jobs of the certificates app (thin: they call services, acting as the platform itself)."""

from celery import shared_task

from epdee.core.permissions import SYSTEM

from . import services


@shared_task(name="certificates.send_expiry_reminders")
def send_expiry_reminders() -> int:
    """seed 001: one reminder a month before a certificate expires; safe to run twice."""
    return services.send_expiry_reminders(by=SYSTEM)


@shared_task(name="certificates.refresh_crls")
def refresh_crls() -> int:
    """Re-sign every valid CA's CRL before its next-update time passes."""
    return services.refresh_crls(by=SYSTEM)
