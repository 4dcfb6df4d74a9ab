"""Reads of the practice's settings (API tokens, webhooks, branding): for its administrators only; and the
practice's members as the connector gateway shows them (its users).

No patient data, so no audit event of their own; the permission is the rule the pages used to check
themselves. (The gateway's read of the members records its call event, as every gateway read does.)
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from epdee.core.errors import NotFound
from epdee.core.models import ApiToken, TenantMembership
from epdee.core.permissions import require

from ..models import WebhookDelivery, WebhookEndpoint
from ..services.branding import branding_urls
from .patients import gateway_read

FAILING = [WebhookDelivery.Status.FAILED, WebhookDelivery.Status.GAVE_UP]


def api_tokens(tenant, *, by):
    """Every token of the tenant (revoked ones too, for the record), with their creators.

    `creator_is_member` is False once the creator left: the token then no longer works.
    """
    require(by, "tenant.manage", tenant)
    member = TenantMembership.objects.filter(tenant=OuterRef("tenant"), user=OuterRef("user"))
    return ApiToken.objects.filter(tenant=tenant).select_related("user").annotate(creator_is_member=Exists(member))


def webhook_endpoints(tenant, *, by):
    """The tenant's endpoints with how many of their deliveries arrived and how many are failing."""
    require(by, "tenant.manage", tenant)
    return WebhookEndpoint.objects.for_tenant(tenant).annotate(
        delivered_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.DELIVERED)),
        failing_count=Count("deliveries", filter=Q(deliveries__status__in=FAILING)),
    )


def webhook_endpoint(tenant, endpoint_id, *, by) -> WebhookEndpoint:
    require(by, "tenant.manage", tenant)
    endpoint = WebhookEndpoint.objects.for_tenant(tenant).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound(_("No such webhook endpoint."))
    return endpoint


def webhook_deliveries(endpoint: WebhookEndpoint, *, by):
    """The endpoint's delivery log."""
    require(by, "tenant.manage", endpoint.tenant)
    return WebhookDelivery.objects.for_tenant(endpoint.tenant).filter(endpoint=endpoint)


def webhook_delivery(endpoint: WebhookEndpoint, delivery_id, *, by) -> WebhookDelivery:
    """One delivery of this endpoint (a delivery of another endpoint or tenant is not found)."""
    delivery = webhook_deliveries(endpoint, by=by).select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFound(_("No such delivery."))
    return delivery


def branding_settings(tenant, *, by) -> dict:
    """The logo and favicon URLs, for the branding page."""
    require(by, "tenant.manage", tenant)
    return branding_urls(tenant)


def members_for_gateway(*, by, tenant, one: bool = False):
    """The tenant's members (the connector API's users) for a connector's call; loading them records the call
    (see patients.GATEWAY_CALL)."""
    actor = require(by, "tenant.view", tenant)
    return gateway_read(TenantMembership.objects.for_tenant(tenant), actor, tenant, one=one)
