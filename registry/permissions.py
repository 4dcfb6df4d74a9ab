"""Who may change what in the registry: members their organization's entries, platform staff the requirements.

Registry data is public to everyone with the API's read scope, so a refusal here is `PermissionDenied` (403,
PERMISSION_DENIED), never the 404 a tenant's data answers: nothing is hidden by refusing. The OAuth scope of
the token is checked in the API layer (`registry.api.auth.HasOperationScope`): it says what the client may
ask for, not what the person behind it may do, and it means nothing on a page or in the admin.
"""

from django.utils.translation import gettext as _

from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.permissions import (
    check_signed_in,
    define,
    has_role,
    is_platform_staff,
    register_organisation,
)

MEMBER = "member"  # a registry organization knows one role: its members change everything it owns


def _role_of(user, organization) -> str | None:
    from .models import OrganizationMembership

    return MEMBER if OrganizationMembership.objects.filter(organization=organization, user=user).exists() else None


def check_member(actor, organization) -> None:
    """A member of the organization (only members see its members and invitations)."""
    if actor.system or has_role(actor, organization, (MEMBER,)):
        return
    raise PermissionDenied(_("Only members of the owning organization may see or change this."))


def check_owner(actor, organization) -> None:
    """A member of the owning organization; or platform staff in person, who correct mistakes in the admin.

    Through the registry API (an OAuth token) staff change only their own organizations' entries, like
    everyone else: a client registered by a staff member does not get the platform's rights.
    """
    if actor.system or has_role(actor, organization, (MEMBER,)):
        return
    if actor.token is None and is_platform_staff(actor):
        return
    raise PermissionDenied(_("Only members of the owning organization may change this."))


def check_requirements_publisher(actor, obj=None) -> None:
    # API requirements versions belong to no organization: the platform publishes them.
    if not is_platform_staff(actor):
        raise PermissionDenied(_("Only platform staff may publish API requirements versions."))


def check_invitee(actor, invitation) -> None:
    """Invitations are answered by the person they were sent to; for anyone else they do not exist."""
    email = getattr(actor.user, "email", "") if actor.is_person else ""
    if not (email and invitation.email_address.lower() == email.lower()):
        raise NotFound(_("The resource you requested does not exist"))


def check_own_membership(actor, membership) -> None:
    if not (actor.is_person and membership.user_id == actor.user.pk):
        raise NotFound(_("The resource you requested does not exist"))


def define_registry_permissions() -> None:
    """Called once from RegistryConfig.ready()."""
    from .models import Organization

    register_organisation(Organization, _role_of)
    # Anyone signed in may start an organization (and becomes its first member) or register an API client.
    define("registry.organization.create", lambda actor, obj: check_signed_in(actor))
    define("registry.client.register", lambda actor, obj: check_signed_in(actor))
    # Change an organization, its members and invitations, and everything it owns: API specifications with
    # their versions, URLs, declarations and links, and standards with their versions.
    define("registry.organization.change", check_owner)
    # See an organization's members and invitations.
    define("registry.organization.members", check_member)
    define("registry.invitation.answer", check_invitee)
    define("registry.membership.leave", check_own_membership)
    # Publish and correct API requirements versions and their requirements.
    define("registry.requirements.change", check_requirements_publisher)
