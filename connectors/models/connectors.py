"""Connectors, their versions (with a review stage) and each version's technical design."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .catalog import ApiModelField, Endpoint
from .suppliers import Supplier


class Connector(models.Model):
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="connectors")
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["supplier", "name"], name="connectors_name_per_supplier")]

    def __str__(self):
        return self.name


class ConnectorVersion(models.Model):
    """DEVELOPMENT (editable) → IN_REVIEW → APPROVED or REJECTED (→ DEVELOPMENT again) → RETIRED."""

    class Stage(models.TextChoices):
        DEVELOPMENT = "DEVELOPMENT", "Development"
        IN_REVIEW = "IN_REVIEW", "In review"
        APPROVED = "APPROVED", "Approved"
        REJECTED = "REJECTED", "Rejected"
        RETIRED = "RETIRED", "Retired"

    class EndpointMode(models.TextChoices):
        FILTERED = "FILTERED", "Filtered: only enabled endpoints"
        ALLOW_ALL = "ALLOW_ALL", "Allow all endpoints (development only)"

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.DEVELOPMENT)
    endpoint_mode = models.CharField(max_length=10, choices=EndpointMode.choices, default=EndpointMode.FILTERED)
    notes = models.TextField(max_length=4000, blank=True, help_text="What changed in this version.")
    reviewer_notes = models.TextField(max_length=4000, blank=True)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    endpoints = models.ManyToManyField(Endpoint, through="EnabledEndpoint", related_name="versions")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["connector", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["connector", "number"], name="connectors_version_number_once"),
            # seed 000 (2021-01-25): ALLOW_ALL can be chosen only while the version is in DEVELOPMENT.
            models.CheckConstraint(
                condition=Q(endpoint_mode="FILTERED") | Q(stage="DEVELOPMENT"),
                name="connectors_allow_all_only_in_development",
            ),
        ]

    def __str__(self):
        return f"{self.connector} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.stage == self.Stage.DEVELOPMENT


class EnabledEndpoint(models.Model):
    version = models.ForeignKey(ConnectorVersion, on_delete=models.CASCADE, related_name="enabled_endpoints")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["endpoint"]
        constraints = [models.UniqueConstraint(fields=["version", "endpoint"], name="connectors_endpoint_enabled_once")]

    def __str__(self):
        return f"{self.version}: {self.endpoint}"


class AllowedField(models.Model):
    """seed 000 (2018-08-01): a field of the endpoint's model the version may receive. Nothing by default."""

    version = models.ForeignKey(ConnectorVersion, on_delete=models.CASCADE, related_name="allowed_fields")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey(ApiModelField, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["endpoint", "field__position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "endpoint", "field"], name="connectors_field_allowed_once")
        ]

    def __str__(self):
        return f"{self.version}: {self.endpoint} {self.field.path}"


class VersionEvent(models.Model):
    """The history of a version's stages (the audit log has it too; this is what pages show)."""

    version = models.ForeignKey(ConnectorVersion, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(max_length=12, choices=ConnectorVersion.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=ConnectorVersion.Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    notes = models.TextField(max_length=4000, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.version}: {self.from_stage or 'new'} → {self.to_stage}"
