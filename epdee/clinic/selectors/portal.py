"""The patient portal's read: the signed-in patient's own appointments, audited as one NEN 7513 event naming
every appointment shown (those coming up and the page of earlier ones)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from epdee.core.audit import record_event
from epdee.core.permissions import as_actor
from epdee.core.tables import Table

from ..models import Patient
from ..services.portal import can_cancel, own_appointments, require_patient

MAX_UPCOMING = 50


@dataclass
class PortalAppointments:
    patient: Patient
    upcoming: list  # each with `cancellable`
    past: Table


def portal_appointments(*, by, paginate_past: Callable[..., Table], now=None) -> PortalAppointments:
    """The patient's appointments coming up (at most MAX_UPCOMING) and the page of earlier ones the surface
    chooses (`paginate_past(queryset) -> Table`, e.g. build_table with the request's sort and page).

    Only the patient himself, through his portal session (`services.portal.session_actor`), reads them.
    """
    patient = require_patient(by)
    now = now or timezone.now()
    appointments = own_appointments(patient)
    upcoming = list(appointments.filter(starts_at__gte=now).order_by("starts_at", "pk")[:MAX_UPCOMING])
    past = paginate_past(appointments.filter(starts_at__lt=now))
    past.page.object_list = list(past.page.object_list)  # loaded once: the event names what is shown
    for appointment in upcoming:
        appointment.cancellable = can_cancel(appointment, now=now)
    record_event(
        "portal.appointments.view",
        actor=as_actor(by),
        tenant=patient.tenant,
        obj=patient,
        patient_id=patient.pk,
        details={"appointment_ids": [str(row.pk) for row in [*upcoming, *past.page.object_list]]},
    )
    return PortalAppointments(patient=patient, upcoming=upcoming, past=past)
