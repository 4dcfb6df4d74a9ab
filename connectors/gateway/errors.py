"""Errors of the connector gateway: a status and the Ons-style body {"message": …}.

Services and selectors refuse with `epdee.core.errors.ApplicationError`; `application_error()` is the one place
that turns such a refusal into the gateway's answer, so a rule answers through the gateway as it does everywhere.
`GatewayError` is for the gateway's own protocol answers: no certificate, no such call, a call the version may
not make, a removed endpoint, a body that is not JSON.
"""

from epdee.core.errors import NON_FIELD, ApplicationError, RateLimited


class GatewayError(Exception):
    def __init__(self, status: int, message: str, **extra):
        super().__init__(message)
        self.status = status
        self.body = {"message": message, **extra}


NOT_ALLOWED = "API call not allowed"  # seed 000, 2018-07-12: the 403 for calls a connector may not make


def _camel_case(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def application_error(error: ApplicationError, field_names: dict | None = None) -> tuple[int, dict, dict]:
    """(status, body, headers) for a service's or selector's refusal.

    The message names each field at fault in the connector API's words (`field_names` maps the service's names
    to the JSON's, else camelCase): "title: At most 200 characters. reportedAt: …"; a message about no field
    in particular is given as is. The error's `details`, if any, follow under "details".
    """
    field_names = field_names or {}
    parts = []
    for name, messages in error.field_errors.items():
        label = "" if name == NON_FIELD else field_names.get(name, _camel_case(name))
        parts.extend(f"{label}: {message}" if label else message for message in messages)
    body = {"message": " ".join(parts) or error.message}
    if error.details:
        body["details"] = error.details
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, RateLimited) else {}
    return error.status_code, body, headers
