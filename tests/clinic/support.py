"""Helpers for the clinic tests beyond the factories: a ready-made practice, a draft invoice, a stand-in
webhook receiver, real images."""

import base64
import hashlib
import hmac
import io
import threading
import time as clock
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

from epdee.clinic import models
from epdee.clinic.services import billing
from epdee.core.models import Tenant, TenantMembership
from tests.clinic.clients import member
from tests.clinic.factories import (
    AppointmentTypeFactory,
    CareActivityFactory,
    LocationFactory,
    OpeningHoursFactory,
    PatientFactory,
    PractitionerFactory,
)
from tests.core.factories import MembershipFactory, TenantFactory, TenantHostnameFactory

PORTAL_HOST = "portaal.kliniek.test"


@dataclass
class Practice:
    tenant: Tenant
    location: models.Location
    practitioners: list
    appointment_type: models.AppointmentType
    hostname: str


def make_practice(
    tenant=None,
    *,
    practitioners: int = 1,
    hours=((time(9), time(12)), (time(13), time(17))),
    weekdays=range(7),
    slot_minutes: int = 15,
    duration: int = 30,
) -> Practice:
    """A location open every day 09–12 and 13–17 (a lunch break), its practitioners, a 30-minute type, a host."""
    tenant = tenant or TenantFactory()
    location = LocationFactory(
        tenant=tenant, slot_minutes=slot_minutes, street="Oudegracht 1", postal_code="3511 AA", city="Utrecht"
    )
    for weekday in weekdays:
        for opens, closes in hours:
            OpeningHoursFactory(tenant=tenant, location=location, weekday=weekday, opens=opens, closes=closes)
    people = [
        PractitionerFactory(tenant=tenant, name=f"Dr. {chr(65 + n)}", locations=[location])
        for n in range(practitioners)
    ]
    appointment_type = AppointmentTypeFactory(tenant=tenant, name="Consult", duration_minutes=duration)
    hostname = TenantHostnameFactory(tenant=tenant).hostname
    return Practice(tenant, location, people, appointment_type, hostname)


def draft_invoice(membership, patient=None, *, activities=2, price=16500):
    """A draft invoice (made by the service) of `activities` new care activities of the patient, by the member
    or, when his role may not bill (a viewer), by a staff member of his tenant."""
    tenant = membership.tenant
    patient = patient or PatientFactory(tenant=tenant)
    made = [CareActivityFactory(tenant=tenant, patient=patient, unit_price_cents=price) for _ in range(activities)]
    writer = membership if membership.role in ("admin", "staff") else member("staff", tenant=tenant)
    return billing.create_invoice(
        tenant, by=writer.user, patient=patient, care_activity_ids=[activity.pk for activity in made]
    )


def admin_of(tenant, **kwargs) -> TenantMembership:
    return MembershipFactory(tenant=tenant, admin=True, **kwargs)


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
        clock.sleep(self.server.delay)
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
    # A short poll: shutdown() waits for the loop to look, half a second by default, in every test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
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
