"""Communication standards, information standards, trust frameworks and their versions."""

from rest_framework import serializers

from ...models import (
    CommunicationStandard,
    CommunicationStandardVersion,
    InformationStandard,
    InformationStandardVersion,
    TrustFramework,
    TrustFrameworkVersion,
)
from ...models.choices import CareType, ProductLifecycleState
from ..fields import BasicNamedSerializer, BookkeepingSerializer, SemVerSerializer, UtcDateTimeField, text


class LinkedVersionsField(serializers.ListField):
    """A list of Basic…Version objects; as input, [{"id": …}] of existing versions."""

    def __init__(self, model, parent_name: str, **kwargs):
        self.model = model
        self.parent_name = parent_name  # e.g. "communicationStandard"
        super().__init__(child=serializers.DictField(), **kwargs)

    def to_representation(self, manager):
        parent_field = self.model.PARENT_FIELD
        return [
            {
                "id": str(version.pk),
                "name": version.name,
                f"{self.parent_name}Id": str(version.parent_id),
                self.parent_name: {"id": str(version.parent_id), "name": getattr(version, parent_field).name},
            }
            for version in manager.all()
        ]

    def to_internal_value(self, data):
        items = super().to_internal_value(data)
        ids = []
        for position, item in enumerate(items):
            identifier = serializers.UUIDField().run_validation(item.get("id")) if "id" in item else None
            if identifier is None:
                raise serializers.ValidationError({str(position): ["Give the id of an existing version."]})
            ids.append(identifier)
        found = {version.pk: version for version in self.model.objects.filter(pk__in=ids)}
        missing = [str(identifier) for identifier in ids if identifier not in found]
        if missing:
            raise serializers.ValidationError(f"No such version: {', '.join(missing)}")
        return [found[identifier] for identifier in dict.fromkeys(ids)]


class CareTypesField(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(child=serializers.ChoiceField(choices=CareType.choices), **kwargs)

    def to_representation(self, manager):
        return [care_type.value for care_type in manager.all()]


def version_serializer(model, *, extra: dict | None = None):
    """The read/write serializer of a standard version (CommunicationStandardVersion_CreateRead, …)."""
    parent_field = model.PARENT_FIELD  # e.g. communication_standard: communicationStandardId, communicationStandard
    attrs = {
        "id": serializers.UUIDField(read_only=True),
        "name": text(255),
        "description": text(1000, required=False, nullable=True),
        "publish_time": UtcDateTimeField(),
        "sem_ver": SemVerSerializer(source="*"),
        "lifecycle_state": serializers.ChoiceField(choices=ProductLifecycleState.choices),
        "url": text(1000, required=False, nullable=True),
        **(extra or {}),
    }
    parent_model = model._meta.get_field(parent_field).related_model
    attrs[f"{parent_field}_id"] = serializers.PrimaryKeyRelatedField(
        queryset=parent_model.objects.all(), source=parent_field, pk_field=serializers.UUIDField()
    )
    attrs[parent_field] = BasicNamedSerializer(read_only=True)
    return type(f"{model.__name__}Serializer", (BookkeepingSerializer,), attrs)


def _information_extra():
    return {
        "care_types": CareTypesField(required=False),
        "communication_standard_versions": LinkedVersionsField(
            CommunicationStandardVersion, "communicationStandard", required=False
        ),
        "trust_framework_versions": LinkedVersionsField(TrustFrameworkVersion, "trustFramework", required=False),
    }


CommunicationStandardVersionSerializer = version_serializer(CommunicationStandardVersion)
TrustFrameworkVersionSerializer = version_serializer(TrustFrameworkVersion)
InformationStandardVersionSerializer = version_serializer(InformationStandardVersion, extra=_information_extra())
VERSION_MODELS = {
    CommunicationStandard: CommunicationStandardVersion,
    TrustFramework: TrustFrameworkVersion,
    InformationStandard: InformationStandardVersion,
}


def standard_serializer(model, *, created: bool = False):
    """CommunicationStandard_Read or, with created=True, …_Create_Response.

    mainVersion is not embedded, for the reason given at ApiSpecificationSerializer: the document's
    Main…Version requires and forbids the parent id at once; mainVersionId names the version.
    """
    version_model = VERSION_MODELS[model]

    class Serializer(BookkeepingSerializer):
        id = serializers.UUIDField(read_only=True)
        name = text(255)
        description = text(1000, required=False, nullable=True)
        organization_id = serializers.PrimaryKeyRelatedField(
            queryset=_organizations(), source="organization", pk_field=serializers.UUIDField()
        )
        organization = BasicNamedSerializer(read_only=True)
        url = text(1000)
        main_version_id = serializers.PrimaryKeyRelatedField(
            queryset=version_model.objects.all(),
            source="main_version",
            pk_field=serializers.UUIDField(),
            required=False,
            allow_null=True,
        )

        def to_representation(self, standard):
            body = super().to_representation(standard)
            if created:
                body.pop("mainVersionId", None)
            return body

    Serializer.__name__ = f"{model.__name__}Serializer"
    return Serializer


def _organizations():
    from ...models import Organization

    return Organization.objects.all()


CommunicationStandardSerializer = standard_serializer(CommunicationStandard)
TrustFrameworkSerializer = standard_serializer(TrustFramework)
InformationStandardSerializer = standard_serializer(InformationStandard)
CREATED_STANDARD_SERIALIZERS = {
    model: standard_serializer(model, created=True)
    for model in (CommunicationStandard, TrustFramework, InformationStandard)
}
