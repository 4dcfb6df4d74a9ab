"""Tenant API tokens (the seed's roadmap): made by an administrator, shown once, hashed, scoped, revocable; a
token acts as its creator within its tenant only, and stops working when he leaves the organisation."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from epdee.clinic.services import tokens
from epdee.core.errors import PermissionDenied
from epdee.core.models import ApiToken, AuditEvent, TenantMembership
from epdee.core.services.tokens import create_api_token
from tests.clinic.factories import PatientFactory
from tests.clinic.support import admin_of
from tests.core.factories import MembershipFactory, TenantFactory, UserFactory

PAGE = "/praktijk/api-tokens/"
NEW_PATIENT = {"familyName": "Bakker", "identificationNumber": "T-1", "sex": "F"}


@pytest.fixture
def admin(db):
    return admin_of(TenantFactory(name="Praktijk Oost"))


def token_client(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def test_the_page_is_the_navigations_api_tokens_entry():
    assert reverse("clinic:api-tokens") == PAGE


def test_an_admin_creates_a_token_that_is_shown_once_and_stored_hashed(client, admin):
    client.force_login(admin.user)
    response = client.post(PAGE, {"name": "Reporting", "scope": "read_write", "expires_in_days": "30"})
    assert response.status_code == 200
    raw = response.context["created"]
    assert raw in response.content.decode()
    token = ApiToken.objects.get()
    prefix, secret = raw.split(".")
    assert (token.prefix, token.tenant, token.user, token.scope) == (prefix, admin.tenant, admin.user, "read_write")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in token.key_hash
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    listing = client.get(PAGE).content.decode()
    assert raw not in listing and f"{prefix}…" in listing and "Reporting" in listing
    assert AuditEvent.objects.filter(action="api_token.create", tenant=admin.tenant).exists()


def test_a_token_without_expiry_and_bad_input(client, admin):
    client.force_login(admin.user)
    client.post(PAGE, {"name": "Forever", "scope": "read", "expires_in_days": ""})
    assert ApiToken.objects.get().expires_at is None
    refused = client.post(PAGE, {"name": "", "scope": "admin"})
    assert refused.status_code == 400 and ApiToken.objects.count() == 1


@pytest.mark.parametrize("role", [TenantMembership.Role.STAFF, TenantMembership.Role.VIEWER])
def test_only_administrators_manage_tokens(client, db, role):
    member = MembershipFactory(role=role)
    client.force_login(member.user)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "x", "scope": "read"}).status_code == 403
    with pytest.raises(PermissionDenied):
        tokens.create_tenant_token(member.tenant, by=member.user, name="x", scope="read")
    assert not ApiToken.objects.exists()
    client.force_login(UserFactory())
    assert client.get(PAGE).status_code == 404


def test_a_tenant_token_reads_the_tenant_api_as_its_creator(admin):
    mine = PatientFactory(tenant=admin.tenant)
    theirs = PatientFactory()
    _, raw = tokens.create_tenant_token(admin.tenant, by=admin.user, name="sync", scope="read")
    response = token_client(raw).get("/api/patienten")
    assert response.status_code == 200, response.content
    ids = {row["id"] for row in response.json()["results"]}
    assert mine.pk in ids and theirs.pk not in ids
    assert token_client(raw).get("/api/tenant-export").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_a_read_token_cannot_write_and_a_read_write_token_can(admin):
    _, read = tokens.create_tenant_token(admin.tenant, by=admin.user, name="r", scope="read")
    _, write = tokens.create_tenant_token(admin.tenant, by=admin.user, name="rw", scope="read_write")
    assert token_client(read).post("/api/patienten", NEW_PATIENT, format="json").status_code == 403
    created = token_client(write).post("/api/patienten", NEW_PATIENT, format="json")
    assert created.status_code == 201, created.content


def test_the_creators_role_still_applies(admin):
    _, raw = tokens.create_tenant_token(admin.tenant, by=admin.user, name="rw", scope="read_write")
    TenantMembership.objects.filter(pk=admin.pk).update(role=TenantMembership.Role.VIEWER)
    client = token_client(raw)
    assert client.get("/api/patienten").status_code == 200
    assert client.post("/api/patienten", NEW_PATIENT, format="json").status_code == 403
    assert client.get("/api/tenant-export").status_code == 403  # the export is for administrators


def test_a_token_stops_working_when_its_creator_leaves_the_tenant(client, admin):
    _, raw = tokens.create_tenant_token(admin.tenant, by=admin.user, name="sync", scope="read")
    assert token_client(raw).get("/api/patienten").status_code == 200
    other_admin = admin_of(admin.tenant)
    admin.delete()  # he leaves the organisation
    assert token_client(raw).get("/api/patienten").status_code == 404
    assert token_client(raw).get("/api/tenant-export").status_code == 404
    client.force_login(other_admin.user)
    assert "left the organisation" in client.get(PAGE).content.decode()


def test_a_token_acts_for_its_own_tenant_only(admin):
    other = TenantFactory()
    admin_of(other, user=admin.user)  # the creator administers another practice too
    theirs = PatientFactory(tenant=other)
    _, raw = tokens.create_tenant_token(admin.tenant, by=admin.user, name="sync", scope="read")
    ids = {row["id"] for row in token_client(raw).get("/api/patienten").json()["results"]}
    assert theirs.pk not in ids
    assert token_client(raw).get(f"/api/patienten/{theirs.pk}").status_code == 404


def test_revoking_and_expiry_end_a_token(client, admin):
    token, raw = tokens.create_tenant_token(admin.tenant, by=admin.user, name="sync", scope="read")
    client.force_login(admin.user)
    response = client.post(reverse("clinic:api-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_client(raw).get("/api/patienten").status_code == 401
    assert "Revoked" in client.get(PAGE).content.decode()
    _, expired = create_api_token(admin.user, name="old", tenant=admin.tenant, expires_at=timezone.now())
    assert token_client(expired).get("/api/patienten").status_code == 401


def test_another_practices_or_a_personal_token_cannot_be_revoked_here(client, admin):
    foreign = admin_of(TenantFactory())
    their_token, _ = tokens.create_tenant_token(foreign.tenant, by=foreign.user, name="x", scope="read")
    personal, _ = create_api_token(admin.user, name="mine")
    client.force_login(admin.user)
    for token in (their_token, personal):
        assert client.post(reverse("clinic:api-token-revoke", args=[token.pk])).status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None
    assert client.get(reverse("clinic:api-token-revoke", args=[their_token.pk])).status_code == 405


def test_a_read_only_practice_may_make_read_tokens(client, db):
    admin = admin_of(TenantFactory(status="read_only"))
    _, raw = tokens.create_tenant_token(admin.tenant, by=admin.user, name="inzage", scope="read")
    assert token_client(raw).get("/api/patienten").status_code == 200
    assert token_client(raw).post("/api/patienten", NEW_PATIENT, format="json").status_code == 403


def test_the_token_list_is_sorted_and_paginated(client, admin):
    for n in range(30):
        tokens.create_tenant_token(admin.tenant, by=admin.user, name=f"token {n:02d}", scope="read")
    client.force_login(admin.user)
    page = client.get(PAGE, {"sort": "name"})
    assert page.context["table"].page.paginator.num_pages == 2
    assert [row.name for row in page.context["table"].rows][:2] == ["token 00", "token 01"]
