"""API routes of the clinic's agenda area (included by api/urls.py): seed 004 /api/afspraken."""

from django.urls import path

from . import views_agenda

urlpatterns = [
    path("afspraken", views_agenda.AppointmentListCreate.as_view(), name="clinic-appointments"),
    path("afspraken/<int:pk>", views_agenda.AppointmentDetail.as_view(), name="clinic-appointment"),
]
