"""Factories and a ready-made practice for the agenda and booking tests."""

from dataclasses import dataclass
from datetime import time

import factory

from epdee.clinic import models
from epdee.core.models import Tenant
from tests.clinic.factories import (
    AppointmentTypeFactory,
    LocationFactory,
    OpeningHoursFactory,
    PractitionerFactory,
    TenantOwned,
)
from tests.core.factories import TenantFactory, TenantHostnameFactory


class ScheduleExceptionFactory(TenantOwned):
    class Meta:
        model = models.ScheduleException

    location = factory.SubFactory(LocationFactory, tenant=factory.SelfAttribute("..tenant"))
    date = factory.Faker("future_date")
    closed = True


@dataclass
class Practice:
    tenant: Tenant
    location: models.Location
    practitioners: list
    appointment_type: models.AppointmentType
    hostname: str


def make_practice(
    tenant=None,
    *,
    practitioners: int = 1,
    hours=((time(9), time(12)), (time(13), time(17))),
    weekdays=range(7),
    slot_minutes: int = 15,
    duration: int = 30,
) -> Practice:
    """A location open every day 09–12 and 13–17 (a lunch break), its practitioners, a 30-minute type, a host."""
    tenant = tenant or TenantFactory()
    location = LocationFactory(
        tenant=tenant, slot_minutes=slot_minutes, street="Oudegracht 1", postal_code="3511 AA", city="Utrecht"
    )
    for weekday in weekdays:
        for opens, closes in hours:
            OpeningHoursFactory(tenant=tenant, location=location, weekday=weekday, opens=opens, closes=closes)
    people = [
        PractitionerFactory(tenant=tenant, name=f"Dr. {chr(65 + n)}", locations=[location])
        for n in range(practitioners)
    ]
    appointment_type = AppointmentTypeFactory(tenant=tenant, name="Consult", duration_minutes=duration)
    hostname = TenantHostnameFactory(tenant=tenant).hostname
    return Practice(tenant, location, people, appointment_type, hostname)
