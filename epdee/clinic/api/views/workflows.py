"""The workflows API (GET /api/workflows, seed 004) and the signed-in user's notifications (/api/notifications).

Every member reads the workflows; every member reads and marks his own notifications (viewers and read-only
tenants too: that changes no practice data). The selectors and services check it, as for the pages.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, pagination
from rest_framework.response import Response
from rest_framework.views import APIView

from ...models import Notification, Workflow
from ...selectors.notifications import notification_of, notifications_of, unread_count
from ...selectors.workflows import workflow_list
from ...services import notifications
from ..filters.workflows import WorkflowFilter
from ..serializers.workflows import NotificationSerializer, ReadAllSerializer, WorkflowSerializer
from .base import TenantAPIView


class WorkflowList(TenantAPIView, generics.ListAPIView):
    """The tenant's workflow definitions, each with its steps in order."""

    model = Workflow
    serializer_class = WorkflowSerializer
    filterset_class = WorkflowFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Workflow.objects.none()
        return workflow_list(by=self.actor, tenant=self.request.tenant, with_steps=True).order_by("name", "pk")


class NotificationPagination(pagination.PageNumberPagination):
    """The project's page, with the user's unread count next to it (seed 004: "+ unread count")."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {"unreadCount": self.unread_count, **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"] = {"unreadCount": {"type": "integer", "example": 3}, **schema["properties"]}
        schema["required"] = ["unreadCount", *schema.get("required", [])]
        return schema


class NotificationList(TenantAPIView, generics.ListAPIView):
    """The signed-in user's notifications in this tenant, newest first, with his unread count."""

    model = Notification
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notifications_of(by=self.actor, tenant=self.request.tenant)

    def list(self, request, *args, **kwargs):
        self.paginator.unread_count = unread_count(by=self.actor, tenant=request.tenant)
        return super().list(request, *args, **kwargs)


class NotificationRead(TenantAPIView, APIView):
    """Mark one notification read (again: no change)."""

    model = Notification

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, pk):
        notification = notification_of(pk, by=self.actor, tenant=request.tenant)
        return Response(NotificationSerializer(notifications.mark_read(notification, by=self.actor)).data)


class NotificationReadAll(TenantAPIView, APIView):
    """Mark all of the user's notifications in this tenant read."""

    model = Notification

    @extend_schema(request=None, responses=ReadAllSerializer)
    def post(self, request):
        marked = notifications.mark_all_read(request.tenant, by=self.actor)
        return Response(ReadAllSerializer({"marked": marked, "unread_count": 0}).data)
