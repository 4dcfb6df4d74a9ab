"""Routes of the ZorgAPIs v1beta2 API, as the spec names its paths (mounted at /registry/v1beta2/)."""

from django.urls import path, re_path, register_converter

from ..models import (
    ApiSpecificationVersion,
    CommunicationStandardVersion,
    InformationStandardVersion,
    TrustFrameworkVersion,
)
from .views import organizations, requirements, specifications, standards, users
from .views.base import unknown_path
from .views.links import LinkView

app_name = "registry-api"


class IdConverter:
    """A path segment without ':' so that `{id}:accept` is not read as an id."""

    regex = "[^/:]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")


def link(owner_model, owner_kwarg, owner_name, relation, item_model, item_kwarg, item_name, scope):
    # e.g. setApiSpecificationVersionCommunicationStandardVersion / delete…
    pair = f"{owner_model.__name__}{item_model.__name__}"
    return LinkView.as_view(
        operation_ids={"PUT": f"set{pair}", "DELETE": f"delete{pair}"},
        owner_model=owner_model,
        owner_kwarg=owner_kwarg,
        owner_name=owner_name,
        relation=relation,
        item_model=item_model,
        item_kwarg=item_kwarg,
        item_name=item_name,
        scope=scope,
    )


ASV = "api-specification-versions/<id:api_specification_version_id>"
ISV = "information-standard-versions/<id:information_standard_version_id>"
_asv = (ApiSpecificationVersion, "api_specification_version_id", "apiSpecificationVersionId")
_isv = (InformationStandardVersion, "information_standard_version_id", "informationStandardVersionId")
_csv = (CommunicationStandardVersion, "communication_standard_version_id", "communicationStandardVersionId")
_tfv = (TrustFrameworkVersion, "trust_framework_version_id", "trustFrameworkVersionId")

communication = standards.views_for("communication-standards")
information = standards.views_for("information-standards")
trust = standards.views_for("trust-frameworks")

urlpatterns = [
    path("users/me", users.Me.as_view(), name="me"),
    path("users/me/invitations", users.UserInvitationList.as_view(), name="user-invitations"),
    path("users/me/invitations/<id:invitation_id>", users.UserInvitationDetail.as_view(), name="user-invitation"),
    path("users/me/invitations/<id:invitation_id>:accept", users.AcceptInvitation.as_view(), name="accept-invitation"),
    path(
        "users/me/invitations/<id:invitation_id>:decline", users.DeclineInvitation.as_view(), name="decline-invitation"
    ),
    path("users/me/memberships", users.UserMembershipList.as_view(), name="user-memberships"),
    path("users/me/memberships/<id:membership_id>", users.UserMembershipDetail.as_view(), name="user-membership"),
    path("organizations", organizations.OrganizationList.as_view(), name="organizations"),
    path("organizations/<id:organization_id>", organizations.OrganizationDetail.as_view(), name="organization"),
    path(
        "organizations/<id:organization_id>/invitations",
        organizations.OrganizationInvitationList.as_view(),
        name="organization-invitations",
    ),
    path(
        "organizations/<id:organization_id>/invitations/<id:invitation_id>",
        organizations.OrganizationInvitationDetail.as_view(),
        name="organization-invitation",
    ),
    path(
        "organizations/<id:organization_id>/invitations/<id:invitation_id>:cancel",
        organizations.CancelInvitation.as_view(),
        name="cancel-invitation",
    ),
    path(
        "organizations/<id:organization_id>/memberships",
        organizations.OrganizationMembershipList.as_view(),
        name="organization-memberships",
    ),
    path(
        "organizations/<id:organization_id>/memberships/<id:membership_id>",
        organizations.OrganizationMembershipDetail.as_view(),
        name="organization-membership",
    ),
    path("api-requirements-versions", requirements.RequirementsVersionList.as_view(), name="requirements-versions"),
    path(
        "api-requirements-versions/<id:version_name>",
        requirements.RequirementsVersionDetail.as_view(),
        name="requirements-version",
    ),
    path(
        "api-requirements-versions/<id:version_name>/api-requirements",
        requirements.RequirementList.as_view(),
        name="requirements",
    ),
    path("api-specifications", specifications.ApiSpecificationList.as_view(), name="api-specifications"),
    path(
        "api-specifications/<id:api_specification_id>",
        specifications.ApiSpecificationDetail.as_view(),
        name="api-specification",
    ),
    path(
        "api-specification-versions",
        specifications.ApiSpecificationVersionList.as_view(),
        name="api-specification-versions",
    ),
    path(ASV, specifications.ApiSpecificationVersionDetail.as_view(), name="api-specification-version"),
    path(f"{ASV}/urls", specifications.UrlList.as_view(), name="urls"),
    path(f"{ASV}/urls/<id:url_id>", specifications.UrlDetail.as_view(), name="url"),
    path(f"{ASV}/declarations-of-conformity", specifications.DeclarationList.as_view(), name="declarations"),
    path(
        f"{ASV}/declarations-of-conformity/<id:declaration_of_conformity_id>",
        specifications.DeclarationDetail.as_view(),
        name="declaration",
    ),
    path(
        f"{ASV}/communication-standard-versions/<id:communication_standard_version_id>",
        link(*_asv, "communication_standard_versions", *_csv, "api-specifications"),
        name="asv-communication-standard-version",
    ),
    path(
        f"{ASV}/information-standard-versions/<id:information_standard_version_id>",
        link(*_asv, "information_standard_versions", *_isv, "api-specifications"),
        name="asv-information-standard-version",
    ),
    path(
        f"{ASV}/trust-framework-versions/<id:trust_framework_version_id>",
        link(*_asv, "trust_framework_versions", *_tfv, "api-specifications"),
        name="asv-trust-framework-version",
    ),
    path("communication-standards", communication["list"], name="communication-standards"),
    path(
        "communication-standards/<id:communication_standard_id>", communication["detail"], name="communication-standard"
    ),
    path("communication-standard-versions", communication["version_list"], name="communication-standard-versions"),
    path(
        "communication-standard-versions/<id:communication_standard_version_id>",
        communication["version_detail"],
        name="communication-standard-version",
    ),
    path("information-standards", information["list"], name="information-standards"),
    path("information-standards/<id:information_standard_id>", information["detail"], name="information-standard"),
    path("information-standard-versions", information["version_list"], name="information-standard-versions"),
    path(ISV, information["version_detail"], name="information-standard-version"),
    path(
        f"{ISV}/communication-standard-versions/<id:communication_standard_version_id>",
        link(*_isv, "communication_standard_versions", *_csv, "information-standards"),
        name="isv-communication-standard-version",
    ),
    path(
        f"{ISV}/trust-framework-versions/<id:trust_framework_version_id>",
        link(*_isv, "trust_framework_versions", *_tfv, "information-standards"),
        name="isv-trust-framework-version",
    ),
    path("trust-frameworks", trust["list"], name="trust-frameworks"),
    path("trust-frameworks/<id:trust_framework_id>", trust["detail"], name="trust-framework"),
    path("trust-framework-versions", trust["version_list"], name="trust-framework-versions"),
    path(
        "trust-framework-versions/<id:trust_framework_version_id>",
        trust["version_detail"],
        name="trust-framework-version",
    ),
    re_path(r"^.*$", unknown_path, name="unknown"),
]
