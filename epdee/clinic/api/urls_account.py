"""API routes of the clinic's account area (included by api/urls.py): branding and the tenant export."""

from django.urls import path

from . import views_account

urlpatterns = [
    path("branding/upload", views_account.BrandingUploadView.as_view(), name="api-branding-upload"),
    path("tenant-export", views_account.TenantExportView.as_view(), name="api-tenant-export"),
]
