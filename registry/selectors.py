"""Reads of the registry with a rule: an organization's members and invitations are for its members only.

Everything else in the registry is public to signed-in users and to API clients with the read scope, so the
views read it directly; what a person sees of himself (his invitations and memberships) is filtered here too.
"""

from django.db.models import Case, Value, When

from epdee.core.permissions import allowed, as_actor, require

from .models import Invitation, Organization, OrganizationMembership
from .models.choices import InvitationStatus


def is_member(organization: Organization, *, by) -> bool:
    """Whether the actor sees the organization's members and invitations (and its forms on the page)."""
    return allowed(by, "registry.organization.members", organization)


def organization_memberships(organization: Organization, *, by):
    require(by, "registry.organization.members", organization)
    return OrganizationMembership.objects.filter(organization=organization)


def organization_invitations(organization: Organization, *, by):
    require(by, "registry.organization.members", organization)
    return Invitation.objects.filter(organization=organization)


def pending_first(invitations):
    return invitations.order_by(
        Case(When(status=InvitationStatus.PENDING, then=Value(0)), default=Value(1)), "-create_time"
    )


def _person(by):
    actor = as_actor(by)
    return actor.user if actor.is_person else None


def own_invitations(*, by):
    """Invitations sent to the actor's e-mail address (anyone else's are not found)."""
    user = _person(by)
    if user is None or not user.email:
        return Invitation.objects.none()
    return Invitation.objects.filter(email_address__iexact=user.email)


def own_pending_invitations(*, by):
    return own_invitations(by=by).filter(status=InvitationStatus.PENDING)


def own_memberships(*, by):
    user = _person(by)
    if user is None:
        return OrganizationMembership.objects.none()
    return OrganizationMembership.objects.filter(user=user)
