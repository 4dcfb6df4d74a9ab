"""The spec's ApiError body for every error the registry API answers with."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from epdee.core.query import QueryError

from ..exceptions import RegistryError

ERROR_TYPES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "INVALID_ARGUMENT",
    406: "INVALID_ARGUMENT",
    415: "INVALID_ARGUMENT",
    422: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
}


def api_error(status_code: int, message: str, *, error_type: str | None = None, details=None) -> Response:
    body = {"status": status_code, "type": error_type or ERROR_TYPES.get(status_code, "INTERNAL"), "message": message}
    if details:
        body["details"] = details
    return Response(body, status=status_code)


def _flatten(errors, prefix="") -> list[dict]:
    """DRF's nested validation errors as the spec's [{location, message}]."""
    if isinstance(errors, dict):
        items = errors.items()
    elif isinstance(errors, list) and errors and not isinstance(errors[0], str | exceptions.ErrorDetail):
        items = ((str(index), value) for index, value in enumerate(errors))
    else:
        return [{"location": prefix or "body", "message": str(message)} for message in (errors or [])]
    details = []
    for key, value in items:
        location = key if key != "non_field_errors" else ""
        details += _flatten(value, f"{prefix}.{location}".strip(".") if location else prefix)
    return details


def registry_exception_handler(exc, context):
    """Maps every exception of a registry view to the ApiError body and a documented status."""
    if isinstance(exc, QueryError):
        return api_error(400, exc.message, details=exc.details)
    if isinstance(exc, RegistryError):
        return api_error(exc.status_code, exc.message, error_type=exc.error_type, details=exc.details)
    if isinstance(exc, exceptions.ParseError):
        return api_error(400, "Failed to parse body: " + str(exc.detail))
    if isinstance(exc, exceptions.ValidationError):
        return api_error(422, "A request parameter includes an invalid value", details=_flatten(exc.detail))
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = drf_exception_handler(exc, context)  # keeps the WWW-Authenticate challenge
        body = api_error(401, "The request did not include valid authentication credentials")
        body["WWW-Authenticate"] = response.get("WWW-Authenticate", 'Bearer realm="api"')
        return body
    if isinstance(exc, Http404 | exceptions.NotFound):
        return api_error(404, "The resource you requested does not exist")
    if isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        detail = getattr(exc, "detail", None) or "The user is not authorized to make this request"
        return api_error(403, str(detail))
    if isinstance(exc, exceptions.Throttled):
        response = api_error(429, "The requests quota has been exhausted")
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        return response
    if isinstance(exc, exceptions.APIException):
        code = exc.status_code if exc.status_code in ERROR_TYPES else status.HTTP_400_BAD_REQUEST
        return api_error(code, str(exc.detail))
    return None
