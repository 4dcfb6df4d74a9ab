"""Creating, checking and revoking API tokens (the secret is shown once and stored as a SHA-256 hash)."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .audit import record_event
from .models import ApiToken

SCHEME = "Token"
# last_used_at is written at most this often, so reads do not turn into writes.
TOUCH_INTERVAL = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(user, *, name: str, scope: str = ApiToken.Scope.READ, tenant=None, expires_at=None, by=None):
    """Returns (token, raw): raw is "<prefix>.<secret>", shown once and never stored."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"Unknown scope {scope!r}")
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        tenant=tenant,
        name=(name or "API token").strip()[:100],
        prefix=prefix,
        key_hash=_digest(secret),
        scope=scope,
        expires_at=expires_at,
    )
    record_event("api_token.create", actor=by or user, tenant=tenant, obj=token, details={"scope": scope})
    return token, f"{prefix}.{secret}"


def authenticate_token(raw: str) -> ApiToken | None:
    """The usable token for this raw value, or None; compares in constant time."""
    prefix, _, secret = (raw or "").partition(".")
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
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event("api_token.revoke", actor=by, tenant=token.tenant, obj=token)
    return token
