"""Users, organizations, memberships and invitations."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from epdee.core.api.fields import to_camel

from ...models.choices import Country
from ..fields import (
    BasicNamedSerializer,
    BasicUserSerializer,
    BookkeepingSerializer,
    RegistrySerializer,
    StrictIntegerField,
    UtcDateTimeField,
    text,
)

ADDRESS_COLUMNS = {
    "street": "address_street",
    "houseNumber": "address_house_number",
    "houseNumberAddition": "address_house_number_addition",
    "addressLine2": "address_line2",
    "postalCode": "address_postal_code",
    "city": "address_city",
    "stateOrRegion": "address_state_or_region",
    "country": "address_country",
}


class UserSerializer(RegistrySerializer):
    """User_Read: the signed-in user; he created and last updated himself."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)

    def to_representation(self, user):
        body = super().to_representation(user)
        basic = {"id": body["id"], "name": body["name"]}
        joined = UtcDateTimeField().to_representation(user.date_joined)
        updated = UtcDateTimeField().to_representation(user.last_login or user.date_joined)
        body.update(
            createTime=joined,
            createdByUserId=body["id"],
            createdByUser=basic,
            updateTime=updated,
            updatedByUserId=body["id"],
            updatedByUser=basic,
        )
        return body


class AddressSerializer(RegistrySerializer):
    street = text(255, required=False, nullable=True)
    house_number = StrictIntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True)
    house_number_addition = text(100, required=False, nullable=True)
    address_line2 = text(255, required=False, nullable=True)
    postal_code = text(10, required=False, nullable=True)
    city = text(255, required=False, nullable=True)
    state_or_region = text(255, required=False, nullable=True)
    country = serializers.ChoiceField(choices=Country.choices, required=False)


@extend_schema_field(AddressSerializer(allow_null=True))
class AddressField(serializers.Field):
    """The address object (or null) stored in the organization's address_* columns."""

    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, **kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return False, None  # null is a value here: it clears the address
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        columns = dict.fromkeys(ADDRESS_COLUMNS.values())
        if data is None:
            return {**columns, "has_address": False}
        checked = AddressSerializer(data=data)
        if not checked.is_valid():
            raise serializers.ValidationError(checked.errors)
        mapped = {ADDRESS_COLUMNS[to_camel(name)]: value for name, value in checked.validated_data.items()}
        return {**columns, **mapped, "has_address": True}

    def to_representation(self, organization):
        if not organization.has_address:
            return None
        body = {name: getattr(organization, column) for name, column in ADDRESS_COLUMNS.items()}
        if body["country"] is None:
            body.pop("country")  # Country is an enum, not nullable
        return body


class OrganizationSerializer(BookkeepingSerializer):
    """Organization_CreateRead (also the body of POST) and, partially, Organization_Update."""

    id = serializers.UUIDField(read_only=True)
    name = text(255)
    description = text(1000, required=False, nullable=True)
    website = text(1000, required=False, nullable=True)
    github_url = text(1000, required=False, nullable=True)
    gitlab_url = text(1000, required=False, nullable=True)
    email_address = serializers.EmailField(max_length=254)
    phone_number = text(50, required=False, nullable=True)
    address = AddressField()


class UserMembershipSerializer(BookkeepingSerializer):
    id = serializers.UUIDField(read_only=True)
    organization_id = serializers.UUIDField(read_only=True)
    organization = BasicNamedSerializer(read_only=True)


class OrganizationMembershipSerializer(BookkeepingSerializer):
    id = serializers.UUIDField(read_only=True)
    user_id = serializers.UUIDField(source="user.uuid", read_only=True)
    user = BasicUserSerializer(read_only=True)


class UserInvitationSerializer(BookkeepingSerializer):
    """UserInvitation_Read / _Accept / _Decline."""

    id = serializers.UUIDField(read_only=True)
    organization_id = serializers.UUIDField(read_only=True)
    organization = BasicNamedSerializer(read_only=True)
    email_address = serializers.EmailField(read_only=True)
    status = serializers.CharField(read_only=True)
    response_time = UtcDateTimeField(read_only=True)


class OrganizationInvitationSerializer(BookkeepingSerializer):
    """OrganizationInvitation_Read; POST takes just the e-mail address."""

    id = serializers.UUIDField(read_only=True)
    email_address = serializers.EmailField(max_length=254)
    status = serializers.CharField(read_only=True)
    user_id = serializers.UUIDField(source="user.uuid", read_only=True, allow_null=True)
    user = BasicUserSerializer(read_only=True)
    response_time = UtcDateTimeField(read_only=True)

    def to_representation(self, invitation):
        body = super().to_representation(invitation)
        if invitation.user_id is None:
            body["userId"] = None
            body.pop("user", None)  # BasicUser is not nullable
        return body


class CreatedInvitationSerializer(OrganizationInvitationSerializer):
    """OrganizationInvitation_Create / _Cancel: no user or response time."""

    def to_representation(self, invitation):
        body = super().to_representation(invitation)
        for key in ("userId", "user", "responseTime"):
            body.pop(key, None)
        return body
