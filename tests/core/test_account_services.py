"""The accounts' services: staff create and change accounts, superadmins hand out platform roles; an account
that acted is deactivated, never deleted; only the holder sets up his authenticator."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from epdee.core.errors import Conflict, Invalid, PermissionDenied
from epdee.core.mfa import new_totp_secret, totp_code, unused_recovery_codes
from epdee.core.models import AuditEvent, User
from epdee.core.permissions import SYSTEM
from epdee.core.services import accounts
from tests.clinic.factories import DossierEntryFactory
from tests.core.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_staff_create_an_account_with_a_normalised_address(staff):
    user = accounts.create_user(" Anna@Kliniek.Example ", password="Lang-genoeg-wachtwoord-1", by=staff)
    assert user.email == "anna@kliniek.example" and user.check_password("Lang-genoeg-wachtwoord-1")
    assert not user.is_staff and not user.is_superuser
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor == staff and event.object_id == str(user.pk)


def test_an_account_without_a_password_cannot_sign_in_with_one(staff):
    assert not accounts.create_user("b@example.test", by=staff).has_usable_password()


def test_an_address_in_use_is_refused_on_the_email_field(staff):
    UserFactory(email="anna@example.test")
    with pytest.raises(Invalid) as refused:
        accounts.create_user("ANNA@example.test", by=staff)
    assert "email" in refused.value.field_errors
    with pytest.raises(Invalid) as refused:
        accounts.create_user("not an address", by=staff)
    assert list(refused.value.field_errors) == ["email"]


def test_members_and_anonymous_may_not_create_accounts(db):
    for actor in (MembershipFactory(role="admin").user, None):
        with pytest.raises(PermissionDenied):
            accounts.create_user("c@example.test", by=actor)
    assert not User.objects.filter(email="c@example.test").exists()


def test_platform_roles_are_the_superadmins_to_give(staff, superadmin):
    with pytest.raises(PermissionDenied, match="Only a superadmin"):
        accounts.create_user("ops@example.test", is_staff=True, by=staff)
    user = accounts.create_user("ops@example.test", by=staff)
    for change in ({"is_staff": True}, {"is_superuser": True}, {"groups": [Group.objects.create(name="Reviewers")]}):
        with pytest.raises(PermissionDenied):
            accounts.change_user(user, by=staff, **change)
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()
    accounts.change_user(user, is_staff=True, groups=list(Group.objects.all()), by=superadmin)
    user.refresh_from_db()
    assert user.is_staff and list(user.groups.values_list("name", flat=True)) == ["Reviewers"]
    assert AuditEvent.objects.get(action="user.change").details == {"fields": ["groups", "is_staff"]}


def test_a_superadmins_account_is_changed_by_superadmins_only(staff, superadmin):
    with pytest.raises(PermissionDenied):
        accounts.change_user(superadmin, full_name="Iemand anders", by=staff)
    with pytest.raises(PermissionDenied):
        accounts.set_password(superadmin, "Overgenomen-wachtwoord-1", by=staff)
    other = UserFactory(superadmin=True)
    accounts.change_user(other, full_name="Sanne", by=superadmin)
    other.refresh_from_db()
    assert other.full_name == "Sanne"


def test_staff_change_an_ordinary_account(staff):
    user = UserFactory()
    accounts.change_user(user, full_name="Nieuwe Naam", email="Nieuw@Example.test", is_active=False, by=staff)
    user.refresh_from_db()
    assert (user.full_name, user.email, user.is_active) == ("Nieuwe Naam", "nieuw@example.test", False)
    with pytest.raises(Invalid, match="cannot be changed: password"):
        accounts.change_user(user, password="x", by=staff)
    accounts.change_user(user, full_name="Nieuwe Naam", by=staff)  # no change: no event
    assert AuditEvent.objects.filter(action="user.change").count() == 1


def test_a_password_is_set_or_switched_off(staff):
    user = UserFactory()
    accounts.set_password(user, "Een-nieuw-wachtwoord-2", by=staff)
    assert User.objects.get(pk=user.pk).check_password("Een-nieuw-wachtwoord-2")
    accounts.set_password(user, None, by=staff)
    assert not User.objects.get(pk=user.pk).has_usable_password()
    assert AuditEvent.objects.filter(action="user.password").count() == 2
    with pytest.raises(PermissionDenied):
        accounts.set_password(user, "Een-nieuw-wachtwoord-3", by=user)  # his own: through allauth's pages


def test_confirming_the_address_makes_it_verified_and_primary(staff):
    user = accounts.create_user("d@example.test", by=staff)
    address = accounts.confirm_email_address(user, by=staff)
    accounts.confirm_email_address(user, by=staff)
    assert (address.email, address.verified, address.primary) == ("d@example.test", True, True)
    assert EmailAddress.objects.filter(user=user).count() == 1


# --- deleting --------------------------------------------------------------------------------------------------


def test_an_account_that_never_acted_is_deleted(staff):
    user = accounts.create_user("typo@example.test", by=staff)
    accounts.delete_user(user, by=staff)
    assert not User.objects.filter(email="typo@example.test").exists()
    assert AuditEvent.objects.get(action="user.delete").details == {"email": "typo@example.test"}


def test_an_account_with_a_history_is_deactivated_instead(staff, client):
    from tests.core.factories import PASSWORD
    from tests.support import login

    user = UserFactory()
    login(client, user.email, PASSWORD)  # signing in is in the audit log
    with pytest.raises(Conflict, match="deactivate the account instead") as refused:
        accounts.delete_user(user, by=staff)
    assert refused.value.code == "user_has_history"
    assert User.objects.filter(pk=user.pk).exists() and not AuditEvent.objects.filter(action="user.delete").exists()


def test_an_account_whose_records_keep_their_author_is_not_deleted(staff):
    entry = DossierEntryFactory()
    with pytest.raises(Conflict, match="deactivate the account instead") as refused:
        accounts.delete_user(entry.created_by, by=staff)
    assert refused.value.code == "user_in_use"
    assert User.objects.filter(pk=entry.created_by_id).exists()
    assert not AuditEvent.objects.filter(action="user.delete").exists()


def test_nobody_deletes_his_own_account_and_staff_accounts_are_the_superadmins(staff, superadmin):
    with pytest.raises(Conflict, match="your own account"):
        accounts.delete_user(superadmin, by=superadmin)
    with pytest.raises(PermissionDenied):
        accounts.delete_user(UserFactory(staff=True), by=staff)
    with pytest.raises(PermissionDenied):
        accounts.delete_user(UserFactory(), by=MembershipFactory(role="admin").user)


# --- two-factor authentication ---------------------------------------------------------------------------------


def test_the_holder_sets_up_his_authenticator_and_its_codes_are_accepted(db):
    user = UserFactory()
    secret = new_totp_secret()
    authenticator = accounts.activate_totp(user, secret, by=user)
    assert authenticator.wrap().validate_code(totp_code(secret))  # allauth accepts the code we compute
    assert AuditEvent.objects.get(action="mfa.added").details == {"type": "totp"}
    replaced = accounts.activate_totp(user, new_totp_secret(), by=user)
    assert replaced.pk == authenticator.pk and Authenticator.objects.filter(user=user).count() == 1


def test_nobody_sets_up_anothers_authenticator(staff):
    user = UserFactory()
    for actor in (staff, UserFactory(superadmin=True), MembershipFactory().user):
        with pytest.raises(PermissionDenied, match="Only the account holder"):
            accounts.activate_totp(user, new_totp_secret(), by=actor)
        with pytest.raises(PermissionDenied):
            accounts.activate_recovery_codes(user, by=actor)
    assert not Authenticator.objects.filter(user=user).exists()


def test_a_secret_that_is_not_base32_is_refused(db):
    user = UserFactory()
    for secret in ("not base32!", ""):
        with pytest.raises(Invalid) as refused:
            accounts.activate_totp(user, secret, by=user)
        assert refused.value.field == "secret"


def test_recovery_codes_are_made_once_and_each_works_once(db):
    user = UserFactory()
    codes = accounts.activate_recovery_codes(user, by=SYSTEM)
    assert len(codes) == len(set(codes)) >= 10
    assert accounts.activate_recovery_codes(user, by=user) == codes  # kept, not replaced
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert authenticator.wrap().validate_code(codes[0])
    assert codes[0] not in unused_recovery_codes(user) and unused_recovery_codes(user) == codes[1:]
    assert unused_recovery_codes(UserFactory()) == []


def test_the_code_shown_is_the_rfc_6238_code():
    # RFC 6238's SHA-1 test vector: secret "12345678901234567890", T = 59 s → 94287082 (8 digits; 6 here).
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp_code(secret, at=59) == "287082"
    assert totp_code(secret, at=1111111109) == "081804"
