"""The platform's public pages, mounted at the site root as "platform"."""

from django.urls import path

from .views import signup

app_name = "platform"

urlpatterns = [
    path("aanmelden/", signup.signup, name="signup"),
    path("aanmelden/bedankt/", signup.signup_thanks, name="signup-thanks"),
]
