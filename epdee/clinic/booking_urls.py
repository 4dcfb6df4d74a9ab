"""The public booking page, mounted at /boeken/ by epdee/urls.py; the tenant comes from the host name."""

from django.urls import path

from .views import booking

app_name = "booking"

urlpatterns = [
    path("", booking.booking_page, name="index"),
    path("bevestigd/", booking.booking_done, name="done"),
]
