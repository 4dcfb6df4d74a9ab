"""API routes of the clinic's workflows area (included by api/urls.py): workflows and notifications."""

from django.urls import path

from . import views_workflows as views

urlpatterns = [
    path("workflows", views.WorkflowList.as_view(), name="api-workflows"),
    path("notifications", views.NotificationList.as_view(), name="api-notifications"),
    path("notifications/read-all", views.NotificationReadAll.as_view(), name="api-notifications-read-all"),
    path("notifications/<int:pk>/read", views.NotificationRead.as_view(), name="api-notification-read"),
]
