"""Demo data of the certificates app: the CA, a development certificate, and a staging request waiting for
Kliniek De Linde's administrator."""

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.contrib.auth import get_user_model
from django.db import transaction

from connectors.models import Connector

from . import selectors, services
from .models import CertificateEnvironment


def _csr(environment) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, services.common_name_for(environment)),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, services.organization_for(environment)),
        ]
    )
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM)


@transaction.atomic
def seed_certificates(stdout):
    users = get_user_model().objects
    staff = users.filter(email="staff@epdee.example").first()
    if staff is None:
        return
    if not selectors.has_current_authority():
        services.init_ca("Epdee Client CA (demo)", by=staff)
    supplier_admin = users.filter(email="leverancier@zorgkoppeling.example").first()
    connector = Connector.objects.filter(name="Planning-koppeling").first()
    if not (supplier_admin and staff and connector):
        return
    version = connector.versions.filter(stage="APPROVED").first()
    if version is None or CertificateEnvironment.objects.filter(version=version).exists():
        return
    development = services.add_environment(version, "TE1002", by=supplier_admin)
    services.upload_csr(development, _csr(development), by=supplier_admin)
    staging = services.add_environment(version, "TE2101", by=supplier_admin)
    request = services.upload_csr(staging, _csr(staging), by=supplier_admin)
    services.forward_request(request, by=staff)
    stdout.write("Certificates: a TE1002 certificate, and a TE2101 request waiting for admin@de-linde.example.")
