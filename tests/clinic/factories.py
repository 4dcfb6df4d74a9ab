"""Factories for clinic data; every object belongs to a tenant (pass tenant=… to keep them together)."""

from datetime import UTC, datetime, time, timedelta

import factory

from epdee.clinic import models
from tests.core.factories import TenantFactory, UserFactory


def valid_bsn(n: int) -> str:
    """An 11-proof BSN for tests, made by the rule (the n-th of the form 1xxxxxxxx)."""
    base = f"{100000000 + n * 97:09d}"[:8]
    for last in range(10):
        candidate = base + str(last)
        total = sum(int(d) * w for d, w in zip(candidate[:8], range(9, 1, -1), strict=True)) - int(candidate[8])
        if total % 11 == 0:
            return candidate
    return valid_bsn(n + 1000)


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


class WorkflowFactory(TenantOwned):
    class Meta:
        model = models.Workflow

    name = factory.Sequence(lambda n: f"Intake {n}")


class NotificationFactory(TenantOwned):
    class Meta:
        model = models.Notification

    recipient = factory.SubFactory(UserFactory)
    title = "Nieuwe afspraak"


class WebhookEndpointFactory(TenantOwned):
    class Meta:
        model = models.WebhookEndpoint

    url = factory.Sequence(lambda n: f"https://hooks.example.test/{n}")
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    events = ["patient.created"]


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
    ]
}
