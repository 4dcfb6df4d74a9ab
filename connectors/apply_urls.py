"""The public intake form of software suppliers, mounted at /suppliers/."""
from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.apply_thanks, name="apply-thanks"),
]
