"""Check a supplier's certificate signing request against every requirement and say, in plain words, what fails."""

import re
import unicodedata
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID, SignatureAlgorithmOID

MAX_CSR_BYTES = 16 * 1024
MIN_RSA_BITS = 2048
ACCEPTED_CURVES = {"secp256r1": "P-256", "secp384r1": "P-384"}
ACCEPTED_HASHES = (hashes.SHA256, hashes.SHA384, hashes.SHA512, hashes.SHA3_256, hashes.SHA3_384, hashes.SHA3_512)
# Their signatures are still valid mathematically, but the library's verifier refuses them outright.
LEGACY_HASHES = (hashes.SHA1, hashes.MD5)

# The rules in the order they are reported; a rule may report several failures.
RULES = (
    "size",  # not empty, at most MAX_CSR_BYTES
    "format",  # a PKCS#10 request in PEM or DER
    "signature",  # the request is signed by the key it contains
    "key",  # RSA >= 2048 bits, or EC on P-256/P-384
    "signature_hash",  # SHA-256 or stronger
    "common_name",  # exactly one CN, equal to the expected value
    "organization",  # exactly one O, equal to the expected value
    "subject",  # nothing unusual in the subject
    "extensions",  # nothing that makes it a CA or changes what it is for
)

_HOW_TO = (
    "Create it with, for example: openssl req -new -newkey rsa:2048 -nodes -keyout client.key -out client.csr "
    '-subj "/CN=<customer code>/O=<organisation>"'
)
_ACCEPTED_KEYS = "use RSA with at least 2048 bits, or EC on P-256 or P-384"
_BUILT_IN_HASH_SIGNATURES = {SignatureAlgorithmOID.ED25519, SignatureAlgorithmOID.ED448}
_KNOWN_NAME_OIDS = {value for value in vars(NameOID).values() if isinstance(value, x509.ObjectIdentifier)}
_ALLOWED_EXTENSIONS = {
    ExtensionOID.SUBJECT_ALTERNATIVE_NAME,  # allowed but not copied into the certificate
    ExtensionOID.SUBJECT_KEY_IDENTIFIER,  # harmless; the certificate gets its own
    ExtensionOID.BASIC_CONSTRAINTS,  # only CA:FALSE
    ExtensionOID.KEY_USAGE,  # only without keyCertSign/cRLSign
    ExtensionOID.EXTENDED_KEY_USAGE,  # only clientAuth
}


class InvalidCsr(ValueError):
    """The data is not a certificate signing request this service can read."""


@dataclass(frozen=True)
class Check:
    rule: str
    passed: bool
    message: str


@dataclass(frozen=True)
class CsrReport:
    checks: list[Check] = field(default_factory=list)
    csr: x509.CertificateSigningRequest | None = None

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]

    @property
    def failed_rules(self) -> set[str]:
        return {check.rule for check in self.failures}


def load_csr(data: bytes | str | memoryview) -> x509.CertificateSigningRequest:
    """Parse a PKCS#10 request from PEM or DER; raises InvalidCsr with a reason a supplier understands."""
    data = _as_bytes(data)
    problem = _size_problem(data)
    if problem:
        raise InvalidCsr(problem)
    return _parse(data)


def validate_csr(data: bytes | str | memoryview, *, common_name: str, organization: str) -> CsrReport:
    """Every requirement on an uploaded CSR, pass or fail. Never raises: any input gives a report."""
    checks: list[Check] = []
    try:
        data = _as_bytes(data)
    except TypeError:
        return CsrReport([Check("format", False, "The upload is not a file. " + _HOW_TO)])

    problem = _size_problem(data)
    if problem:
        return CsrReport([Check("size", False, problem)])
    checks.append(Check("size", True, f"The file is {len(data):,} bytes (at most {MAX_CSR_BYTES:,})."))

    try:
        csr = _parse(data)
    except InvalidCsr as exc:
        checks.append(Check("format", False, str(exc)))
        return CsrReport(checks)
    kind = "PEM" if b"-----BEGIN" in data else "DER"
    checks.append(Check("format", True, f"The file is a PKCS#10 certificate signing request ({kind})."))

    try:
        subject = csr.subject  # parsed anew on every access: read it once
    except Exception:
        subject = None
    for rule, check in (
        ("signature", _check_signature),
        ("key", _check_key),
        ("signature_hash", _check_hash),
        ("common_name", lambda c: _check_single_attribute(subject, NameOID.COMMON_NAME, "CN", common_name)),
        ("organization", lambda c: _check_single_attribute(subject, NameOID.ORGANIZATION_NAME, "O", organization)),
        ("subject", lambda c: _check_subject(subject)),
        ("extensions", _check_extensions),
    ):
        try:
            results = check(csr)
        except Exception as exc:  # a malformed field must become a failed check, never an error page
            results = [(False, f"This part of the request could not be read ({type(exc).__name__}: {exc}).")]
        checks.extend(Check(rule, passed, message) for passed, message in results)
    return CsrReport(checks, csr)


def _as_bytes(data) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8", errors="replace")
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    raise TypeError(f"expected bytes, got {type(data).__name__}")


def _size_problem(data: bytes) -> str | None:
    if len(data) > MAX_CSR_BYTES:
        return (
            f"The file is {len(data):,} bytes; a certificate signing request is at most {MAX_CSR_BYTES:,} bytes "
            "(a normal one is about 1,000). Upload only the CSR file."
        )
    if not data.strip():
        return "The file is empty. Upload the certificate signing request (CSR) file itself."
    return None


def _parse(data: bytes) -> x509.CertificateSigningRequest:
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_csr(data)
        return x509.load_der_x509_csr(data)
    except Exception:
        pass
    if b"PRIVATE KEY-----" in data:
        raise InvalidCsr(
            "This file is a private key, not a certificate signing request. Never send your private key to anyone: "
            "keep it where it is, and upload the CSR (the file starting with -----BEGIN CERTIFICATE REQUEST-----)."
        )
    if b"-----BEGIN CERTIFICATE-----" in data or b"-----BEGIN X509 CRL-----" in data:
        kind = "a certificate" if b"-----BEGIN CERTIFICATE-----" in data else "a certificate revocation list"
        raise InvalidCsr(
            f"This file is {kind}, not a certificate signing request. Upload the CSR "
            "(the file starting with -----BEGIN CERTIFICATE REQUEST-----)."
        )
    raise InvalidCsr("The file is not a certificate signing request (PKCS#10, in PEM or DER form). " + _HOW_TO)


def _check_signature(csr):
    if csr.is_signature_valid:
        return [(True, "The request is signed by its own key.")]
    algorithm = _hash_or_none(csr)
    if isinstance(algorithm, LEGACY_HASHES) and _legacy_signature_valid(csr, algorithm):
        # Report the weak hash under its own rule rather than as a broken signature.
        return [(True, "The request is signed by its own key.")]
    return [
        (
            False,
            "The request's signature does not match its key: the file was changed after it was made, or it was not "
            "signed with the private key it contains. Create a new CSR.",
        )
    ]


def _legacy_signature_valid(csr, algorithm) -> bool:
    key = csr.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(csr.signature, csr.tbs_certrequest_bytes, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(csr.signature, csr.tbs_certrequest_bytes, ec.ECDSA(algorithm))
        else:
            return False
    except Exception:
        return False
    return True


def _check_key(csr):
    try:
        key = csr.public_key()
    except Exception:
        oid = csr.public_key_algorithm_oid
        kind = getattr(oid, "_name", None) or oid.dotted_string
        return [(False, f"The key type {kind} is not supported; {_ACCEPTED_KEYS}.")]
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size >= MIN_RSA_BITS:
            return [(True, f"The key is RSA with {key.key_size} bits.")]
        return [
            (
                False,
                f"The key is RSA with {key.key_size} bits; at least {MIN_RSA_BITS} bits are required. "
                "Create a new key, e.g. with -newkey rsa:2048.",
            )
        ]
    if isinstance(key, ec.EllipticCurvePublicKey):
        curve = key.curve.name
        if curve in ACCEPTED_CURVES:
            return [(True, f"The key is EC on curve {ACCEPTED_CURVES[curve]} ({curve}).")]
        return [
            (
                False,
                f"The key is EC on curve {curve}, which is not accepted; use P-256 (prime256v1) or P-384 "
                "(secp384r1), or RSA with at least 2048 bits.",
            )
        ]
    names = {
        ed25519.Ed25519PublicKey: "Ed25519",
        ed448.Ed448PublicKey: "Ed448",
        dsa.DSAPublicKey: "DSA",
    }
    kind = next((name for cls, name in names.items() if isinstance(key, cls)), type(key).__name__)
    return [
        (
            False,
            f"The key type {kind} is not accepted; {_ACCEPTED_KEYS}.",
        )
    ]


def _hash_or_none(csr):
    try:
        return csr.signature_hash_algorithm
    except Exception:
        return None


def _check_hash(csr):
    oid_name = getattr(csr.signature_algorithm_oid, "_name", None) or csr.signature_algorithm_oid.dotted_string
    algorithm = _hash_or_none(csr)
    if isinstance(algorithm, ACCEPTED_HASHES):
        return [(True, f"The request is signed with {_hash_name(algorithm)}.")]
    if algorithm is None and csr.signature_algorithm_oid in _BUILT_IN_HASH_SIGNATURES:
        return [(True, f"The request is signed with {oid_name}, which has its own strong hash.")]
    found = _hash_name(algorithm) if algorithm is not None else oid_name
    return [
        (
            False,
            f"The request is signed with {found}, which is no longer safe; SHA-256 or stronger is required. "
            "Create the CSR again with -sha256.",
        )
    ]


def _hash_name(algorithm) -> str:
    """ "sha1" -> "SHA-1", "sha3-256" -> "SHA3-256", as people write them."""
    return re.sub(r"^SHA(\d+)$", r"SHA-\1", algorithm.name.upper())


def _check_single_attribute(subject: x509.Name | None, oid, label: str, expected: str):
    if subject is None:
        raise ValueError("the subject cannot be read")
    values = [attribute.value for attribute in subject.get_attributes_for_oid(oid)]
    if not values:
        return [(False, f'The subject has no {label}; it must be {label}="{expected}".')]
    if len(values) > 1:
        found = ", ".join(f'"{value}"' for value in values)
        return [(False, f'The subject has {len(values)} {label} values ({found}); it must have one: "{expected}".')]
    if values[0] != expected:
        return [(False, f'The subject has {label}="{values[0]}", but it must be exactly {label}="{expected}".')]
    return [(True, f'The subject has {label}="{expected}".')]


def _check_subject(subject: x509.Name | None):
    if subject is None:
        raise ValueError("the subject cannot be read")
    problems = []
    for rdn in subject.rdns:
        if len(rdn) > 1:
            problems.append(
                f"The subject combines several attributes in one part ({rdn.rfc4514_string()}); "
                "give each attribute on its own (/CN=…/O=…)."
            )
    for attribute in subject:
        label = attribute.rfc4514_attribute_name
        if attribute.oid not in _KNOWN_NAME_OIDS:
            problems.append(f"The subject contains an unknown attribute type ({attribute.oid.dotted_string}).")
            continue
        value = attribute.value
        if not isinstance(value, str):
            problems.append(f"The subject attribute {label} is not text.")
        elif not value.strip():
            problems.append(f"The subject attribute {label} is empty.")
        elif any(unicodedata.category(char) in ("Cc", "Cf") for char in value):
            problems.append(f"The subject attribute {label} contains control characters.")
    if problems:
        return [(False, problem) for problem in problems]
    return [(True, "The subject contains nothing unusual.")]


def _check_extensions(csr):
    problems = []
    for extension in csr.extensions:
        oid, value = extension.oid, extension.value
        name = getattr(oid, "_name", None) or oid.dotted_string
        if oid not in _ALLOWED_EXTENSIONS:
            if oid == ExtensionOID.NAME_CONSTRAINTS:
                problems.append("The request asks for name constraints, which only a CA has; remove nameConstraints.")
            elif name == oid.dotted_string or name == "Unknown OID":
                problems.append(f"The request asks for an unknown extension ({oid.dotted_string}); remove it.")
            else:
                problems.append(f"The request asks for the {name} extension, which is not issued; remove it.")
        elif oid == ExtensionOID.BASIC_CONSTRAINTS and value.ca:
            problems.append(
                "The request asks to be a CA (basicConstraints CA:TRUE); a client certificate cannot be a CA. "
                "Remove basicConstraints from the request."
            )
        elif oid == ExtensionOID.KEY_USAGE and (value.key_cert_sign or value.crl_sign):
            uses = [use for use, on in (("keyCertSign", value.key_cert_sign), ("cRLSign", value.crl_sign)) if on]
            problems.append(
                f"The request asks for key usage {' and '.join(uses)}, which only a CA has. "
                "Remove keyUsage from the request."
            )
        elif oid == ExtensionOID.EXTENDED_KEY_USAGE:
            others = [getattr(usage, "_name", usage.dotted_string) for usage in value]
            others = [u for u, usage in zip(others, value, strict=True) if usage != ExtendedKeyUsageOID.CLIENT_AUTH]
            if others:
                problems.append(
                    f"The request asks for extended key usage {', '.join(others)}; only clientAuth is issued. "
                    "Remove extendedKeyUsage from the request."
                )
    if problems:
        return [(False, problem) for problem in problems]
    return [(True, "The request asks for no extensions that change what the certificate is for.")]
