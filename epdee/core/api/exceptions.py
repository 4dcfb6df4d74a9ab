"""The one DRF exception handler: an ApplicationError from a service becomes a response in DRF's error format.

Field errors answer `{"<jsonField>": ["message"]}` (with DRF's `non_field_errors` for the rest), other
refusals `{"detail": "message", "code": "..."}`; a rate limit adds Retry-After. A service names fields as the
models do (`birth_date`); the answer uses the API's names, taken from the view's serializer (its `source`s),
then from the view's `api_field_names`, then camelCase where the view's serializers are camelCase.
"""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import NON_FIELD, ApplicationError, Invalid
from .fields import to_camel


def _serializer_names(view) -> dict[str, str]:
    get_class = getattr(view, "get_serializer_class", None)
    try:
        serializer_class = get_class() if get_class else None
    except (AssertionError, AttributeError, TypeError):
        serializer_class = None
    if serializer_class is None:
        return {}
    try:
        fields = serializer_class().fields
    except Exception:  # a serializer that needs context to build its fields: fall back to other names
        return {}
    return {field.source: name for name, field in fields.items() if field.source and field.source != "*"}


def api_field_name(view, field: str) -> str:
    """The name the API shows for a service's field name."""
    if field == NON_FIELD:
        return api_settings.NON_FIELD_ERRORS_KEY
    explicit = getattr(view, "api_field_names", None) or {}
    if field in explicit:
        return explicit[field]
    names = _serializer_names(view)
    if field in names:
        return names[field]
    return to_camel(field) if getattr(view, "camel_case_fields", False) else field


def application_error_response(error: ApplicationError, view=None) -> Response:
    if isinstance(error, Invalid) and error.errors:
        body = {}
        for field, messages in error.errors.items():
            body.setdefault(api_field_name(view, field), []).extend(messages)
    else:
        body = {"detail": error.message, "code": error.code}
        if error.field:
            body["field"] = api_field_name(view, error.field)
        if error.details:
            body["details"] = error.details
    response = Response(body, status=error.status_code)
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return application_error_response(exc, context.get("view"))
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        response.data.setdefault("code", "rate_limited")
    return response
