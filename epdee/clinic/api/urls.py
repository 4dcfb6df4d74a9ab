"""The tenant API (seed 004), mounted at /api/: one module of routes per area."""

from django.urls import include, path

urlpatterns = [
    path("", include("epdee.clinic.api.urls_patients")),
    path("", include("epdee.clinic.api.urls_agenda")),
    path("", include("epdee.clinic.api.urls_booking")),
    path("", include("epdee.clinic.api.urls_billing")),
    path("", include("epdee.clinic.api.urls_workflows")),
    path("", include("epdee.clinic.api.urls_portal")),
    path("", include("epdee.clinic.api.urls_account")),
]
