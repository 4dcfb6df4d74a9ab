"""The platform admin: allauth sign-in, two-factor authentication required, changes audited."""

import re

from django.urls import reverse

from epdee.core.mfa import unused_recovery_codes
from epdee.core.models import AuditEvent, Tenant
from epdee.core.services import accounts
from tests.core.factories import PASSWORD, MembershipFactory, TenantFactory, UserFactory, give_totp
from tests.support import login, totp_code

ADMIN = "/admin/"


def test_anonymous_visitors_are_sent_to_the_real_login(client, db):
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login") + "?next=")


def test_the_admin_has_no_password_form_of_its_own(client, db):
    staff = UserFactory(staff=True)
    give_totp(staff)
    response = client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_staff_without_two_factor_cannot_use_the_admin(client, db):
    staff = UserFactory(superadmin=True)
    login(client, staff.email, PASSWORD)
    for url in (ADMIN, reverse("admin:core_tenant_changelist"), reverse("admin:core_auditevent_changelist")):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == reverse("mfa_index"), url
        assert "requires two-factor authentication" in response.content.decode()


def test_staff_with_an_authenticator_not_used_this_session_is_refused(client, db):
    staff = UserFactory(staff=True)
    give_totp(staff)
    client.force_login(staff)  # a session that never passed the 2FA step
    assert client.get(ADMIN, follow=True).redirect_chain[-1][0] == reverse("mfa_index")


def test_staff_who_signed_in_with_two_factor_use_the_admin(client, db):
    staff = UserFactory(staff=True)
    secret = give_totp(staff)
    response = login(client, staff.email, PASSWORD, totp_secret=secret)
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_does_not_sign_in(client, db):
    staff = UserFactory(staff=True)
    secret = give_totp(staff)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    wrong = str((int(totp_code(secret)) + 1) % 1_000_000).zfill(6)
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_recovery_code_signs_in(client, db):
    staff = UserFactory(staff=True)
    give_totp(staff)
    codes = accounts.activate_recovery_codes(staff, by=staff)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get(ADMIN).status_code == 200
    assert codes[0] not in unused_recovery_codes(staff) and codes[1] in unused_recovery_codes(staff)


def test_setting_up_an_authenticator_opens_the_admin_in_the_same_session(
    client, db, django_capture_on_commit_callbacks
):
    staff = UserFactory(staff=True)
    login(client, staff.email, PASSWORD)
    # Changing 2FA asks for the password again (allauth's reauthentication).
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.status_code == 302 and asked.url.startswith(reverse("account_reauthenticate"))
    client.post(asked.url, {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.content.decode()).group(1)
    # allauth announces the new authenticator when its transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200
    assert AuditEvent.objects.filter(action="mfa.added", actor=staff).exists()


def test_non_staff_are_turned_away_from_the_admin(client, db):
    member = MembershipFactory()
    login(client, member.user.email, PASSWORD)
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "for platform staff only" in response.content.decode()


def _mfa_admin(client):
    staff = UserFactory(superadmin=True)
    login(client, staff.email, PASSWORD, totp_secret=give_totp(staff))
    return staff


def test_admin_changes_are_audited(client, db):
    staff = _mfa_admin(client)
    tenant = TenantFactory(name="Oud")
    url = reverse("admin:core_tenant_change", args=[tenant.pk])
    data = {
        "name": "Nieuw",
        "slug": tenant.slug,
        "status": Tenant.Status.READ_ONLY,
        "time_zone": "Europe/Amsterdam",
        "customer_codes-TOTAL_FORMS": "0",
        "customer_codes-INITIAL_FORMS": "0",
        "hostnames-TOTAL_FORMS": "0",
        "hostnames-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.change")
    assert event.actor == staff and event.object_id == str(tenant.pk) and event.object_type == "core.tenant"


def test_admin_refuses_a_bad_customer_code_and_saves_nothing(client, db):
    _mfa_admin(client)
    tenant = TenantFactory()
    url = reverse("admin:core_tenant_change", args=[tenant.pk])
    base = {
        "name": tenant.name,
        "slug": tenant.slug,
        "status": tenant.status,
        "time_zone": "Europe/Amsterdam",
        "customer_codes-TOTAL_FORMS": "1",
        "customer_codes-INITIAL_FORMS": "0",
        "hostnames-TOTAL_FORMS": "0",
        "hostnames-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    for bad, message in [("XX1234", "is not a customer code"), ("TE1002", "sandbox")]:
        response = client.post(url, {**base, "customer_codes-0-code": bad})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not tenant.customer_codes.exists()
    response = client.post(url, {**base, "customer_codes-0-code": "te7777"})
    assert response.status_code == 302
    assert list(tenant.customer_codes.values_list("code", flat=True)) == ["TE7777"]


def test_tenants_cannot_be_deleted_in_the_admin(client, db):
    _mfa_admin(client)
    tenant = TenantFactory()
    assert client.get(reverse("admin:core_tenant_delete", args=[tenant.pk])).status_code == 403


def test_audit_log_is_read_only_in_the_admin(client, db):
    _mfa_admin(client)
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_change", args=[event.pk])).status_code == 200
    assert client.post(reverse("admin:core_auditevent_change", args=[event.pk]), {"action": "x"}).status_code == 403
    assert client.get(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
