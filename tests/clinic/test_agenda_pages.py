"""The practice setup pages (admins edit, others read) and the agenda (day and week grid, detail, new)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from epdee.clinic.models import Appointment, AppointmentType, Location, OpeningHours, Practitioner, ScheduleException
from epdee.core.models import AuditEvent, TenantMembership
from tests.clinic.factories import AppointmentFactory, PatientFactory
from tests.clinic.support import make_practice
from tests.core.factories import PASSWORD, MembershipFactory, TenantFactory
from tests.support import login

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2030, 1, 7)


@pytest.fixture
def practice(db):
    return make_practice(practitioners=2)


def signed_in(client, tenant, role=TenantMembership.Role.ADMIN):
    membership = MembershipFactory(tenant=tenant, role=role)
    login(client, membership.user.email, PASSWORD)
    return client


def at(clock, day=MONDAY):
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=AMS)


# --- setup -------------------------------------------------------------------------------------------

SETUP_PAGES = ["clinic:locations", "clinic:appointment-types", "clinic:practitioners"]


@pytest.mark.parametrize("name", SETUP_PAGES)
def test_every_member_reads_the_setup_pages(client, practice, name):
    signed_in(client, practice.tenant, TenantMembership.Role.VIEWER)
    page = client.get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Add a" not in html  # no edit buttons for a viewer
    assert practice.location.name in html or practice.practitioners[0].name in html or "Consult" in html


@pytest.mark.parametrize("name", SETUP_PAGES)
def test_an_empty_setup_page_says_what_to_do(client, db, name):
    signed_in(client, TenantFactory())
    assert "Add a" in client.get(reverse(name)).content.decode()


def test_admins_add_and_edit_a_location(client, practice):
    signed_in(client, practice.tenant)
    data = {"name": "Zuid", "code": "zuid", "city": "Utrecht", "slot_minutes": 10, "bookable_online": "on"}
    response = client.post(reverse("clinic:location-add"), data)
    location = Location.objects.get(code="zuid")
    assert response.status_code == 302 and response.url == reverse("clinic:location", args=[location.pk])
    assert (location.tenant, location.slot_minutes) == (practice.tenant, 10)
    taken = client.post(reverse("clinic:location-edit", args=[location.pk]), {**data, "code": practice.location.code})
    assert taken.status_code == 400 and "Another location already has this code." in taken.content.decode()
    assert AuditEvent.objects.filter(action="location.create", object_id=str(location.pk)).exists()


def test_staff_and_viewers_cannot_change_the_setup(client, practice):
    signed_in(client, practice.tenant, TenantMembership.Role.STAFF)
    assert client.get(reverse("clinic:location-add")).status_code == 403
    hours = {"hours-weekday": 0, "hours-opens": "18:00", "hours-closes": "19:00"}
    assert client.post(reverse("clinic:location-hours-add", args=[practice.location.pk]), hours).status_code == 403
    assert client.get(reverse("clinic:appointment-type-add")).status_code == 403
    assert client.get(reverse("clinic:practitioner-edit", args=[practice.practitioners[0].pk])).status_code == 403


def test_an_admin_of_a_read_only_tenant_cannot_change_the_setup(client, db):
    practice = make_practice(TenantFactory(read_only=True))
    signed_in(client, practice.tenant)
    assert client.get(reverse("clinic:locations")).status_code == 200
    assert client.get(reverse("clinic:location-add")).status_code == 403


def test_opening_hours_with_a_break_and_overlaps_refused(client, practice):
    signed_in(client, practice.tenant)
    url = reverse("clinic:location-hours-add", args=[practice.location.pk])
    page = client.post(url, {"hours-weekday": 0, "hours-opens": "11:00", "hours-closes": "14:00"})
    assert page.status_code == 400 and "overlap" in page.content.decode()
    page = client.post(url, {"hours-weekday": 0, "hours-opens": "18:00", "hours-closes": "17:30"})
    assert page.status_code == 400 and "Closing time must be after opening time." in page.content.decode()
    assert client.post(url, {"hours-weekday": 0, "hours-opens": "18:00", "hours-closes": "20:00"}).status_code == 302
    monday = OpeningHours.objects.filter(location=practice.location, weekday=0).order_by("opens")
    assert [(h.opens.hour, h.closes.hour) for h in monday] == [(9, 12), (13, 17), (18, 20)]
    last = monday.last()
    client.post(reverse("clinic:location-hours-delete", args=[practice.location.pk, last.pk]))
    assert not OpeningHours.objects.filter(pk=last.pk).exists()


def test_closures_and_special_hours_from_the_location_page(client, practice):
    signed_in(client, practice.tenant)
    url = reverse("clinic:location-exception-add", args=[practice.location.pk])
    day = timezone.localdate() + timedelta(days=10)
    response = client.post(url, {"exception-date": day, "exception-closed": "on", "exception-reason": "Koningsdag"})
    assert response.status_code == 302
    page = client.post(url, {"exception-date": day + timedelta(days=1), "exception-opens": "10:00"})
    assert page.status_code == 400 and "Give opening and closing times" in page.content.decode()
    special = {"exception-date": day + timedelta(days=1), "exception-opens": "10:00", "exception-closes": "12:00"}
    assert client.post(url, special).status_code == 302
    html = client.get(reverse("clinic:location", args=[practice.location.pk])).content.decode()
    assert "Koningsdag" in html and "10:00–12:00" in html
    closure = ScheduleException.objects.get(reason="Koningsdag")
    client.post(reverse("clinic:location-exception-delete", args=[practice.location.pk, closure.pk]))
    assert not ScheduleException.objects.filter(pk=closure.pk).exists()


def test_appointment_types_are_priced_in_euros_and_stored_in_cents(client, practice):
    signed_in(client, practice.tenant)
    data = {"name": "Intake", "code": "intake", "duration_minutes": 45, "price": "82.50", "bookable_online": "on"}
    assert client.post(reverse("clinic:appointment-type-add"), data).status_code == 302
    intake = AppointmentType.objects.get(code="intake")
    assert (intake.price_cents, intake.duration_minutes) == (8250, 45)
    assert "€ 82,50" in client.get(reverse("clinic:appointment-types")).content.decode()
    too_short = client.post(reverse("clinic:appointment-type-edit", args=[intake.pk]), {**data, "duration_minutes": 2})
    assert too_short.status_code == 400 and "between 5 and 480" in too_short.content.decode()


def test_practitioners_get_their_locations(client, practice):
    signed_in(client, practice.tenant)
    other_tenant_location = make_practice().location
    data = {"name": "Dr. C", "is_active": "on", "locations": [practice.location.pk]}
    assert client.post(reverse("clinic:practitioner-add"), data).status_code == 302
    assert list(Practitioner.objects.get(name="Dr. C").locations.all()) == [practice.location]
    refused = client.post(reverse("clinic:practitioner-add"), {**data, "locations": [other_tenant_location.pk]})
    assert refused.status_code == 400 and not Practitioner.objects.filter(locations=other_tenant_location).count() > 1


def test_another_tenants_location_is_not_found(client, practice):
    signed_in(client, practice.tenant)
    theirs = make_practice()
    assert client.get(reverse("clinic:location", args=[theirs.location.pk])).status_code == 404
    assert client.get(reverse("clinic:location-edit", args=[theirs.location.pk])).status_code == 404
    hours = OpeningHours.objects.filter(location=theirs.location).first()
    delete = reverse("clinic:location-hours-delete", args=[theirs.location.pk, hours.pk])
    assert client.post(delete).status_code == 404
    assert OpeningHours.objects.filter(pk=hours.pk).exists()


# --- agenda ------------------------------------------------------------------------------------------


def test_the_week_shows_appointments_in_the_tenants_time(client, practice):
    signed_in(client, practice.tenant, TenantMembership.Role.STAFF)
    booked = AppointmentFactory(
        tenant=practice.tenant,
        location=practice.location,
        practitioner=practice.practitioners[0],
        appointment_type=practice.appointment_type,
        starts_at=at("10:15", MONDAY + timedelta(days=2)),
        ends_at=at("10:45", MONDAY + timedelta(days=2)),
        status=Appointment.Status.CONFIRMED,
    )
    page = client.get(reverse("clinic:agenda"), {"location": practice.location.pk, "date": "2030-01-09"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "10:15–10:45" in html and booked.patient.display_name in html and "Confirmed" in html
    assert reverse("clinic:appointment", args=[booked.pk]) in html
    assert "date=2030-01-02" in html and "date=2030-01-16" in html  # previous and next week
    assert AuditEvent.objects.filter(action="appointment.list", patient_id=str(booked.patient_id)).exists()


def test_the_day_view_has_a_column_per_practitioner_and_add_links(client, practice):
    signed_in(client, practice.tenant, TenantMembership.Role.STAFF)
    day = timezone.localdate() + timedelta(days=3)
    page = client.get(reverse("clinic:agenda"), {"location": practice.location.pk, "view": "day", "date": day})
    html = page.content.decode()
    assert "Dr. A" in html and "Dr. B" in html
    add = (
        f"{reverse('clinic:appointment-add')}?location={practice.location.pk}&amp;date={day.isoformat()}&amp;time=09:00"
    )
    assert add in html


def test_the_agenda_survives_odd_parameters_and_handles_a_dst_day(client, practice):
    signed_in(client, practice.tenant, TenantMembership.Role.VIEWER)
    url = reverse("clinic:agenda")
    for params in ({"date": "nonsense"}, {"location": "999999", "view": "month"}, {"date": "0001-01-01"}):
        assert client.get(url, params).status_code == 200
    page = client.get(url, {"location": practice.location.pk, "view": "day", "date": "2030-03-31"})
    assert page.status_code == 200 and "+</a>" not in page.content.decode()  # viewers get no add links


def test_without_locations_the_agenda_says_what_to_do(client, db):
    signed_in(client, TenantFactory())
    assert "Add a location" in client.get(reverse("clinic:agenda")).content.decode()


def test_appointment_detail_changes_status_with_buttons(client, practice):
    signed_in(client, practice.tenant, TenantMembership.Role.STAFF)
    booked = AppointmentFactory(tenant=practice.tenant, location=practice.location, starts_at=at("09:00"))
    url = reverse("clinic:appointment", args=[booked.pk])
    html = client.get(url).content.decode()
    assert 'value="confirmed"' in html and 'value="cancelled"' in html
    assert AuditEvent.objects.filter(action="appointment.read", object_id=str(booked.pk)).exists()
    response = client.post(reverse("clinic:appointment-status", args=[booked.pk]), {"status": "cancelled"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    assert 'value="confirmed"' not in client.get(url).content.decode()  # final
    client.post(reverse("clinic:appointment-status", args=[booked.pk]), {"status": "booked"})
    booked.refresh_from_db()
    assert booked.status == "cancelled"


def test_a_viewer_sees_no_status_buttons_and_cannot_post(client, practice):
    signed_in(client, practice.tenant, TenantMembership.Role.VIEWER)
    booked = AppointmentFactory(tenant=practice.tenant, location=practice.location, starts_at=at("09:00"))
    assert 'value="cancelled"' not in client.get(reverse("clinic:appointment", args=[booked.pk])).content.decode()
    assert (
        client.post(reverse("clinic:appointment-status", args=[booked.pk]), {"status": "cancelled"}).status_code == 403
    )
    assert client.get(reverse("clinic:appointment-add")).status_code == 403


def test_staff_add_an_appointment_from_the_form(client, practice):
    signed_in(client, practice.tenant, TenantMembership.Role.STAFF)
    patient = PatientFactory(tenant=practice.tenant)
    form = client.get(reverse("clinic:appointment-add"), {"patient": patient.pk, "time": "09:30"}).content.decode()
    assert patient.identification_number in form and "09:30" in form
    data = {
        "patient": patient.identification_number,
        "location": practice.location.pk,
        "practitioner": practice.practitioners[1].pk,
        "appointment_type": practice.appointment_type.pk,
        "date": "2030-01-07",
        "time": "09:30",
    }
    response = client.post(reverse("clinic:appointment-add"), data)
    assert response.status_code == 302 and "view=day" in response.url
    booked = Appointment.objects.get()
    assert (booked.patient, booked.starts_at, booked.ends_at) == (patient, at("09:30"), at("10:00"))
    again = client.post(reverse("clinic:appointment-add"), data)
    assert again.status_code == 409 and "already has an appointment" in again.content.decode()
    closed = client.post(reverse("clinic:appointment-add"), {**data, "time": "12:00"})
    assert closed.status_code == 400 and "is not open" in closed.content.decode()
    unknown = client.post(reverse("clinic:appointment-add"), {**data, "patient": "nobody"})
    assert unknown.status_code == 400 and "No patient of this organisation" in unknown.content.decode()
    assert Appointment.objects.count() == 1


def test_another_tenants_appointment_page_is_not_found(client, practice):
    signed_in(client, practice.tenant, TenantMembership.Role.STAFF)
    theirs = AppointmentFactory(tenant=make_practice().tenant)
    assert client.get(reverse("clinic:appointment", args=[theirs.pk])).status_code == 404
    assert (
        client.post(reverse("clinic:appointment-status", args=[theirs.pk]), {"status": "cancelled"}).status_code == 404
    )
