"""Fixtures the clinic tests share."""

import pytest

from tests.clinic.factories import PatientFactory
from tests.clinic.support import PORTAL_HOST
from tests.core.factories import TenantHostnameFactory


@pytest.fixture
def site(db, settings):
    """A practice reached at PORTAL_HOST (booking page, portal) and one patient of it, Jan."""
    settings.ALLOWED_HOSTS = ["*"]
    entry = TenantHostnameFactory(hostname=PORTAL_HOST)
    patient = PatientFactory(tenant=entry.tenant, email="jan@example.test", first_name="Jan")
    return entry.tenant, patient
