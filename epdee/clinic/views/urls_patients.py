"""Dashboard routes of the clinic's patients area (included by urls.py)."""

from django.urls import path

from . import patients as views

urlpatterns = [
    path("patienten/", views.patient_list, name="patients"),
    path("patienten/<int:pk>/", views.patient_detail, name="patient"),
    path("patienten/<int:pk>/bewerken/", views.patient_edit, name="patient-edit"),
    path("patienten/<int:pk>/huisarts/", views.patient_gp_link, name="patient-gp-link"),
    path("patienten/<int:pk>/huisarts/ontkoppelen/", views.patient_gp_unlink, name="patient-gp-unlink"),
    path("patienten/<int:pk>/dossier/", views.patient_dossier_add, name="patient-dossier-add"),
]
