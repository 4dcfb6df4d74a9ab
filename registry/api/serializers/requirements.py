"""API requirements versions and their requirements."""

from rest_framework import serializers

from ...models import ApiRequirementClassification
from ...models.choices import ApiRequirementCategory, ProductLifecycleState, RequirementLevel
from ..fields import BookkeepingSerializer, SemVerSerializer, StrictIntegerField, UtcDateTimeField, text


class ClassificationListField(serializers.ListField):
    """roles, perspectiveTypes, … : enum values kept as classification rows (read from the prefetch)."""

    def __init__(self, kind, **kwargs):
        self.kind = kind
        choices = ApiRequirementClassification.VALUES[kind]
        super().__init__(child=serializers.ChoiceField(choices=choices), source="*", **kwargs)

    def to_representation(self, requirement):
        return requirement.values_of(self.kind)

    def to_internal_value(self, data):
        return {self.kind: super().to_internal_value(data)}


class ApiRequirementSerializer(BookkeepingSerializer):
    """ApiRequirement_CreateRead; as input (in a version's apiRequirements) it yields (fields, lists)."""

    id = serializers.UUIDField(read_only=True)
    code = text(50)
    description = text(1000)
    explanation = text(1000, required=False, nullable=True)
    url = text(1000)
    requirement_level = serializers.ChoiceField(choices=RequirementLevel.choices)
    score = StrictIntegerField(min_value=0, max_value=2**31 - 1)
    category = serializers.ChoiceField(choices=ApiRequirementCategory.choices)
    roles = ClassificationListField(ApiRequirementClassification.Kind.ROLE)
    perspective_types = ClassificationListField(ApiRequirementClassification.Kind.PERSPECTIVE_TYPE)
    architectural_styles = ClassificationListField(ApiRequirementClassification.Kind.ARCHITECTURAL_STYLE)
    standardization_levels = ClassificationListField(ApiRequirementClassification.Kind.STANDARDIZATION_LEVEL)

    def to_internal_value(self, data):
        validated = super().to_internal_value(data)
        lists = {kind: validated.pop(kind) for kind in ApiRequirementClassification.Kind.values if kind in validated}
        return validated, lists


class ApiRequirementsVersionSerializer(BookkeepingSerializer):
    """ApiRequirementsVersion_CreateRead (apiRequirements is write-only) and _Update."""

    id = serializers.UUIDField(read_only=True)
    name = text(255)
    description = text(1000, required=False, nullable=True)
    url = text(1000)
    publish_time = UtcDateTimeField()
    sem_ver = SemVerSerializer(source="*")
    lifecycle_state = serializers.ChoiceField(choices=ProductLifecycleState.choices)
    api_requirements = ApiRequirementSerializer(many=True, write_only=True, source="requirements")
