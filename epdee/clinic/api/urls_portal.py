"""API routes of the clinic's portal area (included by api/urls.py): public signup and portal sign-in."""

from django.urls import path

from . import views_portal

urlpatterns = [
    path("signup", views_portal.SignupView.as_view(), name="api-signup"),
    path("portaal/request-link", views_portal.PortalLinkView.as_view(), name="api-portal-request-link"),
]
