"""Factories and helpers for the billing, workflows and notifications tests."""

import factory

from epdee.clinic import models
from epdee.clinic.services import billing
from tests.clinic.clients import api_client, member, signed_in, token_client
from tests.clinic.factories import AppointmentFactory, CareActivityFactory, PatientFactory, TenantOwned

__all__ = [
    "AppointmentFactory",
    "CareActivityFactory",
    "PatientFactory",
    "WorkflowStepFactory",
    "api_client",
    "draft_invoice",
    "member",
    "signed_in",
    "token_client",
]


class WorkflowStepFactory(TenantOwned):
    class Meta:
        model = models.WorkflowStep

    workflow = factory.SubFactory("tests.clinic.factories.WorkflowFactory", tenant=factory.SelfAttribute("..tenant"))
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Stap {n}")


def draft_invoice(membership, patient=None, *, activities=2, price=16500):
    """A draft invoice (made by the service) of `activities` new care activities of the patient, by the member
    or, when his role may not bill (a viewer), by a staff member of his tenant."""
    tenant = membership.tenant
    patient = patient or PatientFactory(tenant=tenant)
    made = [CareActivityFactory(tenant=tenant, patient=patient, unit_price_cents=price) for _ in range(activities)]
    writer = membership if membership.role in ("admin", "staff") else member("staff", tenant=tenant)
    return billing.create_invoice(
        tenant, by=writer.user, patient=patient, care_activity_ids=[activity.pk for activity in made]
    )
