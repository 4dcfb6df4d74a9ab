"""The one error the query language raises: bad input, answered with 400 by the APIs."""


class QueryError(ValueError):
    """A filter, sort, skip, limit or count parameter the caller must fix.

    `details` holds the spec's ApiError details: [{"location": "filter", "message": "..."}].
    """

    def __init__(self, message: str, details: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    @classmethod
    def at(cls, location: str, message: str) -> "QueryError":
        return cls(f"Invalid {location}: {message}", details=[{"location": location, "message": message}])
