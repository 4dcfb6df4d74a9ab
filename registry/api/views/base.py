"""Generic registry views: OAuth2 and scopes, the query language on lists, ApiError bodies."""

import uuid
from functools import cached_property

from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import APIView

from epdee.core.errors import Invalid, NotFound
from epdee.core.permissions import Actor, actor_of
from epdee.core.query import apply_query, query_timeout

from ...constants import BAD_REQUEST
from ..auth import HasOperationScope, RegistryOAuth2Authentication
from ..errors import registry_exception_handler
from ..queries import QUERY_SPECS
from ..schema import RegistrySchema
from ..throttling import RegistryThrottle

# Service field names whose API name is not their camelCase (the error details' locations).
API_FIELD_NAMES = {
    "main_version": "mainVersionId",
    "organization": "organizationId",
    "api_specification": "apiSpecificationId",
}


def parse_uuid(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Invalid(
            _("%(name)s must be a UUID") % {"name": name},
            code=BAD_REQUEST,
            details=[{"location": name, "message": "not a UUID"}],
        ) from exc


class RegistryView(APIView):
    authentication_classes = [RegistryOAuth2Authentication]
    permission_classes = [HasOperationScope]
    throttle_classes = [RegistryThrottle]
    tenant_exempt = True  # registry data belongs to organizations, not to tenants
    scope = ""  # the scope family of the spec's security requirement, e.g. "api-specifications"
    operation_ids: dict = {}  # {HTTP method: the spec's operationId}
    schema = RegistrySchema()
    serializer_class = None
    # Model columns a PATCH may change (the spec's …_Update schema).
    updatable: frozenset = frozenset()
    api_field_names = API_FIELD_NAMES

    @cached_property
    def actor(self) -> Actor:
        """Who the services act for: the token's user (a client-credentials token: its owner), with the token."""
        return actor_of(self.request)

    def get_exception_handler(self):
        return registry_exception_handler

    def base_queryset(self):
        raise NotImplementedError

    def object_for(self, kwarg: str, queryset=None, *, name: str | None = None):
        """The item named by a path parameter, or 404 (400 when it is not a UUID)."""
        identifier = parse_uuid(self.kwargs[kwarg], name or kwarg)
        item = (queryset if queryset is not None else self.base_queryset()).filter(pk=identifier).first()
        if item is None:
            raise NotFound(_("The resource you requested does not exist"))
        return item

    def render(self, item, status=200, serializer_class=None):
        serializer = (serializer_class or self.serializer_class)(item, context={"request": self.request})
        return Response(serializer.data, status=status)

    def validated(self, *, partial=False, serializer_class=None, instance=None):
        serializer = (serializer_class or self.serializer_class)(
            instance, data=self.request.data, partial=partial, context={"request": self.request, "view": self}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if partial:
            data = {key: value for key, value in data.items() if key in self.updatable}
        return data

    def no_content(self):
        return Response(status=204)

    def reloaded(self, item):
        """The item again through the list queryset, so a response has the same shape and joins as a list."""
        return self.base_queryset().get(pk=item.pk)


class RegistryListView(RegistryView):
    """GET lists with the query language; the spec's list operationId names the allowed fields."""

    def get(self, request, **kwargs):
        with query_timeout():
            spec = QUERY_SPECS[self.operation_ids["GET"]]
            result = apply_query(self.base_queryset(), spec, request.query_params)
            data = self.serializer_class(result.page, many=True, context={"request": request}).data
        response = Response(data)
        if result.total is not None:
            response["Total-Count"] = str(result.total)
        return response


def unknown_path(request, *args, **kwargs):
    """Any other path under the API answers the spec's 404 body, not an HTML page."""
    from django.http import JsonResponse

    return JsonResponse(
        {"status": 404, "type": "NOT_FOUND", "message": "The resource you requested does not exist"}, status=404
    )


unknown_path.tenant_exempt = True
