"""Who may do what: the checks every service starts with, and why they refuse (404 or 403)."""

import pytest

from epdee.core import permissions
from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.models import ApiToken, TenantMembership
from epdee.core.permissions import SYSTEM, Actor, allowed, check_tenant, require
from tests.core.factories import MembershipFactory, TenantFactory, UserFactory

ADMIN, STAFF, VIEWER = TenantMembership.Role.ADMIN, TenantMembership.Role.STAFF, TenantMembership.Role.VIEWER


def token(user, *, scope=ApiToken.Scope.READ_WRITE, tenant=None) -> ApiToken:
    return ApiToken(user=user, tenant=tenant, scope=scope, prefix="p", key_hash="h")


def test_a_non_member_is_told_the_organisation_does_not_exist(db):
    outsider = UserFactory()
    with pytest.raises(NotFound, match="not one of its members"):
        check_tenant(outsider, TenantFactory())
    with pytest.raises(NotFound):
        require(outsider, "tenant.view", TenantFactory())


def test_members_of_a_closed_tenant_find_nothing(db):
    member = MembershipFactory(tenant=TenantFactory(closed=True), role=ADMIN)
    with pytest.raises(NotFound):
        require(member.user, "tenant.view", member.tenant)


def test_every_member_reads_staff_and_admins_write_admins_configure(db):
    tenant = TenantFactory()
    admin, staff, viewer = (MembershipFactory(tenant=tenant, role=role).user for role in (ADMIN, STAFF, VIEWER))
    assert [allowed(user, "tenant.view", tenant) for user in (admin, staff, viewer)] == [True, True, True]
    assert [allowed(user, "tenant.change", tenant) for user in (admin, staff, viewer)] == [True, True, False]
    assert [allowed(user, "tenant.manage", tenant) for user in (admin, staff, viewer)] == [True, False, False]
    assert [allowed(user, "tenant.configure", tenant) for user in (admin, staff, viewer)] == [True, False, False]


def test_a_viewer_who_writes_is_told_his_role_is_read_only(db):
    viewer = MembershipFactory(role=VIEWER)
    with pytest.raises(PermissionDenied, match="Your role in this care organisation is read-only."):
        require(viewer.user, "tenant.change", viewer.tenant)


def test_staff_asking_for_an_administrators_action_are_told_so(db):
    staff = MembershipFactory(role=STAFF)
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        require(staff.user, "tenant.manage", staff.tenant)


def test_a_read_only_licence_refuses_every_change_and_names_the_tenant(db):
    admin = MembershipFactory(tenant=TenantFactory(read_only=True, name="Kliniek Inzage"), role=ADMIN)
    with pytest.raises(PermissionDenied, match="Kliniek Inzage has a read-only \\(inzage\\) licence"):
        require(admin.user, "tenant.change", admin.tenant)
    require(admin.user, "tenant.view", admin.tenant)
    require(admin.user, "tenant.manage", admin.tenant)  # opening the settings is reading them
    assert not allowed(admin.user, "tenant.configure", admin.tenant)


def test_a_read_only_token_reads_but_never_writes(db):
    admin = MembershipFactory(role=ADMIN)
    actor = Actor(user=admin.user, token=token(admin.user, scope=ApiToken.Scope.READ))
    require(actor, "tenant.view", admin.tenant)
    with pytest.raises(PermissionDenied, match="This API token is read-only"):
        require(actor, "tenant.change", admin.tenant)
    read_write = Actor(user=admin.user, token=token(admin.user))
    require(read_write, "tenant.configure", admin.tenant)


def test_a_tenants_token_acts_in_that_tenant_only(db):
    first = MembershipFactory(role=ADMIN)
    second = MembershipFactory(user=first.user, role=ADMIN)
    actor = Actor(user=first.user, token=token(first.user, tenant=first.tenant))
    require(actor, "tenant.configure", first.tenant)
    with pytest.raises(NotFound):
        require(actor, "tenant.view", second.tenant)
    require(first.user, "tenant.view", second.tenant)  # the person himself, signed in, may


def test_an_identity_without_a_person_holds_its_role_in_its_one_tenant(db):
    tenant, other = TenantFactory(), TenantFactory()
    certificate = Actor(label="connector certificate 01AB", tenant=tenant, role=STAFF)
    require(certificate, "tenant.change", tenant)
    with pytest.raises(PermissionDenied):
        require(certificate, "tenant.configure", tenant)
    with pytest.raises(NotFound):
        require(certificate, "tenant.view", other)
    assert not allowed(certificate, "platform.staff")
    assert str(certificate) == "connector certificate 01AB"


def test_the_platform_itself_passes_every_check(db):
    closed = TenantFactory(closed=True)
    for permission in ("tenant.view", "tenant.change", "tenant.configure", "platform.staff", "platform.superadmin"):
        assert require(SYSTEM, permission, closed) is SYSTEM


def test_platform_roles_need_an_active_account(db):
    staff, superadmin = UserFactory(staff=True), UserFactory(superadmin=True)
    assert allowed(staff, "platform.staff") and not allowed(staff, "platform.superadmin")
    assert allowed(superadmin, "platform.staff") and allowed(superadmin, "platform.superadmin")
    with pytest.raises(PermissionDenied, match="Only platform staff"):
        require(UserFactory(), "platform.staff")
    with pytest.raises(PermissionDenied, match="Only a superadmin"):
        require(staff, "platform.superadmin")
    superadmin.is_active = False
    assert not allowed(superadmin, "platform.staff") and not allowed(superadmin, "platform.superadmin")
    assert not allowed(None, "platform.staff")  # anonymous


def test_platform_staff_are_no_members_of_a_tenant(db):
    assert not allowed(UserFactory(superadmin=True), "tenant.view", TenantFactory())


def test_a_permission_is_defined_once(monkeypatch):
    monkeypatch.setattr(permissions, "_PERMISSIONS", dict(permissions._PERMISSIONS))

    def check(actor, obj):
        return None

    permissions.define("test.thing", check)
    permissions.define("test.thing", check)  # the same check again (a second ready()) is harmless
    with pytest.raises(ValueError, match="defined twice"):
        permissions.define("test.thing", lambda actor, obj: None)
    with pytest.raises(ValueError, match="defined twice"):
        permissions.define("tenant.view", check)


def test_an_unknown_permission_is_a_programming_error_not_a_refusal(db):
    with pytest.raises(LookupError, match="unknown permission 'tenant.veiw'"):
        require(SYSTEM, "tenant.veiw", TenantFactory())
    with pytest.raises(LookupError):
        allowed(SYSTEM, "tenant.veiw")


def test_the_actor_of_a_request_is_its_user_with_his_token(rf, db):
    from django.contrib.auth.models import AnonymousUser

    from epdee.core.permissions import ANONYMOUS, actor_of

    user = UserFactory()
    request = rf.get("/")
    request.user, request.auth = user, token(user)
    assert actor_of(request).user == user and actor_of(request).token is request.auth
    request.auth = object()  # another authenticator's credential (an OAuth2 access token): the user acts
    assert actor_of(request).token is None
    request.user = AnonymousUser()
    assert actor_of(request) is ANONYMOUS
