"""CSR validation: CSRs made the way suppliers make them (openssl CLI) and edge cases built with cryptography."""

import os
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certificates.crypto import MAX_CSR_BYTES, RULES, CsrReport, InvalidCsr, load_csr, validate_csr
from tests.support import needs

CN, ORG = "TE1002", "Acme Zorgsoftware B.V."
SUBJECT = f"/CN={CN}/O={ORG}"
RSA = ["-newkey", "rsa:2048"]


def _openssl(*args, cwd) -> subprocess.CompletedProcess:
    needs(shutil.which("openssl") is not None, "the openssl command-line tool")
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, check=True)


def _supplier_csr(tmp_path, *args, subject=SUBJECT, der=False) -> bytes:
    """A CSR the way a supplier makes one: openssl req with a new key and a -subj."""
    out = tmp_path / ("request.der" if der else "request.pem")
    extra = ["-outform", "DER"] if der else []
    _openssl(
        "req",
        "-new",
        *args,
        "-nodes",
        "-keyout",
        "client.key",
        "-out",
        out.name,
        "-subj",
        subject,
        *extra,
        cwd=tmp_path,
    )
    return out.read_bytes()


OPENSSL_CASES = [
    # id, openssl req arguments, subject, DER?, the rules expected to fail
    ("rsa2048", RSA, SUBJECT, False, set()),
    ("rsa2048_der", RSA, SUBJECT, True, set()),
    ("rsa1024", ["-newkey", "rsa:1024"], SUBJECT, False, {"key"}),
    ("ec_p256", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], SUBJECT, False, set()),
    ("ec_p384", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"], SUBJECT, False, set()),
    ("ec_secp256k1", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp256k1"], SUBJECT, False, {"key"}),
    ("ed25519", ["-newkey", "ed25519"], SUBJECT, False, {"key"}),
    ("sha1", [*RSA, "-sha1"], SUBJECT, False, {"signature_hash"}),
    ("sha512", [*RSA, "-sha512"], SUBJECT, False, set()),
    (
        "ca_extensions",
        [*RSA, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=keyCertSign"],
        SUBJECT,
        False,
        {"extensions"},
    ),
    (
        "name_constraints",
        [*RSA, "-addext", "nameConstraints=permitted;DNS:example.org"],
        SUBJECT,
        False,
        {"extensions"},
    ),
    ("server_auth", [*RSA, "-addext", "extendedKeyUsage=serverAuth,clientAuth"], SUBJECT, False, {"extensions"}),
    ("client_auth", [*RSA, "-addext", "extendedKeyUsage=clientAuth"], SUBJECT, False, set()),
    ("subject_alt_name", [*RSA, "-addext", "subjectAltName=DNS:connector.example.org"], SUBJECT, False, set()),
    ("wrong_cn", RSA, f"/CN=TE9999/O={ORG}", False, {"common_name"}),
    ("wrong_o", RSA, f"/CN={CN}/O=Someone Else", False, {"organization"}),
    ("cn_case_differs", RSA, f"/CN=te1002/O={ORG}", False, {"common_name"}),
    ("no_o", RSA, f"/CN={CN}", False, {"organization"}),
    ("extra_attributes", RSA, f"/C=NL/L=Groenlo/O={ORG}/OU=Koppelingen/CN={CN}", False, set()),
    ("multi_valued_rdn", [*RSA, "-multivalue-rdn"], f"/CN={CN}+O={ORG}", False, {"subject"}),
    (
        "everything_wrong",
        ["-newkey", "rsa:1024", "-sha1", "-addext", "basicConstraints=critical,CA:TRUE"],
        "/CN=TE9999/O=Other",
        False,
        {"key", "signature_hash", "common_name", "organization", "extensions"},
    ),
]


@pytest.mark.parametrize(
    ("args", "subject", "der", "expected"), [c[1:] for c in OPENSSL_CASES], ids=[c[0] for c in OPENSSL_CASES]
)
def test_openssl_made_csrs_fail_exactly_the_expected_rules(tmp_path, args, subject, der, expected):
    data = _supplier_csr(tmp_path, *args, subject=subject, der=der)
    report = validate_csr(data, common_name=CN, organization=ORG)
    assert report.failed_rules == expected, [c.message for c in report.failures]
    assert report.ok is (not expected)
    assert report.csr is not None
    # Every rule was checked, in order, even when an earlier one failed.
    assert list(dict.fromkeys(check.rule for check in report.checks)) == list(RULES)


def test_a_wrong_common_name_says_what_was_found_and_what_is_expected(tmp_path):
    report = validate_csr(
        _supplier_csr(tmp_path, *RSA, subject=f"/CN=TE9999/O={ORG}"), common_name=CN, organization=ORG
    )
    [failure] = report.failures
    assert 'CN="TE9999"' in failure.message and f'CN="{CN}"' in failure.message


def test_a_wrong_organization_says_what_was_found_and_what_is_expected(tmp_path):
    data = _supplier_csr(tmp_path, *RSA, subject=f"/CN={CN}/O=Someone Else")
    [failure] = validate_csr(data, common_name=CN, organization=ORG).failures
    assert 'O="Someone Else"' in failure.message and f'O="{ORG}"' in failure.message


def test_each_refused_extension_is_reported_separately(tmp_path):
    args = [*RSA, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=keyCertSign"]
    failures = validate_csr(_supplier_csr(tmp_path, *args), common_name=CN, organization=ORG).failures
    messages = " ".join(f.message for f in failures)
    assert len(failures) == 2
    assert "CA:TRUE" in messages and "keyCertSign" in messages


def test_weak_key_and_curve_are_refused_by_name(tmp_path):
    report = validate_csr(
        _supplier_csr(tmp_path, "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp256k1"),
        common_name=CN,
        organization=ORG,
    )
    assert "secp256k1" in report.failures[0].message


def test_a_tampered_signature_is_refused(tmp_path):
    data = bytearray(_supplier_csr(tmp_path, *RSA, der=True))
    signature = x509.load_der_x509_csr(bytes(data)).signature
    assert data.endswith(signature)
    data[len(data) - len(signature) // 2] ^= 0x01
    report = validate_csr(bytes(data), common_name=CN, organization=ORG)
    assert report.failed_rules == {"signature"}


def test_pem_and_der_load_to_the_same_request(tmp_path):
    pem = _supplier_csr(tmp_path, *RSA)
    der = subprocess.run(
        ["openssl", "req", "-in", "request.pem", "-outform", "DER"], cwd=tmp_path, capture_output=True, check=True
    ).stdout
    assert load_csr(pem) == load_csr(der)
    assert load_csr(pem.decode()) == load_csr(memoryview(der))


# --- files that are not CSRs ------------------------------------------------------------------------------------


def _valid_pem() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    return _build(key).public_bytes(serialization.Encoding.PEM)


NOT_CSR_CASES = [
    ("empty", lambda: b"", {"size"}),
    ("whitespace_only", lambda: b" \n\r\n", {"size"}),
    ("garbage", lambda: b"this is not a certificate request\x00\xff" * 10, {"format"}),
    ("random_der_like", lambda: b"\x30\x82\x01\x00" + os.urandom(256), {"format"}),
    ("five_megabytes", lambda: _valid_pem() + b"\n" * (5 * 1024 * 1024), {"size"}),
    ("truncated_pem", lambda: _valid_pem()[:200], {"format"}),
    (
        "private_key",
        lambda: rsa.generate_private_key(65537, 2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        {"format"},
    ),
    ("wrong_pem_label", lambda: _valid_pem().replace(b"CERTIFICATE REQUEST", b"CERTIFICATE"), {"format"}),
]


@pytest.mark.parametrize(("make", "expected"), [c[1:] for c in NOT_CSR_CASES], ids=[c[0] for c in NOT_CSR_CASES])
def test_files_that_are_not_csrs_fail_with_a_clear_reason(make, expected):
    report = validate_csr(make(), common_name=CN, organization=ORG)
    assert report.failed_rules == expected
    assert not report.ok and report.csr is None
    assert all(failure.message for failure in report.failures)
    with pytest.raises(InvalidCsr):
        load_csr(make())


def test_an_uploaded_private_key_is_named_as_such_and_not_echoed():
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    [failure] = validate_csr(pem, common_name=CN, organization=ORG).failures
    assert "private key" in failure.message
    body = pem.decode().splitlines()[1]
    assert body not in failure.message


def test_the_size_limit_is_16_kib():
    assert MAX_CSR_BYTES == 16 * 1024
    at_limit = _valid_pem()
    at_limit += b"\n" * (MAX_CSR_BYTES - len(at_limit))
    assert validate_csr(at_limit, common_name=CN, organization=ORG).ok
    assert validate_csr(at_limit + b"\n", common_name=CN, organization=ORG).failed_rules == {"size"}


def test_input_that_is_not_bytes_is_a_report_not_an_error():
    report = validate_csr(None, common_name=CN, organization=ORG)  # type: ignore[arg-type]
    assert isinstance(report, CsrReport) and not report.ok


# --- CSRs built with cryptography -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(*pairs) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in pairs])


def _build(key, *, subject=None, extensions=(), algorithm=None):
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        subject if subject is not None else _name((NameOID.COMMON_NAME, CN), (NameOID.ORGANIZATION_NAME, ORG))
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return builder.sign(key, None)
    return builder.sign(key, algorithm or hashes.SHA256())


def _key_usage(**uses):
    flags = dict.fromkeys(
        (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    return x509.KeyUsage(**{**flags, **uses})


BUILT_CASES = [
    ("plain", {}, set()),
    ("sha384", {"algorithm": hashes.SHA384()}, set()),
    (
        "two_common_names",
        {
            "subject": _name(
                (NameOID.COMMON_NAME, CN), (NameOID.COMMON_NAME, "TE1003"), (NameOID.ORGANIZATION_NAME, ORG)
            )
        },
        {"common_name"},
    ),
    (
        "two_organizations",
        {
            "subject": _name(
                (NameOID.COMMON_NAME, CN), (NameOID.ORGANIZATION_NAME, ORG), (NameOID.ORGANIZATION_NAME, ORG)
            )
        },
        {"organization"},
    ),
    ("no_subject", {"subject": x509.Name([])}, {"common_name", "organization"}),
    (
        "cn_with_trailing_space",
        {"subject": _name((NameOID.COMMON_NAME, CN + " "), (NameOID.ORGANIZATION_NAME, ORG))},
        {"common_name"},
    ),
    (
        "control_character",
        {
            "subject": _name(
                (NameOID.COMMON_NAME, CN),
                (NameOID.ORGANIZATION_NAME, ORG),
                (NameOID.ORGANIZATIONAL_UNIT_NAME, "Dev\x00ops"),
            )
        },
        {"subject"},
    ),
    (
        "unknown_subject_attribute",
        {
            "subject": _name(
                (NameOID.COMMON_NAME, CN),
                (NameOID.ORGANIZATION_NAME, ORG),
                (x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"), "x"),
            )
        },
        {"subject"},
    ),
    (
        "email_attribute",
        {
            "subject": _name(
                (NameOID.COMMON_NAME, CN), (NameOID.ORGANIZATION_NAME, ORG), (NameOID.EMAIL_ADDRESS, "dev@example.org")
            )
        },
        set(),
    ),
    (
        "ca_false_and_digital_signature",
        {
            "extensions": [
                (x509.BasicConstraints(ca=False, path_length=None), True),
                (_key_usage(digital_signature=True, key_encipherment=True), True),
                (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False),
                (x509.SubjectAlternativeName([x509.DNSName("connector.example.org")]), False),
            ]
        },
        set(),
    ),
    ("ca_true", {"extensions": [(x509.BasicConstraints(ca=True, path_length=0), True)]}, {"extensions"}),
    ("crl_sign", {"extensions": [(_key_usage(crl_sign=True), True)]}, {"extensions"}),
    (
        "code_signing",
        {"extensions": [(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), False)]},
        {"extensions"},
    ),
    (
        "name_constraints",
        {"extensions": [(x509.NameConstraints([x509.DNSName("example.org")], None), True)]},
        {"extensions"},
    ),
    (
        "unknown_extension",
        {
            "extensions": [
                (x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.99999.2"), b"\x05\x00"), False)
            ]
        },
        {"extensions"},
    ),
    ("ocsp_no_check", {"extensions": [(x509.OCSPNoCheck(), False)]}, {"extensions"}),
]


@pytest.mark.parametrize(("options", "expected"), [c[1:] for c in BUILT_CASES], ids=[c[0] for c in BUILT_CASES])
def test_built_csrs_fail_exactly_the_expected_rules(rsa_key, options, expected):
    data = _build(rsa_key, **options).public_bytes(serialization.Encoding.PEM)
    report = validate_csr(data, common_name=CN, organization=ORG)
    assert report.failed_rules == expected, [c.message for c in report.failures]


@pytest.mark.parametrize(
    ("make_key", "expected"),
    [
        (lambda: ec.generate_private_key(ec.SECP256R1()), set()),
        (lambda: ec.generate_private_key(ec.SECP384R1()), set()),
        (lambda: ec.generate_private_key(ec.SECP521R1()), {"key"}),
        (lambda: ec.generate_private_key(ec.SECP256K1()), {"key"}),
        (lambda: ed25519.Ed25519PrivateKey.generate(), {"key"}),
        (lambda: rsa.generate_private_key(65537, 1536), {"key"}),
        (lambda: rsa.generate_private_key(65537, 3072), set()),
    ],
    ids=["p256", "p384", "p521", "secp256k1", "ed25519", "rsa1536", "rsa3072"],
)
def test_key_types(make_key, expected):
    data = _build(make_key()).public_bytes(serialization.Encoding.DER)
    assert validate_csr(data, common_name=CN, organization=ORG).failed_rules == expected


# --- never raises -----------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_random_bytes_give_a_failing_report(data):
    report = validate_csr(data, common_name=CN, organization=ORG)
    assert isinstance(report, CsrReport)
    assert not report.ok and report.failures


@pytest.fixture(scope="module")
def valid_der(rsa_key):
    return _build(rsa_key).public_bytes(serialization.Encoding.DER)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_csrs_give_a_report(valid_der, data):
    """Flip, cut and splice a valid DER request: the parser meets malformed fields deep inside."""
    blob = bytearray(valid_der)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(blob) - 1))
        blob[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        blob = blob[: data.draw(st.integers(0, len(blob)))]
    report = validate_csr(bytes(blob), common_name=CN, organization=ORG)
    assert isinstance(report, CsrReport)
    assert report.ok == all(check.passed for check in report.checks)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_random_pem_like_text_gives_a_failing_report(body):
    text = f"-----BEGIN CERTIFICATE REQUEST-----\n{body}\n-----END CERTIFICATE REQUEST-----\n"
    assert not validate_csr(text, common_name=CN, organization=ORG).ok
