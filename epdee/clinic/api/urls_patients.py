"""API routes of the clinic's patients area (included by api/urls.py); Dutch paths as seed 004 fixes them."""

from django.urls import path

from . import views_patients as views

urlpatterns = [
    path("patienten", views.PatientList.as_view(), name="api-patients"),
    path("patienten/<int:pk>", views.PatientDetail.as_view(), name="api-patient"),
    path("patienten/<int:pk>/huisarts", views.PatientGeneralPractitioner.as_view(), name="api-patient-gp"),
    path("patienten/<int:pk>/dossier", views.PatientDossier.as_view(), name="api-patient-dossier"),
    path("patienten/<int:pk>/dossier-pdf", views.PatientDossierPdf.as_view(), name="api-patient-dossier-pdf"),
]
