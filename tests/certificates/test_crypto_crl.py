"""Certificate revocation lists: built with cryptography, checked with the openssl CLI."""

import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import CRLEntryExtensionOID, ExtensionOID, NameOID

from certificates.crypto import REASONS, build_crl, generate_ca, sign_client_certificate, to_pem
from tests.support import needs

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _openssl(*args, cwd, check=True) -> subprocess.CompletedProcess:
    needs(shutil.which("openssl") is not None, "the openssl command-line tool")
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def ca():
    return generate_ca("Epdee Test Clients CA", now=NOW - timedelta(days=100))


def _issue(ca, common_name):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, common_name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Acme")]
    )
    csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
    return sign_client_certificate(csr, ca_cert=ca[0], ca_key=ca[1], now=NOW - timedelta(days=10))


@pytest.fixture(scope="module")
def certificates(ca):
    return {name: _issue(ca, name) for name in ("TE1001", "TE1002", "TE1003")}


@pytest.fixture(scope="module")
def crl(ca, certificates):
    revoked = [
        (certificates["TE1001"].serial_number, NOW - timedelta(days=2), "key_compromise"),
        (certificates["TE1002"].serial_number, NOW - timedelta(days=1), "superseded"),
    ]
    return build_crl(ca_cert=ca[0], ca_key=ca[1], revoked=revoked, number=7, now=NOW)


@pytest.fixture
def files(tmp_path, ca, certificates, crl):
    (tmp_path / "ca.pem").write_bytes(to_pem(ca[0]))
    (tmp_path / "crl.pem").write_bytes(to_pem(crl))
    for name, cert in certificates.items():
        (tmp_path / f"{name}.pem").write_bytes(to_pem(cert))
    return tmp_path


def test_the_crl_verifies_with_openssl(files):
    result = _openssl("crl", "-in", "crl.pem", "-CAfile", "ca.pem", "-verify", "-noout", cwd=files, check=False)
    assert result.returncode == 0 and "verify OK" in result.stdout + result.stderr, result.stderr


def test_openssl_lists_both_serials_with_their_reasons(files, certificates):
    text = _openssl("crl", "-in", "crl.pem", "-noout", "-text", cwd=files).stdout
    lines = [line.strip() for line in text.splitlines()]
    for name, reason in (("TE1001", "Key Compromise"), ("TE1002", "Superseded")):
        serial = f"Serial Number: {certificates[name].serial_number:X}"
        position = lines.index(serial)
        assert lines[position + 1].startswith("Revocation Date:")
        assert lines[position + 2 : position + 4] == ["CRL entry extensions:", "X509v3 CRL Reason Code:"]
        assert lines[position + 4] == reason
    assert f"Serial Number: {certificates['TE1003'].serial_number:X}" not in lines
    assert "Signature Algorithm: sha256WithRSAEncryption" in lines
    assert lines[lines.index("X509v3 CRL Number:") + 1] == "7"
    assert "X509v3 Authority Key Identifier:" in lines
    assert "Last Update: Jun  1 12:00:00 2026 GMT" in lines
    assert "Next Update: Jun  8 12:00:00 2026 GMT" in lines


def test_openssl_refuses_a_revoked_certificate_and_accepts_another(files):
    def verify(name):
        return _openssl(
            "verify",
            "-crl_check",
            "-CRLfile",
            "crl.pem",
            "-CAfile",
            "ca.pem",
            "-attime",
            str(int(NOW.timestamp()) + 3600),
            f"{name}.pem",
            cwd=files,
            check=False,
        )

    revoked = verify("TE1001")
    assert revoked.returncode != 0 and "certificate revoked" in revoked.stdout + revoked.stderr
    assert verify("TE1002").returncode != 0
    accepted = verify("TE1003")
    assert accepted.returncode == 0 and "TE1003.pem: OK" in accepted.stdout, accepted.stdout + accepted.stderr


def test_the_crl_as_cryptography_reads_it(ca, certificates, crl):
    ca_cert, _ = ca
    assert crl.is_signature_valid(ca_cert.public_key())
    assert crl.issuer == ca_cert.subject
    assert isinstance(crl.signature_hash_algorithm, hashes.SHA256)
    assert crl.last_update_utc == NOW and crl.next_update_utc == NOW + timedelta(days=7)
    assert crl.extensions.get_extension_for_oid(ExtensionOID.CRL_NUMBER).value.crl_number == 7
    aki = crl.extensions.get_extension_for_oid(ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value
    assert (
        aki.key_identifier == ca_cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_KEY_IDENTIFIER).value.digest
    )
    entry = crl.get_revoked_certificate_by_serial_number(certificates["TE1001"].serial_number)
    assert entry.revocation_date_utc == NOW - timedelta(days=2)
    assert (
        entry.extensions.get_extension_for_oid(CRLEntryExtensionOID.CRL_REASON).value.reason
        == x509.ReasonFlags.key_compromise
    )
    assert crl.get_revoked_certificate_by_serial_number(certificates["TE1003"].serial_number) is None
    assert [entry.serial_number for entry in crl] == sorted(entry.serial_number for entry in crl)


@pytest.mark.parametrize("name", sorted(REASONS))
def test_every_reason_name_maps_to_its_code(ca, name):
    crl = build_crl(ca_cert=ca[0], ca_key=ca[1], revoked=[(1234, NOW, name)], number=1, now=NOW)
    [entry] = list(crl)
    reasons = [ext.value.reason for ext in entry.extensions if ext.oid == CRLEntryExtensionOID.CRL_REASON]
    # RFC 5280 5.3.1: "unspecified" is said by leaving the reason code out.
    assert reasons == ([] if name == "unspecified" else [REASONS[name]])
    assert REASONS[name].name == name


def test_rfc_reason_names_are_accepted_too(ca):
    crl = build_crl(ca_cert=ca[0], ca_key=ca[1], revoked=[(5, NOW, "cessationOfOperation")], number=1, now=NOW)
    assert (
        crl.get_revoked_certificate_by_serial_number(5).extensions[0].value.reason
        == x509.ReasonFlags.cessation_of_operation
    )


def test_an_empty_crl_verifies(tmp_path, ca):
    crl = build_crl(ca_cert=ca[0], ca_key=ca[1], revoked=[], number=1, now=NOW, next_update=timedelta(days=1))
    assert len(crl) == 0 and crl.next_update_utc == NOW + timedelta(days=1)
    (tmp_path / "ca.pem").write_bytes(to_pem(ca[0]))
    (tmp_path / "crl.pem").write_bytes(to_pem(crl))
    _openssl("crl", "-in", "crl.pem", "-CAfile", "ca.pem", "-verify", "-noout", cwd=tmp_path)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"revoked": [(1, NOW, "lost_it")]}, "unknown revocation reason"),
        ({"revoked": [(1, NOW, "remove_from_crl")]}, "unknown revocation reason"),
        ({"revoked": [(1, NOW, "superseded"), (1, NOW, "key_compromise")]}, "more than once"),
        ({"number": -1}, "CRL number"),
        ({"next_update": timedelta(0)}, "positive"),
        ({"now": datetime(2026, 6, 1)}, "timezone-aware"),
    ],
    ids=["unknown_reason", "delta_only_reason", "duplicate_serial", "negative_number", "no_next_update", "naive_now"],
)
def test_bad_input_is_refused(ca, kwargs, message):
    arguments = {"ca_cert": ca[0], "ca_key": ca[1], "revoked": [], "number": 1, "now": NOW, **kwargs}
    with pytest.raises(ValueError, match=message):
        build_crl(**arguments)
