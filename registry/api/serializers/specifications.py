"""API specifications, versions, URLs and declarations of conformity."""

import re

from rest_framework import serializers

from epdee.core.api.fields import to_camel

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
from ..fields import (
    BasicNamedSerializer,
    BookkeepingSerializer,
    RegistrySerializer,
    SemVerSerializer,
    UtcDateTimeField,
    text,
)
from .standards import LinkedVersionsField


def to_snake(name: str) -> str:
    """conformityType → conformity_type."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


class UrlSerializer(BookkeepingSerializer):
    """ApiSpecificationVersionUrl_CreateRead and _Update."""

    id = serializers.UUIDField(read_only=True)
    type = serializers.ChoiceField(choices=ApiSpecificationVersionUrlType.choices)
    url = text(1000)


class BasicUrlSerializer(RegistrySerializer):
    id = serializers.UUIDField(read_only=True)
    type = serializers.ChoiceField(choices=ApiSpecificationVersionUrlType.choices)
    url = text(1000)


class RequirementConformitySerializer(RegistrySerializer):
    # One declared requirement. A declaration keeps them as declared, in the spec's names
    # ({"conformityType": …, "remarks": …}), which is what the ranking and the pages read.

    conformity_type = serializers.ChoiceField(choices=ConformityType.choices)
    remarks = text(1000, required=False, nullable=True)

    def to_internal_value(self, data):
        return {to_camel(name): value for name, value in super().to_internal_value(data).items()}

    def to_representation(self, declared):
        return super().to_representation({to_snake(name): value for name, value in declared.items()})


class BasicDeclarationSerializer(RegistrySerializer):
    id = serializers.UUIDField(read_only=True)
    requirements_version = serializers.CharField(source="requirements_version.name", max_length=255)
    ranking_level = serializers.CharField(read_only=True)
    rankings = serializers.DictField(read_only=True)


class DeclarationSerializer(BasicDeclarationSerializer, BookkeepingSerializer):
    """ApiSpecificationVersionDeclarationOfConformity_CreateRead."""

    requirements_version = text(255, source="requirements_version.name")
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


class VersionFieldsSerializer(RegistrySerializer):
    """The fields of ApiSpecificationVersion_CreateRead."""

    id = serializers.UUIDField(read_only=True)
    name = text(255)
    description = text(1000, required=False, nullable=True)
    publish_time = UtcDateTimeField()
    sem_ver = SemVerSerializer(source="*")
    lifecycle_state = serializers.ChoiceField(choices=ApiLifecycleState.choices)
    urls = BasicUrlSerializer(many=True, required=False)
    last_declaration_of_conformity = BasicDeclarationSerializer(source="last_declaration", read_only=True)

    def get_fields(self):
        # After the camelCase renaming, so these keep the spec's names (and come last, as the spec lists them).
        return {**super().get_fields(), **_standard_links()}


class ApiSpecificationVersionSerializer(VersionFieldsSerializer, BookkeepingSerializer):
    """ApiSpecificationVersion_CreateRead (POST body and responses) and _Update."""

    api_specification_id = serializers.PrimaryKeyRelatedField(
        queryset=ApiSpecification.objects.all(), source="api_specification", pk_field=serializers.UUIDField()
    )
    api_specification = BasicNamedSerializer(read_only=True)


class ApiSpecificationSerializer(BookkeepingSerializer):
    """ApiSpecification_Read, _Create (POST) and _Update (PATCH)."""

    id = serializers.UUIDField(read_only=True)
    name = text(255)
    description = text(1000, required=False, nullable=True)
    organization_id = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), source="organization", pk_field=serializers.UUIDField()
    )
    organization = BasicNamedSerializer(read_only=True)
    architectural_style = serializers.ChoiceField(choices=ApiArchitecturalStyle.choices)
    main_version_id = serializers.PrimaryKeyRelatedField(
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
