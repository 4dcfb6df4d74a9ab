"""API routes of the clinic's billing area (included by api/urls.py): seed 004's verrichtingen and facturen."""

from django.urls import path

from . import views_billing as views

urlpatterns = [
    path("verrichtingen", views.CareActivityList.as_view(), name="api-care-activities"),
    path("verrichtingen/<int:pk>", views.CareActivityDetail.as_view(), name="api-care-activity"),
    path("facturen", views.InvoiceList.as_view(), name="api-invoices"),
    path("facturen/<int:pk>", views.InvoiceDetail.as_view(), name="api-invoice"),
    path("facturen/<int:pk>/send", views.InvoiceSend.as_view(), name="api-invoice-send"),
    path("facturen/<int:pk>/pay", views.InvoicePay.as_view(), name="api-invoice-pay"),
    path("facturen/<int:pk>/credit", views.InvoiceCredit.as_view(), name="api-invoice-credit"),
    path("facturen/<int:pk>/pdf", views.InvoicePdf.as_view(), name="api-invoice-pdf"),
]
