"""API specifications, their versions, URLs and declarations of conformity."""

from django.db import models

from .base import RegistryModel, SemVerFields
from .choices import ApiArchitecturalStyle, ApiLifecycleState, ApiRankingLevel, ApiSpecificationVersionUrlType
from .organizations import Organization
from .requirements import ApiRequirementsVersion
from .standards import CommunicationStandardVersion, InformationStandardVersion, TrustFrameworkVersion


class ApiSpecification(RegistryModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="api_specifications")
    name = models.CharField(max_length=255)
    description = models.CharField(max_length=1000, null=True, blank=True)
    architectural_style = models.CharField(max_length=10, choices=ApiArchitecturalStyle.choices)
    main_version = models.ForeignKey(
        "ApiSpecificationVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-create_time"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name


class ApiSpecificationVersion(RegistryModel, SemVerFields):
    api_specification = models.ForeignKey(ApiSpecification, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(max_length=255)
    description = models.CharField(max_length=1000, null=True, blank=True)
    publish_time = models.DateTimeField(db_index=True)
    lifecycle_state = models.CharField(max_length=20, choices=ApiLifecycleState.choices)
    communication_standard_versions = models.ManyToManyField(
        CommunicationStandardVersion, blank=True, related_name="api_specification_versions"
    )
    information_standard_versions = models.ManyToManyField(
        InformationStandardVersion, blank=True, related_name="api_specification_versions"
    )
    trust_framework_versions = models.ManyToManyField(
        TrustFrameworkVersion, blank=True, related_name="api_specification_versions"
    )
    # The newest declaration, kept by the service that adds declarations (filtered and shown on every list).
    last_declaration = models.ForeignKey(
        "DeclarationOfConformity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-publish_time"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["sem_ver_major", "sem_ver_minor", "sem_ver_patch"]),
            models.Index(fields=["lifecycle_state", "publish_time"]),
        ]

    def __str__(self):
        return f"{self.api_specification_id} {self.name}"


class ApiSpecificationVersionUrl(RegistryModel):
    version = models.ForeignKey(ApiSpecificationVersion, on_delete=models.CASCADE, related_name="urls")
    type = models.CharField(max_length=30, choices=ApiSpecificationVersionUrlType.choices)
    url = models.CharField(max_length=1000)

    class Meta:
        ordering = ["create_time"]
        indexes = [models.Index(fields=["type", "version"])]

    def __str__(self):
        return self.url


class DeclarationOfConformity(RegistryModel):
    """A declaration of which API requirements an API specification version conforms to."""

    version = models.ForeignKey(ApiSpecificationVersion, on_delete=models.CASCADE, related_name="declarations")
    requirements_version = models.ForeignKey(ApiRequirementsVersion, on_delete=models.PROTECT, related_name="+")
    ranking_level = models.CharField(max_length=30, choices=ApiRankingLevel.choices)
    # {ApiRankingType: {"score": n, "maximumScore": m}}, computed from the requirements when declared.
    rankings = models.JSONField(default=dict)
    # {requirement code: {"conformityType": ..., "remarks": ...}} as declared.
    requirements = models.JSONField(default=dict)

    class Meta:
        ordering = ["-create_time"]

    def __str__(self):
        return f"declaration {self.id} of {self.version_id}"
