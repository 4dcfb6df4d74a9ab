"""The account services authorise by themselves: called directly (as a task or an admin action would), every
one refuses staff, viewers, a read-only token, another practice's administrator and — where it changes the
practice's settings — a read-only (inzage) licence, and changes nothing."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from epdee.clinic.models import TenantBranding, WebhookDelivery, WebhookEndpoint
from epdee.clinic.services import branding, tokens, webhook_delivery
from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.models import ApiToken, AuditEvent, Tenant, TenantMembership
from epdee.core.permissions import Actor
from epdee.core.services.tokens import create_api_token
from tests.clinic.factories import WebhookDeliveryFactory, WebhookEndpointFactory
from tests.clinic.support import admin_of, image_bytes
from tests.core.factories import MembershipFactory, TenantFactory


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EPDEE_WEBHOOK_ALLOW_PRIVATE = True  # no DNS look-ups for the example host names


def practice(*, read_only=False):
    """A practice with an administrator, a token, an endpoint that is on and one that is off, a delivery and
    a logo."""
    tenant = TenantFactory(status=Tenant.Status.READ_ONLY if read_only else Tenant.Status.ACTIVE)
    admin = admin_of(tenant)
    token, _raw = create_api_token(admin.user, name="sync", scope="read", tenant=tenant)
    endpoint = WebhookEndpointFactory(tenant=tenant)
    switched_off = WebhookEndpointFactory(tenant=tenant, is_active=False)
    delivery = WebhookDeliveryFactory(tenant=tenant, endpoint=endpoint)
    TenantBranding.objects.create(tenant=tenant, logo=f"branding/{tenant.pk}/logo-0.png")
    return SimpleNamespace(
        tenant=tenant, admin=admin, token=token, endpoint=endpoint, off=switched_off, delivery=delivery
    )


NEW_URL = {"url": "https://hooks.example.test/new", "events": ["invoice.sent"]}

# name → how the service is called on the practice `p` by the actor `by`.
SERVICES = {
    "create a token": lambda p, by: tokens.create_tenant_token(p.tenant, by=by, name="x", scope="read"),
    "revoke a token": lambda p, by: tokens.revoke_tenant_token(p.tenant, p.token.pk, by=by),
    "add an endpoint": lambda p, by: webhook_delivery.create_endpoint(p.tenant, by=by, **NEW_URL),
    "edit an endpoint": lambda p, by: webhook_delivery.update_endpoint(p.endpoint, by=by, **NEW_URL),
    "switch an endpoint on": lambda p, by: webhook_delivery.set_active(p.off, True, by=by),
    "switch an endpoint off": lambda p, by: webhook_delivery.set_active(p.endpoint, False, by=by),
    "make a new secret": lambda p, by: webhook_delivery.rotate_secret(p.endpoint, by=by),
    "delete an endpoint": lambda p, by: webhook_delivery.delete_endpoint(p.endpoint, by=by),
    "resend a delivery": lambda p, by: webhook_delivery.resend(p.delivery, by=by),
    "upload a logo": lambda p, by: branding.update_branding(
        p.tenant, by=by, logo=SimpleUploadedFile("logo.png", image_bytes((64, 64)))
    ),
    "remove the logo": lambda p, by: branding.remove_branding(p.tenant, "logo", by=by),
}
# Controlling who and what reaches the data stays possible under a read-only (inzage) licence.
ALLOWED_UNDER_READ_ONLY_LICENCE = {"create a token", "revoke a token", "switch an endpoint off", "delete an endpoint"}


def state(tenant) -> dict:
    """Everything the account services could change, as stored."""
    rows = {
        model.__name__: list(model.objects.filter(tenant=tenant).order_by("pk").values())
        for model in (ApiToken, WebhookEndpoint, WebhookDelivery, TenantBranding)
    }
    return {**rows, "audit events": AuditEvent.objects.count()}


def member(p, role):
    return MembershipFactory(tenant=p.tenant, role=role).user


def read_only_token(p):
    token, _raw = create_api_token(p.admin.user, name="read", scope=ApiToken.Scope.READ, tenant=p.tenant)
    return Actor(user=p.admin.user, token=token)


def another_practices_admin(p):
    return admin_of(TenantFactory()).user


ACTORS = {
    "staff": (lambda p: member(p, TenantMembership.Role.STAFF), PermissionDenied),
    "a viewer": (lambda p: member(p, TenantMembership.Role.VIEWER), PermissionDenied),
    "a read-only token": (read_only_token, PermissionDenied),
    "another practice's administrator": (another_practices_admin, NotFound),
}


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("actor", ACTORS)
def test_the_service_refuses_who_may_not_and_changes_nothing(db, service, actor):
    p = practice()
    make_actor, refusal = ACTORS[actor]
    by = make_actor(p)
    before = state(p.tenant)
    with pytest.raises(refusal):
        SERVICES[service](p, by)
    assert state(p.tenant) == before


@pytest.mark.parametrize("service", sorted(set(SERVICES) - ALLOWED_UNDER_READ_ONLY_LICENCE))
def test_a_read_only_licence_keeps_the_settings_as_they_are(db, service):
    p = practice(read_only=True)
    before = state(p.tenant)
    with pytest.raises(PermissionDenied, match="read-only"):
        SERVICES[service](p, p.admin.user)
    assert state(p.tenant) == before


@pytest.mark.parametrize("service", sorted(ALLOWED_UNDER_READ_ONLY_LICENCE))
def test_a_read_only_licence_still_controls_access_to_its_data(db, service):
    p = practice(read_only=True)
    before = state(p.tenant)
    SERVICES[service](p, p.admin.user)
    assert state(p.tenant) != before


@pytest.mark.parametrize("service", SERVICES)
def test_the_administrator_may(db, service, django_capture_on_commit_callbacks):
    p = practice()
    before = state(p.tenant)
    with django_capture_on_commit_callbacks():  # a resend is queued, not sent
        SERVICES[service](p, p.admin.user)
    assert state(p.tenant) != before


def test_an_administrator_of_two_practices_cannot_reach_one_through_the_other(db):
    p, other = practice(), practice()
    admin_of(other.tenant, user=p.admin.user)
    token_of_p, _raw = create_api_token(p.admin.user, name="rw", scope="read_write", tenant=p.tenant)
    before = state(other.tenant)
    with pytest.raises(NotFound):
        tokens.revoke_tenant_token(p.tenant, other.token.pk, by=p.admin.user)
    with pytest.raises(NotFound):  # a tenant's token acts in that tenant only
        webhook_delivery.rotate_secret(other.endpoint, by=Actor(user=p.admin.user, token=token_of_p))
    assert state(other.tenant) == before
