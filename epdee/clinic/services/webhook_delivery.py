"""Outgoing webhooks (seed 004 roadmap): a tenant admin's endpoints, and delivering their events.

Deliveries follow Standard Webhooks (https://www.standardwebhooks.com): a JSON POST with the headers
`webhook-id` (the same on every retry, so receivers can drop duplicates), `webhook-timestamp` and
`webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` keyed with the base64-decoded
part of the endpoint's "whsec_…" secret. A 2xx answer within TIMEOUT seconds is a success; anything else is
retried after RETRY_DELAYS, then given up. A delivered delivery is never sent again.

SSRF guard: outside DEBUG an endpoint must be https, and no request goes to a private, loopback, link-local
or otherwise non-public address — checked when the URL is saved and again on the address actually connected
to (DNS may change in between). EPDEE_WEBHOOK_ALLOW_PRIVATE lifts the address check (tests, an intranet).
"""

import base64
import hashlib
import hmac
import http.client
import ipaddress
import secrets
import socket
import ssl
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from epdee.core.audit import record_event
from epdee.core.errors import Conflict, Invalid
from epdee.core.permissions import require

from ..models import WebhookDelivery, WebhookEndpoint

Status = WebhookDelivery.Status
EVENTS = WebhookEndpoint.Event

TIMEOUT = 10  # seconds, for connecting and for each read
# Seconds to wait after the 1st, 2nd, … failed attempt; after the last one the delivery is given up.
RETRY_DELAYS = (30, 2 * 60, 10 * 60, 60 * 60, 6 * 60 * 60)
# While an attempt runs its row is held this long, so a second worker does not send it at the same time.
LEASE = timedelta(minutes=2)
# A retry may run this much before its planned time (Celery's countdown is not exact).
EARLY = timedelta(seconds=5)
USER_AGENT = "Epdee-Webhooks/1.0"
_encoder = DjangoJSONEncoder(separators=(",", ":"), ensure_ascii=False)


def allow_private() -> bool:
    return settings.DEBUG or settings.EPDEE_WEBHOOK_ALLOW_PRIVATE


# --- URLs and addresses ------------------------------------------------------------------------------------


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[tuple]:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Invalid(_("The host name %(host)s cannot be resolved.") % {"host": host}, field="url") from exc


def _refuse_private(host: str, infos) -> None:
    if allow_private():
        return
    if any(not is_public_address(info[4][0]) for info in infos):
        message = _("%(host)s resolves to a private or local address; webhooks go to public addresses only.")
        raise Invalid(message % {"host": host}, field="url")


def check_url(url: str) -> str:
    """The URL, stripped, if webhooks may go there; raises Invalid (on the field "url") otherwise."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid(_("Enter an http(s) URL, e.g. https://example.nl/webhooks/epdee."), field="url")
    if parts.scheme != "https" and not settings.DEBUG:
        raise Invalid(_("Webhook URLs must use https."), field="url")
    if parts.username or parts.password:
        raise Invalid(_("Put no user name or password in the URL; verify the signature instead."), field="url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise Invalid(_("The URL has an invalid port."), field="url") from exc
    if not allow_private():
        _refuse_private(parts.hostname, _resolve(parts.hostname, port))
    return url


def _guarded_connection(address, timeout=TIMEOUT, source_address=None):
    """socket.create_connection for http.client, refusing non-public addresses (checked on what it connects to)."""
    host, port = address
    infos = _resolve(host, port)
    _refuse_private(host, infos)
    error = None
    for family, kind, proto, _name, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"could not connect to {host}")


def post_json(url: str, body: bytes, headers: dict) -> int:
    """POST and return the status code; never follows redirects (a 3xx is not a success)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=TIMEOUT, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    connection._create_connection = _guarded_connection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # drain a little so the connection closes cleanly; the body is not used
        return response.status
    finally:
        connection.close()


# --- signing -----------------------------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def body_of(delivery: WebhookDelivery) -> bytes:
    """The same bytes on every attempt: type, the event's time, data."""
    payload = delivery.payload or {}
    document = {"type": delivery.event, "timestamp": delivery.created_at, "data": payload.get("data", payload)}
    return _encoder.encode(document).encode()


def signed_headers(delivery: WebhookDelivery, body: bytes, *, timestamp: int | None = None) -> dict:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(delivery.endpoint.secret, delivery.message_id, timestamp, body),
    }


# --- delivering --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    status: str
    status_code: int | None = None
    retry_in: int | None = None  # seconds until the next attempt, when there is one


def next_retry_delay(attempts: int) -> int | None:
    """Seconds to wait after `attempts` failed attempts; None: give up."""
    return RETRY_DELAYS[attempts - 1] if 1 <= attempts <= len(RETRY_DELAYS) else None


def _claim(delivery: WebhookDelivery, now) -> bool:
    """Take the next attempt of this delivery for this worker; False if it is not due or already taken."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + EARLY)
    return bool(
        WebhookDelivery.objects.filter(
            due, pk=delivery.pk, status__in=[Status.PENDING, Status.FAILED], attempts=delivery.attempts
        ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    )


def attempt_delivery(delivery_id) -> Attempt | None:
    """One attempt at a delivery (the task calls this). None when there was nothing to do.

    Tasks work across tenants by id; the delivery row carries its tenant.
    """
    now = timezone.now()
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (Status.DELIVERED, Status.GAVE_UP):
        return None
    rows = WebhookDelivery.objects.filter(pk=delivery.pk)
    if not delivery.endpoint.is_active:
        rows.update(status=Status.GAVE_UP, next_attempt_at=None, last_error="The endpoint is disabled.")
        return Attempt(Status.GAVE_UP)
    if not _claim(delivery, now):
        return None
    attempts = delivery.attempts + 1
    body = body_of(delivery)
    status_code, error = None, ""
    try:
        status_code = post_json(delivery.endpoint.url, body, signed_headers(delivery, body))
        if not 200 <= status_code < 300:
            error = f"The endpoint answered HTTP {status_code}."
    except Invalid as exc:  # the address it resolves to now is not public
        error = exc.message
    except Exception as exc:  # network, TLS, protocol: all mean "not delivered, try again later"
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if not error:
        rows.update(
            status=Status.DELIVERED,
            delivered_at=timezone.now(),
            next_attempt_at=None,
            last_status_code=status_code,
            last_error="",
        )
        return Attempt(Status.DELIVERED, status_code)
    delay = next_retry_delay(attempts)
    status = Status.GAVE_UP if delay is None else Status.FAILED
    rows.update(
        status=status,
        next_attempt_at=None if delay is None else timezone.now() + timedelta(seconds=delay),
        last_status_code=status_code,
        last_error=error[:500],
    )
    return Attempt(status, status_code, delay)


def due_deliveries(*, now=None):
    """Deliveries whose next attempt is due, or that were queued but never tried (a lost task)."""
    now = now or timezone.now()
    return WebhookDelivery.objects.filter(status__in=[Status.PENDING, Status.FAILED]).filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=now - timedelta(minutes=1))
    )


def schedule(delivery_ids) -> None:
    from ..tasks import deliver_webhook

    for pk in delivery_ids:
        deliver_webhook.delay(pk)


def retry_due(*, limit: int = 500) -> int:
    """The beat sweep: schedule the due deliveries (claiming keeps a delivery from being sent twice)."""
    ids = list(due_deliveries().order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    schedule(ids)
    return len(ids)


# --- endpoints (the dashboard) -----------------------------------------------------------------------------


def _checked(url: str, events) -> tuple[str, list[str]]:
    """The URL and the events, each checked; every refusal at once."""
    errors, checked_url = {}, url
    try:
        checked_url = check_url(url)
    except Invalid as refused:
        errors.update(refused.errors)
    checked_events = sorted(set(events or []))
    if not checked_events or any(event not in EVENTS.values for event in checked_events):
        message = _("Choose one or more of the events: %(events)s.") % {"events": ", ".join(EVENTS.values)}
        errors["events"] = [message]
    if errors:
        raise Invalid.collect(errors)
    return checked_url, checked_events


def _description(text: str) -> str:
    return (text or "").strip()[:200]


def create_endpoint(tenant, *, by, url: str, events, description: str = ""):
    """Returns (endpoint, secret); the secret is shown to the admin once."""
    actor = require(by, "tenant.configure", tenant)
    url, events = _checked(url, events)
    secret = new_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            tenant=tenant, url=url, events=events, description=_description(description), secret=secret
        )
        record_event(
            "webhook.endpoint.create",
            actor=actor,
            tenant=tenant,
            obj=endpoint,
            details={"url": url, "events": events},
        )
    return endpoint, secret


def update_endpoint(endpoint: WebhookEndpoint, *, by, url: str, events, description: str = "") -> WebhookEndpoint:
    actor = require(by, "tenant.configure", endpoint.tenant)
    url, events = _checked(url, events)
    endpoint.url, endpoint.events, endpoint.description = url, events, _description(description)
    with transaction.atomic():
        endpoint.save(update_fields=["url", "events", "description"])
        record_event(
            "webhook.endpoint.update",
            actor=actor,
            tenant=endpoint.tenant,
            obj=endpoint,
            details={"url": endpoint.url, "events": endpoint.events},
        )
    return endpoint


def set_active(endpoint: WebhookEndpoint, active: bool, *, by) -> WebhookEndpoint:
    """Switching off works under a read-only (inzage) licence too; switching on needs a writable tenant."""
    actor = require(by, "tenant.configure" if active else "clinic.manage_access", endpoint.tenant)
    if endpoint.is_active != active:
        with transaction.atomic():
            endpoint.is_active = active
            endpoint.save(update_fields=["is_active"])
            action = "webhook.endpoint.enable" if active else "webhook.endpoint.disable"
            record_event(action, actor=actor, tenant=endpoint.tenant, obj=endpoint)
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint, *, by) -> str:
    actor = require(by, "tenant.configure", endpoint.tenant)
    secret = new_secret()
    with transaction.atomic():
        endpoint.secret = secret
        endpoint.save(update_fields=["secret"])
        record_event("webhook.endpoint.rotate_secret", actor=actor, tenant=endpoint.tenant, obj=endpoint)
    return secret


def delete_endpoint(endpoint: WebhookEndpoint, *, by) -> None:
    """Delete the endpoint and its delivery log; allowed under a read-only licence (it stops data leaving)."""
    actor = require(by, "clinic.manage_access", endpoint.tenant)
    with transaction.atomic():
        record_event(
            "webhook.endpoint.delete",
            actor=actor,
            tenant=endpoint.tenant,
            obj=endpoint,
            details={"url": endpoint.url},
        )
        endpoint.delete()


def resend(delivery: WebhookDelivery, *, by) -> WebhookDelivery:
    """Send an event again as a new delivery (a new webhook-id, so receivers do not drop it as a duplicate).

    The original row stays as it was: the log shows what happened, and a delivered row is never resent.
    """
    actor = require(by, "tenant.configure", delivery.tenant)
    if not delivery.endpoint.is_active:
        raise Conflict(_("Switch the endpoint on before resending to it."), code="endpoint_off")
    with transaction.atomic():
        copy = WebhookDelivery.objects.create(
            tenant=delivery.tenant,
            endpoint=delivery.endpoint,
            message_id=f"msg_{uuid.uuid4().hex}",
            event=delivery.event,
            payload=delivery.payload,
        )
        record_event(
            "webhook.delivery.resend",
            actor=actor,
            tenant=delivery.tenant,
            obj=copy,
            details={"of": delivery.pk, "event": delivery.event},
        )
        transaction.on_commit(lambda: schedule([copy.pk]))
    return copy
