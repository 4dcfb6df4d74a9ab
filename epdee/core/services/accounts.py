"""Accounts: creating, changing and deleting users, their passwords and sign-in addresses, their authenticator.

Platform staff manage accounts (in the admin). Platform roles and permissions (staff, superadmin, groups)
and the accounts of superadmins are the superadmins' to change. Only the account holder sets up his own
authenticator app (the demo data does it as the platform). Passwords are checked against the strength rules
(AUTH_PASSWORD_VALIDATORS) by the forms a person types them into — allauth's and the admin's — as Django does.
"""

import base64
import binascii
import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from ..audit import record_event
from ..errors import Conflict, Invalid
from ..mfa import unused_recovery_codes
from ..models import AuditEvent, User
from ..permissions import require
from .common import full_clean

PLATFORM_ROLE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")
USER_FIELDS = ("email", "full_name", "is_active", *PLATFORM_ROLE_FIELDS)
_MANY = ("groups", "user_permissions")


def _require_account_manager(by, user: User | None = None, fields=()):
    """Platform staff manage accounts; a superadmin's account and anyone's platform roles are the superadmins'."""
    actor = require(by, "platform.staff")
    if (user is not None and user.is_superuser) or set(fields) & set(PLATFORM_ROLE_FIELDS):
        require(actor, "platform.superadmin")
    return actor


@transaction.atomic
def create_user(
    email: str,
    *,
    by,
    password: str | None = None,
    full_name: str = "",
    is_active: bool = True,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """A new account; without a password it signs in only after a password reset (or with Google)."""
    roles = [name for name, value in (("is_staff", is_staff), ("is_superuser", is_superuser)) if value]
    actor = _require_account_manager(by, fields=roles)
    user = User(
        email=User.objects.normalize_email((email or "").strip()).lower(),
        full_name=(full_name or "").strip(),
        is_active=is_active,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    full_clean(user)
    user.save()
    record_event("user.create", actor=actor, obj=user, details={"email": user.email, "roles": roles})
    return user


@transaction.atomic
def change_user(user: User, *, by, **changes) -> User:
    """Change the account's address, name, activity or platform roles; only the fields given."""
    unknown = set(changes) - set(USER_FIELDS)
    if unknown:
        raise Invalid(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "email" in changes:
        changes["email"] = User.objects.normalize_email((changes["email"] or "").strip()).lower()
    changed = sorted(name for name, value in changes.items() if _differs(user, name, value))
    actor = _require_account_manager(by, user, changed)
    if not changed:
        return user
    scalars = [name for name in changed if name not in _MANY]
    for name in scalars:
        setattr(user, name, changes[name])
    if scalars:
        full_clean(user)
        user.save(update_fields=scalars)
    for name in changed:
        if name in _MANY:
            getattr(user, name).set(changes[name])
    record_event("user.change", actor=actor, obj=user, details={"fields": changed})
    return user


def _differs(user: User, name: str, value) -> bool:
    if name in _MANY:
        return {item.pk for item in getattr(user, name).all()} != {item.pk for item in value}
    return getattr(user, name) != value


@transaction.atomic
def set_password(user: User, password: str | None, *, by) -> User:
    """A new password; None turns password sign-in off (the account then signs in only another way)."""
    actor = _require_account_manager(by, user)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    record_event("user.password", actor=actor, obj=user, details={"usable": bool(password)})
    return user


@transaction.atomic
def confirm_email_address(user: User, *, by) -> EmailAddress:
    """Record the account's e-mail address as verified and primary, so allauth asks for no confirmation mail."""
    actor = _require_account_manager(by, user)
    address, created = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if created:
        record_event("user.email_confirmed", actor=actor, obj=user, details={"email": user.email})
    return address


@transaction.atomic
def delete_user(user: User, *, by) -> None:
    """Delete an account that never acted; one with a history is deactivated instead (change_user)."""
    actor = _require_account_manager(by, user, ["is_staff"] if user.is_staff else [])
    if actor.is_person and actor.user.pk == user.pk:
        raise Conflict(_("You cannot delete your own account."), code="own_account")
    deactivate = _("deactivate the account instead of deleting it")
    if AuditEvent.objects.filter(actor_id=user.pk).exists():
        raise Conflict(
            _("%(user)s has a history in the audit log: %(advice)s.") % {"user": user.email, "advice": deactivate},
            code="user_has_history",
        )
    record_event("user.delete", actor=actor, obj=user, details={"email": user.email})
    try:
        with transaction.atomic():
            user.delete()
    except (ProtectedError, RestrictedError) as error:
        raise Conflict(
            _("%(user)s made records that keep their author: %(advice)s.") % {"user": user.email, "advice": deactivate},
            code="user_in_use",
        ) from error


# --- two-factor authentication ----------------------------------------------------------------------------------


@transaction.atomic
def activate_totp(user: User, secret: str, *, by) -> Authenticator:
    """Give the account an authenticator app with this base32 secret (replacing the one it had)."""
    actor = require(by, "account.own", user)
    try:
        base64.b32decode(secret or "", casefold=True)
    except (binascii.Error, ValueError) as error:
        raise Invalid(_("The secret is not base32."), field="secret", code="invalid_secret") from error
    if not secret:
        raise Invalid(_("Give the secret."), field="secret", code="invalid_secret")
    authenticator, created = Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": get_mfa_adapter().encrypt(secret)}}
    )
    record_event("mfa.added" if created else "mfa.changed", actor=actor, obj=authenticator, details={"type": "totp"})
    return authenticator


@transaction.atomic
def activate_recovery_codes(user: User, *, by) -> list[str]:
    """Give the account recovery codes (keeping the ones it has); returns the unused codes."""
    actor = require(by, "account.own", user)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        # The codes derive from a secret seed, stored encrypted the way allauth stores them.
        data = {"seed": get_mfa_adapter().encrypt(secrets.token_hex(40)), "used_mask": 0}
        authenticator = Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data=data)
        record_event("mfa.added", actor=actor, obj=authenticator, details={"type": "recovery_codes"})
    return unused_recovery_codes(user)
