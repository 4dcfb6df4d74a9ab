"""The kernel's admin screens save through the services: the same rules, the same refusals, the same audit
events as any other caller; what a service refuses is not offered or is shown on the form."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from epdee.core import services
from epdee.core.errors import ApplicationError
from epdee.core.models import AuditEvent, CustomerCode, Tenant, TenantHostname, User
from tests.core.factories import (
    PASSWORD,
    CustomerCodeFactory,
    MembershipFactory,
    TenantFactory,
    TenantHostnameFactory,
    UserFactory,
    give_totp,
)
from tests.support import login


def sign_in(client, user):
    login(client, user.email, PASSWORD, totp_secret=give_totp(user))
    return user


@pytest.fixture
def superadmin_client(client, superadmin):
    sign_in(client, superadmin)
    return client


def actions(*prefixes) -> list[str]:
    return [
        a for a in AuditEvent.objects.order_by("sequence").values_list("action", flat=True) if a.startswith(prefixes)
    ]


# --- users -----------------------------------------------------------------------------------------------------


def test_adding_a_user_goes_through_the_service(superadmin_client, superadmin):
    response = superadmin_client.post(
        reverse("admin:core_user_add"),
        {"email": "Nieuw@Kliniek.example", "password1": "Een-lang-wachtwoord-7", "password2": "Een-lang-wachtwoord-7"},
    )
    user = User.objects.get(email="nieuw@kliniek.example")
    assert response.status_code == 302 and response.url == reverse("admin:core_user_change", args=[user.pk])
    assert user.check_password("Een-lang-wachtwoord-7")
    assert AuditEvent.objects.get(action="user.create").actor == superadmin
    assert AuditEvent.objects.get(action="admin.add").object_id == str(user.pk)


def _user_form(user, **changes):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    return {**data, **changes}


def test_changing_a_user_goes_through_the_service(superadmin_client):
    user = UserFactory()
    response = superadmin_client.post(
        reverse("admin:core_user_change", args=[user.pk]), _user_form(user, full_name="X")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.full_name == "X"
    assert AuditEvent.objects.get(action="user.change").details == {"fields": ["full_name"]}


def test_staff_are_not_offered_the_platform_roles_and_cannot_post_them(client, db):
    staff = UserFactory(staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=["view_user", "change_user"]))
    sign_in(client, staff)
    user = UserFactory()
    url = reverse("admin:core_user_change", args=[user.pk])
    assert 'name="is_staff"' not in client.get(url).content.decode()
    response = client.post(url, _user_form(user, full_name="Y", is_staff="on", is_superuser="on"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Y" and not user.is_staff and not user.is_superuser


def test_setting_a_password_goes_through_the_service(superadmin_client, superadmin):
    user = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = superadmin_client.post(
        url, {"password1": "Weer-een-wachtwoord-8", "password2": "Weer-een-wachtwoord-8", "usable_password": "true"}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("Weer-een-wachtwoord-8")
    event = AuditEvent.objects.get(action="user.password")
    assert event.actor == superadmin and event.details == {"usable": True}


def test_deleting_a_user_who_acted_is_refused_with_advice(superadmin_client):
    from epdee.core.audit import record_event

    user = UserFactory()
    record_event("auth.login", actor=user)
    response = superadmin_client.post(reverse("admin:core_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 409
    assert "deactivate the account instead" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_a_bulk_delete_with_one_refused_account_deletes_none(superadmin_client):
    from epdee.core.audit import record_event

    fresh, acted = UserFactory(), UserFactory()
    record_event("auth.login", actor=acted)
    response = superadmin_client.post(
        reverse("admin:core_user_changelist"),
        {"action": "delete_selected", "_selected_action": [fresh.pk, acted.pk], "post": "yes"},
    )
    assert response.status_code == 409
    assert User.objects.filter(pk__in=[fresh.pk, acted.pk]).count() == 2
    assert actions("user.delete", "admin.delete") == []


def test_deleting_users_who_never_acted_goes_through_the_service(superadmin_client):
    first, second = UserFactory(), UserFactory()
    response = superadmin_client.post(reverse("admin:core_user_delete", args=[first.pk]), {"post": "yes"})
    assert response.status_code == 302 and not User.objects.filter(pk=first.pk).exists()
    response = superadmin_client.post(
        reverse("admin:core_user_changelist"),
        {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not User.objects.filter(pk=second.pk).exists()
    assert actions("user.delete") == ["user.delete", "user.delete"]


# --- tenants -------------------------------------------------------------------------------------------------------


def tenant_form(tenant=None, *, codes=(), hosts=(), members=(), **fields):
    """The tenant admin's POST: fields, and inline rows as (instance or None, {field: value}, delete)."""
    data = {
        "name": getattr(tenant, "name", "Kliniek Noord"),
        "slug": getattr(tenant, "slug", "noord"),
        "status": getattr(tenant, "status", "active"),
        "time_zone": "Europe/Amsterdam",
        **fields,
    }
    for prefix, rows in (("customer_codes", codes), ("hostnames", hosts), ("memberships", members)):
        initial = [row for row in rows if row[0] is not None]
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(initial))
        for index, (instance, values, delete) in enumerate([*initial, *[r for r in rows if r[0] is None]]):
            if instance is not None:
                data[f"{prefix}-{index}-id"] = str(instance.pk)
                data[f"{prefix}-{index}-tenant"] = str(tenant.pk)
            for name, value in values.items():
                data[f"{prefix}-{index}-{name}"] = value
            if delete:
                data[f"{prefix}-{index}-DELETE"] = "on"
    return data


def test_adding_a_tenant_with_its_rows_goes_through_the_services(superadmin_client, superadmin):
    user = UserFactory()
    data = tenant_form(
        codes=[(None, {"code": "te2468"}, False)],
        hosts=[(None, {"hostname": "Noord.Example."}, False)],
        members=[(None, {"user": str(user.pk), "role": "admin"}, False)],
    )
    response = superadmin_client.post(reverse("admin:core_tenant_add"), data)
    assert response.status_code == 302, response.context["errors"]
    tenant = Tenant.objects.get(slug="noord")
    assert list(tenant.customer_codes.values_list("code", flat=True)) == ["TE2468"]
    assert list(tenant.hostnames.values_list("hostname", flat=True)) == ["noord.example"]
    assert tenant.memberships.get().user == user
    assert actions("tenant.") == [
        "tenant.create",
        "tenant.customer_code.add",
        "tenant.hostname.add",
        "tenant.member.add",
    ]
    assert set(AuditEvent.objects.filter(action__startswith="tenant.").values_list("actor", flat=True)) == {
        superadmin.pk
    }


def test_changing_a_tenants_rows_goes_through_the_services(superadmin_client):
    tenant = TenantFactory(name="Oud")
    code = CustomerCodeFactory(tenant=tenant, code="TE1357")
    host = TenantHostnameFactory(tenant=tenant)
    member = MembershipFactory(tenant=tenant, role="viewer")
    leaving = MembershipFactory(tenant=tenant, role="staff")
    data = tenant_form(
        tenant,
        name="Nieuw",
        status="read_only",
        codes=[(code, {"code": "CF1357"}, False)],
        hosts=[(host, {"hostname": host.hostname}, True)],
        members=[
            (member, {"user": str(member.user_id), "role": "admin"}, False),
            (leaving, {"user": str(leaving.user_id), "role": "staff"}, True),
        ],
    )
    response = superadmin_client.post(reverse("admin:core_tenant_change", args=[tenant.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    tenant.refresh_from_db()
    assert (tenant.name, tenant.status) == ("Nieuw", "read_only")
    assert list(tenant.customer_codes.values_list("code", flat=True)) == ["CF1357"]
    assert not tenant.hostnames.exists()
    assert list(tenant.memberships.values_list("role", flat=True)) == ["admin"]
    assert actions("tenant.") == [
        "tenant.change",
        "tenant.status",
        "tenant.customer_code.change",
        "tenant.hostname.remove",
        "tenant.member.role",
        "tenant.member.remove",
    ]
    change = AuditEvent.objects.get(action="admin.change")
    message = change.details["message"]  # the admin's history names each row, as after formset.save()
    assert "'changed': {'name': 'customer code', 'object': 'CF1357'" in message
    assert "'deleted': {'name': 'tenant hostname'" in message


def test_a_tenant_is_never_deleted_in_the_admin(superadmin_client):
    tenant = TenantFactory()
    assert (
        superadmin_client.post(reverse("admin:core_tenant_delete", args=[tenant.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Tenant.objects.filter(pk=tenant.pk).exists()


# --- the same bad input is refused the same way by the service and the admin ---------------------------------------

BAD_ROWS = [
    ("code", "XX1234", "is not a customer code"),
    ("code", "TE1002", "development environment of the platform's sandbox"),
    ("code", "TE4444", "already belongs to another organisation"),
    ("code", "CF9753", "same number as this organisation's TE9753"),
    ("hostname", "not a host", "is not a host name"),
    ("hostname", "taken.example", "already belongs to another organisation"),
]


def _through_the_service(tenant, field, value, staff):
    add = services.add_customer_code if field == "code" else services.add_hostname
    try:
        add(tenant, value, by=staff)
    except ApplicationError as error:
        assert error.field == field
        return error.message
    raise AssertionError("the service accepted it")


def _through_the_admin(tenant, field, value, client):
    row = [(None, {field: value}, False)]
    data = tenant_form(tenant, codes=row if field == "code" else (), hosts=row if field == "hostname" else ())
    response = client.post(reverse("admin:core_tenant_change", args=[tenant.pk]), data)
    assert response.status_code == 200, "the admin accepted it"
    return response.content.decode()


@pytest.mark.parametrize(("field", "value", "message"), BAD_ROWS)
def test_bad_codes_and_host_names_are_refused_alike_everywhere(superadmin_client, superadmin, field, value, message):
    CustomerCodeFactory(code="TE4444")
    TenantHostnameFactory(hostname="taken.example")
    tenant = TenantFactory()
    CustomerCodeFactory(tenant=tenant, code="TE9753")
    before = (CustomerCode.objects.count(), TenantHostname.objects.count(), AuditEvent.objects.count())
    refusal = _through_the_service(tenant, field, value, superadmin)
    assert message in refusal
    page = _through_the_admin(tenant, field, value, superadmin_client)
    assert message in page.replace("&#x27;", "'")
    assert (CustomerCode.objects.count(), TenantHostname.objects.count()) == before[:2]
    assert not AuditEvent.objects.filter(action__startswith="tenant.").exists()


def test_a_refusal_the_form_could_not_foresee_saves_nothing(superadmin_client, monkeypatch):
    """A service that refuses while the admin saves (another request took the code meanwhile): the message page,
    and the whole change is rolled back."""
    from epdee.core.errors import Conflict
    from epdee.core.services import tenants as tenant_services

    def taken_meanwhile(*args, **kwargs):
        raise Conflict("That customer code was just taken; reload and try again.", field="code")

    monkeypatch.setattr(tenant_services, "add_customer_code", taken_meanwhile)
    tenant = TenantFactory(name="Oud")
    response = superadmin_client.post(
        reverse("admin:core_tenant_change", args=[tenant.pk]),
        tenant_form(tenant, name="Nieuw", codes=[(None, {"code": "TE8642"}, False)]),
    )
    assert response.status_code == 409
    assert "That customer code was just taken" in response.content.decode()
    tenant.refresh_from_db()
    assert tenant.name == "Oud" and actions("tenant.", "admin.") == []
