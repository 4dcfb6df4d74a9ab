"""Who is calling: the client certificate nginx verified (mTLS), passed in a header by a trusted proxy."""

from dataclasses import dataclass
from urllib.parse import unquote

from django.conf import settings

from certificates import services as certificates
from certificates.crypto import fingerprint, load_certificate

from .errors import GatewayError

CERTIFICATE_HEADER = "HTTP_X_SSL_CLIENT_CERT"  # nginx: proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;
VERIFY_HEADER = "HTTP_X_SSL_CLIENT_VERIFY"  # nginx: proxy_set_header X-SSL-Client-Verify $ssl_client_verify;


@dataclass(frozen=True)
class Caller:
    certificate: object  # certificates.models.IssuedCertificate
    environment: object
    version: object
    tenant: object

    @property
    def is_development(self) -> bool:
        return self.environment.is_development


def identify(request) -> Caller:
    """The caller's issued certificate, or a 401 saying what is wrong."""
    if request.META.get("REMOTE_ADDR") not in settings.EPDEE_GATEWAY_PROXIES:
        # Only the TLS-terminating proxy may vouch for a certificate; anyone else could forge the header.
        raise GatewayError(401, "Connect through the TLS endpoint with your client certificate.")
    escaped = request.META.get(CERTIFICATE_HEADER, "")
    if not escaped or request.META.get(VERIFY_HEADER, "SUCCESS") != "SUCCESS":
        raise GatewayError(401, "A client certificate is required.")
    try:
        presented = load_certificate(unquote(escaped).encode())
    except ValueError as error:
        raise GatewayError(401, "The client certificate could not be read.") from error
    issued = certificates.lookup(fingerprint(presented))
    if issued is None:
        raise GatewayError(401, "This client certificate is unknown, disabled, revoked or expired.")
    environment = issued.environment
    if not environment.tenant.is_open:
        raise GatewayError(401, "This care organisation's environment is closed.")
    return Caller(certificate=issued, environment=environment, version=environment.version, tenant=environment.tenant)
