"""Which tenant a request acts for: by host name, else the signed-in user's chosen membership."""

from django.http.request import split_domain_port

from .models import Tenant, TenantHostname, TenantMembership

ACTIVE_TENANT_SESSION_KEY = "epdee.tenant_id"


def tenant_exempt(view):
    """Mark a view that must not touch the database for tenant resolution (e.g. /api/status)."""
    view.tenant_exempt = True
    return view


def is_tenant_exempt(view_func) -> bool:
    return getattr(view_func, "tenant_exempt", False) or getattr(
        getattr(view_func, "cls", None), "tenant_exempt", False
    )


def tenant_for_host(host: str) -> Tenant | None:
    hostname, _port = split_domain_port(host)
    entry = TenantHostname.objects.select_related("tenant").filter(hostname=hostname).first()
    if entry is None or not entry.tenant.is_open:
        return None
    return entry.tenant


def open_memberships(user):
    return (
        TenantMembership.objects.filter(user=user).exclude(tenant__status=Tenant.Status.CLOSED).select_related("tenant")
    )


def resolve_tenant(request) -> tuple[Tenant | None, TenantMembership | None]:
    """(tenant, membership) for this request; a closed tenant is never resolved."""
    host_tenant = tenant_for_host(request.get_host())
    user = request.user
    if not user.is_authenticated:
        return host_tenant, None
    memberships = open_memberships(user)
    if host_tenant is not None:
        return host_tenant, memberships.filter(tenant=host_tenant).first()
    chosen = request.session.get(ACTIVE_TENANT_SESSION_KEY)
    membership = (memberships.filter(tenant_id=chosen).first() if chosen else None) or memberships.first()
    return (membership.tenant if membership else None), membership


def choose_tenant(request, tenant_id) -> TenantMembership | None:
    """Switch the session to another of the user's tenants; None if he is not a member."""
    try:
        tenant_id = int(tenant_id)
    except (TypeError, ValueError):
        return None
    membership = open_memberships(request.user).filter(tenant_id=tenant_id).first()
    if membership is not None:
        request.session[ACTIVE_TENANT_SESSION_KEY] = membership.tenant_id
    return membership
