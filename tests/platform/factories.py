"""Factories of the platform app: applications of care organisations."""

import factory

from epdee.platform.models import TenantApplication


class TenantApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenantApplication

    organisation_name = factory.Sequence(lambda n: f"Praktijk {n}")
    contact_name = "An de Vries"
    email = factory.Sequence(lambda n: f"aanvraag{n}@praktijk.test")

    class Params:
        approved = factory.Trait(status=TenantApplication.Status.APPROVED)
        rejected = factory.Trait(status=TenantApplication.Status.REJECTED)
