"""What every tenant API view shares: the tenant from the session or the token (another tenant is a 404), the
actor for the selectors and services that check roles and audit, the tenant's time zone, camelCase JSON."""

import json

from django.http import Http404
from django.utils import timezone
from rest_framework import permissions, renderers

from epdee.core.api.authentication import TokenScopeAllows
from epdee.core.models import TenantMembership
from epdee.core.permissions import actor_of

from ...services.local_time import tenant_zone


def tenant_membership(request):
    """The membership the request acts with: the session's, or for an API token its user's in its tenant."""
    token = getattr(request, "auth", None)
    raw = getattr(request, "_request", request)
    tenant = getattr(raw, "tenant", None)
    if tenant is None or not tenant.is_open:
        return None
    if getattr(token, "tenant_id", None) is not None:
        return TenantMembership.objects.filter(tenant=tenant, user=request.user).select_related("tenant").first()
    membership = getattr(raw, "membership", None)
    return membership if membership is not None and membership.tenant_id == tenant.pk else None


class InTenant(permissions.BasePermission):
    """The request acts in a tenant the user (or the token) belongs to; 404 otherwise. Roles are not checked
    here: the selectors and services check them, the same for the API, the pages, the admin and the gateway."""

    def has_permission(self, request, view):
        membership = tenant_membership(request)
        if membership is None:
            # 404, not 403: a tenant API does not confirm that a tenant or its data exists.
            raise Http404("No such care organisation.")
        request.membership = membership
        request.tenant = membership.tenant
        return True


# Base of the tenant API's views: the tenant from the session or token, the actor for selectors and services,
# times in the tenant's time zone, camelCase JSON (seed 004's field names). `model` names the tenant-owned model a
# URL's id refers to (the isolation tests make another tenant's row of it); rows are read through the app's
# selectors, never through `model`. (A comment, not a docstring: drf-spectacular would show an inherited docstring
# as the description of every view without its own.)
class TenantAPIView:
    model = None
    permission_classes = [permissions.IsAuthenticated, TokenScopeAllows, InTenant]
    camel_case_fields = True

    @property
    def actor(self):
        return actor_of(self.request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        timezone.activate(tenant_zone(request.tenant))

    def finalize_response(self, request, response, *args, **kwargs):
        timezone.deactivate()
        return super().finalize_response(request, response, *args, **kwargs)


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for application/pdf (invoices, dossiers); an error still answers in JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data).encode()
