"""The one application error: every service refuses with it, every surface renders it in its own shape.

A service raises `Invalid`, `NotFound`, `PermissionDenied`, `Conflict`, `Locked` or `RateLimited`; the DRF
exception handler (`epdee.core.api.exceptions`), the form mixin (`epdee.core.forms`), the page middleware
(`epdee.core.middleware.ApplicationErrorMiddleware`), the registry's ApiError and the gateway's
`{"message": …}` body all translate the same error, so a rule cannot answer differently per surface.
"""

NON_FIELD = "__all__"


class ApplicationError(Exception):
    """A request the application refuses, with a message for the person who made it.

    `field` names the input at fault (a model or service argument name); `errors` maps several fields to
    their messages when a service checked every field before refusing; `details` carries structured
    extras a surface may show (every failed CSR requirement, the registry's error details).
    """

    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        code: str | None = None,
        errors: dict[str, list[str]] | None = None,
        details: list | None = None,
    ):
        if errors and not message:
            message = "; ".join(str(text) for texts in errors.values() for text in texts)
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.code = code or self.default_code
        self.errors = {name: [str(text) for text in texts] for name, texts in (errors or {}).items()}
        if field and not self.errors:
            self.errors = {field: [self.message]}
        self.details = list(details or [])

    @property
    def field_errors(self) -> dict[str, list[str]]:
        """Messages per input field; a message that names no field is filed under NON_FIELD."""
        return self.errors or {NON_FIELD: [self.message]}

    def __repr__(self):
        return f"{type(self).__name__}({self.message!r}, field={self.field!r}, code={self.code!r})"


class Invalid(ApplicationError):
    """The input breaks a rule (400)."""

    @classmethod
    def collect(cls, errors: dict[str, list[str]], *, code: str | None = None) -> "Invalid":
        """One error for every field that failed, so one answer tells the caller everything to fix."""
        return cls(errors=errors, code=code)


class NotFound(ApplicationError):
    """No such object for this actor (404): another tenant's or supplier's object is not confirmed to exist."""

    status_code = 404
    default_code = "not_found"

    def __init__(self, message: str = "Not found.", **kwargs):
        super().__init__(message, **kwargs)


class PermissionDenied(ApplicationError):
    """The actor may see the object but not do this (403): a role, a read-only token or licence."""

    status_code = 403
    default_code = "permission_denied"


class Conflict(ApplicationError):
    """The request clashes with the current state (409): taken, already exists, changed meanwhile."""

    status_code = 409
    default_code = "conflict"


class Locked(Conflict):
    """The object's state no longer allows changes (409): an approved version, a sent invoice."""

    default_code = "locked"


class RateLimited(ApplicationError):
    """Too many attempts (429); `retry_after` says in how many seconds to try again."""

    status_code = 429
    default_code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = max(1, int(retry_after))


class ServiceUnavailable(ApplicationError):
    """A service the request needs (the cache, a worker) is down (503); nothing was changed."""

    status_code = 503
    default_code = "unavailable"
