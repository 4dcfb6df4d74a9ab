"""Periodic jobs of the shared kernel (thin: they call services)."""

import logging

from celery import shared_task
from django.core.mail import mail_admins

from .audit import verify_chain

log = logging.getLogger(__name__)


@shared_task(name="core.verify_audit_chain")
def verify_audit_chain() -> dict:
    """Daily: re-verify the audit chain and alert the administrators when it is broken."""
    report = verify_chain()
    if not report.intact:
        log.error("Audit chain broken: %s", report.problem)
        mail_admins(
            "Audit log integrity check failed", f"{report.problem}\n\nRun `manage.py audit_verify` for details."
        )
    return {"checked": report.checked, "intact": report.intact, "problem": report.problem}
