"""The portal's rules live in its services and selector: only the patient himself, through his portal session
(an actor without a person, bound to his practice), reads and cancels his own appointments; nobody else does,
whoever calls the service."""

from datetime import timedelta

import pytest
from django.utils import timezone

from epdee.clinic.models import Appointment
from epdee.clinic.selectors.portal import portal_appointments
from epdee.clinic.services import portal
from epdee.core.errors import Conflict, NotFound, PermissionDenied
from epdee.core.models import AuditEvent, Tenant
from epdee.core.permissions import Actor, allowed
from epdee.core.tables import Table
from tests.clinic.clients import member
from tests.clinic.factories import AppointmentFactory, PatientFactory


def _table(queryset):
    from django.core.paginator import Paginator

    return Table(columns=[], page=Paginator(queryset.order_by("-starts_at", "pk"), 10).get_page(1), sort="", query="")


@pytest.fixture
def future(db):
    return AppointmentFactory(starts_at=timezone.now() + timedelta(days=2))


def test_the_patient_cancels_his_own_future_appointment(future):
    actor = portal.patient_actor(future.patient)
    portal.cancel_appointment(future.pk, by=actor)
    future.refresh_from_db()
    assert future.status == Appointment.Status.CANCELLED
    label = f"patient {future.patient_id} (portal)"
    assert AuditEvent.objects.get(action="portal.appointment.cancel").actor_label == label
    change = AuditEvent.objects.get(action="appointment.status")  # the agenda's own event names him too
    assert (change.actor_id, change.actor_label) == (None, label)


@pytest.mark.parametrize("who", ["staff", "admin", "anonymous", "certificate"])
def test_nobody_but_the_patient_cancels_through_the_portal(future, who):
    by = {
        "staff": lambda: member("staff", tenant=future.tenant).user,
        "admin": lambda: member("admin", tenant=future.tenant).user,
        "anonymous": lambda: None,
        "certificate": lambda: Actor(label="a connector", tenant=future.tenant, role="staff"),
    }[who]()
    with pytest.raises(PermissionDenied):
        portal.cancel_appointment(future.pk, by=by)
    with pytest.raises(PermissionDenied):
        portal_appointments(by=by, paginate_past=_table)
    future.refresh_from_db()
    assert future.status == Appointment.Status.BOOKED


def test_another_patients_appointment_is_not_found(future):
    neighbour = PatientFactory(tenant=future.tenant)
    elsewhere = PatientFactory()  # another practice's patient
    for patient in (neighbour, elsewhere):
        with pytest.raises(NotFound):
            portal.cancel_appointment(future.pk, by=portal.patient_actor(patient))
    future.refresh_from_db()
    assert future.status == Appointment.Status.BOOKED


def test_a_patient_actor_opens_nothing_else_of_the_practice(future):
    actor = portal.patient_actor(future.patient)
    assert not allowed(actor, "tenant.view", future.tenant)
    assert not allowed(actor, "tenant.change", future.tenant)


def test_a_past_or_cancelled_appointment_is_a_conflict(db):
    past = AppointmentFactory(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(Conflict):
        portal.cancel_appointment(past.pk, by=portal.patient_actor(past.patient))
    past.refresh_from_db()
    assert past.status == Appointment.Status.BOOKED


def test_a_read_only_practice_keeps_its_appointments(future):
    Tenant.objects.filter(pk=future.tenant_id).update(status=Tenant.Status.READ_ONLY)
    future.tenant.refresh_from_db()
    with pytest.raises(PermissionDenied, match="read-only"):
        portal.cancel_appointment(future.pk, by=portal.patient_actor(future.patient))
    future.refresh_from_db()
    assert future.status == Appointment.Status.BOOKED


def test_a_closed_practice_has_no_portal(future):
    Tenant.objects.filter(pk=future.tenant_id).update(status=Tenant.Status.CLOSED)
    future.tenant.refresh_from_db()
    with pytest.raises(NotFound):
        portal_appointments(by=portal.patient_actor(future.patient), paginate_past=_table)


def test_the_selector_reads_his_own_and_audits_once(future):
    past = AppointmentFactory(
        tenant=future.tenant, patient=future.patient, starts_at=timezone.now() - timedelta(days=9)
    )
    AppointmentFactory(tenant=future.tenant, starts_at=timezone.now() + timedelta(days=3))  # someone else's
    shown = portal_appointments(by=portal.patient_actor(future.patient), paginate_past=_table)
    assert [a.pk for a in shown.upcoming] == [future.pk] and shown.upcoming[0].cancellable
    assert list(shown.past.rows) == [past]
    event = AuditEvent.objects.get(action="portal.appointments.view")
    assert (event.patient_id, event.actor_label) == (str(future.patient_id), f"patient {future.patient_id} (portal)")
    assert sorted(event.details["appointment_ids"]) == sorted([str(future.pk), str(past.pk)])
