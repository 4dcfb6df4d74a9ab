"""Domain errors of the connectors app; the API answers them in DRF's format, pages as messages."""


class ConnectorError(Exception):
    """A rule was broken (400)."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class VersionLocked(ConnectorError):
    """The version is in review, approved, rejected or retired: its design cannot change (409)."""

    status_code = 409


class NotPermitted(ConnectorError):
    status_code = 403
