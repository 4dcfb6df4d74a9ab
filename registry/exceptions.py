"""Domain errors of the registry; the API turns them into the spec's ApiError, pages into messages."""


class RegistryError(Exception):
    """A rule was broken by the request: 422 with the spec's error type."""

    status_code = 422
    error_type = "INVALID_ARGUMENT"

    def __init__(self, message: str, *, details: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


class BadRequest(RegistryError):
    """Syntactically wrong input, e.g. a path id that is not a UUID."""

    status_code = 400


class FailedPrecondition(RegistryError):
    """The item is not in a state that allows this (e.g. accepting an invitation that is not pending)."""

    error_type = "FAILED_PRECONDITION"


class AlreadyExists(RegistryError):
    error_type = "ALREADY_EXISTS"


class NotAllowed(RegistryError):
    """The user may not change this item (not a member of its organization)."""

    status_code = 403
    error_type = "PERMISSION_DENIED"


class NotFound(RegistryError):
    status_code = 404
    error_type = "NOT_FOUND"
