"""Dashboard URLs of the certificate flow (mounted at /certificates/): the Certificates tab's actions and the
care organisation's approval requests."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("versions/<int:version_id>/environments/", views.add_environment, name="add-environment"),
    path("environments/<int:environment_id>/csr/", views.upload_csr, name="upload-csr"),
    path("issued/<int:certificate_id>/download/", views.download, name="download"),
    path("issued/<int:certificate_id>/enabled/", views.set_enabled, name="set-enabled"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:request_id>/decide/", views.decide, name="decide"),
    path("requests/<int:request_id>/cancel/", views.cancel_request, name="cancel-request"),
]
