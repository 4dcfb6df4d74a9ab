"""Fixtures for registry API tests: OAuth2 tokens and a client that checks every response against the spec."""

import secrets
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application
from rest_framework.test import APIClient

from tests.core.factories import UserFactory
from tests.registry import openapi

ALL_SCOPES = " ".join(settings.OAUTH2_PROVIDER["SCOPES"])


class SpecCheckedClient(APIClient):
    """An API client whose every response is validated against the ZorgAPIs document."""

    def request(self, **kwargs):
        response = super().request(**kwargs)
        path = kwargs["PATH_INFO"]
        if path.startswith(openapi.PREFIX):
            body = response.json() if response.content else None
            openapi.validate_response(kwargs["REQUEST_METHOD"], path, response.status_code, body, response)
        return response


def token_for(user, scopes: str = ALL_SCOPES, *, application=None) -> str:
    application = application or Application.objects.create(
        name="test client",
        user=user,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
    )
    token = AccessToken.objects.create(
        user=user,
        application=application,
        token=secrets.token_urlsafe(32),
        expires=timezone.now() + timedelta(hours=1),
        scope=scopes,
    )
    return token.token


@pytest.fixture
def spec_document(shared_dir):
    return openapi.document()


@pytest.fixture
def api_for(db, spec_document):
    """api_for(user, scopes=...) → a client with a bearer token for that user."""

    def make(user=None, scopes: str = ALL_SCOPES):
        client = SpecCheckedClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user or UserFactory(), scopes)}")
        client.user = user
        return client

    return make
