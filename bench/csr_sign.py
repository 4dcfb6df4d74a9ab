"""Benchmark: CSRs validated and signed per second against OpenSSL's raw RSA-2048 signing rate.

    .venv/bin/python bench/csr_sign.py [--seconds 3] [--pool 32]

In one run:
  (a) `openssl speed -seconds 3 rsa2048`, parsing its RSA-2048 sign/s (the ceiling: one private-key operation);
  (b) the certificate flow without the database, for ~3 s on one core: validate_csr on PEM bytes (parsing,
      self-signature check, every rule) then sign_client_certificate with an RSA-2048 CA key loaded through
      load_private_key, round-robin over a pool of CSRs whose keys were generated before timing.
Prints both rates and their ratio (target: >= 0.5), plus the validate-only and sign-only rates.
No database or Django setup is needed.
"""

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

from certificates.crypto import (  # noqa: E402
    encrypt_private_key,
    generate_ca,
    load_private_key,
    sign_client_certificate,
    to_pem,
    validate_csr,
)

TARGET = 0.5
COMMON_NAME, ORGANIZATION = "TE1002", "Acme Zorgsoftware B.V."
PASSPHRASE = "benchmark passphrase"
CRL_URL = "https://epdee.example/certificates/crl/1.crl"


def openssl_rsa2048_sign_rate(seconds: int) -> float:
    if shutil.which("openssl") is None:
        sys.exit("the openssl command-line tool is required")
    output = subprocess.run(
        ["openssl", "speed", "-seconds", str(seconds), "rsa2048"], capture_output=True, text=True, check=True
    ).stdout
    # "rsa 2048 bits 0.000215s 0.000013s   4649.7  78232.4"  (sign, verify, sign/s, verify/s)
    match = re.search(r"^rsa\s+2048 bits\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)\s*$", output, re.MULTILINE)
    if not match:
        sys.exit(f"could not find the RSA-2048 line in openssl speed output:\n{output}")
    return float(match.group(1))


def make_pool(size: int) -> list[bytes]:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, COMMON_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
        ]
    )
    pool = []
    for _ in range(size):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
        pool.append(csr.public_bytes(serialization.Encoding.PEM))
    return pool


def rate(step, pool, seconds: float) -> float:
    """Items per second of step(item), round-robin over the pool, for about `seconds`."""
    count, size = 0, len(pool)
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(50):  # check the clock every 50 items
            step(pool[count % size])
            count += 1
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--pool", type=int, default=32)
    args = parser.parse_args()

    print(f"preparing: a CA and {args.pool} RSA-2048 CSRs (keys generated before timing)", flush=True)
    ca_cert, ca_key = generate_ca("Epdee Benchmark CA")
    ca_key_pem = encrypt_private_key(ca_key, PASSPHRASE)
    pool = make_pool(args.pool)

    def validate(pem):
        report = validate_csr(pem, common_name=COMMON_NAME, organization=ORGANIZATION)
        assert report.ok
        return report

    def sign(csr):
        key = load_private_key(ca_key_pem, PASSPHRASE)  # as a service would, per request; cached after the first
        return to_pem(sign_client_certificate(csr, ca_cert=ca_cert, ca_key=key, crl_url=CRL_URL))

    def validate_and_sign(pem):
        return sign(validate(pem).csr)

    parsed = [validate(pem).csr for pem in pool]
    validate_and_sign(pool[0])  # warm up (and fill the CA key cache)

    print(f"(a) openssl speed -seconds {args.seconds} rsa2048 ...", flush=True)
    openssl_rate = openssl_rsa2048_sign_rate(args.seconds)
    print(f"(b) validate_csr + sign_client_certificate for ~{args.seconds} s ...", flush=True)
    flow_rate = rate(validate_and_sign, pool, args.seconds)
    validate_rate = rate(validate, pool, 1)
    sign_rate = rate(sign, parsed, 1)

    ratio = flow_rate / openssl_rate
    print()
    print(f"openssl RSA-2048 sign/s:                 {openssl_rate:10.1f}")
    print(f"CSRs validated and signed /s:            {flow_rate:10.1f}")
    print(f"  validate_csr only /s:                  {validate_rate:10.1f}")
    print(f"  sign_client_certificate only /s:       {sign_rate:10.1f}")
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"ratio validated+signed / openssl sign:   {ratio:10.3f}  (target >= {TARGET}: {verdict})")


if __name__ == "__main__":
    main()
