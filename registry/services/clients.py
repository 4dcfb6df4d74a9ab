"""OAuth2 clients of the registry API (django-oauth-toolkit applications)."""

from django.db import transaction
from oauth2_provider.models import Application

from .common import audit, authorise


@transaction.atomic
def register_api_client(name: str, *, client_id: str, client_secret: str, by) -> Application:
    """A confidential client-credentials client; its tokens act as the user who registers it."""
    actor = authorise(by, "registry.client.register")
    client = Application.objects.create(
        name=name,
        user=actor.user,
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
    )
    audit("client.register", client, actor, client_id=client_id)
    return client
