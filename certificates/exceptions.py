"""Domain errors of the certificates app."""


class CertificateError(Exception):
    """A rule was broken (400); `failures` lists every broken CSR rule when a CSR was refused."""

    status_code = 400

    def __init__(self, message: str, *, failures: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.failures = failures or []


class NotPermitted(CertificateError):
    status_code = 403
