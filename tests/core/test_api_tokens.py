"""API tokens: shown once, stored hashed, scoped, revocable, with their last use."""

import hashlib

from django.urls import reverse
from rest_framework.test import APIClient

from epdee.core.models import ApiToken
from epdee.core.tokens import authenticate_token, create_api_token, revoke_api_token
from tests.core.factories import PASSWORD, UserFactory
from tests.support import login


def test_the_secret_is_stored_only_as_a_hash(db):
    user = UserFactory()
    token, raw = create_api_token(user, name="ci")
    prefix, secret = raw.split(".")
    assert token.prefix == prefix and secret not in token.key_hash
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert authenticate_token(raw) == token
    assert authenticate_token(f"{prefix}.wrong") is None
    assert authenticate_token("garbage") is None and authenticate_token("") is None


def test_revoked_and_expired_tokens_stop_working(db):
    from datetime import timedelta

    from django.utils import timezone

    user = UserFactory()
    token, raw = create_api_token(user, name="old")
    revoke_api_token(token, by=user)
    assert authenticate_token(raw) is None
    _, raw2 = create_api_token(user, name="short", expires_at=timezone.now() - timedelta(seconds=1))
    assert authenticate_token(raw2) is None
    user_inactive = UserFactory(is_active=False)
    _, raw3 = create_api_token(user_inactive, name="x")
    assert authenticate_token(raw3) is None


def test_last_use_is_recorded(db):
    user = UserFactory()
    token, raw = create_api_token(user, name="ci")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get("/api/connectors/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_users_manage_their_tokens_in_the_dashboard(client, db):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    page = client.post(reverse("api-tokens"), {"name": "deploy", "scope": "read_write"})
    raw = page.context["created"]
    token = ApiToken.objects.get(user=user)
    assert raw.startswith(token.prefix + ".") and raw in page.content.decode()
    assert raw not in client.get(reverse("api-tokens")).content.decode()  # shown once
    other = UserFactory()
    other_token, _ = create_api_token(other, name="not yours")
    assert client.post(reverse("api-token-revoke", args=[other_token.pk])).status_code == 404
    client.post(reverse("api-token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None and authenticate_token(raw) is None
