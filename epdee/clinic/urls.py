"""The clinic's dashboard pages, mounted at /praktijk/ (app_name "clinic"): one module per area."""

from django.urls import include, path

app_name = "clinic"

urlpatterns = [
    path("", include("epdee.clinic.views.urls_patients")),
    path("", include("epdee.clinic.views.urls_agenda")),
    path("", include("epdee.clinic.views.urls_billing")),
    path("", include("epdee.clinic.views.urls_workflows")),
    path("", include("epdee.clinic.views.urls_account")),
]
