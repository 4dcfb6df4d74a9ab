"""The webhooks pages (/praktijk/webhooks/): register URLs and events, the secret shown once, the delivery log
per endpoint with "Resend", switching off, new secrets, deleting; for the practice's administrators only."""

import pytest
from django.urls import reverse

from epdee.clinic.models import WebhookDelivery, WebhookEndpoint
from epdee.core.models import AuditEvent, Tenant, TenantMembership
from tests.clinic.factories import WebhookDeliveryFactory, WebhookEndpointFactory
from tests.clinic.support import admin_of, verify_signature, webhook_receiver
from tests.core.factories import MembershipFactory, TenantFactory

PAGE = "/praktijk/webhooks/"


@pytest.fixture(autouse=True)
def _allow_private(settings):
    settings.EPDEE_WEBHOOK_ALLOW_PRIVATE = True  # the stand-in receiver listens on 127.0.0.1


@pytest.fixture
def admin(client, db):
    membership = admin_of(TenantFactory())
    client.force_login(membership.user)
    return membership


@pytest.fixture
def receiver():
    with webhook_receiver() as server:
        yield server


def test_the_page_is_the_navigations_webhooks_entry():
    assert reverse("clinic:webhooks") == PAGE


def test_an_admin_adds_an_endpoint_and_sees_its_secret_once(client, admin):
    empty = client.get(PAGE)
    assert "No endpoints yet" in empty.content.decode()
    response = client.post(
        PAGE, {"url": "https://127.0.0.1/hooks", "description": "ERP", "events": ["patient.created", "invoice.sent"]}
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.for_tenant(admin.tenant).get()
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in response.content.decode()
    assert endpoint.events == ["invoice.sent", "patient.created"] and endpoint.description == "ERP"
    listing = client.get(PAGE).content.decode()
    assert "https://127.0.0.1/hooks" in listing and endpoint.secret not in listing
    assert endpoint.secret not in client.get(reverse("clinic:webhook", args=[endpoint.pk])).content.decode()
    assert AuditEvent.objects.filter(action="webhook.endpoint.create", tenant=admin.tenant).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"url": "ftp://example.test/x", "events": ["patient.created"]}, "Enter an http(s) URL"),
        ({"url": "not a url", "events": ["patient.created"]}, "Enter a valid URL"),
        ({"url": "https://example.test/x", "events": []}, "Choose at least one event."),
        ({"url": "https://example.test/x", "events": ["patient.deleted"]}, "Select a valid choice"),
        ({"url": "http://93.184.215.14/x", "events": ["patient.created"]}, "must use https"),
    ],
)
def test_bad_endpoints_are_refused_with_a_clear_message(client, admin, settings, data, message):
    settings.EPDEE_WEBHOOK_ALLOW_PRIVATE = False
    response = client.post(PAGE, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_production_refuses_an_internal_address_on_the_page(client, admin, settings):
    settings.EPDEE_WEBHOOK_ALLOW_PRIVATE = False
    response = client.post(PAGE, {"url": "https://169.254.169.254/latest", "events": ["patient.created"]})
    assert response.status_code == 400 and "private or local" in response.content.decode()


def test_the_delivery_log_and_resend(client, admin, receiver, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True  # the stand-in receiver speaks plain http
    endpoint = WebhookEndpointFactory(tenant=admin.tenant, url=receiver.url, events=["appointment.booked"])
    failed = WebhookDeliveryFactory(tenant=admin.tenant, endpoint=endpoint, event="appointment.booked")
    WebhookDelivery.objects.filter(pk=failed.pk).update(
        status="gave_up", attempts=6, last_status_code=500, last_error="The endpoint answered HTTP 500."
    )
    page = client.get(reverse("clinic:webhook", args=[endpoint.pk]))
    html = page.content.decode()
    assert "Gave up" in html and "The endpoint answered HTTP 500." in html and failed.message_id in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("clinic:webhook-resend", args=[endpoint.pk, failed.pk]))
    assert response.status_code == 302
    copy = WebhookDelivery.objects.exclude(pk=failed.pk).get()
    assert copy.status == "delivered" and copy.message_id != failed.message_id and copy.payload == failed.payload
    (request,) = receiver.received
    assert request["headers"]["webhook-id"] == copy.message_id
    assert verify_signature(endpoint.secret, request["headers"], request["body"])
    failed.refresh_from_db()
    assert failed.status == "gave_up"  # the log keeps what happened
    assert AuditEvent.objects.filter(action="webhook.delivery.resend").exists()


def test_the_delivery_log_is_sorted_and_paginated(client, admin):
    endpoint = WebhookEndpointFactory(tenant=admin.tenant)
    WebhookDeliveryFactory.create_batch(30, tenant=admin.tenant, endpoint=endpoint)
    page = client.get(reverse("clinic:webhook", args=[endpoint.pk]), {"sort": "status"})
    assert page.context["table"].page.paginator.num_pages == 2


def test_switch_off_new_secret_edit_and_delete(client, admin):
    endpoint = WebhookEndpointFactory(tenant=admin.tenant, url="https://127.0.0.1/a")
    client.post(reverse("clinic:webhook-toggle", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    old = endpoint.secret
    rotated = client.post(reverse("clinic:webhook-rotate", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in rotated.content.decode()
    edited = client.post(
        reverse("clinic:webhook", args=[endpoint.pk]),
        {"url": "https://127.0.0.1/b", "events": ["appointment.cancelled"], "description": "new"},
    )
    assert edited.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.events) == ("https://127.0.0.1/b", ["appointment.cancelled"])
    assert client.post(reverse("clinic:webhook", args=[endpoint.pk]), {"url": "x"}).status_code == 400
    client.post(reverse("clinic:webhook-delete", args=[endpoint.pk]))
    assert not WebhookEndpoint.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"webhook.endpoint.disable", "webhook.endpoint.rotate_secret", "webhook.endpoint.delete"} <= actions


def test_another_practices_endpoints_are_not_found(client, admin):
    theirs = WebhookEndpointFactory()
    delivery = WebhookDeliveryFactory(tenant=theirs.tenant, endpoint=theirs)
    assert client.get(reverse("clinic:webhook", args=[theirs.pk])).status_code == 404
    for name in ("clinic:webhook-toggle", "clinic:webhook-rotate", "clinic:webhook-delete"):
        assert client.post(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("clinic:webhook-resend", args=[theirs.pk, delivery.pk])).status_code == 404
    mine = WebhookEndpointFactory(tenant=admin.tenant)
    assert client.post(reverse("clinic:webhook-resend", args=[mine.pk, delivery.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active and WebhookDelivery.objects.count() == 1


@pytest.mark.parametrize("role", [TenantMembership.Role.STAFF, TenantMembership.Role.VIEWER])
def test_only_administrators_manage_webhooks(client, db, role):
    member = MembershipFactory(role=role)
    client.force_login(member.user)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"url": "https://127.0.0.1/x", "events": ["patient.created"]}).status_code == 403


def test_a_read_only_practice_adds_no_endpoints_but_may_switch_them_off(client, db):
    admin = admin_of(TenantFactory(status=Tenant.Status.READ_ONLY))
    client.force_login(admin.user)
    endpoint = WebhookEndpointFactory(tenant=admin.tenant)
    response = client.post(PAGE, {"url": "https://127.0.0.1/x", "events": ["patient.created"]})
    assert response.status_code == 400 and "read-only" in response.content.decode()
    client.post(reverse("clinic:webhook-toggle", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert not endpoint.is_active and WebhookEndpoint.objects.count() == 1
