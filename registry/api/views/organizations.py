"""organizations, organizations.invitations, organizations.memberships."""

from functools import cached_property

from ... import selectors, services
from ...models import Organization
from ..serializers.organizations import (
    ADDRESS_COLUMNS,
    CreatedInvitationSerializer,
    OrganizationInvitationSerializer,
    OrganizationMembershipSerializer,
    OrganizationSerializer,
)
from .base import RegistryListView, RegistryView


class OrganizationViews:
    scope = "organizations"
    serializer_class = OrganizationSerializer
    updatable = frozenset(
        {
            "name",
            "description",
            "website",
            "github_url",
            "gitlab_url",
            "email_address",
            "phone_number",
            "has_address",
            *ADDRESS_COLUMNS.values(),
        }
    )

    def base_queryset(self):
        return Organization.objects.select_related("created_by", "updated_by")


class OrganizationList(OrganizationViews, RegistryListView):
    operation_ids = {"GET": "listOrganizations", "POST": "addOrganization"}

    def post(self, request):
        organization = services.create_organization(self.validated(), by=self.actor)
        return self.render(self.reloaded(organization), status=201)


class OrganizationDetail(OrganizationViews, RegistryView):
    operation_ids = {"GET": "getOrganizationById", "PATCH": "updateOrganization"}

    def get(self, request, organization_id):
        return self.render(self.object_for("organization_id", name="organizationId"))

    def patch(self, request, organization_id):
        organization = self.object_for("organization_id", name="organizationId")
        services.update_organization(organization, self.validated(partial=True), by=self.actor)
        return self.render(self.reloaded(organization))


class OrganizationPart:
    """Invitations and memberships of one organization: visible to its members only."""

    scope = "organizations"

    @cached_property
    def organization(self) -> Organization:
        return self.object_for("organization_id", Organization.objects.all(), name="organizationId")


class OrganizationInvitations(OrganizationPart):
    serializer_class = OrganizationInvitationSerializer

    def base_queryset(self):
        return selectors.organization_invitations(self.organization, by=self.actor).select_related(
            "user", "created_by", "updated_by"
        )


class OrganizationInvitationList(OrganizationInvitations, RegistryListView):
    operation_ids = {"GET": "listOrganizationInvitations", "POST": "addOrganizationInvitation"}

    def post(self, request, organization_id):
        organization = self.organization
        invitation = services.invite(organization, self.validated()["email_address"], by=self.actor)
        return self.render(self.reloaded(invitation), status=201, serializer_class=CreatedInvitationSerializer)


class OrganizationInvitationDetail(OrganizationInvitations, RegistryView):
    operation_ids = {"GET": "getOrganizationInvitationById"}

    def get(self, request, organization_id, invitation_id):
        return self.render(self.object_for("invitation_id", name="invitationId"))


class CancelInvitation(OrganizationInvitations, RegistryView):
    operation_ids = {"POST": "cancelOrganizationInvitation"}

    def post(self, request, organization_id, invitation_id):
        invitation = self.object_for("invitation_id", name="invitationId")
        services.cancel_invitation(invitation, by=self.actor)
        return self.render(self.reloaded(invitation), serializer_class=CreatedInvitationSerializer)


class OrganizationMemberships(OrganizationPart):
    serializer_class = OrganizationMembershipSerializer

    def base_queryset(self):
        return selectors.organization_memberships(self.organization, by=self.actor).select_related(
            "user", "created_by", "updated_by"
        )


class OrganizationMembershipList(OrganizationMemberships, RegistryListView):
    operation_ids = {"GET": "listOrganizationMemberships"}


class OrganizationMembershipDetail(OrganizationMemberships, RegistryView):
    operation_ids = {"GET": "getOrganizationMembershipById", "DELETE": "deleteOrganizationMembership"}

    def get(self, request, organization_id, membership_id):
        return self.render(self.object_for("membership_id", name="membershipId"))

    def delete(self, request, organization_id, membership_id):
        services.remove_member(self.object_for("membership_id", name="membershipId"), by=self.actor)
        return self.no_content()
