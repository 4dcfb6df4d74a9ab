"""The supplier dashboard: connectors, their versions and each version's technical design."""
from django.urls import path

from . import views

app_name = "connectors"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:connector_id>/", views.connector_detail, name="connector"),
    path("<int:connector_id>/versions/new/", views.new_version, name="new-version"),
    path("versions/<int:version_id>/", views.version_detail, name="version"),
    path("versions/<int:version_id>/design/", views.save_design, name="save-design"),
    path("versions/<int:version_id>/stage/", views.move_version, name="move-version"),
]
