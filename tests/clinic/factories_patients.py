"""Factories and sign-in helpers for the patients tests."""

from datetime import date

import factory

from epdee.clinic import models
from tests.clinic.clients import api_client, member, token_client
from tests.clinic.factories import TenantOwned, valid_bsn

__all__ = ["PatientInsuranceFactory", "api_client", "member", "token_client", "valid_bsn"]


class PatientInsuranceFactory(TenantOwned):
    class Meta:
        model = models.PatientInsurance

    patient = factory.SubFactory("tests.clinic.factories.PatientFactory", tenant=factory.SelfAttribute("..tenant"))
    uzovi = "9015"
    insurer_name = "CZ"
    policy_number = factory.Sequence(lambda n: f"CZ{n:07d}")
    kind = "Basis"
    starts_on = date(2026, 1, 1)
    result = "Actief"
