"""CSRs and environments for certificate tests."""

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from certificates import services
from epdee.core import services as core_services
from epdee.core.permissions import SYSTEM
from tests.core.factories import MembershipFactory, TenantFactory


def make_csr(common_name: str, organization: str, *, key_size: int | None = None) -> bytes:
    """A CSR for that subject: with an RSA key of key_size bits, else a P-256 key, which the policy accepts as
    it accepts RSA-2048 but is made in microseconds rather than tens of milliseconds (RSA CSRs, also ones that
    openssl made, are checked in test_crypto_csr)."""
    if key_size is None:
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
    )
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM)


def csr_for(environment) -> bytes:
    return make_csr(services.common_name_for(environment), services.organization_for(environment))


def sandbox():
    tenant = TenantFactory(is_sandbox=True, name="Epdee Sandbox")
    core_services.add_customer_code(tenant, "TE1002", by=SYSTEM)
    return tenant


def clinic(staging="TE2345", production="CF6789"):
    tenant = TenantFactory(name="Kliniek Test")
    for code in (staging, production):
        core_services.add_customer_code(tenant, code, by=SYSTEM)
    admin = MembershipFactory(tenant=tenant, role="admin")
    return tenant, admin
