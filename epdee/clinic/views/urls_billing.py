"""Dashboard routes of the clinic's billing area (included by urls.py)."""

from django.urls import path

from . import billing

urlpatterns = [
    path("facturen/", billing.invoice_list, name="invoices"),
    path("facturen/nieuw/", billing.invoice_create, name="invoice-create"),
    path("facturen/<int:pk>/", billing.invoice_detail, name="invoice"),
    path("facturen/<int:pk>/pdf/", billing.invoice_pdf, name="invoice-pdf"),
    path("facturen/<int:pk>/versturen/", billing.invoice_transition, {"action": "send"}, name="invoice-send"),
    path("facturen/<int:pk>/betaald/", billing.invoice_transition, {"action": "pay"}, name="invoice-pay"),
    path("facturen/<int:pk>/crediteren/", billing.invoice_transition, {"action": "credit"}, name="invoice-credit"),
    path("verrichtingen/", billing.care_activities, name="care-activities"),
    path("verrichtingen/nieuw/", billing.care_activity_create, name="care-activity-create"),
    path("verrichtingen/<int:pk>/verwijderen/", billing.care_activity_delete, name="care-activity-delete"),
]
