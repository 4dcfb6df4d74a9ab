"""OAuth2 for the registry API: bearer tokens from django-oauth-toolkit, scopes per operation."""

from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework.permissions import BasePermission

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class RegistryOAuth2Authentication(OAuth2Authentication):
    """A client-credentials token acts as the user who registered the client (its owner)."""

    www_authenticate_realm = "zorgapis"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        if user is None and token.application is not None:
            user = token.application.user
        if user is None or not user.is_active:
            return None
        return user, token


class HasOperationScope(BasePermission):
    """Reads need `<scope>:read`, writes `<scope>:write` (the view names its scope family).

    This check stays here, not in the services: a scope limits what the token's client may ask for, whoever
    its user is, and exists only on the API. Whether that user may change the item (a member of its
    organization, platform staff for requirements) is the services' check (registry/permissions.py), the same
    for the API, the pages and the admin.
    """

    message = "The access token lacks the scope this operation needs"

    def has_permission(self, request, view):
        token = request.auth
        if token is None or not request.user or not request.user.is_authenticated:
            return False
        needed = f"{view.scope}:{'read' if request.method in SAFE_METHODS else 'write'}"
        if not token.allow_scopes([needed]):
            self.message = f"The access token lacks the scope {needed}"
            return False
        return True
