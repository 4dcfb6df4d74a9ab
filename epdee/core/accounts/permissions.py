"""The accounts' own permission: what only the account holder may do (his API tokens, his authenticator)."""

from django.utils.translation import gettext as _

from ..errors import PermissionDenied
from ..permissions import define


def check_own_account(actor, user) -> None:
    """The actor is this user, signed in to an active account (and not through a read-only token)."""
    if actor.system:
        return
    same = actor.is_person and user is not None and actor.user.pk == user.pk
    if not same or not actor.user.is_active:
        raise PermissionDenied(_("Only the account holder may do this."), code="not_account_holder")
    if actor.read_only:
        raise PermissionDenied(_("This API token is read-only: create a read-write token to make changes."))


def define_account_permissions() -> None:
    """Called once from CoreConfig.ready()."""
    define("account.own", check_own_account)
