"""Certificate authority keys and certificates: create a root CA, protect its key, read and write PEM/DER."""

import hashlib
import secrets
import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

CA_LIFETIME_DAYS = 5 * 365  # seed 000 (2019-03-26): "the default life cycle of a CA at Nedap is 5 years"
SIGNATURE_HASH = hashes.SHA256


class PrivateKeyError(ValueError):
    """A stored private key cannot be used: not a PEM private key, not encrypted, or an unsupported type."""


class WrongPassphrase(PrivateKeyError):
    """The passphrase does not decrypt the private key."""


def utc_now(now: datetime | None = None) -> datetime:
    """`now` (or the current time) as an aware UTC datetime with whole seconds, as X.509 stores it."""
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC).replace(microsecond=0)


def random_serial() -> int:
    """A positive serial number of exactly 127 bits, 126 of them random (RFC 5280: positive, at most 20 octets)."""
    return secrets.randbits(127) | (1 << 126)


def generate_ca(
    common_name: str,
    *,
    organization: str = "Epdee",
    key_size: int = 2048,
    days: int = CA_LIFETIME_DAYS,
    now: datetime | None = None,
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A self-signed root CA that may sign end-entity certificates and CRLs, and nothing below that."""
    if key_size < 2048:
        raise ValueError("a CA key must have at least 2048 bits")
    if days < 1:
        raise ValueError("a CA must be valid for at least one day")
    now = utc_now(now)
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
    )
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(random_serial())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False)
        .sign(key, SIGNATURE_HASH())
    )
    return certificate, key


def encrypt_private_key(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, passphrase: str) -> bytes:
    """The key as encrypted PEM (PKCS#8, the best encryption the library offers), for storing at rest."""
    if not passphrase:
        raise ValueError("a CA private key is never stored without a passphrase")
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
    )
    _remember(pem, passphrase, key)  # a new CA signs its first CRL at once: no need to decrypt what we have
    return pem


def load_private_key(pem: bytes | str | memoryview, passphrase: str) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    """Decrypt an encrypted PEM private key; raises WrongPassphrase or PrivateKeyError.

    Remembered per (PEM, passphrase): loading checks an RSA key's consistency, tens of milliseconds that would
    dominate the cost of signing if they were spent for every certificate.
    """
    if isinstance(pem, str):
        pem = pem.encode()
    pem = bytes(pem)
    with _LOADED_LOCK:
        key = _LOADED.get((pem, passphrase))
        if key is not None:
            _LOADED.move_to_end((pem, passphrase))
            return key
    key = _load_private_key(pem, passphrase)
    _remember(pem, passphrase, key)
    return key


_LOADED: OrderedDict[tuple[bytes, str], rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey] = OrderedDict()
_LOADED_LOCK = threading.Lock()
_LOADED_MAX = 16  # the current CA and its predecessors, with room to spare


def _remember(pem: bytes, passphrase: str, key) -> None:
    with _LOADED_LOCK:
        _LOADED[(pem, passphrase)] = key
        _LOADED.move_to_end((pem, passphrase))
        while len(_LOADED) > _LOADED_MAX:
            _LOADED.popitem(last=False)


def _load_private_key(pem: bytes, passphrase: str):
    if not passphrase:
        raise PrivateKeyError("a passphrase is required to load a CA private key")
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase.encode())
    except TypeError as exc:  # the PEM is not encrypted at all
        raise PrivateKeyError(f"the private key is not stored encrypted ({exc})") from None
    except UnsupportedAlgorithm as exc:
        raise PrivateKeyError(f"the private key uses an unsupported algorithm ({exc})") from None
    except ValueError:
        if b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in pem or b"Proc-Type: 4,ENCRYPTED" in pem:
            raise WrongPassphrase("the passphrase does not decrypt the CA private key") from None
        raise PrivateKeyError("the data is not a PEM-encoded private key") from None
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise PrivateKeyError(f"a CA key must be RSA or EC, not {type(key).__name__}")
    return key


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, lower-case hex without separators."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def to_pem(item: x509.Certificate | x509.CertificateRevocationList | x509.CertificateSigningRequest) -> bytes:
    return item.public_bytes(serialization.Encoding.PEM)


def to_der(item: x509.Certificate | x509.CertificateRevocationList | x509.CertificateSigningRequest) -> bytes:
    return item.public_bytes(serialization.Encoding.DER)


def load_certificate(data: bytes | str | memoryview) -> x509.Certificate:
    """A certificate from PEM (or DER); raises ValueError when it is neither."""
    if isinstance(data, str):
        data = data.encode()
    data = bytes(data)
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)
