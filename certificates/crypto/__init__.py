"""The certificates app's cryptography: pure functions over `cryptography` objects, no database, no storage."""

from .crl import CRL_NEXT_UPDATE, REASONS, build_crl, reason_flag
from .csr import MAX_CSR_BYTES, RULES, Check, CsrReport, InvalidCsr, load_csr, validate_csr
from .keys import (
    CA_LIFETIME_DAYS,
    PrivateKeyError,
    WrongPassphrase,
    encrypt_private_key,
    fingerprint,
    generate_ca,
    load_certificate,
    load_private_key,
    random_serial,
    to_der,
    to_pem,
)
from .signing import CLIENT_CERTIFICATE_DAYS, SigningError, sign_client_certificate

__all__ = [
    "CA_LIFETIME_DAYS",
    "CLIENT_CERTIFICATE_DAYS",
    "CRL_NEXT_UPDATE",
    "MAX_CSR_BYTES",
    "REASONS",
    "RULES",
    "Check",
    "CsrReport",
    "InvalidCsr",
    "PrivateKeyError",
    "SigningError",
    "WrongPassphrase",
    "build_crl",
    "encrypt_private_key",
    "fingerprint",
    "generate_ca",
    "load_certificate",
    "load_csr",
    "load_private_key",
    "random_serial",
    "reason_flag",
    "sign_client_certificate",
    "to_der",
    "to_pem",
    "validate_csr",
]
