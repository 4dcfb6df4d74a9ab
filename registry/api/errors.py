"""The spec's ApiError body for every error the registry API answers with.

Services refuse with `epdee.core.errors.ApplicationError`; the registry renders it with the status and error
type the ZorgAPIs document uses, not with DRF's format:

| service raises                          | status | type                |
| --------------------------------------- | ------ | ------------------- |
| Invalid                                 | 422    | INVALID_ARGUMENT    |
| Invalid(code="bad_request")             | 400    | INVALID_ARGUMENT    |
| Conflict(code="already_exists")         | 422    | ALREADY_EXISTS      |
| Conflict, Locked (any other code)       | 422    | FAILED_PRECONDITION |
| PermissionDenied                        | 403    | PERMISSION_DENIED   |
| NotFound                                | 404    | NOT_FOUND           |
| RateLimited                             | 429    | RESOURCE_EXHAUSTED  |
| ServiceUnavailable                      | 503    | UNAVAILABLE         |

The error's field messages become the body's details, located by the API's (camelCase) field names.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from epdee.core import errors
from epdee.core.api.fields import to_camel
from epdee.core.query import QueryError

from ..constants import ALREADY_EXISTS, BAD_REQUEST

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
QUOTA_EXHAUSTED = "The requests quota has been exhausted"


def api_error(status_code: int, message: str, *, error_type: str | None = None, details=None) -> Response:
    body = {"status": status_code, "type": error_type or ERROR_TYPES.get(status_code, "INTERNAL"), "message": message}
    if details:
        body["details"] = details
    return Response(body, status=status_code)


def status_and_type(error: errors.ApplicationError) -> tuple[int, str]:
    if isinstance(error, errors.Conflict):
        return 422, "ALREADY_EXISTS" if error.code == ALREADY_EXISTS else "FAILED_PRECONDITION"
    if isinstance(error, errors.Invalid):
        return (400 if error.code == BAD_REQUEST else 422), "INVALID_ARGUMENT"
    if isinstance(error, errors.NotFound | errors.PermissionDenied | errors.RateLimited | errors.ServiceUnavailable):
        return error.status_code, ERROR_TYPES[error.status_code]
    return 400, "INVALID_ARGUMENT"


def location(view, field: str) -> str:
    """Where the spec's details put a service's field: the view's name for it, else its camelCase."""
    head, dot, rest = field.partition(".")
    names = getattr(view, "api_field_names", None) or {}
    return names.get(head, to_camel(head)) + dot + rest


def application_error_response(error: errors.ApplicationError, view=None) -> Response:
    status_code, error_type = status_and_type(error)
    details = list(error.details)
    if not details:
        details = [
            {"location": "body" if field == errors.NON_FIELD else location(view, field), "message": message}
            for field, messages in error.errors.items()
            for message in messages
        ]
    response = api_error(status_code, error.message, error_type=error_type, details=details)
    if isinstance(error, errors.RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


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
    if isinstance(exc, errors.ApplicationError):
        return application_error_response(exc, context.get("view"))
    if isinstance(exc, QueryError):
        return api_error(400, exc.message, details=exc.details)
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
    if isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied):
        detail = getattr(exc, "detail", None) or "The user is not authorized to make this request"
        return api_error(403, str(detail))
    if isinstance(exc, exceptions.APIException):
        code = exc.status_code if exc.status_code in ERROR_TYPES else status.HTTP_400_BAD_REQUEST
        return api_error(code, str(exc.detail))
    return None
