"""users, users.invitations, users.memberships: the signed-in user and what is his."""

from ... import selectors, services
from ..serializers.organizations import UserInvitationSerializer, UserMembershipSerializer, UserSerializer
from .base import RegistryListView, RegistryView


class Me(RegistryView):
    scope = "users"
    operation_ids = {"GET": "getUserForAuthenticatedUser"}

    def get(self, request):
        return self.render(request.user, serializer_class=UserSerializer)


class OwnInvitations:
    scope = "users"
    serializer_class = UserInvitationSerializer

    def base_queryset(self):
        # A user sees only invitations to his own address (others' are 404).
        return selectors.own_invitations(by=self.actor).select_related("organization", "created_by", "updated_by")


class UserInvitationList(OwnInvitations, RegistryListView):
    operation_ids = {"GET": "listUserInvitations"}


class UserInvitationDetail(OwnInvitations, RegistryView):
    operation_ids = {"GET": "getUserInvitationById"}

    def get(self, request, invitation_id):
        return self.render(self.object_for("invitation_id", name="invitationId"))


class AcceptInvitation(OwnInvitations, RegistryView):
    operation_ids = {"POST": "acceptUserInvitation"}

    def post(self, request, invitation_id):
        invitation = self.object_for("invitation_id", name="invitationId")
        return self.render(self.reloaded(services.accept_invitation(invitation.pk, by=self.actor)))


class DeclineInvitation(OwnInvitations, RegistryView):
    operation_ids = {"POST": "declineUserInvitation"}

    def post(self, request, invitation_id):
        invitation = self.object_for("invitation_id", name="invitationId")
        return self.render(self.reloaded(services.decline_invitation(invitation.pk, by=self.actor)))


class OwnMemberships:
    scope = "users"
    serializer_class = UserMembershipSerializer

    def base_queryset(self):
        return selectors.own_memberships(by=self.actor).select_related("organization", "created_by", "updated_by")


class UserMembershipList(OwnMemberships, RegistryListView):
    operation_ids = {"GET": "listUserMemberships"}


class UserMembershipDetail(OwnMemberships, RegistryView):
    operation_ids = {"GET": "getUserMembershipById", "DELETE": "deleteUserMembership"}

    def get(self, request, membership_id):
        return self.render(self.object_for("membership_id", name="membershipId"))

    def delete(self, request, membership_id):
        services.leave_organization(self.object_for("membership_id", name="membershipId"), by=self.actor)
        return self.no_content()
