"""Each certificate rule holds in every interface that can reach it: the supplier's page and the staff admin.

(The certificate flow has no API of its own; the gateway only reads certificates.) One helper per rule
drives the interface asked for and returns the message people read; the same refusal, nothing changed.
"""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from certificates import selectors, services
from epdee.core.models import AuditEvent
from tests.certificates.support import csr_for, sandbox
from tests.connectors.factories import connector_in
from tests.core.factories import PASSWORD, UserFactory, give_totp
from tests.support import login


@pytest.fixture
def certificate(db):
    """A development certificate of a supplier's version, and the supplier's member who holds it."""
    staff = UserFactory(staff=True)
    services.init_ca("Rules CA", by=staff)
    sandbox()
    member, _, version = connector_in("DEVELOPMENT")
    environment = services.add_environment(version, "TE1002", by=member.user)
    return member, services.upload_csr(environment, csr_for(environment), by=member.user)


def _messages(response) -> list[str]:
    return [re.sub(r"<[^>]+>", "", str(message)) for message in get_messages(response.wsgi_request)]


def _staff_client() -> Client:
    staff = UserFactory(staff=True, superadmin=True)
    client = Client()
    login(client, staff.email, PASSWORD, totp_secret=give_totp(staff))
    return client


def _set_enabled_through(interface: str, member, certificate, enabled: bool) -> list[str]:
    """Switch the certificate on or off through the interface; the messages shown."""
    if interface == "page":
        client = Client()
        login(client, member.user.email, PASSWORD)
        url = reverse("certificates:set-enabled", args=[certificate.pk])
        return _messages(client.post(url, {"enabled": "1" if enabled else "0"}))
    action = "enable" if enabled else "disable"
    changelist = reverse("admin:certificates_issuedcertificate_changelist")
    return _messages(_staff_client().post(changelist, {"action": action, "_selected_action": [certificate.pk]}))


def _state(certificate):
    certificate.refresh_from_db()
    return certificate.enabled, certificate.revoked_at


@pytest.mark.parametrize("interface", ["page", "admin"])
def test_a_revoked_certificate_cannot_be_enabled_again(certificate, interface):
    member, issued = certificate
    services.set_enabled(issued, False, by=member.user)
    services.revoke(issued, reason="key_compromise", by=UserFactory(staff=True))
    before = _state(issued)
    shown = _set_enabled_through(interface, member, issued, True)
    assert any("A revoked certificate cannot be enabled again." in message for message in shown), shown
    assert _state(issued) == before


@pytest.mark.parametrize("interface", ["page", "admin"])
def test_disabling_is_audited_the_same_way_everywhere(certificate, interface):
    member, issued = certificate
    _set_enabled_through(interface, member, issued, False)
    assert _state(issued)[0] is False and selectors.usable_certificate(issued.fingerprint) is None
    event = AuditEvent.objects.get(action="certificate.disable", object_id=str(issued.pk))
    assert event.tenant == issued.environment.tenant and event.actor is not None
