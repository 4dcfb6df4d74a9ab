"""Rules for the test suite itself: rows made once per module (tests.support.rows_for_the_module) are undone
after each test, and a transactional test cannot run under them. (A module of its own: the rows stay open
until a module's last test.)"""

import copy
from types import SimpleNamespace

import pytest

from tests.conftest import FlushUnderModuleRows, refuse_a_flush_under_module_rows
from tests.support import rows_for_the_module


@pytest.fixture(scope="module")
def shared_tenant(django_db_setup, django_db_blocker):
    from tests.core.factories import TenantFactory

    with rows_for_the_module(django_db_blocker):
        yield TenantFactory(name="Shared")


@pytest.fixture
def tenant(shared_tenant, db):
    return copy.deepcopy(shared_tenant)


def test_a_test_may_change_the_shared_rows(tenant):
    from epdee.core.models import Tenant

    tenant.name = "Changed"
    tenant.save()
    Tenant.objects.create(name="Extra", slug="extra")
    assert sorted(Tenant.objects.values_list("name", flat=True)) == ["Changed", "Extra"]


def test_the_next_test_gets_them_as_they_were(tenant):
    from epdee.core.models import Tenant

    assert tenant.name == "Shared"  # in memory
    assert list(Tenant.objects.values_list("name", flat=True)) == ["Shared"]  # and in the database


def test_a_transactional_test_is_refused_while_a_module_shares_rows(tenant):
    item = SimpleNamespace(nodeid="tests/x.py::test_x", fixturenames=["transactional_db"])
    item.get_closest_marker = lambda name: None
    with pytest.raises(FlushUnderModuleRows, match="move it to a module of its own"):
        refuse_a_flush_under_module_rows(item)
