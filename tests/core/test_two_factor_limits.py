"""Security regression: an attacker with a stolen password must not guess the two-factor code. Wrong codes are
limited per account and per address (then the pending sign-in is void), audited, and count toward the lockout."""

from django.urls import reverse

from epdee.core.accounts.two_factor import WRONG_CODES
from epdee.core.models import AuditEvent
from tests.core.factories import PASSWORD, UserFactory, give_totp
from tests.support import totp_code

ADDRESS = "203.0.113.9"


def _wrong(secret: str) -> str:
    return str((int(totp_code(secret)) + 500_000) % 1_000_000).zfill(6)


def _password(client, user, address=ADDRESS):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, REMOTE_ADDR=address)


def _code(client, code, address=ADDRESS):
    return client.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return client.get("/").wsgi_request.user.is_authenticated


def test_guessing_codes_with_a_stolen_password_is_cut_off_and_voids_the_sign_in(client, db):
    user = UserFactory()
    secret = give_totp(user)
    _password(client, user)
    answers = [_code(client, _wrong(secret)) for _ in range(WRONG_CODES.limit)]
    assert [answer.status_code for answer in answers[:-1]] == [200] * (WRONG_CODES.limit - 1)
    # The last one also reached the lockout of this account at this address (the limits are equal).
    assert answers[-1].status_code == 429 and "Too many failed sign-in attempts" in answers[-1].content.decode()
    # The right code no longer helps: the pending sign-in is gone, back to the password.
    right = _code(client, totp_code(secret))
    assert right.status_code == 302 and right.url == reverse("account_login")
    assert not _signed_in(client)


def test_each_wrong_code_is_audited(client, db):
    user = UserFactory()
    secret = give_totp(user)
    _password(client, user)
    for _ in range(2):
        _code(client, _wrong(secret))
    failures = AuditEvent.objects.filter(action="auth.two_factor_failed")
    assert failures.count() == 2
    assert {(event.actor_label, event.ip_address, event.result) for event in failures} == {
        (user.email, ADDRESS, AuditEvent.Result.FAILURE)
    }


def test_wrong_codes_count_toward_the_lockout_of_the_password(client, db, settings):
    user = UserFactory()
    secret = give_totp(user)
    _password(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _code(client, _wrong(secret))
    locked = _password(client, user)
    assert locked.status_code == 429 and "Too many failed sign-in attempts" in locked.content.decode()


def test_the_limit_holds_for_the_account_whatever_the_address(client, db):
    user = UserFactory()
    secret = give_totp(user)
    for n in range(WRONG_CODES.limit):  # one guess from each of five addresses
        address = f"198.51.100.{n + 1}"
        assert _password(client, user, address).status_code == 302
        _code(client, _wrong(secret), address)
    assert _password(client, user, "192.0.2.77").status_code == 302
    refused = _code(client, totp_code(secret), "192.0.2.77")
    assert "Too many wrong codes" in refused.content.decode() and not _signed_in(client)


def test_the_limit_holds_for_the_address_whatever_the_account(client, db):
    for _ in range(WRONG_CODES.limit):  # one guess on each of five accounts, from one address
        victim = UserFactory()
        secret = give_totp(victim)
        _password(client, victim)
        _code(client, _wrong(secret))
    user = UserFactory()
    secret = give_totp(user)
    _password(client, user)
    refused = _code(client, totp_code(secret))
    assert "Too many wrong codes" in refused.content.decode() and not _signed_in(client)


def test_a_few_wrong_codes_then_the_right_one_signs_in(client, db):
    user = UserFactory()
    secret = give_totp(user)
    _password(client, user)
    for _ in range(WRONG_CODES.limit - 1):
        assert "Too many wrong codes" not in _code(client, _wrong(secret)).content.decode()
    assert _code(client, totp_code(secret)).status_code == 302 and _signed_in(client)


def test_the_code_that_just_changed_still_counts_but_an_older_one_does_not(client, db):
    user = UserFactory()
    secret = give_totp(user)
    _password(client, user)
    assert "Incorrect code" in _code(client, totp_code(secret, offset=-2)).content.decode()
    assert _code(client, totp_code(secret, offset=-1)).status_code == 302 and _signed_in(client)
