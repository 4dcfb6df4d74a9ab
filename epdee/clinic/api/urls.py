"""The tenant API (seed 004), mounted at /api/; Dutch paths where seed 004 fixes them."""

from django.urls import path

from .views import account, agenda, billing, booking, patients, portal, workflows

urlpatterns = [
    # patients
    path("patienten", patients.PatientList.as_view(), name="api-patients"),
    path("patienten/<int:pk>", patients.PatientDetail.as_view(), name="api-patient"),
    path("patienten/<int:pk>/huisarts", patients.PatientGeneralPractitioner.as_view(), name="api-patient-gp"),
    path("patienten/<int:pk>/dossier", patients.PatientDossier.as_view(), name="api-patient-dossier"),
    path("patienten/<int:pk>/dossier-pdf", patients.PatientDossierPdf.as_view(), name="api-patient-dossier-pdf"),
    # agenda
    path("afspraken", agenda.AppointmentListCreate.as_view(), name="clinic-appointments"),
    path("afspraken/<int:pk>", agenda.AppointmentDetail.as_view(), name="clinic-appointment"),
    # booking
    path("booking/config", booking.BookingConfigView.as_view(), name="booking-config"),
    path("booking/availability", booking.BookingAvailabilityView.as_view(), name="booking-availability"),
    path("booking/create", booking.BookingCreateView.as_view(), name="booking-create"),
    # billing
    path("verrichtingen", billing.CareActivityList.as_view(), name="api-care-activities"),
    path("verrichtingen/<int:pk>", billing.CareActivityDetail.as_view(), name="api-care-activity"),
    path("facturen", billing.InvoiceList.as_view(), name="api-invoices"),
    path("facturen/<int:pk>", billing.InvoiceDetail.as_view(), name="api-invoice"),
    path("facturen/<int:pk>/send", billing.InvoiceSend.as_view(), name="api-invoice-send"),
    path("facturen/<int:pk>/pay", billing.InvoicePay.as_view(), name="api-invoice-pay"),
    path("facturen/<int:pk>/credit", billing.InvoiceCredit.as_view(), name="api-invoice-credit"),
    path("facturen/<int:pk>/pdf", billing.InvoicePdf.as_view(), name="api-invoice-pdf"),
    # workflows
    path("workflows", workflows.WorkflowList.as_view(), name="api-workflows"),
    path("notifications", workflows.NotificationList.as_view(), name="api-notifications"),
    path("notifications/read-all", workflows.NotificationReadAll.as_view(), name="api-notifications-read-all"),
    path("notifications/<int:pk>/read", workflows.NotificationRead.as_view(), name="api-notification-read"),
    # portal
    path("portaal/request-link", portal.PortalLinkView.as_view(), name="api-portal-request-link"),
    # account
    path("branding/upload", account.BrandingUploadView.as_view(), name="api-branding-upload"),
]
