"""Communication standards, information standards and trust frameworks, each with versions."""

from django.db import models

from .base import RegistryModel, SemVerFields
from .choices import CareType, ProductLifecycleState
from .organizations import Organization


class Standard(RegistryModel):
    """What the three kinds of standard share; each names its own main version."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    description = models.CharField(max_length=1000, null=True, blank=True)
    url = models.CharField(max_length=1000)

    class Meta:
        abstract = True
        ordering = ["-create_time"]

    def __str__(self):
        return self.name


class StandardVersion(RegistryModel, SemVerFields):
    name = models.CharField(max_length=255)
    description = models.CharField(max_length=1000, null=True, blank=True)
    publish_time = models.DateTimeField(db_index=True)
    lifecycle_state = models.CharField(max_length=20, choices=ProductLifecycleState.choices)
    url = models.CharField(max_length=1000, null=True, blank=True)

    PARENT_FIELD = ""  # the foreign key to the standard this is a version of

    class Meta:
        abstract = True
        ordering = ["-publish_time"]

    def __str__(self):
        return self.name

    @property
    def parent(self):
        return getattr(self, self.PARENT_FIELD)

    @property
    def parent_id(self):
        return getattr(self, f"{self.PARENT_FIELD}_id")


class CommunicationStandard(Standard):
    main_version = models.ForeignKey(
        "CommunicationStandardVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(Standard.Meta):
        pass


class CommunicationStandardVersion(StandardVersion):
    PARENT_FIELD = "communication_standard"
    communication_standard = models.ForeignKey(CommunicationStandard, on_delete=models.CASCADE, related_name="versions")

    class Meta(StandardVersion.Meta):
        pass


class TrustFramework(Standard):
    main_version = models.ForeignKey(
        "TrustFrameworkVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(Standard.Meta):
        pass


class TrustFrameworkVersion(StandardVersion):
    PARENT_FIELD = "trust_framework"
    trust_framework = models.ForeignKey(TrustFramework, on_delete=models.CASCADE, related_name="versions")

    class Meta(StandardVersion.Meta):
        pass


class InformationStandard(Standard):
    main_version = models.ForeignKey(
        "InformationStandardVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(Standard.Meta):
        pass


class InformationStandardVersion(StandardVersion):
    PARENT_FIELD = "information_standard"
    information_standard = models.ForeignKey(InformationStandard, on_delete=models.CASCADE, related_name="versions")
    communication_standard_versions = models.ManyToManyField(
        CommunicationStandardVersion, blank=True, related_name="information_standard_versions"
    )
    trust_framework_versions = models.ManyToManyField(
        TrustFrameworkVersion, blank=True, related_name="information_standard_versions"
    )

    class Meta(StandardVersion.Meta):
        pass


class InformationStandardVersionCareType(models.Model):
    """One of a version's careTypes, as a row so any()/all() filters become EXISTS subqueries."""

    version = models.ForeignKey(InformationStandardVersion, on_delete=models.CASCADE, related_name="care_types")
    value = models.CharField(max_length=80, choices=CareType.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "value"], name="registry_care_type_once")]

    def __str__(self):
        return self.value
