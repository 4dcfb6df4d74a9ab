"""The workflows API (GET /api/workflows, seed 004) and the signed-in user's notifications (/api/notifications)."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, pagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from epdee.core.api.authentication import TokenScopeAllows

from ..models import Notification, Workflow, WorkflowStep
from ..services import notifications
from .base import IsTenantMember, TenantScopedMixin
from .serializers_workflows import (
    NotificationSerializer,
    ReadAllSerializer,
    WorkflowFilterSerializer,
    WorkflowSerializer,
)


class WorkflowList(TenantScopedMixin, generics.ListAPIView):
    """The tenant's workflow definitions, each with its steps in order."""

    model = Workflow
    serializer_class = WorkflowSerializer
    permission_classes = [IsAuthenticated, TokenScopeAllows, IsTenantMember]

    def get_queryset(self):
        steps = Prefetch("steps", WorkflowStep.objects.order_by("position"))
        return super().get_queryset().prefetch_related(steps).order_by("name", "pk")

    @extend_schema(parameters=[OpenApiParameter("active", OpenApiTypes.BOOL, description="Only (in)active ones")])
    def get(self, request, *args, **kwargs):
        filters = WorkflowFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        workflows = self.get_queryset()
        if filters.validated_data["active"] is not None:
            workflows = workflows.filter(is_active=filters.validated_data["active"])
        page = self.paginate_queryset(workflows)
        return self.get_paginated_response(WorkflowSerializer(page, many=True).data)


class ReadsOwnNotifications(IsTenantMember):
    """Any member, viewers and read-only (inzage) tenants too, reads and marks his own notifications:
    that changes no practice data."""

    def has_permission(self, request, view):
        super().has_permission(request, view)  # 404 without a membership; sets request.tenant
        return True


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


class UserNotifications(TenantScopedMixin):
    model = Notification
    permission_classes = [IsAuthenticated, TokenScopeAllows, ReadsOwnNotifications]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notifications.notifications_of(self.request.tenant, self.request.user)


class NotificationList(UserNotifications, generics.ListAPIView):
    """The signed-in user's notifications in this tenant, newest first, with his unread count."""

    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def list(self, request, *args, **kwargs):
        self.paginator.unread_count = notifications.unread_count(request.tenant, request.user)
        return super().list(request, *args, **kwargs)


class NotificationRead(UserNotifications, APIView):
    """Mark one notification read (again: no change)."""

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, pk):
        notification = generics.get_object_or_404(self.get_queryset(), pk=pk)
        return Response(NotificationSerializer(notifications.mark_read(notification)).data)


class NotificationReadAll(UserNotifications, APIView):
    """Mark all of the user's notifications in this tenant read."""

    @extend_schema(request=None, responses=ReadAllSerializer)
    def post(self, request):
        marked = notifications.mark_all_read(request.tenant, request.user)
        return Response({"marked": marked, "unreadCount": 0})
