"""Build the certificate revocation list a CA publishes for the certificates it revoked."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtensionOID

from .keys import SIGNATURE_HASH, utc_now

CRL_NEXT_UPDATE = timedelta(days=7)

# Names a service stores for a revocation reason, mapped to RFC 5280 reason codes. removeFromCRL is left out: it
# belongs to delta CRLs, which are not published.
REASONS: dict[str, x509.ReasonFlags] = {
    "unspecified": x509.ReasonFlags.unspecified,
    "key_compromise": x509.ReasonFlags.key_compromise,
    "ca_compromise": x509.ReasonFlags.ca_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
    "certificate_hold": x509.ReasonFlags.certificate_hold,
    "privilege_withdrawn": x509.ReasonFlags.privilege_withdrawn,
    "aa_compromise": x509.ReasonFlags.aa_compromise,
}


def reason_flag(reason: str | x509.ReasonFlags) -> x509.ReasonFlags:
    """The reason code for a stored name ("key_compromise") or RFC name ("keyCompromise"); ValueError otherwise."""
    if isinstance(reason, x509.ReasonFlags):
        flag = reason
    else:
        flag = REASONS.get(reason) or next((f for f in REASONS.values() if f.value == reason), None)
    if flag is None or flag not in REASONS.values():
        raise ValueError(f"unknown revocation reason {reason!r}; expected one of {', '.join(REASONS)}")
    return flag


def build_crl(
    *,
    ca_cert: x509.Certificate,
    ca_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    revoked: Iterable[tuple[int, datetime, str]],
    number: int,
    now: datetime | None = None,
    next_update: timedelta = CRL_NEXT_UPDATE,
) -> x509.CertificateRevocationList:
    """A full CRL signed with SHA-256, listing (serial, revoked_at, reason) entries in serial order.

    `number` is the CRL number, which must grow with every CRL the CA publishes (the caller keeps the counter).
    """
    now = utc_now(now)
    if not 0 <= number < 1 << 159:  # RFC 5280 5.2.3: at most 20 octets
        raise ValueError("the CRL number must be a non-negative integer of at most 20 octets")
    if next_update <= timedelta(0):
        raise ValueError("next_update must be a positive interval")
    if ca_key.public_key() != ca_cert.public_key():
        raise ValueError("the CA private key does not belong to the CA certificate")
    entries = sorted(revoked, key=lambda entry: entry[0])
    serials = [serial for serial, _, _ in entries]
    if len(set(serials)) != len(serials):
        raise ValueError("a serial number is listed more than once")

    try:
        ca_ski = ca_cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
        authority_key_identifier = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski)
    except x509.ExtensionNotFound:
        authority_key_identifier = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key())
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now)
        .next_update(now + next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(authority_key_identifier, critical=False)
    )
    for serial, revoked_at, reason in entries:
        entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(utc_now(revoked_at))
        flag = reason_flag(reason)
        # RFC 5280 5.3.1: leave the reason code out rather than say "unspecified".
        if flag is not x509.ReasonFlags.unspecified:
            entry = entry.add_extension(x509.CRLReason(flag), critical=False)
        builder = builder.add_revoked_certificate(entry.build())
    return builder.sign(ca_key, SIGNATURE_HASH())
