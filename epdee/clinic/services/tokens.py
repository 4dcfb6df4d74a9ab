"""Tenant API tokens (seed 004 roadmap): made by a tenant admin, acting as him within that tenant only.

The token is an ordinary epdee.core ApiToken with its tenant set: authentication fixes the tenant, and the
tenant API looks up its creator's membership on every request, so his role applies and a creator who left
the organisation takes his tokens' access with him.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from epdee.core.errors import Invalid, NotFound, PermissionDenied
from epdee.core.models import ApiToken
from epdee.core.permissions import require
from epdee.core.services.tokens import create_api_token, revoke_api_token

# Expiry choices offered on the page (days); None: never.
EXPIRY_DAYS = (30, 90, 365)


def create_tenant_token(tenant, *, by, name: str, scope: str, expires_in_days: int | None = None):
    """Returns (token, raw); raw is shown once and never stored. Read-only tenants may make tokens (to read)."""
    actor = require(by, "clinic.manage_access", tenant)
    if not actor.is_person:
        raise PermissionDenied(_("A token acts as the person who made it: sign in to make one."))
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("Name the token after the program that will use it.")]
    if scope not in ApiToken.Scope.values:
        errors["scope"] = [_("Choose read or read and write access.")]
    if expires_in_days is not None and expires_in_days not in EXPIRY_DAYS:
        errors["expires_in_days"] = [_("Choose when the token expires.")]
    if errors:
        raise Invalid.collect(errors)
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    return create_api_token(actor.user, name=name, scope=scope, tenant=tenant, expires_at=expires_at, by=actor)


def revoke_tenant_token(tenant, token_id, *, by) -> ApiToken:
    """Revoke one of the tenant's tokens (another tenant's or a personal token is not found)."""
    actor = require(by, "clinic.manage_access", tenant)
    token = ApiToken.objects.filter(tenant_id=tenant.pk, pk=token_id).first()
    if token is None:
        raise NotFound(_("No such token."))
    return revoke_api_token(token, by=actor)
