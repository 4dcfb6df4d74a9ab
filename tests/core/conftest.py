"""Fixtures of the shared kernel's tests."""

import pytest

from tests.core.factories import UserFactory


@pytest.fixture
def staff(db):
    """A platform staff member: who manages tenants and accounts in the admin."""
    return UserFactory(staff=True)


@pytest.fixture
def superadmin(db):
    return UserFactory(superadmin=True)
