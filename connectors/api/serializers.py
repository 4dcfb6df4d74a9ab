"""Serializers of the suppliers' connector API."""

from rest_framework import serializers

from ..models import Connector, ConnectorVersion, Endpoint


class EndpointSerializer(serializers.ModelSerializer):
    model = serializers.CharField(source="api_model.name", default=None, allow_null=True)
    deprecated = serializers.BooleanField(source="is_deprecated")
    replacement = serializers.SerializerMethodField()

    class Meta:
        model = Endpoint
        fields = [
            "id",
            "method",
            "path",
            "context",
            "resource",
            "model",
            "returns_list",
            "description",
            "deprecated",
            "deprecated_on",
            "removal_date",
            "replacement",
            "replacement_note",
        ]

    def get_replacement(self, endpoint) -> str | None:
        return str(endpoint.replacement) if endpoint.replacement_id else None


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ConnectorVersion
        fields = ["id", "number", "stage", "endpoint_mode", "submitted_at", "reviewed_at", "created_at", "updated_at"]


class VersionSerializer(VersionSummarySerializer):
    connector = serializers.PrimaryKeyRelatedField(read_only=True)
    editable = serializers.BooleanField(source="is_editable")

    class Meta(VersionSummarySerializer.Meta):
        fields = [*VersionSummarySerializer.Meta.fields, "connector", "editable", "notes", "reviewer_notes"]


class ConnectorSerializer(serializers.ModelSerializer):
    supplier = serializers.CharField(source="supplier.name")
    versions = VersionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Connector
        fields = ["id", "name", "description", "supplier", "versions", "created_at", "updated_at"]


class DesignEndpointSerializer(serializers.Serializer):
    endpoint = serializers.PrimaryKeyRelatedField(queryset=Endpoint.objects.all())
    fields = serializers.ListField(child=serializers.CharField(max_length=120), required=False, default=list)


class TechnicalDesignSerializer(serializers.Serializer):
    """The whole design: PUT replaces it. Each enabled endpoint lists the fields it may return."""

    endpoint_mode = serializers.ChoiceField(choices=ConnectorVersion.EndpointMode.choices)
    endpoints = DesignEndpointSerializer(many=True)

    def validate_endpoints(self, items):
        ids = [item["endpoint"].pk for item in items]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("An endpoint is listed twice.")
        return items

    @staticmethod
    def represent(version, design: dict) -> dict:
        return {
            "endpoint_mode": version.endpoint_mode,
            "endpoints": [
                {"endpoint": endpoint.pk, "method": endpoint.method, "path": endpoint.path, "fields": sorted(paths)}
                for endpoint, paths in sorted(design.items(), key=lambda item: (item[0].path, item[0].method))
            ],
        }
