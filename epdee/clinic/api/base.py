"""What every tenant API view shares: the tenant from the session or the token, roles, read-only tenants,
rows of the request's tenant only (another tenant's object is a 404), and audit events for patient data."""

import json

from django.http import Http404
from rest_framework import permissions, renderers

from epdee.core.api.authentication import TokenScopeAllows
from epdee.core.audit import record_event
from epdee.core.models import TenantMembership

WRITE_ROLES = (TenantMembership.Role.ADMIN, TenantMembership.Role.STAFF)


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


class IsTenantMember(permissions.BasePermission):
    """A member of the request's tenant; viewers and read-only (inzage) tenants may only read."""

    message = "You are not a member of this care organisation."

    def has_permission(self, request, view):
        membership = tenant_membership(request)
        if membership is None:
            # 404, not 403: a tenant API does not confirm that a tenant or its data exists.
            raise Http404("No such care organisation.")
        request.membership = membership
        request.tenant = membership.tenant
        if request.method in permissions.SAFE_METHODS:
            return True
        if membership.role not in WRITE_ROLES:
            self.message = "Your role in this care organisation is read-only."
            return False
        if not membership.tenant.is_writable:
            self.message = f"{membership.tenant.name} has a read-only (inzage) licence: no data can be changed."
            return False
        return True


class IsTenantAdmin(IsTenantMember):
    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.membership.role != TenantMembership.Role.ADMIN:
            self.message = "Only an administrator of this care organisation may do this."
            return False
        return True


class TenantScopedMixin:
    """Views read through Model.objects.for_tenant(request.tenant); `model` names the tenant-owned model.

    The isolation tests walk the URL conf and use `model` to make another tenant's object for each route.
    """

    model = None
    # The project's defaults first (signed in; a read-only token may not write), then membership.
    permission_classes = [permissions.IsAuthenticated, TokenScopeAllows, IsTenantMember]

    def tenant_queryset(self, model=None):
        return (model or self.model).objects.for_tenant(self.request.tenant)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.tenant_queryset()


def audit_patient_access(request, action: str, patient_ids, *, obj=None, details=None) -> None:
    """NEN 7513: who saw or changed which patients' data, for which tenant."""
    ids = sorted({str(pk) for pk in patient_ids})
    record_event(
        action,
        request=request,
        tenant=request.tenant,
        obj=obj,
        patient_id=ids[0] if len(ids) == 1 else "",
        details={**(details or {}), "patient_ids": ids},
    )


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
