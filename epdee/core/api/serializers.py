"""Response shapes of the core API, for the OpenAPI schema."""

from rest_framework import serializers

from .fields import CamelCaseFields


class CheckSerializer(CamelCaseFields, serializers.Serializer):
    """One dependency's health: its status, and how long the check took."""

    status = serializers.ChoiceField(choices=["ok", "error"])
    latency_ms = serializers.IntegerField(required=False)
    backend = serializers.CharField(required=False)
    message = serializers.CharField(required=False)


class ChecksSerializer(serializers.Serializer):
    database = CheckSerializer()
    cache = CheckSerializer()
    tenants = CheckSerializer()


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["operational", "degraded"])
    checks = ChecksSerializer()
