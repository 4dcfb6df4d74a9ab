"""Connectors with certificates issued by the certificates service, and calls as nginx would pass them."""

from urllib.parse import quote

from django.utils import timezone

from certificates import services as certificates
from certificates.models import ApprovalRequest
from connectors import services as connectors
from connectors.models import ConnectorVersion, EnabledEndpoint, SupplierMembership
from epdee.core import services as core_services
from epdee.core.permissions import SYSTEM
from tests.certificates.support import csr_for
from tests.connectors.factories import SupplierMemberFactory, endpoint
from tests.core.factories import MembershipFactory, TenantFactory, UserFactory


def sandbox_tenant():
    tenant = TenantFactory(is_sandbox=True, name="Epdee Sandbox")
    core_services.add_customer_code(tenant, "TE1002", by=SYSTEM)
    return tenant


def care_organisation(name="Kliniek De Linde", staging="TE2345", production="CF6789"):
    tenant = TenantFactory(name=name)
    for code in (staging, production):
        core_services.add_customer_code(tenant, code, by=SYSTEM)
    return tenant


def design(*pairs) -> dict:
    """{Endpoint: fields} from ("GET /t/clients", ["id", "firstName"]) pairs."""
    result = {}
    for call, fields in pairs:
        method, path = call.split(" ", 1)
        result[endpoint(method, path)] = list(fields)
    return result


def development_version(pairs, *, mode=ConnectorVersion.EndpointMode.FILTERED, member=None):
    member = member or SupplierMemberFactory(role=SupplierMembership.Role.ADMIN)
    connector = connectors.create_connector(member.supplier, name="Planning-koppeling", by=member.user)
    version = connector.versions.get()
    connectors.update_design(version, by=member.user, endpoint_mode=mode, endpoints=design(*pairs))
    return member, version


def approved_version(pairs):
    member, version = development_version(pairs)
    connectors.submit_for_review(version, by=member.user)
    connectors.approve(version, by=UserFactory(staff=True))
    version.refresh_from_db()
    return member, version


def certificate_for(version, customer_code, member, *, make_csr=csr_for):
    """A certificate for the version in that environment, through the service (approval included).

    make_csr(environment) returns the CSR's bytes (by default made in Python with the subject asked for).
    """
    environment = certificates.add_environment(version, customer_code, by=member.user)
    issued = certificates.upload_csr(environment, make_csr(environment), by=member.user)
    if isinstance(issued, ApprovalRequest):
        request = certificates.forward_request(issued, by=UserFactory(staff=True))
        admin = MembershipFactory(tenant=environment.tenant, role="admin").user
        issued = certificates.decide_request(request, approve=True, by=admin).certificate
    return issued


def enable_before_deprecation(version, call: str, fields=()):
    """A version that enabled an endpoint before it was deprecated (the service no longer lets anyone do so)."""
    method, path = call.split(" ", 1)
    target = endpoint(method, path)
    EnabledEndpoint.objects.create(version=version, endpoint=target)
    for path_ in fields:
        version.allowed_fields.create(endpoint=target, field=target.api_model.fields.get(path=path_))
    ConnectorVersion.objects.filter(pk=version.pk).update(updated_at=timezone.now())
    version.refresh_from_db()


def headers(issued) -> dict:
    """What nginx sends: the escaped PEM of the verified client certificate."""
    return {"HTTP_X_SSL_CLIENT_CERT": quote(issued.certificate_pem), "HTTP_X_SSL_CLIENT_VERIFY": "SUCCESS"}


def call(client, issued, path, method="get", **kwargs):
    return getattr(client, method)(path, **(headers(issued) if issued else {}), **kwargs)
