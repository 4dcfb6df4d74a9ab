"""Delivering webhooks: Standard Webhooks signatures checked by a stand-in receiver on 127.0.0.1, retries with
backoff then giving up, never sending a delivered message twice, and the SSRF guard."""

import base64
import json
import time
from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from epdee.clinic.models import WebhookDelivery
from epdee.clinic.services import webhook_delivery, webhooks
from epdee.clinic.tasks import deliver_webhook, retry_due_webhooks
from epdee.core.errors import Invalid
from tests.clinic.factories import WebhookDeliveryFactory, WebhookEndpointFactory
from tests.clinic.support import verify_signature, webhook_receiver
from tests.support import free_port

Status = WebhookDelivery.Status
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture
def receiver():
    with webhook_receiver() as server:
        yield server


@pytest.fixture(autouse=True)
def _allow_private(settings):
    settings.EPDEE_WEBHOOK_ALLOW_PRIVATE = True  # the stand-in receiver listens on 127.0.0.1


def endpoint_for(receiver, **kwargs):
    return WebhookEndpointFactory(url=receiver.url, secret=SECRET, **kwargs)


def make_due(delivery):
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_an_event_is_delivered_signed(db, receiver, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(receiver, events=["patient.created"])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        (delivery,) = webhooks.emit(endpoint.tenant, "patient.created", {"id": 42, "identificationNumber": "P1"})
    (request,) = receiver.received
    headers, body = request["headers"], request["body"]
    assert request["path"] == "/hooks/epdee?source=test"
    assert headers["content-type"] == "application/json" and headers["webhook-id"] == delivery.message_id
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60
    assert headers["webhook-signature"].startswith("v1,") and verify_signature(SECRET, headers, body)
    assert not verify_signature("whsec_" + base64.b64encode(b"another secret key!!").decode(), headers, body)
    document = json.loads(body)
    assert document["type"] == "patient.created" and document["data"] == {"id": 42, "identificationNumber": "P1"}
    assert document["timestamp"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Status.DELIVERED, 1, 200)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None


def test_events_go_only_to_active_subscribers(db, receiver):
    subscribed = endpoint_for(receiver, events=["invoice.sent"])
    endpoint_for(receiver, tenant=subscribed.tenant, events=["patient.created"])
    endpoint_for(receiver, tenant=subscribed.tenant, events=["invoice.sent"], is_active=False)
    WebhookEndpointFactory(events=["invoice.sent"])  # another tenant's
    deliveries = webhooks.emit(subscribed.tenant, "invoice.sent", {"id": 1})
    assert [delivery.endpoint for delivery in deliveries] == [subscribed]


def test_a_delivered_message_is_never_sent_again(db, receiver):
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    assert deliver_webhook(delivery.pk) == Status.DELIVERED
    assert deliver_webhook(delivery.pk) is None
    assert webhook_delivery.attempt_delivery(delivery.pk) is None
    make_due(delivery)
    retry_due_webhooks()
    assert len(receiver.received) == 1


def test_the_backoff_schedule():
    delays = [webhook_delivery.next_retry_delay(attempts) for attempts in range(1, 8)]
    assert delays == [30, 120, 600, 3600, 6 * 3600, None, None]


def test_failures_are_retried_with_backoff_then_given_up(db, receiver):
    receiver.statuses = [500] * 10
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    expected = [30, 120, 600, 3600, 21600, None]
    for attempt, delay in enumerate(expected, start=1):
        before = timezone.now()
        result = webhook_delivery.attempt_delivery(delivery.pk)
        delivery.refresh_from_db()
        assert (result.retry_in, delivery.attempts, delivery.last_status_code) == (delay, attempt, 500)
        assert delivery.last_error == "The endpoint answered HTTP 500."
        if delay is None:
            assert delivery.status == Status.GAVE_UP and delivery.next_attempt_at is None
        else:
            assert delivery.status == Status.FAILED
            wait = (delivery.next_attempt_at - before).total_seconds()
            assert delay - 1 <= wait <= delay + 5
            assert webhook_delivery.attempt_delivery(delivery.pk) is None  # not due yet: nothing sent
            make_due(delivery)
    assert len(receiver.received) == 6
    make_due(delivery)
    assert webhook_delivery.attempt_delivery(delivery.pk) is None and len(receiver.received) == 6


def test_a_later_attempt_may_succeed_and_keeps_its_webhook_id(db, receiver):
    receiver.statuses = [503]
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    assert webhook_delivery.attempt_delivery(delivery.pk).status == Status.FAILED
    make_due(delivery)
    assert webhook_delivery.attempt_delivery(delivery.pk).status == Status.DELIVERED
    first, second = receiver.received
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"] == delivery.message_id
    assert first["body"] == second["body"]
    assert verify_signature(SECRET, second["headers"], second["body"])


def test_the_worker_task_asks_celery_to_retry_after_the_backoff(db, receiver):
    receiver.statuses = [500]
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    with mock.patch.object(deliver_webhook, "retry", side_effect=Retry()) as retry, pytest.raises(Retry):
        deliver_webhook(delivery.pk)  # called as a worker would: not eager
    retry.assert_called_once_with(countdown=30)


def test_in_process_tasks_leave_retries_to_the_beat_sweep(db, receiver):
    receiver.statuses = [500]
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    deliver_webhook.delay(delivery.pk)  # eager in tests: no immediate retry storm
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED and len(receiver.received) == 1
    assert retry_due_webhooks() == 0  # not due yet
    make_due(delivery)
    assert retry_due_webhooks() == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED and len(receiver.received) == 2


def test_the_sweep_also_picks_up_a_delivery_whose_task_was_lost(db, receiver):
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    WebhookDeliveryFactory(endpoint=delivery.endpoint, tenant=delivery.tenant)  # just queued: its task will come
    WebhookDelivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert retry_due_webhooks() == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED


def test_an_attempt_is_claimed_by_one_worker_only(db, receiver):
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    now = timezone.now()
    assert webhook_delivery._claim(delivery, now) is True
    assert webhook_delivery._claim(delivery, now) is False  # the same attempt, a second worker


def test_redirects_are_not_followed_and_count_as_failures(db, receiver):
    receiver.statuses = [302]
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    result = webhook_delivery.attempt_delivery(delivery.pk)
    assert (result.status, result.status_code) == (Status.FAILED, 302) and len(receiver.received) == 1


def test_a_slow_endpoint_times_out(db, receiver, monkeypatch):
    monkeypatch.setattr(webhook_delivery, "TIMEOUT", 0.3)
    receiver.delay = 1.5
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    started = time.monotonic()
    result = webhook_delivery.attempt_delivery(delivery.pk)
    assert time.monotonic() - started < 1.4
    delivery.refresh_from_db()
    assert result.status == Status.FAILED and "timed out" in delivery.last_error.lower()


def test_an_unreachable_endpoint_fails_softly(db):
    endpoint = WebhookEndpointFactory(url=f"http://127.0.0.1:{free_port()}/hook", secret=SECRET)
    delivery = WebhookDeliveryFactory(endpoint=endpoint, tenant=endpoint.tenant)
    assert webhook_delivery.attempt_delivery(delivery.pk).status == Status.FAILED
    delivery.refresh_from_db()
    assert "Connection" in delivery.last_error and delivery.last_status_code is None


def test_a_disabled_endpoint_gets_nothing(db, receiver):
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver, is_active=False))
    assert webhook_delivery.attempt_delivery(delivery.pk).status == Status.GAVE_UP
    assert receiver.received == []


def test_a_missing_delivery_is_nothing_to_do(db):
    assert deliver_webhook(10**9) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.1.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://100.64.0.1/hook",
        "https://localhost/hook",
    ],
)
@override_settings(DEBUG=False, EPDEE_WEBHOOK_ALLOW_PRIVATE=False)
def test_production_refuses_private_and_loopback_addresses(url):
    with pytest.raises(Invalid, match="private or local") as refused:
        webhook_delivery.check_url(url)
    assert refused.value.field == "url"


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://93.184.215.14/hook", "must use https"),
        ("ftp://93.184.215.14/hook", "http(s) URL"),
        ("https:///hook", "http(s) URL"),
        ("javascript:alert(1)", "http(s) URL"),
        ("https://user:secret@93.184.215.14/hook", "no user name or password"),
        ("https://93.184.215.14:99999/hook", "invalid port"),
        ("https://no-such-host.invalid/hook", "cannot be resolved"),
    ],
)
@override_settings(DEBUG=False, EPDEE_WEBHOOK_ALLOW_PRIVATE=False)
def test_production_refuses_other_bad_urls(url, message):
    with pytest.raises(Invalid, match=message.replace("(", r"\(").replace(")", r"\)")):
        webhook_delivery.check_url(url)


@override_settings(DEBUG=False, EPDEE_WEBHOOK_ALLOW_PRIVATE=False)
def test_production_accepts_a_public_https_url():
    assert webhook_delivery.check_url(" https://93.184.215.14/hook ") == "https://93.184.215.14/hook"


def test_development_allows_http_and_local_addresses(settings):
    settings.DEBUG, settings.EPDEE_WEBHOOK_ALLOW_PRIVATE = True, False
    assert webhook_delivery.check_url("http://127.0.0.1:8080/hook") == "http://127.0.0.1:8080/hook"


def test_the_address_is_checked_again_when_sending(db, receiver, settings):
    """An endpoint saved earlier (or whose DNS changed) cannot reach an internal address in production."""
    settings.DEBUG = False
    settings.EPDEE_WEBHOOK_ALLOW_PRIVATE = False
    delivery = WebhookDeliveryFactory(endpoint=endpoint_for(receiver))
    result = webhook_delivery.attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert result.status == Status.FAILED and "private or local" in delivery.last_error
    assert receiver.received == []
    settings.EPDEE_WEBHOOK_ALLOW_PRIVATE = True  # an intranet installation may allow it
    make_due(delivery)
    assert webhook_delivery.attempt_delivery(delivery.pk).status == Status.DELIVERED


def test_secrets_follow_the_standard_webhooks_format():
    secret = webhook_delivery.new_secret()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
    assert secret != webhook_delivery.new_secret()
