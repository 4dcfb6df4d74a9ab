"""The tenants' services: platform staff create and change tenants, codes and host names; members are managed
by staff or the tenant's own administrators; everyone else is refused, and every change is audited."""

import pytest

from epdee.core import services
from epdee.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from epdee.core.models import AuditEvent, CustomerCode, Tenant, TenantHostname, TenantMembership
from epdee.core.permissions import Actor, allowed
from tests.core.factories import (
    CustomerCodeFactory,
    MembershipFactory,
    TenantFactory,
    TenantHostnameFactory,
    UserFactory,
)

ADMIN, STAFF, VIEWER = TenantMembership.Role.ADMIN, TenantMembership.Role.STAFF, TenantMembership.Role.VIEWER


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


# --- who may -----------------------------------------------------------------------------------------------


def _not_platform_staff():
    member = MembershipFactory(role=ADMIN)
    return [member.user, UserFactory(), Actor(label="certificate", tenant=member.tenant, role=ADMIN), None]


@pytest.mark.django_db
def test_only_platform_staff_create_and_change_tenants():
    tenant = TenantFactory()
    for actor in _not_platform_staff():
        with pytest.raises(PermissionDenied):
            services.create_tenant(name="Kliniek", slug="kliniek", by=actor)
        with pytest.raises(PermissionDenied):
            services.change_tenant(tenant, name="Anders", by=actor)
        with pytest.raises(PermissionDenied):
            services.set_tenant_status(tenant, Tenant.Status.CLOSED, by=actor)
        with pytest.raises(PermissionDenied):
            services.add_customer_code(tenant, "TE2222", by=actor)
        with pytest.raises(PermissionDenied):
            services.add_hostname(tenant, "kliniek.example", by=actor)
    tenant.refresh_from_db()
    assert (tenant.status, tenant.customer_codes.count(), Tenant.objects.count()) == ("active", 0, 2)


def test_a_tenant_is_created_with_its_codes_and_host_names(staff):
    tenant = services.create_tenant(
        name="Kliniek Oost", slug="oost", customer_codes=["te2345", "CF6789"], hostnames=["Oost.Example."], by=staff
    )
    assert sorted(tenant.customer_codes.values_list("code", flat=True)) == ["CF6789", "TE2345"]
    assert list(tenant.hostnames.values_list("hostname", flat=True)) == ["oost.example"]
    assert actions() == ["tenant.create", "tenant.customer_code.add", "tenant.customer_code.add", "tenant.hostname.add"]
    assert AuditEvent.objects.filter(actor=staff).count() == 4


def test_a_tenant_with_a_bad_field_is_refused_naming_every_field(staff):
    TenantFactory(slug="taken")
    with pytest.raises(Invalid) as refused:
        services.create_tenant(name="", slug="taken", status="bankrupt", by=staff)
    assert set(refused.value.field_errors) == {"name", "slug", "status"}
    assert Tenant.objects.count() == 1 and actions() == []


def test_changing_a_tenant_records_the_fields_and_the_status(staff):
    tenant = TenantFactory(name="Oud")
    services.change_tenant(tenant, name="Nieuw", time_zone="Europe/Amsterdam", status="read_only", by=staff)
    tenant.refresh_from_db()
    assert (tenant.name, tenant.status) == ("Nieuw", "read_only")
    change, status = AuditEvent.objects.order_by("sequence")
    assert (change.action, change.details) == ("tenant.change", {"fields": ["name"]})
    assert (status.action, status.details) == ("tenant.status", {"from": "active", "to": "read_only"})


def test_a_change_nothing_may_change_is_refused(staff):
    tenant = TenantFactory()
    with pytest.raises(Invalid, match="cannot be changed: created_at"):
        services.change_tenant(tenant, created_at=None, by=staff)
    with pytest.raises(Invalid) as refused:
        services.set_tenant_status(tenant, "bankrupt", by=staff)
    assert refused.value.field == "status"
    with pytest.raises(Invalid) as refused:
        services.change_tenant(tenant, slug="not a slug!", by=staff)
    assert list(refused.value.field_errors) == ["slug"]
    tenant.refresh_from_db()
    assert tenant.status == "active" and actions() == []


def test_a_second_sandbox_is_refused(staff):
    TenantFactory(is_sandbox=True)
    with pytest.raises(Invalid):
        services.change_tenant(TenantFactory(), is_sandbox=True, by=staff)


# --- customer codes and host names -------------------------------------------------------------------------


def test_a_code_is_changed_and_removed_by_the_rules(staff):
    tenant = TenantFactory()
    entry = services.add_customer_code(tenant, "TE1234", by=staff)
    # The row being replaced does not count against its own number.
    assert services.change_customer_code(entry, "cf1234", by=staff).code == "CF1234"
    CustomerCodeFactory(code="TE5555")
    with pytest.raises(Conflict, match="another organisation"):
        services.change_customer_code(entry, "TE5555", by=staff)
    entry.refresh_from_db()
    assert entry.code == "CF1234"
    services.remove_customer_code(entry, by=staff)
    assert not CustomerCode.objects.filter(tenant=tenant).exists()
    assert actions() == ["tenant.customer_code.add", "tenant.customer_code.change", "tenant.customer_code.remove"]


def test_customer_code_refusals_name_the_code_field(staff):
    with pytest.raises(Invalid) as refused:
        services.add_customer_code(TenantFactory(), "XX12", by=staff)
    assert refused.value.field == "code" and refused.value.code == "invalid_customer_code"
    assert "is not a customer code" in refused.value.message


def test_host_names_are_normalised_unique_and_checked(staff):
    tenant, other = TenantFactory(), TenantFactory()
    entry = services.add_hostname(tenant, " Boeken.Kliniek.NL. ", by=staff)
    assert entry.hostname == "boeken.kliniek.nl"
    with pytest.raises(Conflict, match="another organisation") as refused:
        services.add_hostname(other, "boeken.kliniek.nl", by=staff)
    assert refused.value.field == "hostname"
    with pytest.raises(Invalid, match="is not a host name"):
        services.add_hostname(tenant, "not a host", by=staff)
    assert services.change_hostname(entry, "afspraak.kliniek.nl", by=staff).hostname == "afspraak.kliniek.nl"
    services.remove_hostname(entry, by=staff)
    assert not TenantHostname.objects.exists()
    assert actions() == ["tenant.hostname.add", "tenant.hostname.change", "tenant.hostname.remove"]


def test_code_and_host_services_refuse_tenant_admins(db):
    admin = MembershipFactory(role=ADMIN)
    host = TenantHostnameFactory(tenant=admin.tenant)
    code = CustomerCodeFactory(tenant=admin.tenant)
    for call in (
        lambda: services.remove_hostname(host, by=admin.user),
        lambda: services.change_hostname(host, "x.example", by=admin.user),
        lambda: services.remove_customer_code(code, by=admin.user),
        lambda: services.change_customer_code(code, "TE3333", by=admin.user),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert TenantHostname.objects.count() == CustomerCode.objects.count() == 1


# --- members -----------------------------------------------------------------------------------------------


def test_a_tenant_administrator_manages_its_members(db):
    admin = MembershipFactory(role=ADMIN)
    newcomer = UserFactory()
    membership = services.add_member(admin.tenant, newcomer, VIEWER, by=admin.user)
    assert services.change_member_role(membership, STAFF, by=admin.user).role == STAFF
    assert services.add_member(admin.tenant, newcomer, STAFF, by=admin.user).pk == membership.pk  # nothing new
    services.remove_member(membership, by=admin.user)
    assert not TenantMembership.objects.filter(user=newcomer).exists()
    assert actions() == ["tenant.member.add", "tenant.member.role", "tenant.member.remove"]


def test_platform_staff_manage_members_of_any_tenant(staff):
    tenant = TenantFactory(closed=True)
    services.add_member(tenant, UserFactory(), ADMIN, by=staff)
    assert tenant.memberships.get().role == ADMIN


@pytest.mark.parametrize("role", [STAFF, VIEWER])
def test_staff_and_viewers_of_the_tenant_may_not_manage_members(db, role):
    member = MembershipFactory(role=role)
    with pytest.raises(PermissionDenied):
        services.add_member(member.tenant, UserFactory(), ADMIN, by=member.user)
    with pytest.raises(PermissionDenied):
        services.change_member_role(member, ADMIN, by=member.user)
    member.refresh_from_db()
    assert member.role == role and member.tenant.memberships.count() == 1


def test_another_tenants_administrator_finds_no_such_tenant(db):
    stranger = MembershipFactory(role=ADMIN)
    member = MembershipFactory()
    with pytest.raises(NotFound):
        services.remove_member(member, by=stranger.user)
    with pytest.raises(NotFound):
        services.add_member(member.tenant, stranger.user, ADMIN, by=stranger.user)
    assert member.tenant.memberships.count() == 1


def test_a_read_only_licence_freezes_the_member_list_for_its_administrators(db):
    admin = MembershipFactory(role=ADMIN, tenant=TenantFactory(read_only=True))
    with pytest.raises(PermissionDenied, match="read-only"):
        services.add_member(admin.tenant, UserFactory(), VIEWER, by=admin.user)


def test_an_unknown_role_is_refused_on_the_role_field(staff):
    with pytest.raises(Invalid) as refused:
        services.add_member(TenantFactory(), UserFactory(), "owner", by=staff)
    assert refused.value.field == "role" and not TenantMembership.objects.exists()


def test_a_role_change_takes_effect_for_the_same_user_object(db):
    admin = MembershipFactory(role=ADMIN)
    member = MembershipFactory(tenant=admin.tenant, role=VIEWER)
    assert not allowed(member.user, "tenant.change", member.tenant)  # the role is now remembered on the user
    services.change_member_role(member, STAFF, by=admin.user)
    assert allowed(member.user, "tenant.change", member.tenant)
