"""The data exit's tenant API endpoints, mounted at /api/."""

from django.urls import path

from .views import export

urlpatterns = [
    path("tenant-export", export.TenantExportView.as_view(), name="api-tenant-export"),
]
