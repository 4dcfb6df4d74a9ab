"""DRF authentication with Epdee API tokens: `Authorization: Token <prefix>.<secret>`."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from ..services.tokens import SCHEME, authenticate_token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != SCHEME.lower():
            return None
        token = authenticate_token(raw.strip())
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked API token.")
        if token.tenant_id is not None:
            request._request.tenant = token.tenant  # a tenant token always acts for its tenant
        return token.user, token

    def authenticate_header(self, request):
        return SCHEME


class TokenScopeAllows(permissions.BasePermission):
    """A read-only token may only read; sessions and read-write tokens pass."""

    message = "This API token is read-only."

    def has_permission(self, request, view):
        token = request.auth
        if getattr(token, "scope", None) is None or request.method in permissions.SAFE_METHODS:
            return True
        return token.can_write


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "epdee.core.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <prefix>.<secret>, created under Account → API tokens.",
        }
