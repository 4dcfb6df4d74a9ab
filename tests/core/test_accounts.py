"""Accounts: e-mail login, lockout, no account enumeration, closed sign-up."""

import pytest
from django.urls import reverse

from epdee.core.models import AuditEvent, User
from tests.core.factories import PASSWORD, UserFactory
from tests.support import login


def test_email_is_the_login(client, db):
    user = UserFactory(email="Anna@Example.test")
    assert user.email == "anna@example.test"
    response = login(client, "ANNA@example.test", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user


def test_wrong_password_says_nothing_about_the_account(client, db):
    user = UserFactory()
    known = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    unknown = client.post(reverse("account_login"), {"login": "nobody@example.test", "password": "wrong-password"})
    assert known.status_code == unknown.status_code == 200
    assert "not correct" in known.content.decode()
    assert known.context["form"].errors == unknown.context["form"].errors


def _fail(client, email, times, address="203.0.113.9"):
    return [
        client.post(reverse("account_login"), {"login": email, "password": f"wrong-{n}"}, REMOTE_ADDR=address)
        for n in range(times)
    ]


@pytest.mark.parametrize("existing", [True, False], ids=["existing-account", "unknown-account"])
def test_lockout_after_repeated_failures(client, db, settings, existing):
    email = UserFactory().email if existing else "ghost@example.test"
    responses = _fail(client, email, settings.AXES_FAILURE_LIMIT)
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = client.post(reverse("account_login"), {"login": email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert not locked.wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_label=email).exists()


def test_lockout_is_per_address_so_others_cannot_lock_a_user_out(client, db, settings):
    user = UserFactory()
    _fail(client, user.email, settings.AXES_FAILURE_LIMIT, address="203.0.113.9")
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user


def test_fewer_failures_than_the_limit_do_not_lock(client, db, settings):
    user = UserFactory()
    _fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    assert login(client, user.email, PASSWORD).status_code == 302


def test_password_reset_answers_the_same_for_unknown_addresses(client, db, mailoutbox):
    user = UserFactory()
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_reset_password_done")
    reset_mails = [m for m in mailoutbox if user.email in m.to]
    assert len(reset_mails) == 1 and "/accounts/password/reset/key/" in reset_mails[0].body


def test_password_reset_link_sets_a_new_password(client, db, mailoutbox):
    import re

    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mailoutbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "Another-long-passphrase-42"
    done = client.post(action, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert AuditEvent.objects.filter(action="auth.password_reset", actor=user).exists()


def test_open_sign_up_is_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.test", "password1": "A-long-passphrase-1", "password2": "A-long-passphrase-1"},
    )
    assert response.status_code == 200
    assert "closed" in response.content.decode().lower()
    assert not User.objects.filter(email="new@example.test").exists()


def test_session_cookie_is_httponly(client, db):
    user = UserFactory()
    response = login(client, user.email, PASSWORD)
    assert response.cookies["sessionid"]["httponly"]
