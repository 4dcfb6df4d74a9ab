"""Each stage rule holds in every interface that can try to break it: the page, the API and the admin."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from connectors.models import ConnectorVersion
from connectors.selectors import design_of
from epdee.core.services.tokens import create_api_token
from tests.connectors.factories import connector_in, endpoint
from tests.core.factories import PASSWORD, UserFactory, give_totp
from tests.support import login


def _edit_through(interface: str, client, member, version, *, mode: str) -> int:
    """Try to set the endpoint mode (and, where the interface allows, the endpoints); return the status."""
    clients = endpoint("GET", "/t/clients")
    if interface == "page":
        login(client, member.user.email, PASSWORD)
        data = {"endpoint_mode": mode, "endpoint": [clients.pk], f"field-{clients.pk}": ["id"]}
        return client.post(reverse("connectors:save-design", args=[version.pk]), data).status_code
    if interface == "api":
        _, raw = create_api_token(member.user, name="rules", scope="read_write")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        body = {"endpoint_mode": mode, "endpoints": [{"endpoint": clients.pk, "fields": ["id"]}]}
        return api.put(f"/api/connector-versions/{version.pk}/technical-design/", body, format="json").status_code
    staff = UserFactory(staff=True, superadmin=True)
    login(client, staff.email, PASSWORD, totp_secret=give_totp(staff))
    events = version.events.count()
    form = {
        "endpoint_mode": mode,
        "review_notes": "",
        "_continue": "1",
        "events-TOTAL_FORMS": events,
        "events-INITIAL_FORMS": events,
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 1000,
    }
    for index, event in enumerate(version.events.all()):
        form[f"events-{index}-id"], form[f"events-{index}-version"] = event.pk, version.pk
    response = client.post(reverse("admin:connectors_connectorversion_change", args=[version.pk]), form)
    return 409 if response.status_code == 200 and "cannot be changed" in response.content.decode() else 302


def _snapshot(version):
    version.refresh_from_db()
    return version.endpoint_mode, design_of(version)


@pytest.mark.parametrize("interface", ["page", "api", "admin"])
@pytest.mark.parametrize("stage", ["IN_REVIEW", "APPROVED"])
def test_editing_an_in_review_or_approved_version_is_refused(client, db, interface, stage):
    member, _, version = connector_in(stage)
    before = _snapshot(version)
    status = _edit_through(interface, client, member, version, mode="ALLOW_ALL")
    assert status == 409
    assert _snapshot(version) == before


@pytest.mark.parametrize("interface", ["page", "api"])
def test_allow_all_is_accepted_in_development(client, db, interface):
    member, _, version = connector_in("DEVELOPMENT")
    assert _edit_through(interface, client, member, version, mode="ALLOW_ALL") in (200, 302)
    assert ConnectorVersion.objects.get(pk=version.pk).endpoint_mode == "ALLOW_ALL"


def _submit_through(interface: str, client, member, version) -> int:
    if interface == "page":
        login(client, member.user.email, PASSWORD)
        return client.post(reverse("connectors:move-version", args=[version.pk]), {"action": "submit"}).status_code
    _, raw = create_api_token(member.user, name="rules", scope="read_write")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    response = api.post(f"/api/connector-versions/{version.pk}/submit/")
    return response.status_code


@pytest.mark.parametrize("interface", ["page", "api"])
def test_a_version_without_endpoints_is_not_submitted(client, db, interface):
    member, _, version = connector_in("DEVELOPMENT")
    assert _submit_through(interface, client, member, version) == 400
    version.refresh_from_db()
    assert version.stage == "DEVELOPMENT" and version.submitted_at is None


@pytest.mark.parametrize("interface", ["page", "api"])
def test_someone_elses_version_is_not_found(client, db, interface):
    _, _, version = connector_in("DEVELOPMENT")
    stranger = connector_in("DEVELOPMENT", name="Eigen koppeling")[0]
    assert _submit_through(interface, client, stranger, version) == 404
    assert _edit_through(interface, client, stranger, version, mode="ALLOW_ALL") == 404
    version.refresh_from_db()
    assert (version.stage, version.endpoint_mode) == ("DEVELOPMENT", "FILTERED")
