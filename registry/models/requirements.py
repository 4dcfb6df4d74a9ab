"""API requirements versions (e.g. the Nictiz API requirements 1.2.0) and their requirements."""

from django.db import models

from .base import RegistryModel, SemVerFields
from .choices import (
    ApiArchitecturalStyle,
    ApiPerspectiveType,
    ApiRequirementCategory,
    ApiRole,
    ApiStandardizationLevel,
    ProductLifecycleState,
    RequirementLevel,
)


class ApiRequirementsVersion(RegistryModel, SemVerFields):
    name = models.CharField(max_length=255, unique=True)  # the {versionName} of the URL
    description = models.CharField(max_length=1000, null=True, blank=True)
    url = models.CharField(max_length=1000)
    publish_time = models.DateTimeField(db_index=True)
    lifecycle_state = models.CharField(max_length=20, choices=ProductLifecycleState.choices)

    class Meta:
        ordering = ["-publish_time"]

    def __str__(self):
        return self.name


class ApiRequirement(RegistryModel):
    version = models.ForeignKey(ApiRequirementsVersion, on_delete=models.CASCADE, related_name="requirements")
    code = models.CharField(max_length=50)
    description = models.CharField(max_length=1000)
    explanation = models.CharField(max_length=1000, null=True, blank=True)
    url = models.CharField(max_length=1000)
    requirement_level = models.CharField(max_length=10, choices=RequirementLevel.choices)
    score = models.PositiveIntegerField()
    category = models.CharField(max_length=50, choices=ApiRequirementCategory.choices)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="registry_requirement_code_per_version")
        ]

    def __str__(self):
        return self.code

    def values_of(self, kind: str) -> list[str]:
        """The list field `kind` (roles, perspectiveTypes, …), from prefetched classifications when present."""
        return [c.value for c in self.classifications.all() if c.kind == kind]


class ApiRequirementClassification(models.Model):
    """One value of a requirement's list fields (roles, perspectiveTypes, architecturalStyles,
    standardizationLevels): rows, so that any()/all() filters become EXISTS subqueries."""

    class Kind(models.TextChoices):
        ROLE = "roles"
        PERSPECTIVE_TYPE = "perspectiveTypes"
        ARCHITECTURAL_STYLE = "architecturalStyles"
        STANDARDIZATION_LEVEL = "standardizationLevels"

    VALUES = {
        Kind.ROLE: ApiRole.values,
        Kind.PERSPECTIVE_TYPE: ApiPerspectiveType.values,
        Kind.ARCHITECTURAL_STYLE: ApiArchitecturalStyle.values,
        Kind.STANDARDIZATION_LEVEL: ApiStandardizationLevel.values,
    }

    requirement = models.ForeignKey(ApiRequirement, on_delete=models.CASCADE, related_name="classifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    value = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["kind", "value"])]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "kind", "value"], name="registry_classification_once")
        ]

    def __str__(self):
        return f"{self.requirement_id} {self.kind}={self.value}"
