"""available_slots: opening hours with breaks, exceptions, special hours, busy practitioners, DST days, the past."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from epdee.clinic.models import Appointment
from epdee.clinic.services.booking import available_slots
from tests.clinic.factories import AppointmentFactory, LocationFactory, PractitionerFactory, ScheduleExceptionFactory
from tests.clinic.support import make_practice

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2030, 1, 7)
LONG_AGO = datetime(2029, 1, 1, tzinfo=UTC)


def local(slots) -> list[str]:
    return [f"{slot.astimezone(AMS):%H:%M}" for slot in slots]


def grid(start: str, end: str, step: int = 15) -> list[str]:
    first = datetime.combine(MONDAY, time.fromisoformat(start))
    last = datetime.combine(MONDAY, time.fromisoformat(end))
    return [f"{first + timedelta(minutes=n):%H:%M}" for n in range(0, int((last - first).seconds / 60) + 1, step)]


def book(practice, practitioner, start: str, end: str, day=MONDAY, **kwargs):
    return AppointmentFactory(
        tenant=practice.tenant,
        location=kwargs.pop("location", practice.location),
        practitioner=practitioner,
        starts_at=datetime.combine(day, time.fromisoformat(start), tzinfo=AMS),
        ends_at=datetime.combine(day, time.fromisoformat(end), tzinfo=AMS),
        **kwargs,
    )


@pytest.fixture
def practice(db):
    return make_practice()


def test_slots_fill_the_opening_hours_around_the_lunch_break(practice):
    slots = available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO)
    # 30 minutes must fit before closing: the last morning start is 11:30, the last afternoon start 16:30.
    assert local(slots) == grid("09:00", "11:30") + grid("13:00", "16:30")
    assert slots[0] == datetime(2030, 1, 7, 8, 0, tzinfo=UTC)  # winter time: UTC+1


def test_without_a_type_the_slot_length_is_the_grid(practice):
    slots = available_slots(practice.location, MONDAY, now=LONG_AGO)
    assert local(slots) == grid("09:00", "11:45") + grid("13:00", "16:45")


def test_a_weekday_without_hours_is_closed(db):
    practice = make_practice(weekdays=[0])
    assert available_slots(practice.location, MONDAY, now=LONG_AGO)
    assert available_slots(practice.location, MONDAY + timedelta(days=1), now=LONG_AGO) == []


def test_a_closure_closes_the_whole_day(practice):
    ScheduleExceptionFactory(tenant=practice.tenant, location=practice.location, date=MONDAY, closed=True)
    assert available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO) == []
    assert available_slots(practice.location, MONDAY + timedelta(days=1), now=LONG_AGO)  # only that date


def test_special_hours_replace_the_weekdays_hours(practice):
    for opens, closes in ((time(10), time(11)), (time(14), time(14, 30))):
        ScheduleExceptionFactory(
            tenant=practice.tenant, location=practice.location, date=MONDAY, closed=False, opens=opens, closes=closes
        )
    slots = available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO)
    assert local(slots) == ["10:00", "10:15", "10:30", "14:00"]


def test_a_busy_practitioner_blocks_every_overlapping_start(practice):
    book(practice, practice.practitioners[0], "09:30", "10:00")
    slots = local(available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO))
    # 09:15 would run into 09:30, 09:45 starts before 10:00 ends; 09:00–09:30 and 10:00 touch but do not overlap.
    assert slots[:3] == ["09:00", "10:00", "10:15"]


def test_two_practitioners_keep_a_time_free_until_both_are_busy(db):
    practice = make_practice(practitioners=2)
    first, second = practice.practitioners
    book(practice, first, "09:00", "09:30")
    assert "09:00" in local(available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO))
    book(practice, second, "09:00", "09:30")
    assert "09:00" not in local(available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO))


def test_cancelled_and_finished_appointments_free_their_time(practice):
    for status in (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW, Appointment.Status.COMPLETED):
        book(practice, practice.practitioners[0], "09:00", "09:30", status=status)
    assert local(available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO))[0] == "09:00"


def test_a_practitioner_busy_at_another_location_is_not_free_here(practice):
    elsewhere = LocationFactory(tenant=practice.tenant)
    practice.practitioners[0].locations.add(elsewhere)
    book(practice, practice.practitioners[0], "09:00", "09:30", location=elsewhere)
    assert local(available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO))[0] == "09:30"


def test_inactive_practitioners_and_an_empty_location_offer_nothing(practice):
    practice.practitioners[0].is_active = False
    practice.practitioners[0].save()
    assert available_slots(practice.location, MONDAY, now=LONG_AGO) == []
    PractitionerFactory(tenant=practice.tenant, locations=[LocationFactory(tenant=practice.tenant)])
    assert available_slots(practice.location, MONDAY, now=LONG_AGO) == []


def test_the_past_has_no_slots_and_today_only_later_ones(practice):
    now = datetime(2030, 1, 7, 10, 5, tzinfo=AMS)
    assert available_slots(practice.location, MONDAY - timedelta(days=1), now=now) == []
    assert local(available_slots(practice.location, MONDAY, practice.appointment_type, now=now))[0] == "10:15"


def test_opening_hours_are_wall_clock_times_on_a_dst_switch_day(db):
    practice = make_practice(hours=((time(9), time(12)),))
    spring, autumn = date(2030, 3, 31), date(2030, 10, 27)  # the last Sundays of March and October
    assert available_slots(practice.location, spring, now=LONG_AGO)[0] == datetime(2030, 3, 31, 7, tzinfo=UTC)
    assert available_slots(practice.location, autumn, now=LONG_AGO)[0] == datetime(2030, 10, 27, 8, tzinfo=UTC)


def test_a_night_opening_loses_an_hour_in_spring_and_gains_one_in_autumn(db):
    practice = make_practice(hours=((time(0), time(4)),), slot_minutes=60, duration=60)
    spring = available_slots(practice.location, date(2030, 3, 31), practice.appointment_type, now=LONG_AGO)
    assert local(spring) == ["00:00", "01:00", "03:00"]  # 02:00 does not exist; 04:00 CEST is closing time
    autumn = available_slots(practice.location, date(2030, 10, 27), practice.appointment_type, now=LONG_AGO)
    assert local(autumn) == ["00:00", "01:00", "02:00", "02:00", "03:00"]  # 02:00 happens twice
    assert autumn[3] - autumn[2] == timedelta(hours=1)


def test_the_number_of_queries_does_not_grow_with_the_appointments(practice, django_assert_num_queries):
    with django_assert_num_queries(4):  # hours, exceptions, practitioners, appointments
        available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO)
    for n in range(30):
        start = datetime.combine(MONDAY, time(9), tzinfo=AMS) + timedelta(minutes=15 * n)
        AppointmentFactory(
            tenant=practice.tenant,
            location=practice.location,
            practitioner=practice.practitioners[0],
            starts_at=start,
            ends_at=start + timedelta(minutes=15),
        )
    with django_assert_num_queries(4):
        available_slots(practice.location, MONDAY, practice.appointment_type, now=LONG_AGO)
