"""E-mail to a supplier's members when one of its connector versions changes stage."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from ..models import SupplierMembership

MESSAGES = {
    "IN_REVIEW": "was submitted for review. Platform staff will review its technical design.",
    "APPROVED": "was approved. It can no longer be edited; you can now request staging and production "
    "certificates for it.",
    "REJECTED": "was rejected. Read the reviewer's notes, reopen it, change the design and submit it again.",
    "DEVELOPMENT": "is in development again and can be edited.",
    "RETIRED": "was retired. Its certificates no longer reach any environment.",
}


def mail_members(version, stage: str, notes: str = "") -> None:
    """Sent after the transaction commits, so nobody is told about a change that was rolled back."""
    recipients = list(
        SupplierMembership.objects.filter(supplier_id=version.connector.supplier_id, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    subject = f"[Epdee] {version.connector.name} version {version.number}: {stage.replace('_', ' ').lower()}"
    body = f"Version {version.number} of your connector {version.connector.name} {MESSAGES.get(stage, '')}"
    if notes:
        body += f"\n\nNotes:\n{notes}"
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]) for recipient in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
