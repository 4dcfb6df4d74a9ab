"""Two-factor authentication: the rule for platform staff (the admin opens only after 2FA was used this
session), and reading a user's authenticator app and recovery codes through allauth's public API."""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from datetime import UTC, datetime

from allauth.account.authentication import get_authentication_records
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def used_mfa_this_session(request) -> bool:
    """A code was entered at sign-in, or the authenticator app was set up (with a code) after it."""
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    if not records:
        return False
    signed_in_at = datetime.fromtimestamp(min(record["at"] for record in records), tz=UTC)
    return Authenticator.objects.filter(
        user_id=request.user.pk, type=Authenticator.Type.TOTP, created_at__gte=signed_in_at
    ).exists()


def mfa_satisfied(request) -> bool:
    """The user has an authenticator app and used it (or set it up) in this session."""
    user = request.user
    return user.is_authenticated and has_totp(user) and used_mfa_this_session(request)


def new_totp_secret() -> str:
    """A random base32 secret for an authenticator app (160 bits, as RFC 4226 recommends)."""
    return base64.b32encode(secrets.token_bytes(20)).decode()


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows for this secret now (RFC 6238, with allauth's period and digits)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**mfa_settings.TOTP_DIGITS).zfill(mfa_settings.TOTP_DIGITS)


def unused_recovery_codes(user) -> list[str]:
    """The user's recovery codes not used yet (none when he has none)."""
    authenticator = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.RECOVERY_CODES).first()
    return authenticator.wrap().get_unused_codes() if authenticator else []
