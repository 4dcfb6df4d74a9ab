"""JSON of workflow definitions with their steps, and of in-app notifications (camelCase, seed 004)."""

from rest_framework import serializers

from epdee.core.api.fields import CamelCaseFields

from ...models import Notification, Workflow, WorkflowStep


class WorkflowStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkflowStep
        fields = ["id", "position", "title", "description"]
        read_only_fields = fields


class WorkflowSerializer(CamelCaseFields, serializers.ModelSerializer):
    steps = WorkflowStepSerializer(many=True, read_only=True)

    class Meta:
        model = Workflow
        fields = ["id", "name", "description", "is_active", "steps", "created_at", "updated_at"]
        read_only_fields = fields


class NotificationSerializer(CamelCaseFields, serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField(method_name="get_is_read")
    read_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "is_read", "read_at", "created_at"]
        read_only_fields = fields

    def get_is_read(self, notification) -> bool:
        return notification.read_at is not None


class ReadAllSerializer(CamelCaseFields, serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread and are now read")
    unread_count = serializers.IntegerField()
