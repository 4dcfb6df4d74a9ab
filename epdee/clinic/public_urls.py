"""Public pages of the clinic, mounted at the site root: the signup form and the patient portal."""

from django.urls import path

from .views import portal

app_name = "clinic-public"

urlpatterns = [
    path("aanmelden/", portal.signup, name="signup"),
    path("aanmelden/bedankt/", portal.signup_thanks, name="signup-thanks"),
    path("portaal/", portal.home, name="portal"),
    path("portaal/inloggen/<str:token>/", portal.sign_in, name="portal-sign-in"),
    path("portaal/afspraken/<int:appointment_id>/annuleren/", portal.cancel, name="portal-cancel"),
    path("portaal/uitloggen/", portal.sign_out, name="portal-sign-out"),
]
