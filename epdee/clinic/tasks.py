"""Celery tasks of the clinic (thin: they call services; each is idempotent and safe to run twice)."""

from celery import shared_task

from .services import portal, webhook_delivery


@shared_task(name="clinic.deliver_webhook", bind=True, max_retries=None, acks_late=True)
def deliver_webhook(self, delivery_id: int) -> str | None:
    """One attempt; a failure is retried by Celery after the service's backoff.

    When tasks run in-process (no broker, tests) a retry would run at once, so it is left to the beat sweep
    `clinic.retry_due_webhooks`, which picks up every delivery whose next attempt is due.
    """
    attempt = webhook_delivery.attempt_delivery(delivery_id)
    if attempt is None:
        return None
    if attempt.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=attempt.retry_in)
    return attempt.status


@shared_task(name="clinic.retry_due_webhooks")
def retry_due_webhooks() -> int:
    """Every minute (beat): schedule deliveries whose next attempt is due, or whose task was lost."""
    return webhook_delivery.retry_due()


@shared_task(name="clinic.send_portal_link")
def send_portal_link(tenant_id: int, email: str, base_url: str, request_id: str) -> None:
    """Mail portal sign-in links; the count of links is not returned (it would tell who is a patient)."""
    portal.send_login_links(tenant_id, email, base_url, request_id)
