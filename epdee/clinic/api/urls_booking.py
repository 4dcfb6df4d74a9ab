"""API routes of the clinic's booking area (included by api/urls.py): seed 004's public /api/booking/*."""

from django.urls import path

from . import views_booking

urlpatterns = [
    path("booking/config", views_booking.BookingConfigView.as_view(), name="booking-config"),
    path("booking/availability", views_booking.BookingAvailabilityView.as_view(), name="booking-availability"),
    path("booking/create", views_booking.BookingCreateView.as_view(), name="booking-create"),
]
