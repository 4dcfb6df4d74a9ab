"""OAuth2: tokens, scopes per operation, the authorization-code flow with PKCE, client credentials."""

import base64
import hashlib
import secrets
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application

from tests.core.factories import PASSWORD, UserFactory
from tests.registry.factories import organization
from tests.registry.fixtures import SpecCheckedClient, token_for
from tests.support import login

BASE = "/registry/v1beta2"


def test_no_token_is_unauthenticated_with_a_bearer_challenge(spec_document, db):
    response = SpecCheckedClient().get(f"{BASE}/organizations")
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "type": "UNAUTHENTICATED",
        "message": "The request did not include valid authentication credentials",
    }
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_or_unknown_tokens_are_unauthenticated(spec_document, db):
    user = UserFactory()
    token = token_for(user)
    AccessToken.objects.filter(token=token).update(expires=timezone.now() - timedelta(seconds=1))
    client = SpecCheckedClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"{BASE}/users/me").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert client.get(f"{BASE}/users/me").status_code == 401


def test_each_operation_needs_its_scope(api_for):
    user = UserFactory()
    org = organization(user)
    read_only = api_for(user, "organizations:read users:read")
    assert read_only.get(f"{BASE}/organizations/{org.pk}").status_code == 200
    write = read_only.patch(f"{BASE}/organizations/{org.pk}", {"name": "x"}, format="json")
    assert write.status_code == 403 and "organizations:write" in write.json()["message"]
    assert read_only.get(f"{BASE}/api-specifications").status_code == 403
    standards_only = api_for(user, "communication-standards:read")
    assert standards_only.get(f"{BASE}/communication-standards").status_code == 200
    assert standards_only.get(f"{BASE}/trust-frameworks").status_code == 403


def test_users_me_is_the_token_owner(api_for):
    user = UserFactory(full_name="Anna de Vries")
    me = api_for(user).get(f"{BASE}/users/me").json()
    assert me["id"] == str(user.uuid) and me["name"] == "Anna de Vries"


def _pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def _code_client(name: str, redirect_uri: str, *, owner, public: bool = True) -> Application:
    """An authorization-code client: public (no secret, as a browser app) or confidential."""
    return Application.objects.create(
        name=name,
        user=owner,
        client_type=Application.CLIENT_PUBLIC if public else Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        **({"client_secret": ""} if public else {}),
    )


def test_authorization_code_flow_with_pkce(client, db, spec_document):
    user = UserFactory()
    application = _code_client("Portal", "https://portal.example/callback", owner=UserFactory())
    login(client, user.email, PASSWORD)
    verifier, challenge = _pkce()
    params = {
        "response_type": "code",
        "client_id": application.client_id,
        "redirect_uri": "https://portal.example/callback",
        "scope": "users:read organizations:read",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "xyz",
    }
    consent = client.get("/o/authorize/", params)
    assert consent.status_code == 200 and "Portal" in consent.content.decode()
    approved = client.post("/o/authorize/", {**params, "allow": "Authorize"})
    assert approved.status_code == 302
    query = parse_qs(urlparse(approved.url).query)
    assert query["state"] == ["xyz"]
    token_request = {
        "grant_type": "authorization_code",
        "code": query["code"][0],
        "redirect_uri": "https://portal.example/callback",
        "client_id": application.client_id,
    }
    without_verifier = client.post("/o/token/", token_request)
    assert without_verifier.status_code == 400
    # A code is single-use: get a fresh one and redeem it with the verifier.
    approved = client.post("/o/authorize/", {**params, "allow": "Authorize"})
    token_request["code"] = parse_qs(urlparse(approved.url).query)["code"][0]
    issued = client.post("/o/token/", {**token_request, "code_verifier": verifier})
    assert issued.status_code == 200, issued.content
    access_token = issued.json()["access_token"]
    api = SpecCheckedClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token}")
    assert api.get(f"{BASE}/users/me").json()["id"] == str(user.uuid)
    assert api.get(f"{BASE}/api-specifications").status_code == 403  # scope not granted


def test_authorization_without_pkce_is_refused(client, db):
    user = UserFactory()
    application = _code_client("Legacy", "https://legacy.example/cb", owner=user, public=False)
    login(client, user.email, PASSWORD)
    response = client.get(
        "/o/authorize/",
        {
            "response_type": "code",
            "client_id": application.client_id,
            "redirect_uri": "https://legacy.example/cb",
            "scope": "users:read",
        },
    )
    assert response.status_code == 302 and "error=invalid_request" in response.url


@pytest.mark.parametrize("method", ["plain", None], ids=["plain", "no method (plain by default)"])
def test_a_pkce_method_other_than_s256_is_refused_before_the_consent_page(client, db, method):
    """Security regression: "plain" sends the verifier itself as the challenge; the consent page must not open."""
    user = UserFactory()
    application = _code_client("Weak", "https://weak.example/cb", owner=user)
    login(client, user.email, PASSWORD)
    params = {
        "response_type": "code",
        "client_id": application.client_id,
        "redirect_uri": "https://weak.example/cb",
        "scope": "users:read",
        "code_challenge": "a" * 43,
        **({"code_challenge_method": method} if method else {}),
    }
    response = client.get("/o/authorize/", params)
    assert response.status_code == 302 and response.url.startswith("https://weak.example/cb?")
    assert "error=invalid_request" in response.url


def test_client_credentials_token_acts_as_the_client_owner(client, db, spec_document):
    owner = UserFactory()
    secret = "s3cret-" + secrets.token_hex(8)
    application = Application.objects.create(
        name="Sync job",
        user=owner,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
    )
    basic = base64.b64encode(f"{application.client_id}:{secret}".encode()).decode()
    issued = client.post(
        "/o/token/",
        {"grant_type": "client_credentials", "scope": "organizations:read organizations:write"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert issued.status_code == 200, issued.content
    api = SpecCheckedClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.json()['access_token']}")
    created = api.post(f"{BASE}/organizations", {"name": "Sync BV", "emailAddress": "sync@example.test"}, format="json")
    assert created.status_code == 201
    assert created.json()["createdByUserId"] == str(owner.uuid)


def test_signed_in_users_register_their_own_clients(client, db):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    page = client.get("/o/applications/register/")
    assert page.status_code == 200
    response = client.post(
        "/o/applications/register/",
        {
            "name": "My integration",
            "client_id": "my-integration-client",
            "client_secret": "a-very-secret-value",
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_CLIENT_CREDENTIALS,
            "redirect_uris": "",
            "post_logout_redirect_uris": "",
            "allowed_origins": "",
            "algorithm": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Application.objects.filter(user=user, name="My integration").exists()
    assert "My integration" in client.get("/o/applications/").content.decode()
