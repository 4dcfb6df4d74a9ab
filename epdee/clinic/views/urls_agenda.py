"""Dashboard routes of the clinic's agenda area (included by urls.py): practice setup and the agenda."""

from django.urls import path

from . import agenda as views

urlpatterns = [
    path("locaties/", views.locations, name="locations"),
    path("locaties/nieuw/", views.location_edit, name="location-add"),
    path("locaties/<int:pk>/", views.location_detail, name="location"),
    path("locaties/<int:pk>/bewerken/", views.location_edit, name="location-edit"),
    path("locaties/<int:pk>/openingstijden/", views.location_hours_add, name="location-hours-add"),
    path(
        "locaties/<int:pk>/openingstijden/<int:hours_pk>/verwijderen/",
        views.location_hours_delete,
        name="location-hours-delete",
    ),
    path("locaties/<int:pk>/uitzonderingen/", views.location_exception_add, name="location-exception-add"),
    path(
        "locaties/<int:pk>/uitzonderingen/<int:exception_pk>/verwijderen/",
        views.location_exception_delete,
        name="location-exception-delete",
    ),
    path("locaties/afspraaktypen/", views.appointment_types, name="appointment-types"),
    path("locaties/afspraaktypen/nieuw/", views.appointment_type_edit, name="appointment-type-add"),
    path("locaties/afspraaktypen/<int:pk>/bewerken/", views.appointment_type_edit, name="appointment-type-edit"),
    path("locaties/behandelaars/", views.practitioners, name="practitioners"),
    path("locaties/behandelaars/nieuw/", views.practitioner_edit, name="practitioner-add"),
    path("locaties/behandelaars/<int:pk>/bewerken/", views.practitioner_edit, name="practitioner-edit"),
    path("agenda/", views.agenda_page, name="agenda"),
    path("agenda/nieuw/", views.appointment_add, name="appointment-add"),
    path("agenda/<int:pk>/", views.appointment_detail, name="appointment"),
    path("agenda/<int:pk>/status/", views.appointment_status, name="appointment-status"),
]
