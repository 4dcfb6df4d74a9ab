"""Response shapes of the core API, for the OpenAPI schema."""

from rest_framework import serializers


class CheckSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "error"])
    latencyMs = serializers.IntegerField(required=False)  # noqa: N815  (the seed's field name)
    backend = serializers.CharField(required=False)
    message = serializers.CharField(required=False)


class ChecksSerializer(serializers.Serializer):
    database = CheckSerializer()
    cache = CheckSerializer()
    tenants = CheckSerializer()


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["operational", "degraded"])
    checks = ChecksSerializer()
