"""The "Export all data" page: what the export file holds, and its download link."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from epdee.clinic.views.base import practice_page
from epdee.core.permissions import actor_of

from .. import selectors

SECTION_LABELS = {
    "patients": _("Patients (with dossier, insurances and general practitioner)"),
    "healthcareProviders": _("Healthcare providers"),
    "locations": _("Locations"),
    "openingHours": _("Opening hours"),
    "scheduleExceptions": _("Holidays and closures"),
    "practitioners": _("Practitioners"),
    "appointmentTypes": _("Appointment types"),
    "appointments": _("Appointments"),
    "careActivities": _("Care activities"),
    "invoices": _("Invoices (with lines)"),
    "workflows": _("Workflows (with steps)"),
}


@practice_page
def export_page(request):
    counts = selectors.export_counts(request.tenant, by=actor_of(request))
    sections = [(str(SECTION_LABELS.get(key, key)), count) for key, count in counts.items()]
    context = {"sections": sections, "download_url": reverse("api-tenant-export")}
    return render(request, "dataexit/export.html", context)
