"""Tenancy: for_tenant scoping, request.tenant resolution, read-only tenants."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epdee.core import services
from epdee.core.errors import PermissionDenied
from epdee.core.models import Tenant, TenantMembership
from epdee.core.permissions import require
from tests.core.factories import PASSWORD, MembershipFactory, TenantFactory, UserFactory
from tests.support import login


def test_for_tenant_returns_only_that_tenants_rows(db):
    a, b = TenantFactory(), TenantFactory()
    mine = MembershipFactory.create_batch(3, tenant=a)
    MembershipFactory.create_batch(2, tenant=b)
    assert set(TenantMembership.objects.for_tenant(a)) == set(mine)


def test_for_tenant_without_a_tenant_returns_nothing(db):
    MembershipFactory()
    assert TenantMembership.objects.for_tenant(None).count() == 0
    assert TenantMembership.objects.for_tenant(Tenant()).count() == 0  # unsaved: no pk


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(owners=st.lists(st.integers(min_value=0, max_value=2), min_size=0, max_size=12))
def test_for_tenant_partitions_rows_whatever_their_distribution(owners):
    with transaction.atomic():
        tenants = TenantFactory.create_batch(3)
        created = [MembershipFactory(tenant=tenants[owner]) for owner in owners]
        for index, tenant in enumerate(tenants):
            expected = {row.pk for row, owner in zip(created, owners, strict=True) if owner == index}
            assert set(TenantMembership.objects.for_tenant(tenant).values_list("pk", flat=True)) == expected
        transaction.set_rollback(True)


def _tenant_of(response):
    return response.wsgi_request.tenant


@override_settings(ALLOWED_HOSTS=["testserver", "kliniek.example"])
def test_host_name_resolves_its_tenant_for_anonymous_visitors(client, staff):
    tenant = TenantFactory()
    services.add_hostname(tenant, "Kliniek.Example.", by=staff)
    assert _tenant_of(client.get("/", HTTP_HOST="kliniek.example")) == tenant
    assert _tenant_of(client.get("/", HTTP_HOST="kliniek.example:8443")) == tenant
    assert _tenant_of(client.get("/")) is None


@override_settings(ALLOWED_HOSTS=["testserver", "kliniek.example"])
def test_a_closed_tenants_host_resolves_nothing(client, staff):
    tenant = TenantFactory(closed=True)
    services.add_hostname(tenant, "kliniek.example", by=staff)
    assert _tenant_of(client.get("/", HTTP_HOST="kliniek.example")) is None


def test_signed_in_member_works_in_his_tenant(client, db):
    membership = MembershipFactory()
    login(client, membership.user.email, PASSWORD)
    response = client.get("/")
    assert _tenant_of(response) == membership.tenant
    assert response.wsgi_request.membership == membership
    assert membership.tenant.name in response.content.decode()


def test_member_switches_only_to_his_own_tenants(client, db):
    user = UserFactory()
    first = MembershipFactory(user=user, tenant=TenantFactory(name="Alfa"))
    second = MembershipFactory(user=user, tenant=TenantFactory(name="Beta"))
    stranger = TenantFactory(name="Gamma")
    login(client, user.email, PASSWORD)
    assert _tenant_of(client.get("/")) == first.tenant
    response = client.post(reverse("switch-tenant"), {"tenant_id": second.tenant_id})
    assert response.status_code == 302
    assert _tenant_of(client.get("/")) == second.tenant
    assert client.post(reverse("switch-tenant"), {"tenant_id": stranger.pk}).status_code == 404
    assert client.post(reverse("switch-tenant"), {"tenant_id": "not-a-number"}).status_code == 404
    assert _tenant_of(client.get("/")) == second.tenant


def test_a_closed_tenant_is_not_resolved_for_its_members(client, db):
    membership = MembershipFactory(tenant=TenantFactory(closed=True))
    login(client, membership.user.email, PASSWORD)
    response = client.get("/")
    assert _tenant_of(response) is None
    assert "not linked to an organisation" in response.content.decode()


def test_members_page_lists_only_the_own_tenant(client, db):
    mine = MembershipFactory(role=TenantMembership.Role.ADMIN)
    colleague = MembershipFactory(tenant=mine.tenant)
    outsider = MembershipFactory()
    login(client, mine.user.email, PASSWORD)
    page = client.get(reverse("members")).content.decode()
    assert colleague.user.email in page
    assert outsider.user.email not in page


def test_members_page_needs_a_membership(client, db):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    assert client.get(reverse("members")).status_code == 404


def _listed_emails(response) -> list[str]:
    import re

    return re.findall(r"<td>([^<]+@example\.test)</td>", response.content.decode())


def test_members_page_paginates_and_sorts(client, db):
    mine = MembershipFactory(role=TenantMembership.Role.ADMIN, user=UserFactory(email="aaa@example.test"))
    for index in range(30):
        MembershipFactory(tenant=mine.tenant, user=UserFactory(email=f"m{index:02d}@example.test"))
    login(client, mine.user.email, PASSWORD)
    url = reverse("members")
    first = client.get(url, {"sort": "email"})
    assert "1–25 of 31" in first.content.decode()
    assert _listed_emails(first)[:2] == ["aaa@example.test", "m00@example.test"]
    assert len(_listed_emails(first)) == 25
    assert _listed_emails(client.get(url, {"sort": "email", "page": 2}))[-1] == "m29@example.test"
    assert _listed_emails(client.get(url, {"sort": "-email"}))[0] == "m29@example.test"
    # Unknown sort keys and page numbers fall back instead of failing.
    assert client.get(url, {"sort": "password", "page": "x"}).status_code == 200
    assert _listed_emails(client.get(url, {"role": "admin"})) == ["aaa@example.test"]


def test_read_only_tenant_refuses_changes_and_says_so(client, db):
    membership = MembershipFactory(tenant=TenantFactory(read_only=True))
    with pytest.raises(PermissionDenied, match="read-only"):
        require(membership.user, "tenant.change", membership.tenant)
    assert not membership.can_write
    login(client, membership.user.email, PASSWORD)
    assert "read-only (inzage) licence" in client.get("/").content.decode()


def test_status_change_is_audited(staff):
    from epdee.core.models import AuditEvent

    tenant = TenantFactory()
    services.set_tenant_status(tenant, Tenant.Status.READ_ONLY, by=staff)
    event = AuditEvent.objects.filter(action="tenant.status").get()
    assert event.details == {"from": "active", "to": "read_only"}
    assert event.tenant_id == tenant.pk
