"""Organizations, their members, and invitations (PENDING → ACCEPTED, DECLINED or CANCELED)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from epdee.core.errors import Conflict, NotFound
from epdee.core.permissions import forget_roles

from ..constants import ALREADY_EXISTS
from ..models import (
    ApiSpecification,
    CommunicationStandard,
    InformationStandard,
    Invitation,
    Organization,
    OrganizationMembership,
    TrustFramework,
)
from ..models.choices import InvitationStatus
from .common import apply_changes, audit, authorise, create


@transaction.atomic
def create_organization(fields: dict, *, by) -> Organization:
    actor = authorise(by, "registry.organization.create")
    organization = create(Organization, fields, actor)
    create(OrganizationMembership, {"organization": organization, "user": actor.user}, actor)  # its first member
    forget_roles(actor.user)
    audit("organization.create", organization, actor)
    return organization


@transaction.atomic
def update_organization(organization: Organization, fields: dict, *, by) -> Organization:
    actor = authorise(by, "registry.organization.change", organization)
    if apply_changes(organization, fields, actor):
        audit("organization.update", organization, actor, fields=sorted(fields))
    return organization


@transaction.atomic
def delete_organization(organization: Organization, *, by) -> None:
    """Only an organization that owns nothing: its API specifications and standards are not deleted with it."""
    actor = authorise(by, "registry.organization.change", organization)
    owned = [
        model
        for model in (ApiSpecification, CommunicationStandard, InformationStandard, TrustFramework)
        if model.objects.filter(organization=organization).exists()
    ]
    if owned:
        raise Conflict(
            _("%(organization)s still owns %(items)s; delete those first.")
            % {"organization": organization.name, "items": ", ".join(str(m._meta.verbose_name_plural) for m in owned)}
        )
    audit("organization.delete", organization, actor, name=organization.name)
    organization.delete()
    forget_roles(actor.user)


@transaction.atomic
def invite(organization: Organization, email_address: str, *, by) -> Invitation:
    actor = authorise(by, "registry.organization.change", organization)
    if OrganizationMembership.objects.filter(organization=organization, user__email__iexact=email_address).exists():
        raise Conflict(
            _("%(email)s is already a member of %(organization)s")
            % {"email": email_address, "organization": organization.name},
            field="email_address",
            code=ALREADY_EXISTS,
        )
    try:
        with transaction.atomic():
            invitation = create(Invitation, {"organization": organization, "email_address": email_address}, actor)
    except IntegrityError as exc:
        raise Conflict(
            _("%(email)s already has a pending invitation to %(organization)s")
            % {"email": email_address, "organization": organization.name},
            field="email_address",
            code=ALREADY_EXISTS,
        ) from exc
    audit("invitation.create", invitation, actor, email=email_address)
    return invitation


def _locked_own_invitation(invitation_id, by):
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound(_("The resource you requested does not exist"))
    return authorise(by, "registry.invitation.answer", invitation), invitation


def _respond(invitation: Invitation, status: str, actor) -> Invitation:
    if invitation.status != InvitationStatus.PENDING:
        raise Conflict(
            _("Only a pending invitation can be answered; this one is %(status)s") % {"status": invitation.status}
        )
    invitation.status = status
    invitation.user = actor.user
    invitation.response_time = timezone.now()
    invitation.touch(actor.user)
    invitation.save()
    return invitation


@transaction.atomic
def accept_invitation(invitation_id, *, by) -> Invitation:
    """Accept once: the row lock makes a second, concurrent accept see ACCEPTED and fail."""
    actor, invitation = _locked_own_invitation(invitation_id, by)
    invitation = _respond(invitation, InvitationStatus.ACCEPTED, actor)
    if not OrganizationMembership.objects.filter(organization_id=invitation.organization_id, user=actor.user).exists():
        create(OrganizationMembership, {"organization_id": invitation.organization_id, "user": actor.user}, actor)
    forget_roles(actor.user)
    audit("invitation.accept", invitation, actor)
    return invitation


@transaction.atomic
def decline_invitation(invitation_id, *, by) -> Invitation:
    actor, invitation = _locked_own_invitation(invitation_id, by)
    invitation = _respond(invitation, InvitationStatus.DECLINED, actor)
    audit("invitation.decline", invitation, actor)
    return invitation


@transaction.atomic
def cancel_invitation(invitation: Invitation, *, by) -> Invitation:
    actor = authorise(by, "registry.organization.change", invitation.organization)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise Conflict(
            _("Only a pending invitation can be canceled; this one is %(status)s") % {"status": invitation.status}
        )
    invitation.status = InvitationStatus.CANCELED
    invitation.response_time = timezone.now()
    invitation.touch(actor.user)
    invitation.save()
    audit("invitation.cancel", invitation, actor)
    return invitation


def _delete_membership(membership: OrganizationMembership, actor) -> None:
    # Locking the organization's memberships keeps two concurrent leaves from emptying it.
    members = list(
        OrganizationMembership.objects.select_for_update().filter(organization_id=membership.organization_id)
    )
    if len(members) <= 1:
        raise Conflict(_("The last member cannot leave the organization"))
    membership.delete()
    forget_roles(actor.user)  # the roles of a user are kept on his object; a removed one's expire with it
    audit("membership.delete", membership.organization, actor, user=membership.user_id)


@transaction.atomic
def leave_organization(membership: OrganizationMembership, *, by) -> None:
    actor = authorise(by, "registry.membership.leave", membership)
    _delete_membership(membership, actor)


@transaction.atomic
def remove_member(membership: OrganizationMembership, *, by) -> None:
    actor = authorise(by, "registry.organization.change", membership.organization)
    _delete_membership(membership, actor)
