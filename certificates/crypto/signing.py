"""Issue a client certificate for a validated CSR: one profile, SHA-256, never outliving its CA."""

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID

from .keys import SIGNATURE_HASH, random_serial, utc_now

CLIENT_CERTIFICATE_DAYS = 365  # seed 001: "a certificate is valid for 1 year after signing"


class SigningError(ValueError):
    """The certificate cannot be issued with this CA (expired, not a CA, key does not match, unusable CSR key)."""


def sign_client_certificate(
    csr: x509.CertificateSigningRequest,
    *,
    ca_cert: x509.Certificate,
    ca_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    days: int = CLIENT_CERTIFICATE_DAYS,
    crl_url: str | None = None,
    now: datetime | None = None,
) -> x509.Certificate:
    """A TLS client certificate for the CSR's subject and key, signed by the CA.

    The caller validates the CSR first (validate_csr); this only refuses what would produce a broken certificate.
    Nothing is copied from the CSR's requested extensions: the profile is fixed here.
    """
    now = utc_now(now)
    if days < 1:
        raise SigningError("a certificate must be valid for at least one day")
    ca_not_before, ca_not_after = ca_cert.not_valid_before_utc, ca_cert.not_valid_after_utc
    if now < ca_not_before:
        raise SigningError(f"the CA {ca_cert.subject.rfc4514_string()} is not valid until {ca_not_before.isoformat()}")
    if now >= ca_not_after:
        raise SigningError(f"the CA {ca_cert.subject.rfc4514_string()} expired on {ca_not_after.isoformat()}")
    try:
        ca_constraints = ca_cert.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value
    except x509.ExtensionNotFound:
        ca_constraints = None
    if ca_constraints is None or not ca_constraints.ca:
        raise SigningError(f"{ca_cert.subject.rfc4514_string()} is not a CA certificate")
    if ca_key.public_key() != ca_cert.public_key():
        raise SigningError("the CA private key does not belong to the CA certificate")

    subject_key = csr.public_key()
    if not isinstance(subject_key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise SigningError(f"cannot issue a client certificate for a {type(subject_key).__name__} key")

    # Certificates never outlive their CA (seed 000: a CA's end left every certificate under it unusable).
    not_after = min(now + timedelta(days=days), ca_not_after)
    try:
        ca_ski = ca_cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
        authority_key_identifier = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski)
    except x509.ExtensionNotFound:
        authority_key_identifier = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key())
    is_rsa = isinstance(subject_key, rsa.RSAPublicKey)
    builder = (
        x509.CertificateBuilder()
        .subject_name(csr.subject)
        .issuer_name(ca_cert.subject)
        .public_key(subject_key)
        .serial_number(random_serial())
        .not_valid_before(now)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=is_rsa,  # RSA key exchange; an EC key only signs
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(subject_key), critical=False)
        .add_extension(authority_key_identifier, critical=False)
    )
    if crl_url:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    return builder.sign(ca_key, SIGNATURE_HASH())
