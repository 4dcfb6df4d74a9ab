"""Reads of the shared kernel: the platform's and a tenant's overview, a tenant's members, a person's own API
tokens (each for an actor, who must be allowed to see them), and the tenant behind a customer code."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from .customer_codes import parse_customer_code
from .errors import NotFound
from .models import ApiToken, AuditEvent, CustomerCode, Tenant, TenantMembership, User
from .permissions import as_actor, require


def sandbox_tenant() -> Tenant | None:
    return Tenant.objects.filter(is_sandbox=True).first()


def tenant_for_customer_code(raw_code: str) -> Tenant | None:
    """The tenant whose environment has this code (TE1002: the sandbox), or None; ValidationError if malformed."""
    code = parse_customer_code(raw_code).code
    entry = CustomerCode.objects.select_related("tenant").filter(code=code).first()
    if entry is None and code == settings.EPDEE_SANDBOX_CUSTOMER_CODE:
        return sandbox_tenant()
    return entry.tenant if entry else None


def platform_overview(*, by) -> dict:
    """Figures for platform staff: tenants per status, active users, the last day's audit events."""
    require(by, "platform.staff")
    since = timezone.now() - timedelta(hours=24)
    per_status = dict(Tenant.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "tenant_counts": [(label, per_status.get(value, 0)) for value, label in Tenant.Status.choices],
        "user_count": User.objects.filter(is_active=True).count(),
        "events_today": AuditEvent.objects.filter(occurred_at__gte=since).count(),
        "failed_logins_today": AuditEvent.objects.filter(occurred_at__gte=since, action="auth.login_failed").count(),
        "recent_events": AuditEvent.objects.all()[:8],
    }


def tenant_overview(tenant: Tenant, *, by) -> dict:
    """A member's view of his organisation: its customer codes and how many members it has."""
    require(by, "tenant.view", tenant)
    return {
        "customer_codes": tenant.customer_codes.all(),
        "member_count": TenantMembership.objects.for_tenant(tenant).count(),
    }


def members_of(tenant: Tenant, *, by, role: str | None = None):
    """The tenant's members (any member sees his colleagues), optionally those with one role."""
    require(by, "tenant.view", tenant)
    members = TenantMembership.objects.for_tenant(tenant).select_related("user")
    if role in TenantMembership.Role.values:
        members = members.filter(role=role)
    return members


def personal_tokens(*, by):
    """The actor's own API tokens that belong to no tenant (revoked ones too, for the record)."""
    actor = require(by, "account.own", as_actor(by).user)
    return ApiToken.objects.filter(user=actor.user, tenant__isnull=True)


def personal_token(token_id, *, by) -> ApiToken:
    """One of the actor's own personal API tokens; NotFound for anyone else's."""
    token = personal_tokens(by=by).filter(pk=token_id).first()
    if token is None:
        raise NotFound()
    return token
