"""Daily jobs of the certificates app (thin: they call services)."""

from celery import shared_task
from django.utils import timezone

from . import services
from .models import CertificateAuthority


@shared_task(name="certificates.send_expiry_reminders")
def send_expiry_reminders() -> int:
    """seed 001: one reminder a month before a certificate expires; safe to run twice."""
    return services.send_expiry_reminders()


@shared_task(name="certificates.refresh_crls")
def refresh_crls() -> int:
    """Re-sign every valid CA's CRL before its next-update time passes."""
    cas = CertificateAuthority.objects.filter(not_after__gt=timezone.now())
    for ca in cas:
        services.regenerate_crl(ca)
    return cas.count()
