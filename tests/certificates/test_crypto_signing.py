"""Issuing client certificates and creating CAs: checked with cryptography and with the openssl CLI."""

import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID

from certificates.crypto import (
    PrivateKeyError,
    SigningError,
    WrongPassphrase,
    encrypt_private_key,
    fingerprint,
    generate_ca,
    load_certificate,
    load_private_key,
    sign_client_certificate,
    to_der,
    to_pem,
)
from tests.support import needs

CRL_URL = "https://epdee.example/certificates/crl/test.crl"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _openssl(*args, cwd, check=True) -> subprocess.CompletedProcess:
    needs(shutil.which("openssl") is not None, "the openssl command-line tool")
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, check=check)


def _verify(tmp_path, cert, *ca_certs) -> subprocess.CompletedProcess:
    """openssl verify as a TLS server checking a client certificate, strictly, against the given roots."""
    (tmp_path / "cafile.pem").write_bytes(b"".join(to_pem(ca) for ca in ca_certs))
    (tmp_path / "cert.pem").write_bytes(to_pem(cert))
    return _openssl(
        "verify",
        "-x509_strict",
        "-purpose",
        "sslclient",
        "-attime",
        str(int(cert.not_valid_before_utc.timestamp()) + 60),
        "-CAfile",
        "cafile.pem",
        "cert.pem",
        cwd=tmp_path,
        check=False,
    )


def _csr(key, common_name="TE1002", organization="Acme Zorgsoftware B.V.") -> x509.CertificateSigningRequest:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
    )
    return x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())


@pytest.fixture(scope="module")
def ca():
    return generate_ca("Epdee Test Clients CA 2026", now=NOW - timedelta(days=30))


@pytest.fixture(scope="module")
def rsa_csr():
    return _csr(rsa.generate_private_key(public_exponent=65537, key_size=2048))


@pytest.fixture(scope="module")
def ec_csr():
    return _csr(ec.generate_private_key(ec.SECP256R1()))


@pytest.fixture(scope="module")
def issued(ca, rsa_csr):
    ca_cert, ca_key = ca
    return sign_client_certificate(rsa_csr, ca_cert=ca_cert, ca_key=ca_key, crl_url=CRL_URL, now=NOW)


def _extension(cert, oid):
    return cert.extensions.get_extension_for_oid(oid)


# --- issued certificates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("key_kind", ["rsa", "ec"])
def test_issued_certificates_verify_with_openssl(tmp_path, ca, rsa_csr, ec_csr, key_kind):
    ca_cert, ca_key = ca
    csr = rsa_csr if key_kind == "rsa" else ec_csr
    cert = sign_client_certificate(csr, ca_cert=ca_cert, ca_key=ca_key, crl_url=CRL_URL, now=NOW)
    result = _verify(tmp_path, cert, ca_cert)
    assert result.returncode == 0 and "cert.pem: OK" in result.stdout, result.stdout + result.stderr


def test_a_certificate_does_not_verify_against_another_ca(tmp_path, issued):
    other_ca, _ = generate_ca("Some Other CA", now=NOW - timedelta(days=1))
    result = _verify(tmp_path, issued, other_ca)
    assert result.returncode != 0


def test_issued_certificate_profile(ca, rsa_csr, issued):
    ca_cert, _ = ca
    assert issued.version == x509.Version.v3
    assert issued.subject == rsa_csr.subject
    assert issued.issuer == ca_cert.subject
    assert issued.public_key() == rsa_csr.public_key()
    assert issued.not_valid_before_utc == NOW
    assert issued.not_valid_after_utc == NOW + timedelta(days=365)
    assert isinstance(issued.signature_hash_algorithm, hashes.SHA256)
    issued.verify_directly_issued_by(ca_cert)

    basic = _extension(issued, ExtensionOID.BASIC_CONSTRAINTS)
    assert basic.critical and basic.value.ca is False
    usage = _extension(issued, ExtensionOID.KEY_USAGE)
    assert usage.critical and usage.value.digital_signature and usage.value.key_encipherment
    assert not (usage.value.key_cert_sign or usage.value.crl_sign or usage.value.content_commitment)
    assert list(_extension(issued, ExtensionOID.EXTENDED_KEY_USAGE).value) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    ski = _extension(issued, ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(rsa_csr.public_key())
    aki = _extension(issued, ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value
    assert aki.key_identifier == _extension(ca_cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER).value.digest
    [point] = _extension(issued, ExtensionOID.CRL_DISTRIBUTION_POINTS).value
    assert [name.value for name in point.full_name] == [CRL_URL]
    assert {ext.oid for ext in issued.extensions} == {
        ExtensionOID.BASIC_CONSTRAINTS,
        ExtensionOID.KEY_USAGE,
        ExtensionOID.EXTENDED_KEY_USAGE,
        ExtensionOID.SUBJECT_KEY_IDENTIFIER,
        ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
        ExtensionOID.CRL_DISTRIBUTION_POINTS,
    }


def test_issued_certificate_profile_as_openssl_reads_it(tmp_path, issued):
    (tmp_path / "cert.pem").write_bytes(to_pem(issued))
    text = _openssl("x509", "-in", "cert.pem", "-noout", "-text", cwd=tmp_path).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert "Signature Algorithm: sha256WithRSAEncryption" in lines
    assert lines[lines.index("X509v3 Basic Constraints: critical") + 1] == "CA:FALSE"
    assert lines[lines.index("X509v3 Key Usage: critical") + 1] == "Digital Signature, Key Encipherment"
    assert lines[lines.index("X509v3 Extended Key Usage:") + 1] == "TLS Web Client Authentication"
    assert "X509v3 Subject Key Identifier:" in lines
    assert "X509v3 Authority Key Identifier:" in lines
    assert f"URI:{CRL_URL}" in lines
    assert "Subject: CN = TE1002, O = Acme Zorgsoftware B.V." in lines


def test_an_ec_certificate_is_only_for_signing(tmp_path, ca, ec_csr):
    ca_cert, ca_key = ca
    cert = sign_client_certificate(ec_csr, ca_cert=ca_cert, ca_key=ca_key, now=NOW)
    usage = _extension(cert, ExtensionOID.KEY_USAGE).value
    assert usage.digital_signature and not usage.key_encipherment
    (tmp_path / "cert.pem").write_bytes(to_pem(cert))
    text = _openssl("x509", "-in", "cert.pem", "-noout", "-text", cwd=tmp_path).stdout
    assert "Digital Signature\n" in text and "Key Encipherment" not in text


def test_without_a_crl_url_there_is_no_distribution_point(ca, rsa_csr):
    ca_cert, ca_key = ca
    cert = sign_client_certificate(rsa_csr, ca_cert=ca_cert, ca_key=ca_key, now=NOW)
    with pytest.raises(x509.ExtensionNotFound):
        _extension(cert, ExtensionOID.CRL_DISTRIBUTION_POINTS)


def test_serials_are_positive_distinct_and_at_least_120_bits(ca, ec_csr):
    ca_cert, ca_key = ca
    serials = [
        sign_client_certificate(ec_csr, ca_cert=ca_cert, ca_key=ca_key, now=NOW).serial_number for _ in range(50)
    ]
    assert len(set(serials)) == 50
    assert all(serial > 0 and 120 <= serial.bit_length() <= 159 for serial in serials)


def test_a_certificate_never_outlives_its_ca(tmp_path, rsa_csr):
    ca_cert, ca_key = generate_ca("Short-lived CA", days=100, now=NOW - timedelta(days=60))
    cert = sign_client_certificate(rsa_csr, ca_cert=ca_cert, ca_key=ca_key, now=NOW)
    assert cert.not_valid_after_utc == ca_cert.not_valid_after_utc == NOW + timedelta(days=40)
    result = _verify(tmp_path, cert, ca_cert)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_certificate_from_a_full_length_ca_gets_a_full_year(ca, rsa_csr):
    ca_cert, ca_key = ca
    cert = sign_client_certificate(rsa_csr, ca_cert=ca_cert, ca_key=ca_key, now=NOW)
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == timedelta(days=365)


def test_an_expired_or_future_ca_signs_nothing(ca, rsa_csr):
    ca_cert, ca_key = ca
    with pytest.raises(SigningError, match="expired"):
        sign_client_certificate(rsa_csr, ca_cert=ca_cert, ca_key=ca_key, now=ca_cert.not_valid_after_utc)
    with pytest.raises(SigningError, match="not valid until"):
        sign_client_certificate(rsa_csr, ca_cert=ca_cert, ca_key=ca_key, now=NOW - timedelta(days=31))


def test_a_key_that_does_not_belong_to_the_ca_is_refused(ca, rsa_csr):
    ca_cert, _ = ca
    _, other_key = generate_ca("Other", now=NOW)
    with pytest.raises(SigningError, match="does not belong"):
        sign_client_certificate(rsa_csr, ca_cert=ca_cert, ca_key=other_key, now=NOW)


def test_a_client_certificate_cannot_act_as_a_ca(ca, rsa_csr, issued):
    client_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    client_cert = sign_client_certificate(_csr(client_key), ca_cert=ca[0], ca_key=ca[1], now=NOW)
    with pytest.raises(SigningError, match="not a CA"):
        sign_client_certificate(rsa_csr, ca_cert=client_cert, ca_key=client_key, now=NOW)


def test_naive_times_are_refused(ca, rsa_csr):
    with pytest.raises(ValueError, match="timezone-aware"):
        sign_client_certificate(rsa_csr, ca_cert=ca[0], ca_key=ca[1], now=datetime(2026, 3, 2, 9, 30))


def test_after_a_ca_rotation_both_roots_verify_their_own_certificates(tmp_path, ca, rsa_csr, ec_csr):
    """Seed 000: a replacement CA is a new root; during the changeover servers trust both."""
    old_cert, old_key = ca
    new_cert, new_key = generate_ca("Epdee Test Clients CA 2031", now=NOW - timedelta(days=1))
    from_old = sign_client_certificate(rsa_csr, ca_cert=old_cert, ca_key=old_key, now=NOW)
    from_new = sign_client_certificate(ec_csr, ca_cert=new_cert, ca_key=new_key, now=NOW)
    for cert in (from_old, from_new):
        result = _verify(tmp_path, cert, old_cert, new_cert)
        assert result.returncode == 0, result.stdout + result.stderr
    assert _verify(tmp_path, from_new, old_cert).returncode != 0
    assert _verify(tmp_path, from_old, new_cert).returncode != 0


# --- the CA itself ----------------------------------------------------------------------------------------------


def test_a_generated_ca_is_a_root_that_signs_only_end_entities(ca):
    ca_cert, ca_key = ca
    assert isinstance(ca_key, rsa.RSAPrivateKey) and ca_key.key_size == 2048
    assert ca_cert.subject == ca_cert.issuer
    assert ca_cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Epdee"
    ca_cert.verify_directly_issued_by(ca_cert)
    assert ca_cert.not_valid_after_utc - ca_cert.not_valid_before_utc == timedelta(days=5 * 365)
    assert ca_cert.serial_number > 0 and ca_cert.serial_number.bit_length() >= 120
    basic = _extension(ca_cert, ExtensionOID.BASIC_CONSTRAINTS)
    assert basic.critical and basic.value.ca is True and basic.value.path_length == 0
    usage = _extension(ca_cert, ExtensionOID.KEY_USAGE)
    assert usage.critical and usage.value.key_cert_sign and usage.value.crl_sign
    assert not (usage.value.digital_signature or usage.value.key_encipherment)
    ski = _extension(ca_cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    assert _extension(ca_cert, ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value.key_identifier == ski.digest


def test_a_generated_ca_as_openssl_reads_it(tmp_path, ca):
    ca_cert, _ = ca
    (tmp_path / "ca.pem").write_bytes(to_pem(ca_cert))
    text = _openssl("x509", "-in", "ca.pem", "-noout", "-text", cwd=tmp_path).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert lines[lines.index("X509v3 Basic Constraints: critical") + 1] == "CA:TRUE, pathlen:0"
    assert lines[lines.index("X509v3 Key Usage: critical") + 1] == "Certificate Sign, CRL Sign"
    result = _openssl("verify", "-x509_strict", "-CAfile", "ca.pem", "ca.pem", cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_ca_key_below_2048_bits_is_refused():
    with pytest.raises(ValueError, match="2048"):
        generate_ca("Weak", key_size=1024)


# --- keys and encodings -----------------------------------------------------------------------------------------


def test_a_key_round_trips_through_encryption(tmp_path, ca):
    _, ca_key = ca
    pem = encrypt_private_key(ca_key, "correct horse battery staple")
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert b"-----BEGIN PRIVATE KEY-----" not in pem
    # Decrypted from another process's PEM (this process remembers the key it encrypted, see below).
    elsewhere = ca_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"correct horse battery staple"),
    )
    loaded = load_private_key(elsewhere, "correct horse battery staple")
    assert loaded is not ca_key and loaded.private_numbers() == ca_key.private_numbers()
    # Standard PKCS#8: other tools can read it too.
    (tmp_path / "key.pem").write_bytes(pem)
    _openssl("pkey", "-in", "key.pem", "-passin", "pass:correct horse battery staple", "-noout", cwd=tmp_path)


def test_loading_is_cached_per_key_and_passphrase(ca):
    pem = encrypt_private_key(ca[1], "secret")
    first = load_private_key(pem, "secret")
    assert first is ca[1]  # the key just encrypted is not decrypted again
    assert load_private_key(memoryview(pem), "secret") is first
    assert load_private_key(pem.decode(), "secret") is first


def test_the_cache_keeps_only_the_latest_keys(ca):
    pem = encrypt_private_key(ca[1], "secret")
    for _ in range(16):  # other keys pass by
        encrypt_private_key(ec.generate_private_key(ec.SECP256R1()), "secret")
    again = load_private_key(pem, "secret")
    assert again is not ca[1] and again.private_numbers() == ca[1].private_numbers()


def test_a_wrong_passphrase_fails_clearly(ca):
    pem = encrypt_private_key(ca[1], "secret")
    with pytest.raises(WrongPassphrase, match="passphrase does not decrypt"):
        load_private_key(pem, "Secret")
    with pytest.raises(PrivateKeyError):
        load_private_key(pem, "")
    # A failure is not cached: the right passphrase still works afterwards.
    assert load_private_key(pem, "secret").private_numbers() == ca[1].private_numbers()


def test_an_unencrypted_or_broken_key_is_refused(ca):
    plain = ca[1].private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(PrivateKeyError, match="not stored encrypted"):
        load_private_key(plain, "secret")
    with pytest.raises(PrivateKeyError, match="not a PEM-encoded private key"):
        load_private_key(b"garbage", "secret")
    with pytest.raises(ValueError, match="never stored without a passphrase"):
        encrypt_private_key(ca[1], "")


def test_fingerprint_matches_openssl(tmp_path, issued):
    (tmp_path / "cert.pem").write_bytes(to_pem(issued))
    out = _openssl("x509", "-in", "cert.pem", "-noout", "-fingerprint", "-sha256", cwd=tmp_path).stdout
    expected = out.strip().split("=", 1)[1].replace(":", "").lower()
    assert fingerprint(issued) == expected
    assert len(expected) == 64


def test_certificates_round_trip_through_pem_and_der(issued):
    assert load_certificate(to_pem(issued)) == issued
    assert load_certificate(to_der(issued)) == issued
    assert load_certificate(to_pem(issued).decode()) == issued
    with pytest.raises(ValueError):
        load_certificate(b"not a certificate")
