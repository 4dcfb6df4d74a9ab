"""API specifications, versions, URLs and declarations of conformity."""

from rest_framework import serializers

from ...models import (
    ApiSpecification,
    ApiSpecificationVersion,
    CommunicationStandardVersion,
    InformationStandardVersion,
    Organization,
    TrustFrameworkVersion,
)
from ...models.choices import (
    ApiArchitecturalStyle,
    ApiLifecycleState,
    ApiSpecificationVersionUrlType,
    ConformityType,
)
from ..fields import BasicNamedSerializer, BookkeepingSerializer, SemVerSerializer, UtcDateTimeField, text
from .standards import LinkedVersionsField


class UrlSerializer(BookkeepingSerializer):
    """ApiSpecificationVersionUrl_CreateRead and _Update."""

    id = serializers.UUIDField(read_only=True)
    type = serializers.ChoiceField(choices=ApiSpecificationVersionUrlType.choices)
    url = text(1000)


class BasicUrlSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    type = serializers.ChoiceField(choices=ApiSpecificationVersionUrlType.choices)
    url = text(1000)


class RequirementConformitySerializer(serializers.Serializer):
    conformityType = serializers.ChoiceField(choices=ConformityType.choices)  # noqa: N815
    remarks = text(1000, required=False, nullable=True)


class BasicDeclarationSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    requirementsVersion = serializers.CharField(source="requirements_version.name", max_length=255)  # noqa: N815
    rankingLevel = serializers.CharField(source="ranking_level", read_only=True)  # noqa: N815
    rankings = serializers.DictField(read_only=True)


class DeclarationSerializer(BasicDeclarationSerializer, BookkeepingSerializer):
    """ApiSpecificationVersionDeclarationOfConformity_CreateRead."""

    requirementsVersion = text(255, source="requirements_version.name")  # noqa: N815
    requirements = serializers.DictField(child=RequirementConformitySerializer())

    def to_internal_value(self, data):
        validated = super().to_internal_value(data)
        requirements = {code: dict(item) for code, item in validated["requirements"].items()}
        return {"requirements_version": validated["requirements_version"]["name"], "requirements": requirements}


def _standard_links():
    return {
        "communicationStandardVersions": LinkedVersionsField(
            CommunicationStandardVersion,
            "communicationStandard",
            source="communication_standard_versions",
            required=False,
        ),
        "informationStandardVersions": LinkedVersionsField(
            InformationStandardVersion, "informationStandard", source="information_standard_versions", required=False
        ),
        "trustFrameworkVersions": LinkedVersionsField(
            TrustFrameworkVersion, "trustFramework", source="trust_framework_versions", required=False
        ),
    }


class VersionFieldsSerializer(serializers.Serializer):
    """The fields of ApiSpecificationVersion_CreateRead."""

    id = serializers.UUIDField(read_only=True)
    name = text(255)
    description = text(1000, required=False, nullable=True)
    publishTime = UtcDateTimeField(source="publish_time")  # noqa: N815
    semVer = SemVerSerializer(source="*")  # noqa: N815
    lifecycleState = serializers.ChoiceField(choices=ApiLifecycleState.choices, source="lifecycle_state")  # noqa: N815
    urls = BasicUrlSerializer(many=True, required=False)
    lastDeclarationOfConformity = BasicDeclarationSerializer(source="last_declaration", read_only=True)  # noqa: N815

    def get_fields(self):
        return {**super().get_fields(), **_standard_links()}


class ApiSpecificationVersionSerializer(VersionFieldsSerializer, BookkeepingSerializer):
    """ApiSpecificationVersion_CreateRead (POST body and responses) and _Update."""

    apiSpecificationId = serializers.PrimaryKeyRelatedField(  # noqa: N815
        queryset=ApiSpecification.objects.all(), source="api_specification", pk_field=serializers.UUIDField()
    )
    apiSpecification = BasicNamedSerializer(source="api_specification", read_only=True)  # noqa: N815


class ApiSpecificationSerializer(BookkeepingSerializer):
    """ApiSpecification_Read, _Create (POST) and _Update (PATCH)."""

    id = serializers.UUIDField(read_only=True)
    name = text(255)
    description = text(1000, required=False, nullable=True)
    organizationId = serializers.PrimaryKeyRelatedField(  # noqa: N815
        queryset=Organization.objects.all(), source="organization", pk_field=serializers.UUIDField()
    )
    organization = BasicNamedSerializer(read_only=True)
    architecturalStyle = serializers.ChoiceField(  # noqa: N815
        choices=ApiArchitecturalStyle.choices, source="architectural_style"
    )
    mainVersionId = serializers.PrimaryKeyRelatedField(  # noqa: N815
        queryset=ApiSpecificationVersion.objects.all(),
        source="main_version",
        pk_field=serializers.UUIDField(),
        required=False,
        allow_null=True,
    )
    # mainVersion is not embedded: the document's MainApiSpecificationVersion both requires apiSpecificationId
    # (through ApiSpecificationVersion) and forbids it in responses (writeOnly), so no embedded version can
    # validate. mainVersionId names it; GET /api-specification-versions/{id} returns it.


class CreatedApiSpecificationSerializer(ApiSpecificationSerializer):
    """ApiSpecification_Create as returned by POST: no main version yet."""

    def to_representation(self, specification):
        body = super().to_representation(specification)
        body.pop("mainVersionId", None)
        return body
