"""Outgoing webhooks: events of a tenant become signed deliveries to the URLs its admin registered.

`emit` only records what to send; epdee/clinic/tasks.py `deliver_webhook` sends it after the commit, and
services/webhook_delivery.py signs (Standard Webhooks), retries with backoff and manages the endpoints.
"""

import uuid

from django.db import transaction

from ..models import WebhookDelivery, WebhookEndpoint


def emit(tenant, event: str, payload: dict) -> list[WebhookDelivery]:
    """Queue a delivery of `event` to every active endpoint of the tenant that subscribed to it.

    Call it inside the transaction of the change it reports: if that rolls back, nothing is sent.
    """
    deliveries = [
        WebhookDelivery.objects.create(
            tenant=tenant,
            endpoint=endpoint,
            message_id=f"msg_{uuid.uuid4().hex}",
            event=event,
            payload={"type": event, "data": payload},
        )
        for endpoint in WebhookEndpoint.objects.for_tenant(tenant).filter(is_active=True)
        if event in endpoint.events
    ]
    if deliveries:
        from ..tasks import deliver_webhook

        transaction.on_commit(lambda: [deliver_webhook.delay(d.pk) for d in deliveries])
    return deliveries
