"""Members of a practice and the clients the tests act through: an API session, an API token, the login form."""

from rest_framework.test import APIClient

from epdee.core.models import ApiToken
from epdee.core.services.tokens import create_api_token
from tests.core.factories import PASSWORD, MembershipFactory, TenantFactory
from tests.support import login


def member(role: str = "staff", tenant=None, **tenant_kwargs):
    """A user with this role in the tenant (a new one unless given); returns the membership."""
    return MembershipFactory(tenant=tenant or TenantFactory(**tenant_kwargs), role=role)


def api_client(membership) -> APIClient:
    """An API client signed in (session) as the member, acting for his tenant."""
    client = APIClient()
    client.force_login(membership.user)
    return client


def token_client(membership, scope: str = ApiToken.Scope.READ_WRITE) -> APIClient:
    """An API client with a tenant token of the member."""
    _token, raw = create_api_token(membership.user, name="test", scope=scope, tenant=membership.tenant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def signed_in(client, membership):
    """The Django test client signed in through the real login form as the member."""
    response = login(client, membership.user.email, PASSWORD)
    assert response.status_code == 302, response
    return client
