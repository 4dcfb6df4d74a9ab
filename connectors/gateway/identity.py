"""Who is calling: the client certificate nginx verified (mTLS), passed in a header by a trusted proxy."""

from dataclasses import dataclass, replace
from urllib.parse import unquote

from django.conf import settings

from certificates.crypto import fingerprint, load_certificate
from certificates.selectors import usable_certificate
from epdee.core.permissions import Actor

from .errors import GatewayError

CERTIFICATE_HEADER = "HTTP_X_SSL_CLIENT_CERT"  # nginx: proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;
VERIFY_HEADER = "HTTP_X_SSL_CLIENT_VERIFY"  # nginx: proxy_set_header X-SSL-Client-Verify $ssl_client_verify;


@dataclass(frozen=True)
class Caller:
    certificate: object  # certificates.models.IssuedCertificate
    environment: object
    version: object
    tenant: object
    actor: Actor | None = None  # the certificate as the services' and selectors' actor, once the call is known

    @property
    def is_development(self) -> bool:
        return self.environment.is_development

    @property
    def label(self) -> str:
        """How the audit log names the caller."""
        return f"connector:{self.version.connector_id}"

    @property
    def identity(self) -> dict:
        """What the audit log records of the certificate: connector, version, certificate serial, environment."""
        return {
            "connector": self.version.connector_id,
            "version": self.version.number,
            "certificate": self.certificate.serial,
            "environment": self.environment.customer_code,
        }

    def calling(self, call: dict) -> "Caller":
        """The caller with its actor for this call: a staff identity without a person, bound to the certificate's
        care organisation. Its `details` (the identity and the call) are what a selector's read records as the
        call's event (epdee/clinic/selectors/patients.py, GATEWAY_CALL)."""
        actor = Actor(label=self.label, tenant=self.tenant, role="staff", details={**self.identity, **call})
        return replace(self, actor=actor)


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
    issued = usable_certificate(fingerprint(presented))
    if issued is None:
        raise GatewayError(401, "This client certificate is unknown, disabled, revoked or expired.")
    environment = issued.environment
    if not environment.tenant.is_open:
        raise GatewayError(401, "This care organisation's environment is closed.")
    return Caller(certificate=issued, environment=environment, version=environment.version, tenant=environment.tenant)
