"""API tokens: creating (the secret is shown once and stored as a SHA-256 hash), checking and revoking them.

A person manages his own tokens. A tenant's token acts as its user in that tenant only, with his role there:
he makes it as a member of the tenant, and he or the tenant's administrators revoke it. (Which members may
make tenant tokens on the practice's pages is the clinic's rule.)
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import record_event
from ..errors import Invalid
from ..models import ApiToken
from ..permissions import allowed, require
from ..text import control_characters, hidden_characters

SCHEME = "Token"
# last_used_at is written at most this often, so reads do not turn into writes.
TOUCH_INTERVAL = timedelta(minutes=1)
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check(name: str, scope: str) -> str:
    errors = {}
    name = (name or "").strip() or "API token"
    if len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Use at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}]
    elif control_characters(name):
        errors["name"] = [_("The name may not contain control characters.")]
    elif hidden_characters(name):
        errors["name"] = [_("The name may not contain invisible characters (text-direction marks, zero-width spaces).")]
    if scope not in ApiToken.Scope.values:
        errors["scope"] = [_("Choose read only or read and write.")]
    if errors:
        raise Invalid.collect(errors)
    return name


@transaction.atomic
def create_api_token(user, *, name: str, scope: str = ApiToken.Scope.READ, tenant=None, expires_at=None, by=None):
    """Returns (token, raw): raw is "<prefix>.<secret>", shown once and never stored.

    `by` is who acts, the token's user himself when not given: nobody makes a token that acts as someone else.
    A tenant's token is made by a member of that tenant.
    """
    actor = require(user if by is None else by, "account.own", user)
    if tenant is not None:
        require(actor, "tenant.view", tenant)
    name = _check(name, scope)
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        tenant=tenant,
        name=name,
        prefix=prefix,
        key_hash=_digest(secret),
        scope=scope,
        expires_at=expires_at,
    )
    record_event("api_token.create", actor=actor, tenant=tenant, obj=token, details={"scope": scope})
    return token, f"{prefix}.{secret}"


def authenticate_token(raw: str) -> ApiToken | None:
    """The usable token for this raw value, or None; compares in constant time."""
    prefix, _separator, secret = (raw or "").partition(".")
    if not prefix or not secret:
        return None
    token = ApiToken.objects.usable().select_related("user", "tenant").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, _digest(secret)) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by) -> ApiToken:
    """Revoke a token: by its owner, or a tenant's token by the tenant's administrators."""
    if token.tenant_id is not None and not allowed(by, "account.own", token.user):
        actor = require(by, "tenant.manage", token.tenant)
    else:
        actor = require(by, "account.own", token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event("api_token.revoke", actor=actor, tenant=token.tenant, obj=token)
    return token
