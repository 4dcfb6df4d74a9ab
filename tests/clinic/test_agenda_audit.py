"""NEN 7513: the agenda's selectors write the read events the pages and the API wrote by hand before — the
same actions, patients, objects and details — exactly once per page shown, and none for what was not shown
(another practice's appointment, a count)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from rest_framework.pagination import PageNumberPagination
from rest_framework.test import APIClient

from epdee.clinic.selectors import agenda as selectors
from epdee.core.errors import NotFound
from epdee.core.models import AuditEvent, TenantMembership
from tests.clinic.factories import AppointmentFactory, PatientFactory
from tests.clinic.support import make_practice
from tests.core.factories import PASSWORD, MembershipFactory
from tests.support import login

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2030, 1, 7)
Role = TenantMembership.Role


def at(clock: str, day=MONDAY) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=AMS)


@pytest.fixture
def practice(db):
    practice = make_practice(practitioners=2)
    practice.booked = [
        AppointmentFactory(
            tenant=practice.tenant,
            location=practice.location,
            practitioner=practice.practitioners[n % 2],
            patient=PatientFactory(tenant=practice.tenant),
            starts_at=at(clock, MONDAY + timedelta(days=n)),
            ends_at=at(clock, MONDAY + timedelta(days=n)) + timedelta(minutes=30),
        )
        for n, clock in enumerate(("09:00", "10:00", "14:00"))
    ]
    practice.member = MembershipFactory(tenant=practice.tenant, role=Role.VIEWER)
    return practice


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def _patient_ids(appointments):
    return sorted(str(a.patient_id) for a in appointments)


def _page_client(client, practice):
    login(client, practice.member.user.email, PASSWORD)
    return client


def _api_client(practice):
    client = APIClient()
    client.force_login(practice.member.user)
    return client


# --- the pages -------------------------------------------------------------------------------------------


def test_the_agenda_week_records_one_list_event_naming_the_patients_shown(client, practice):
    _page_client(client, practice)
    url = reverse("clinic:agenda")
    assert client.get(url, {"location": practice.location.pk, "date": MONDAY.isoformat()}).status_code == 200
    [event] = _events("appointment.list")
    assert event.details["patient_ids"] == _patient_ids(practice.booked)
    assert event.details["page"] == url
    assert (event.tenant, event.actor, event.patient_id) == (practice.tenant, practice.member.user, "")


def test_the_agenda_day_names_only_that_days_patient(client, practice):
    _page_client(client, practice)
    query = {"location": practice.location.pk, "view": "day", "date": MONDAY.isoformat()}
    client.get(reverse("clinic:agenda"), query)
    [event] = _events("appointment.list")
    first = practice.booked[0]
    assert (event.patient_id, event.details["patient_ids"]) == (str(first.patient_id), [str(first.patient_id)])


def test_the_appointment_page_records_one_read_event_of_that_appointment(client, practice):
    _page_client(client, practice)
    shown = practice.booked[1]
    url = reverse("clinic:appointment", args=[shown.pk])
    assert client.get(url).status_code == 200
    [event] = _events("appointment.read")
    assert (event.object_type, event.object_id, event.patient_id) == (
        "clinic.appointment",
        str(shown.pk),
        str(shown.patient_id),
    )
    assert event.details["patient_ids"] == [str(shown.patient_id)] and event.details["page"] == url
    assert event.actor == practice.member.user


def test_another_practices_appointment_page_records_nothing(client, practice):
    _page_client(client, practice)
    theirs = AppointmentFactory(tenant=make_practice().tenant)
    assert client.get(reverse("clinic:appointment", args=[theirs.pk])).status_code == 404
    assert not _events("appointment.read")


# --- the API ---------------------------------------------------------------------------------------------


def test_the_api_list_records_one_event_per_page_with_that_pages_patients(practice, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    client = _api_client(practice)
    assert client.get("/api/afspraken").status_code == 200
    assert client.get("/api/afspraken", {"page": 2}).status_code == 200
    first, second = _events("appointment.list")
    assert first.details["patient_ids"] == _patient_ids(practice.booked[:2])
    assert second.details["patient_ids"] == _patient_ids(practice.booked[2:])
    assert second.patient_id == str(practice.booked[2].patient_id)
    assert "page" not in first.details and first.actor == practice.member.user


def test_a_filtered_api_list_names_only_the_filtered_patients(practice):
    client = _api_client(practice)
    wanted = practice.booked[2]
    assert client.get("/api/afspraken", {"patientId": wanted.patient_id}).status_code == 200
    [event] = _events("appointment.list")
    assert event.details["patient_ids"] == [str(wanted.patient_id)]


def test_the_api_detail_records_one_read_event_and_a_change_records_none(practice):
    shown = practice.booked[0]
    client = _api_client(practice)
    assert client.get(f"/api/afspraken/{shown.pk}").status_code == 200
    [event] = _events("appointment.read")
    assert (event.object_id, event.patient_id, event.details["patient_ids"]) == (
        str(shown.pk),
        str(shown.patient_id),
        [str(shown.patient_id)],
    )
    staff = APIClient()
    staff.force_login(MembershipFactory(tenant=practice.tenant, role=Role.STAFF).user)
    assert staff.patch(f"/api/afspraken/{shown.pk}", {"status": "confirmed"}, format="json").status_code == 200
    assert len(_events("appointment.read")) == 1 and len(_events("appointment.status")) == 1


def test_a_bad_filter_and_another_practices_id_record_nothing(practice):
    client = _api_client(practice)
    theirs = AppointmentFactory(tenant=make_practice().tenant)
    assert client.get("/api/afspraken", {"status": "lost"}).status_code == 400
    assert client.get(f"/api/afspraken/{theirs.pk}").status_code == 404
    assert not _events("appointment.list") and not _events("appointment.read")


# --- the selectors themselves ------------------------------------------------------------------------------


def test_selectors_authorise_before_they_read(practice):
    outsider = MembershipFactory(role=Role.ADMIN).user
    with pytest.raises(NotFound):
        selectors.appointments(practice.tenant, by=outsider)
    with pytest.raises(NotFound):
        selectors.appointment_detail(practice.booked[0].pk, by=outsider, tenant=practice.tenant)
    with pytest.raises(NotFound):
        selectors.agenda_period(
            practice.tenant, by=None, location_id=None, first_day=MONDAY, last_day=MONDAY + timedelta(days=6)
        )
    assert not AuditEvent.objects.exists()


def test_counting_records_nothing_and_loading_records_once(practice):
    rows = selectors.appointments(practice.tenant, by=practice.member.user)
    assert rows.count() == 3 and rows.exists()
    assert not _events("appointment.list")
    assert len(list(rows)) == 3 and len(list(rows)) == 3  # a loaded queryset is not audited twice
    assert len(_events("appointment.list")) == 1
