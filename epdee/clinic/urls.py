"""The clinic's pages: the dashboard (`urlpatterns`, mounted at /praktijk/ as "clinic"), the public booking
page (`booking_urlpatterns`, /boeken/ as "booking") and the patient portal's pages (`public_urlpatterns`, at
the site root as "clinic-public"); epdee/urls.py mounts each list."""

from django.urls import path

from .views import account, agenda, billing, booking, patients, portal, workflows

app_name = "clinic"

urlpatterns = [
    # patients
    path("patienten/", patients.patient_list, name="patients"),
    path("patienten/<int:pk>/", patients.patient_detail, name="patient"),
    path("patienten/<int:pk>/bewerken/", patients.patient_edit, name="patient-edit"),
    path("patienten/<int:pk>/huisarts/", patients.patient_gp_link, name="patient-gp-link"),
    path("patienten/<int:pk>/huisarts/ontkoppelen/", patients.patient_gp_unlink, name="patient-gp-unlink"),
    path("patienten/<int:pk>/dossier/", patients.patient_dossier_add, name="patient-dossier-add"),
    # agenda
    path("locaties/", agenda.locations, name="locations"),
    path("locaties/nieuw/", agenda.location_edit, name="location-add"),
    path("locaties/<int:pk>/", agenda.location_detail, name="location"),
    path("locaties/<int:pk>/bewerken/", agenda.location_edit, name="location-edit"),
    path("locaties/<int:pk>/openingstijden/", agenda.location_hours_add, name="location-hours-add"),
    path(
        "locaties/<int:pk>/openingstijden/<int:hours_pk>/verwijderen/",
        agenda.location_hours_delete,
        name="location-hours-delete",
    ),
    path("locaties/<int:pk>/uitzonderingen/", agenda.location_exception_add, name="location-exception-add"),
    path(
        "locaties/<int:pk>/uitzonderingen/<int:exception_pk>/verwijderen/",
        agenda.location_exception_delete,
        name="location-exception-delete",
    ),
    path("locaties/afspraaktypen/", agenda.appointment_types, name="appointment-types"),
    path("locaties/afspraaktypen/nieuw/", agenda.appointment_type_edit, name="appointment-type-add"),
    path("locaties/afspraaktypen/<int:pk>/bewerken/", agenda.appointment_type_edit, name="appointment-type-edit"),
    path("locaties/behandelaars/", agenda.practitioners, name="practitioners"),
    path("locaties/behandelaars/nieuw/", agenda.practitioner_edit, name="practitioner-add"),
    path("locaties/behandelaars/<int:pk>/bewerken/", agenda.practitioner_edit, name="practitioner-edit"),
    path("agenda/", agenda.agenda_page, name="agenda"),
    path("agenda/nieuw/", agenda.appointment_add, name="appointment-add"),
    path("agenda/<int:pk>/", agenda.appointment_detail, name="appointment"),
    path("agenda/<int:pk>/status/", agenda.appointment_status, name="appointment-status"),
    # billing
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
    # workflows
    path("workflows/", workflows.workflow_list, name="workflows"),
    path("workflows/<int:pk>/", workflows.workflow_detail, name="workflow"),
    path("workflows/<int:pk>/verwijderen/", workflows.workflow_delete, name="workflow-delete"),
    path("workflows/<int:pk>/stappen/", workflows.step_add, name="workflow-step-add"),
    path("workflows/<int:pk>/stappen/volgorde/", workflows.steps_reorder, name="workflow-steps-reorder"),
    path("workflows/<int:pk>/stappen/<int:step_pk>/verplaatsen/", workflows.step_move, name="workflow-step-move"),
    path("workflows/<int:pk>/stappen/<int:step_pk>/verwijderen/", workflows.step_remove, name="workflow-step-remove"),
    path("meldingen/", workflows.notification_list, name="notifications"),
    path("meldingen/gelezen/", workflows.notifications_read_all, name="notifications-read-all"),
    path("meldingen/<int:pk>/gelezen/", workflows.notification_read, name="notification-read"),
    # account
    path("api-tokens/", account.api_tokens, name="api-tokens"),
    path("api-tokens/<int:token_id>/intrekken/", account.revoke_token, name="api-token-revoke"),
    path("webhooks/", account.webhooks, name="webhooks"),
    path("webhooks/<int:endpoint_id>/", account.webhook, name="webhook"),
    path("webhooks/<int:endpoint_id>/aan-uit/", account.webhook_toggle, name="webhook-toggle"),
    path("webhooks/<int:endpoint_id>/nieuw-geheim/", account.webhook_rotate, name="webhook-rotate"),
    path("webhooks/<int:endpoint_id>/verwijderen/", account.webhook_delete, name="webhook-delete"),
    path(
        "webhooks/<int:endpoint_id>/leveringen/<int:delivery_id>/opnieuw/",
        account.webhook_resend,
        name="webhook-resend",
    ),
    path("huisstijl/", account.branding_page, name="branding"),
    path("huisstijl/verwijderen/", account.branding_remove, name="branding-remove"),
]

booking_urlpatterns = [
    path("", booking.booking_page, name="index"),
    path("bevestigd/", booking.booking_done, name="done"),
]

public_urlpatterns = [
    path("portaal/", portal.home, name="portal"),
    path("portaal/inloggen/<str:token>/", portal.sign_in, name="portal-sign-in"),
    path("portaal/afspraken/<int:appointment_id>/annuleren/", portal.cancel, name="portal-cancel"),
    path("portaal/uitloggen/", portal.sign_out, name="portal-sign-out"),
]
