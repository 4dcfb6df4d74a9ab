"""URLs of the core API (under /api/)."""

from django.urls import path

from .views import StatusView

urlpatterns = [
    path("status", StatusView.as_view(), name="api-status"),
]
