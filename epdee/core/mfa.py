"""The two-factor rule for platform staff: the admin opens only after 2FA was used this session."""

from datetime import UTC, datetime

from allauth.account.authentication import get_authentication_records
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
