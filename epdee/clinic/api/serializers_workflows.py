"""JSON of workflow definitions with their steps, and of in-app notifications."""

from rest_framework import serializers

from ..models import Notification, Workflow, WorkflowStep


class WorkflowStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkflowStep
        fields = ["id", "position", "title", "description"]
        read_only_fields = fields


class WorkflowSerializer(serializers.ModelSerializer):
    isActive = serializers.BooleanField(source="is_active", read_only=True)  # noqa: N815
    steps = WorkflowStepSerializer(many=True, read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)  # noqa: N815
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)  # noqa: N815

    class Meta:
        model = Workflow
        fields = ["id", "name", "description", "isActive", "steps", "createdAt", "updatedAt"]
        read_only_fields = fields


class WorkflowFilterSerializer(serializers.Serializer):
    active = serializers.BooleanField(required=False, allow_null=True, default=None)


class NotificationSerializer(serializers.ModelSerializer):
    isRead = serializers.SerializerMethodField(method_name="get_is_read")  # noqa: N815
    readAt = serializers.DateTimeField(source="read_at", read_only=True, allow_null=True)  # noqa: N815
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)  # noqa: N815

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "isRead", "readAt", "createdAt"]
        read_only_fields = fields

    def get_is_read(self, notification) -> bool:
        return notification.read_at is not None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread and are now read")
    unreadCount = serializers.IntegerField()  # noqa: N815
