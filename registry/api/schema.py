"""How the registry API describes itself in Epdee's OpenAPI schema (drf-spectacular), with the
operation ids, scopes and query parameters of the ZorgAPIs document."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

QUERY_PARAMETERS = [
    OpenApiParameter("filter", str, description="Filter expression of the ZorgAPIs query language."),
    OpenApiParameter("sort", str, description="Sort expressions, e.g. asc(name),desc(createTime)."),
    OpenApiParameter("skip", OpenApiTypes.INT, description="Items to skip (>= 0)."),
    OpenApiParameter("limit", OpenApiTypes.INT, description="Items to return (1..100, default 100)."),
    OpenApiParameter("count", OpenApiTypes.BOOL, description="Put the filtered total in the Total-Count header."),
]


class RegistryOAuth2Scheme(OpenApiAuthenticationExtension):
    target_class = "registry.api.auth.RegistryOAuth2Authentication"
    name = "oauth2"

    def get_security_definition(self, auto_schema):
        scopes = settings.OAUTH2_PROVIDER["SCOPES"]
        return {
            "type": "oauth2",
            "flows": {
                "authorizationCode": {"authorizationUrl": "/o/authorize/", "tokenUrl": "/o/token/", "scopes": scopes},
                "clientCredentials": {"tokenUrl": "/o/token/", "scopes": scopes},
            },
        }

    def get_security_requirement(self, auto_schema):
        access = "read" if auto_schema.method in ("GET", "HEAD") else "write"
        return {self.name: [f"{auto_schema.view.scope}:{access}"]}


class RegistrySchema(AutoSchema):
    """Reads each registry view's `operation_ids` ({method: spec operationId}) and serializer."""

    def _spec_operation_id(self):
        return self.view.operation_ids.get(self.method, "")

    def get_operation_id(self):
        return self._spec_operation_id() or super().get_operation_id()

    def get_tags(self):
        return ["registry"]

    def _is_list(self):
        return self._spec_operation_id().startswith("list")

    def get_override_parameters(self):
        return QUERY_PARAMETERS if self._is_list() else []

    def get_request_serializer(self):
        has_body = self.method in ("POST", "PATCH") and not self._spec_operation_id().startswith(
            ("accept", "decline", "cancel")
        )
        return self.view.serializer_class if has_body else None

    def get_response_serializers(self):
        if self.method in ("PUT", "DELETE"):
            return {204: None}
        serializer = self.view.serializer_class
        if self._is_list():
            return serializer(many=True)
        status = 201 if self._spec_operation_id().startswith("add") else 200
        return {status: serializer}
