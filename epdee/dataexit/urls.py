"""The data exit's pages, mounted at /praktijk/ as "dataexit" (beside the clinic's dashboard)."""

from django.urls import path

from .views import export

app_name = "dataexit"

urlpatterns = [
    path("export/", export.export_page, name="export"),
]
