"""The platform's API, mounted at /api/."""

from django.urls import path

from .views import signup

urlpatterns = [
    path("signup", signup.SignupView.as_view(), name="api-signup"),
]
