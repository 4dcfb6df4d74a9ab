"""The demo data of the connectors and certificates apps is made through their services (and so audited)."""

import io

import pytest

from certificates.demo import seed_certificates
from certificates.models import ApprovalRequest, IssuedCertificate
from connectors.demo import SUPPLIER, USERS, seed_connectors
from connectors.models import ConnectorVersion, Supplier
from epdee.core.models import AuditEvent, User
from tests.certificates.support import clinic, sandbox
from tests.connectors.factories import ensure_catalog
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_supplier_its_people_and_connectors_come_from_the_services():
    ensure_catalog()
    staff = UserFactory(staff=True, email="staff@epdee.example")
    seed_connectors(io.StringIO())
    supplier = Supplier.objects.get(name=SUPPLIER)
    for email, _name, password, role in USERS:
        user = User.objects.get(email=email)
        assert user.check_password(password) and supplier.memberships.get(user=user).role == role
        assert user.emailaddress_set.get().verified
    stages = set(ConnectorVersion.objects.filter(connector__supplier=supplier).values_list("stage", flat=True))
    assert stages == {"DEVELOPMENT", "IN_REVIEW", "APPROVED", "REJECTED", "RETIRED"}
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"supplier.create", "user.create", "supplier.member", "connector.version.stage"} <= actions
    assert AuditEvent.objects.filter(action="supplier.create", actor=staff).exists()
    seed_connectors(io.StringIO())  # a second run adds nothing
    assert Supplier.objects.filter(name=SUPPLIER).count() == 1


def test_the_demo_certificates_come_from_the_services():
    ensure_catalog()
    UserFactory(staff=True, email="staff@epdee.example")
    sandbox()
    clinic(staging="TE2101", production="CF2102")
    seed_connectors(io.StringIO())
    seed_certificates(io.StringIO())
    assert IssuedCertificate.objects.filter(environment__customer_code="TE1002").exists()
    assert ApprovalRequest.objects.get().status == ApprovalRequest.Status.FORWARDED
    assert {"certificate.ca.init", "certificate.sign", "certificate.approval.forward"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )
