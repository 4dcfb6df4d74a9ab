"""The endpoint catalog: every endpoint the gateway serves, the model it returns and that model's fields,
and the deprecations of seed 000."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ApiModel(models.Model):
    """A resource shape the gateway returns (Client, Employee, …)."""

    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ApiModelField(models.Model):
    """One field of a model; nested fields have dotted paths ("address.street") under their object field."""

    class Type(models.TextChoices):
        STRING = "string"
        INTEGER = "integer"
        NUMBER = "number"
        BOOLEAN = "boolean"
        DATE = "date"
        DATETIME = "date-time"
        OBJECT = "object"
        ARRAY = "array"

    api_model = models.ForeignKey(ApiModel, on_delete=models.CASCADE, related_name="fields")
    path = models.CharField(max_length=120)
    type = models.CharField(max_length=10, choices=Type.choices)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["api_model", "position", "path"]
        constraints = [models.UniqueConstraint(fields=["api_model", "path"], name="connectors_field_path_once")]

    def __str__(self):
        return f"{self.api_model.name}.{self.path}"

    @property
    def depth(self) -> int:
        return self.path.count(".")

    @property
    def is_container(self) -> bool:
        return self.type in (self.Type.OBJECT, self.Type.ARRAY)


class Endpoint(models.Model):
    class Method(models.TextChoices):
        GET = "GET"
        POST = "POST"
        PUT = "PUT"
        PATCH = "PATCH"
        DELETE = "DELETE"

    class Context(models.TextChoices):
        TECHNICAL = "t", "Technical (/t/)"
        FUNCTIONAL = "f", "Functional (/f/)"

    method = models.CharField(max_length=6, choices=Method.choices)
    path = models.CharField(
        max_length=200, help_text="Path template, e.g. /t/clients/{id} or /t/clients/by_bsn?bsn={bsn}"
    )
    context = models.CharField(max_length=1, choices=Context.choices)
    resource = models.CharField(max_length=60, help_text="Group in the endpoint picker, e.g. clients")
    api_model = models.ForeignKey(
        ApiModel, on_delete=models.PROTECT, null=True, blank=True, related_name="endpoints", help_text="What it returns"
    )
    returns_list = models.BooleanField(default=False)
    description = models.CharField(max_length=300, blank=True)
    deprecated_on = models.DateField(null=True, blank=True)
    removal_date = models.DateField(null=True, blank=True, help_text="From this date the gateway answers 404.")
    replacement = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces")
    replacement_note = models.CharField(
        max_length=300, blank=True, help_text="How to replace it when there is no single replacement."
    )

    class Meta:
        ordering = ["resource", "path", "method"]
        constraints = [
            models.UniqueConstraint(fields=["method", "path"], name="connectors_endpoint_once"),
            models.CheckConstraint(
                condition=Q(removal_date__isnull=True) | Q(deprecated_on__isnull=False),
                name="connectors_removal_needs_deprecation",
            ),
        ]

    def __str__(self):
        return f"{self.method} {self.path}"

    @property
    def is_deprecated(self) -> bool:
        return self.deprecated_on is not None

    def is_removed(self, on=None) -> bool:
        return self.removal_date is not None and (on or timezone.localdate()) >= self.removal_date

    @property
    def filters_fields(self) -> bool:
        """Data filtering (seed 000, 2018-08-01) applies to GET endpoints that return a model."""
        return self.method == self.Method.GET and self.api_model_id is not None
