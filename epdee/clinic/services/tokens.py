"""Tenant API tokens (seed 004 roadmap): made by a tenant admin, acting as him within that tenant only.

The token is an ordinary epdee.core ApiToken with its tenant set: authentication fixes the tenant, and the
tenant API looks up its creator's membership on every request, so his role applies and a creator who left
the organisation takes his tokens' access with him.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from epdee.core.models import ApiToken, TenantMembership
from epdee.core.tokens import create_api_token, revoke_api_token

# Expiry choices offered on the page (days); None: never.
EXPIRY_DAYS = (30, 90, 365)


class TokenError(Exception):
    """A token action was refused; the message says why."""


def _require_admin(tenant, user) -> None:
    membership = TenantMembership.objects.for_tenant(tenant).filter(user=user).first()
    if membership is None or not membership.is_admin:
        raise TokenError("Only an administrator of this care organisation manages its API tokens.")


def tenant_tokens(tenant):
    """Every token of the tenant (revoked ones too, for the record), with their creators.

    `creator_is_member` is False once the creator left: the token then no longer works.
    """
    member = TenantMembership.objects.filter(tenant=OuterRef("tenant"), user=OuterRef("user"))
    return ApiToken.objects.filter(tenant=tenant).select_related("user").annotate(creator_is_member=Exists(member))


def create_tenant_token(tenant, *, by, name: str, scope: str, expires_in_days: int | None = None):
    """Returns (token, raw); raw is shown once and never stored. Read-only tenants may make tokens (to read)."""
    _require_admin(tenant, by)
    if scope not in ApiToken.Scope.values:
        raise TokenError(f"Unknown scope {scope!r}.")
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    return create_api_token(by, name=name, scope=scope, tenant=tenant, expires_at=expires_at, by=by)


def revoke_tenant_token(tenant, token_id, *, by) -> ApiToken:
    _require_admin(tenant, by)
    token = tenant_tokens(tenant).filter(pk=token_id).first()
    if token is None:
        raise TokenError("No such token.")
    return revoke_api_token(token, by=by)
