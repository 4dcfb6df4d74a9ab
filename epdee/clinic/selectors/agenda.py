"""Reads of the agenda for an actor: the practice setup (every member reads it, its edit forms are the
administrators'), the agenda's days and weeks and one appointment (audited: who saw which patients'
appointments), the choices of the appointment form (staff), and what the public booking shows."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from epdee.core.errors import NotFound
from epdee.core.permissions import require

from ..models import Appointment, AppointmentType, Location, OpeningHours, Patient, Practitioner, ScheduleException
from ..services.agenda import CHANGE, CONFIGURE, day_bounds
from ..services.local_time import tenant_today, tenant_zone
from .patients import gateway_read

VIEW = "tenant.view"
APPOINTMENT_RELATED = ("patient", "practitioner", "location", "appointment_type")


def _one(queryset, pk, message: str):
    """The row with this id among `queryset` (the tenant's), or NotFound: another tenant's id does not exist."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(message) from None


# --- practice setup ----------------------------------------------------------------------------------------


def location_list(tenant, *, by):
    require(by, VIEW, tenant)
    return Location.objects.for_tenant(tenant).annotate(practitioner_count=Count("practitioners", distinct=True))


def appointment_type_list(tenant, *, by):
    require(by, VIEW, tenant)
    return AppointmentType.objects.for_tenant(tenant)


def practitioner_list(tenant, *, by):
    require(by, VIEW, tenant)
    return Practitioner.objects.for_tenant(tenant).prefetch_related("locations")


def location(pk, *, by, tenant) -> Location:
    require(by, VIEW, tenant)
    return _one(Location.objects.for_tenant(tenant), pk, _("No such location."))


@dataclass
class LocationSchedule:
    location: Location
    hours: list[OpeningHours]
    exceptions: list[ScheduleException]  # from today on
    practitioners: list[Practitioner]


def location_schedule(pk, *, by, tenant) -> LocationSchedule:
    """A location with its weekly hours, its closures and special hours from today on, and who works there."""
    found = location(pk, by=by, tenant=tenant)
    hours = OpeningHours.objects.for_tenant(tenant).filter(location=found)
    exceptions = ScheduleException.objects.for_tenant(tenant).filter(location=found, date__gte=tenant_today(tenant))
    return LocationSchedule(found, list(hours), list(exceptions), list(found.practitioners.order_by("name")))


def location_to_edit(pk, *, by, tenant) -> Location | None:
    """The location for its edit form (administrators only); None for a new one."""
    require(by, CONFIGURE, tenant)
    return None if pk is None else _one(Location.objects.for_tenant(tenant), pk, _("No such location."))


def appointment_type_to_edit(pk, *, by, tenant) -> AppointmentType | None:
    require(by, CONFIGURE, tenant)
    return None if pk is None else _one(AppointmentType.objects.for_tenant(tenant), pk, _("No such type."))


def practitioner_to_edit(pk, *, by, tenant) -> Practitioner | None:
    require(by, CONFIGURE, tenant)
    return None if pk is None else _one(Practitioner.objects.for_tenant(tenant), pk, _("No such practitioner."))


# --- the agenda ------------------------------------------------------------------------------------------------


@dataclass
class AgendaPeriod:
    """What the agenda page shows of one location for some days; no location when the practice has none."""

    locations: list[Location]
    location: Location | None = None
    appointments: list[Appointment] = field(default_factory=list)
    hours: list[OpeningHours] = field(default_factory=list)
    exceptions: list[ScheduleException] = field(default_factory=list)


def agenda_period(tenant, *, by, location_id, first_day: date, last_day: date, details=None) -> AgendaPeriod:
    """The appointments of a location (the one asked for, else the first) from first_day to last_day in the
    tenant's zone, with its opening hours and exceptions. Loading them records "appointment.list"."""
    actor = require(by, VIEW, tenant)
    locations = list(Location.objects.for_tenant(tenant))
    if not locations:
        return AgendaPeriod(locations=[])
    chosen = next((row for row in locations if str(row.pk) == str(location_id)), locations[0])
    chosen.tenant = tenant
    zone = tenant_zone(tenant)
    start, end = day_bounds(first_day, zone)[0], day_bounds(last_day, zone)[1]
    appointments = (
        Appointment.objects.for_tenant(tenant)
        .filter(location=chosen, starts_at__gte=start, starts_at__lt=end)
        .select_related(*APPOINTMENT_RELATED)
        .order_by("starts_at", "pk")
        .audited("appointment.list", actor=actor, tenant=tenant, details=details)
    )
    return AgendaPeriod(
        locations=locations,
        location=chosen,
        appointments=list(appointments),
        hours=list(OpeningHours.objects.for_tenant(tenant).filter(location=chosen)),
        exceptions=list(
            ScheduleException.objects.for_tenant(tenant).filter(
                location=chosen, date__gte=first_day, date__lte=last_day
            )
        ),
    )


def appointment_detail(pk, *, by, tenant, details=None) -> Appointment:
    """One appointment of the tenant with its patient, practitioner, location and type ("appointment.read")."""
    actor = require(by, VIEW, tenant)
    rows = (
        Appointment.objects.for_tenant(tenant)
        .select_related(*APPOINTMENT_RELATED)
        .audited("appointment.read", actor=actor, tenant=tenant, details=details, one=True)
    )
    return _one(rows, pk, _("No such appointment."))


def appointments(tenant, *, by):
    """The tenant's appointments for the API's list; the page of them a client loads records "appointment.list"."""
    actor = require(by, VIEW, tenant)
    return (
        Appointment.objects.for_tenant(tenant)
        .select_related(*APPOINTMENT_RELATED)
        .audited("appointment.list", actor=actor, tenant=tenant)
    )


def appointments_for_gateway(*, by, tenant, one: bool = False):
    """The tenant's appointments for a connector's call; loading them records the call, naming their patients
    (see patients.GATEWAY_CALL)."""
    actor = require(by, VIEW, tenant)
    return gateway_read(Appointment.objects.for_tenant(tenant), actor, tenant, one=one)


def practitioners_for_gateway(*, by, tenant, one: bool = False):
    """The tenant's practitioners (the connector API's employees) for a connector's call; loading them records
    the call."""
    actor = require(by, VIEW, tenant)
    return gateway_read(Practitioner.objects.for_tenant(tenant), actor, tenant, one=one)


def locations_for_gateway(*, by, tenant, one: bool = False):
    """The tenant's locations (the connector API's teams) for a connector's call; loading them records the
    call."""
    actor = require(by, VIEW, tenant)
    return gateway_read(Location.objects.for_tenant(tenant), actor, tenant, one=one)


def no_appointments():
    """No rows, for drf-spectacular: describing the API it reads the model (and the filters) from a queryset."""
    return Appointment.objects.none()


@dataclass
class AppointmentChoices:
    """What the staff's appointment form offers, for someone who may book (tenant.change)."""

    tenant: object
    locations: object
    practitioners: object
    appointment_types: object

    def patient(self, number: str) -> Patient | None:
        """The patient whose identification number (or BSN) staff typed, to book him; his name is not shown
        here, and the booking's own audit event names him."""
        match = Q(identification_number=number) | (Q(bsn=number) if number.isdigit() else Q(pk__in=[]))
        return Patient.objects.for_tenant(self.tenant).filter(match).first()

    def patient_number(self, patient_id) -> str | None:
        """The identification number to prefill when staff come from a patient's page."""
        if not str(patient_id).isdigit():
            return None
        rows = Patient.objects.for_tenant(self.tenant).filter(pk=patient_id)
        return rows.values_list("identification_number", flat=True).first()


def appointment_choices(tenant, *, by) -> AppointmentChoices:
    require(by, CHANGE, tenant)
    return AppointmentChoices(
        tenant=tenant,
        locations=Location.objects.for_tenant(tenant),
        practitioners=Practitioner.objects.for_tenant(tenant).filter(is_active=True),
        appointment_types=AppointmentType.objects.for_tenant(tenant),
    )


# --- public booking: no actor, the tenant of the host name ------------------------------------------------------


def bookable_locations(tenant):
    """The tenant's locations patients may book online (the booking page and API need no sign-in)."""
    return Location.objects.for_tenant(tenant).filter(bookable_online=True)


def bookable_appointment_types(tenant):
    return AppointmentType.objects.for_tenant(tenant).filter(bookable_online=True)


def booked_online(tenant, appointment_id) -> Appointment:
    """The appointment a visitor just booked, for its confirmation page (what, where and when; no patient
    data). The signed reference in the link is the visitor's proof; this only finds the row."""
    rows = Appointment.objects.for_tenant(tenant).select_related("location", "appointment_type")
    return _one(rows, appointment_id, _("No such appointment."))
