"""Factories and helpers for the account area: portal hosts, webhook deliveries, images, admins."""

import base64
import hashlib
import hmac
import io
import threading
import time
import uuid
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import factory
from PIL import Image

from epdee.clinic import models
from epdee.core.models import TenantMembership
from tests.clinic.factories import TenantOwned, WebhookEndpointFactory
from tests.core.factories import MembershipFactory

PORTAL_HOST = "portaal.kliniek.test"


class WebhookDeliveryFactory(TenantOwned):
    class Meta:
        model = models.WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory, tenant=factory.SelfAttribute("..tenant"))
    message_id = factory.LazyFunction(lambda: f"msg_{uuid.uuid4().hex}")
    event = "patient.created"
    payload = factory.LazyAttribute(lambda o: {"type": o.event, "data": {"id": 1}})


def admin_of(tenant, **kwargs) -> TenantMembership:
    return MembershipFactory(tenant=tenant, role=TenantMembership.Role.ADMIN, **kwargs)


def image_bytes(size=(64, 32), image_format="PNG", mode="RGB") -> bytes:
    """A real image of the given size and format, made with Pillow."""
    buffer = io.BytesIO()
    image = Image.new(mode, size, (13, 122, 111) if mode == "RGB" else 0)
    if image_format == "ICO":
        image.save(buffer, format="ICO", sizes=[size])
    else:
        image.save(buffer, format=image_format)
    return buffer.getvalue()


class _Receiver(BaseHTTPRequestHandler):
    """Records each POST and answers with the next planned status (200 when none is planned)."""

    def do_POST(self):  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.received.append({"path": self.path, "headers": headers, "body": body})
        time.sleep(self.server.delay)
        status = self.server.statuses.pop(0) if self.server.statuses else 200
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class _ReceiverServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that gave up (a timeout test) is not an error of the receiver


@contextmanager
def webhook_receiver():
    """A stand-in webhook receiver on 127.0.0.1: .url, .received (path, headers, body), .statuses, .delay."""
    server = _ReceiverServer(("127.0.0.1", 0), _Receiver)
    server.received, server.statuses, server.delay = [], [], 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/epdee?source=test"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def verify_signature(secret: str, headers: dict, body: bytes) -> bool:
    """The receiver's side of Standard Webhooks, written independently of the service."""
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        version == "v1" and hmac.compare_digest(signature, expected)
        for version, _, signature in (part.partition(",") for part in headers["webhook-signature"].split(" "))
    )
