"""E-mails of the certificate flow: to a supplier's members and to a care organisation's admins."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from connectors.models import SupplierMembership
from epdee.core.models import TenantMembership


def _send(recipients, subject: str, body: str) -> None:
    recipients = sorted(set(recipients))
    if recipients:
        messages = [(f"[Epdee] {subject}", body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


def mail_supplier(environment, subject: str, body: str) -> None:
    supplier_id = environment.version.connector.supplier_id
    recipients = SupplierMembership.objects.filter(supplier_id=supplier_id, user__is_active=True).values_list(
        "user__email", flat=True
    )
    _send(recipients, subject, body)


def mail_tenant_admins(environment, subject: str, body: str) -> None:
    recipients = TenantMembership.objects.filter(
        tenant_id=environment.tenant_id, role=TenantMembership.Role.ADMIN, user__is_active=True
    ).values_list("user__email", flat=True)
    _send(recipients, subject, body)
