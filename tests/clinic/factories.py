"""Factories for clinic data; every object belongs to a tenant (pass tenant=… to keep them together).

States other than the default are traits: `AppointmentFactory(cancelled=True)`, `InvoiceFactory(sent=True)`,
`NotificationFactory(read=True)`, `WebhookDeliveryFactory(delivered=True)`.
"""

import uuid
from datetime import UTC, date, datetime, time, timedelta

import factory
from django.utils import timezone
from stdnum.nl import bsn as bsn_number

from epdee.clinic import models
from tests.core.factories import TenantFactory, UserFactory


def valid_bsn(n: int) -> str:
    """The n-th BSN that passes the 11-proof (python-stdnum decides), distinct for distinct n."""
    base = f"{10000000 + n * 7:08d}"  # steps of 7 leave room for a check digit per base
    for last in "0123456789":
        if bsn_number.is_valid(base + last):
            return base + last
    return valid_bsn(n + 10_000_000)


class TenantOwned(factory.django.DjangoModelFactory):
    tenant = factory.SubFactory(TenantFactory)


class PatientFactory(TenantOwned):
    class Meta:
        model = models.Patient

    bsn = factory.Sequence(valid_bsn)
    identification_number = factory.Sequence(lambda n: f"P{n:06d}")
    initials = "J."
    first_name = factory.Faker("first_name", locale="nl_NL")
    family_name = factory.Faker("last_name", locale="nl_NL")
    birth_date = factory.Faker("date_of_birth", minimum_age=1, maximum_age=95)
    sex = models.Patient.Sex.FEMALE
    email = factory.Sequence(lambda n: f"patient{n}@example.test")
    city = "Utrecht"


class HealthcareProviderFactory(TenantOwned):
    class Meta:
        model = models.HealthcareProvider

    agb_code = factory.Sequence(lambda n: f"01{n:06d}")
    name = factory.Sequence(lambda n: f"Huisartsenpraktijk {n}")


class LocationFactory(TenantOwned):
    class Meta:
        model = models.Location

    name = factory.Sequence(lambda n: f"Locatie {n}")
    code = factory.Sequence(lambda n: f"loc-{n}")


class PractitionerFactory(TenantOwned):
    class Meta:
        model = models.Practitioner
        skip_postgeneration_save = True  # the m2m hook saves through the relation, not the row

    name = factory.Faker("name", locale="nl_NL")

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.locations.set(extracted)


class AppointmentTypeFactory(TenantOwned):
    class Meta:
        model = models.AppointmentType

    name = "Consult"
    code = factory.Sequence(lambda n: f"consult-{n}")
    duration_minutes = 15


class OpeningHoursFactory(TenantOwned):
    class Meta:
        model = models.OpeningHours

    location = factory.SubFactory(LocationFactory, tenant=factory.SelfAttribute("..tenant"))
    weekday = 0
    opens = time(9, 0)
    closes = time(17, 0)


class AppointmentFactory(TenantOwned):
    class Meta:
        model = models.Appointment

    location = factory.SubFactory(LocationFactory, tenant=factory.SelfAttribute("..tenant"))
    practitioner = factory.SubFactory(PractitionerFactory, tenant=factory.SelfAttribute("..tenant"))
    patient = factory.SubFactory(PatientFactory, tenant=factory.SelfAttribute("..tenant"))
    starts_at = factory.Sequence(lambda n: datetime(2030, 1, 7, 9, 0, tzinfo=UTC) + timedelta(minutes=15 * n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=15))

    class Params:
        cancelled = factory.Trait(status=models.Appointment.Status.CANCELLED)
        completed = factory.Trait(status=models.Appointment.Status.COMPLETED)


class DossierEntryFactory(TenantOwned):
    class Meta:
        model = models.DossierEntry

    patient = factory.SubFactory(PatientFactory, tenant=factory.SelfAttribute("..tenant"))
    title = "Consult"
    text = "Klachten besproken."
    occurred_at = factory.Faker("date_time_this_year", tzinfo=UTC)
    created_by = factory.SubFactory(UserFactory)


class CareActivityFactory(TenantOwned):
    class Meta:
        model = models.CareActivity

    patient = factory.SubFactory(PatientFactory, tenant=factory.SelfAttribute("..tenant"))
    description = "Eerste polikliniekbezoek"
    prestatie_code = "190010"
    unit_price_cents = 16500
    quantity = 1
    performed_at = factory.Faker("date_time_this_year", tzinfo=UTC)
    created_by = factory.SubFactory(UserFactory)


class InvoiceFactory(TenantOwned):
    class Meta:
        model = models.Invoice

    patient = factory.SubFactory(PatientFactory, tenant=factory.SelfAttribute("..tenant"))
    number = factory.Sequence(lambda n: f"F2030-{n:05d}")
    created_by = factory.SubFactory(UserFactory)

    class Params:
        sent = factory.Trait(
            status=models.Invoice.Status.SENT,
            issued_on=factory.LazyFunction(timezone.localdate),
            due_on=factory.LazyAttribute(lambda o: o.issued_on + timedelta(days=30)),
        )


class WorkflowFactory(TenantOwned):
    class Meta:
        model = models.Workflow

    name = factory.Sequence(lambda n: f"Intake {n}")


class WorkflowStepFactory(TenantOwned):
    class Meta:
        model = models.WorkflowStep

    workflow = factory.SubFactory(WorkflowFactory, tenant=factory.SelfAttribute("..tenant"))
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Stap {n}")


class NotificationFactory(TenantOwned):
    class Meta:
        model = models.Notification

    recipient = factory.SubFactory(UserFactory)
    title = "Nieuwe afspraak"

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))


class WebhookEndpointFactory(TenantOwned):
    class Meta:
        model = models.WebhookEndpoint

    url = factory.Sequence(lambda n: f"https://hooks.example.test/{n}")
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    events = ["patient.created"]


class WebhookDeliveryFactory(TenantOwned):
    class Meta:
        model = models.WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory, tenant=factory.SelfAttribute("..tenant"))
    message_id = factory.LazyFunction(lambda: f"msg_{uuid.uuid4().hex}")
    event = "patient.created"
    payload = factory.LazyAttribute(lambda o: {"type": o.event, "data": {"id": 1}})

    class Params:
        delivered = factory.Trait(
            status=models.WebhookDelivery.Status.DELIVERED,
            attempts=1,
            last_status_code=200,
            delivered_at=factory.LazyFunction(timezone.now),
        )
        gave_up = factory.Trait(status=models.WebhookDelivery.Status.GAVE_UP, attempts=8, last_status_code=500)


class ScheduleExceptionFactory(TenantOwned):
    class Meta:
        model = models.ScheduleException

    location = factory.SubFactory(LocationFactory, tenant=factory.SelfAttribute("..tenant"))
    # A fixed day far ahead: a random one in the coming month once closed the practice on the day a
    # booking test used.
    date = factory.Sequence(lambda n: date(2031, 1, 6) + timedelta(days=n))
    closed = True


class PatientInsuranceFactory(TenantOwned):
    class Meta:
        model = models.PatientInsurance

    patient = factory.SubFactory(PatientFactory, tenant=factory.SelfAttribute("..tenant"))
    uzovi = "9015"
    insurer_name = "CZ"
    policy_number = factory.Sequence(lambda n: f"CZ{n:07d}")
    kind = "Basis"
    starts_on = date(2026, 1, 1)
    result = "Actief"


# One factory per tenant-owned model: the isolation matrix makes another tenant's object with these.
FACTORIES = {
    factory_class._meta.model: factory_class
    for factory_class in [
        PatientFactory,
        HealthcareProviderFactory,
        LocationFactory,
        PractitionerFactory,
        AppointmentTypeFactory,
        OpeningHoursFactory,
        AppointmentFactory,
        DossierEntryFactory,
        CareActivityFactory,
        InvoiceFactory,
        WorkflowFactory,
        NotificationFactory,
        WebhookEndpointFactory,
        WebhookDeliveryFactory,
        ScheduleExceptionFactory,
        WorkflowStepFactory,
        PatientInsuranceFactory,
    ]
}
