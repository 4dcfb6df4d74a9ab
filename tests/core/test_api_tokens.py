"""API tokens: shown once, stored hashed, scoped, revocable, with their last use."""

import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from epdee.core.models import ApiToken
from epdee.core.services.tokens import authenticate_token, create_api_token, revoke_api_token
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
    _, raw3 = create_api_token(user, name="x")
    user.is_active = False
    user.save()
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


def test_nobody_makes_or_revokes_a_token_for_someone_else(db):
    from epdee.core.errors import PermissionDenied

    owner, other = UserFactory(), UserFactory(superadmin=True)
    with pytest.raises(PermissionDenied, match="Only the account holder"):
        create_api_token(owner, name="sneaky", by=other)
    token, _ = create_api_token(owner, name="mine")
    with pytest.raises(PermissionDenied):
        revoke_api_token(token, by=other)
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


def test_a_tenants_token_is_made_by_a_member_and_revoked_by_him_or_its_administrators(db):
    from epdee.core.errors import NotFound, PermissionDenied
    from tests.core.factories import MembershipFactory, TenantFactory

    viewer = MembershipFactory(role="viewer")
    admin = MembershipFactory(role="admin", tenant=viewer.tenant)
    staff = MembershipFactory(role="staff", tenant=viewer.tenant)
    token, _ = create_api_token(viewer.user, name="read", tenant=viewer.tenant)
    with pytest.raises(PermissionDenied):
        revoke_api_token(token, by=staff.user)  # a colleague who administers nothing
    revoke_api_token(token, by=admin.user)
    own, _ = create_api_token(staff.user, name="sync", tenant=staff.tenant, scope="read_write")
    revoke_api_token(own, by=staff.user)
    with pytest.raises(NotFound):
        create_api_token(admin.user, name="sync", tenant=TenantFactory())
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0
    read_only = MembershipFactory(role="admin", tenant=TenantFactory(read_only=True))
    create_api_token(read_only.user, name="inzage", tenant=read_only.tenant)  # a read-only licence still reads


def test_a_token_with_a_bad_name_or_scope_is_refused_naming_each_field(db):
    from epdee.core.errors import Invalid

    user = UserFactory()
    with pytest.raises(Invalid) as refused:
        create_api_token(user, name="x" * 101, scope="admin")
    assert set(refused.value.field_errors) == {"name", "scope"}
    assert not ApiToken.objects.exists()
    assert create_api_token(user, name="  ")[0].name == "API token"


@pytest.mark.parametrize("name", ["deploy\u202eenilepip", "deploy\u200bpipeline"], ids=["direction", "zero-width"])
def test_a_token_name_with_invisible_characters_is_refused(db, name):
    from epdee.core.errors import Invalid

    with pytest.raises(Invalid, match="invisible characters"):
        create_api_token(UserFactory(), name=name)
    assert not ApiToken.objects.exists()


def test_the_page_shows_the_services_refusal_on_the_field(client, db):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    page = client.post(reverse("api-tokens"), {"name": "deploy\x1bpipeline", "scope": "read"})
    assert page.status_code == 200 and page.context["created"] is None
    assert page.context["form"].errors == {"name": ["The name may not contain control characters."]}
    assert not ApiToken.objects.exists()
