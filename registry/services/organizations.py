"""Organizations, their members, and invitations (PENDING → ACCEPTED, DECLINED or CANCELED)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..exceptions import AlreadyExists, FailedPrecondition, NotAllowed, NotFound
from ..models import Invitation, Organization, OrganizationMembership
from ..models.choices import InvitationStatus
from .common import apply_changes, audit, create


def is_member(organization_id, user) -> bool:
    return OrganizationMembership.objects.filter(organization_id=organization_id, user=user).exists()


def ensure_member(organization_id, user) -> None:
    """Writes to an organization's items need membership of that organization."""
    if not is_member(organization_id, user):
        raise NotAllowed("Only members of the owning organization may change this")


@transaction.atomic
def create_organization(fields: dict, *, by) -> Organization:
    organization = create(Organization, fields, by)
    create(OrganizationMembership, {"organization": organization, "user": by}, by)  # the creator is its first member
    audit("organization.create", organization, by)
    return organization


@transaction.atomic
def update_organization(organization: Organization, fields: dict, *, by) -> Organization:
    ensure_member(organization.pk, by)
    if apply_changes(organization, fields, by):
        audit("organization.update", organization, by, fields=sorted(fields))
    return organization


@transaction.atomic
def invite(organization: Organization, email_address: str, *, by) -> Invitation:
    ensure_member(organization.pk, by)
    if OrganizationMembership.objects.filter(organization=organization, user__email__iexact=email_address).exists():
        raise AlreadyExists(f"{email_address} is already a member of {organization.name}")
    try:
        with transaction.atomic():
            invitation = create(Invitation, {"organization": organization, "email_address": email_address}, by)
    except IntegrityError as exc:
        raise AlreadyExists(f"{email_address} already has a pending invitation to {organization.name}") from exc
    audit("invitation.create", invitation, by, email=email_address)
    return invitation


def _locked_own_invitation(invitation_id, user) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update().filter(pk=invitation_id, email_address__iexact=user.email).first()
    )
    if invitation is None:
        raise NotFound("The resource you requested does not exist")
    return invitation


def _respond(invitation: Invitation, status: str, by) -> Invitation:
    if invitation.status != InvitationStatus.PENDING:
        raise FailedPrecondition(f"Only a pending invitation can be answered; this one is {invitation.status}")
    invitation.status = status
    invitation.user = by
    invitation.response_time = timezone.now()
    invitation.touch(by)
    invitation.save()
    return invitation


@transaction.atomic
def accept_invitation(invitation_id, *, by) -> Invitation:
    """Accept once: the row lock makes a second, concurrent accept see ACCEPTED and fail."""
    invitation = _respond(_locked_own_invitation(invitation_id, by), InvitationStatus.ACCEPTED, by)
    if not is_member(invitation.organization_id, by):
        create(OrganizationMembership, {"organization_id": invitation.organization_id, "user": by}, by)
    audit("invitation.accept", invitation, by)
    return invitation


@transaction.atomic
def decline_invitation(invitation_id, *, by) -> Invitation:
    invitation = _respond(_locked_own_invitation(invitation_id, by), InvitationStatus.DECLINED, by)
    audit("invitation.decline", invitation, by)
    return invitation


@transaction.atomic
def cancel_invitation(invitation: Invitation, *, by) -> Invitation:
    ensure_member(invitation.organization_id, by)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise FailedPrecondition(f"Only a pending invitation can be canceled; this one is {invitation.status}")
    invitation.status = InvitationStatus.CANCELED
    invitation.response_time = timezone.now()
    invitation.touch(by)
    invitation.save()
    audit("invitation.cancel", invitation, by)
    return invitation


def _delete_membership(membership: OrganizationMembership, by) -> None:
    # Locking the organization's memberships keeps two concurrent leaves from emptying it.
    members = list(
        OrganizationMembership.objects.select_for_update().filter(organization_id=membership.organization_id)
    )
    if len(members) <= 1:
        raise FailedPrecondition("The last member cannot leave the organization")
    membership.delete()
    audit("membership.delete", membership.organization, by, user=membership.user_id)


@transaction.atomic
def leave_organization(membership: OrganizationMembership, *, by) -> None:
    if membership.user_id != by.pk:
        raise NotFound("The resource you requested does not exist")
    _delete_membership(membership, by)


@transaction.atomic
def remove_member(membership: OrganizationMembership, *, by) -> None:
    ensure_member(membership.organization_id, by)
    _delete_membership(membership, by)
