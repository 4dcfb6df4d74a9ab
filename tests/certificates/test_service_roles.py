"""Every certificate service checks the role of its actor: the people and the CA are made once for the module
(tests.support.rows_for_the_module), what each case prepares and does is undone after it."""

import copy
from datetime import timedelta
from types import SimpleNamespace

import pytest

from certificates import services
from certificates.models import ApprovalRequest, CertificateAuthority, CertificateEnvironment, IssuedCertificate
from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.models import AuditEvent
from tests.certificates.support import clinic, csr_for, sandbox
from tests.connectors.factories import SupplierMemberFactory, connector_in
from tests.core.factories import MembershipFactory, UserFactory
from tests.support import ALLOWED, assert_role_outcome, role_cases, rows_for_the_module


@pytest.fixture(scope="module")
def shared_people(django_db_setup, django_db_blocker):
    with rows_for_the_module(django_db_blocker):
        yield _people(services.init_ca("Test CA", by=UserFactory(staff=True)))


@pytest.fixture
def people(shared_people, db):
    return copy.deepcopy(shared_people)


def _people(ca):
    """A supplier (administrator, developer) with an approved version, another supplier's administrator,
    platform staff, and a care organisation's administrator and staff next to another organisation's admin."""
    sandbox()
    tenant, tenant_admin = clinic()
    member, _, version = connector_in("APPROVED")
    return SimpleNamespace(
        ca=ca,
        version=version,
        tenant=tenant,
        supplier_admin=member.user,
        developer=SupplierMemberFactory(supplier=member.supplier, role="developer").user,
        outsider=SupplierMemberFactory(role="admin").user,
        staff=UserFactory(staff=True),
        clinic_admin=tenant_admin.user,
        clinic_staff=MembershipFactory(tenant=tenant, role="staff").user,
        other_clinic_admin=MembershipFactory(role="admin").user,
    )


def _development_environment(p):
    return services.add_environment(p.version, "TE1002", by=p.supplier_admin)


def _certificate(p):
    environment = _development_environment(p)
    return services.upload_csr(environment, csr_for(environment), by=p.supplier_admin)


def _request(p, *, forwarded=False):
    environment = services.add_environment(p.version, "TE2345", by=p.supplier_admin)
    request = services.upload_csr(environment, csr_for(environment), by=p.supplier_admin)
    return services.forward_request(request, by=p.staff) if forwarded else request


def _under_old_ca(p):
    certificate = _certificate(p)
    services.rotate_ca("Successor CA", by=p.staff)
    return certificate


ACTIONS = {
    "add_environment": (lambda p: p.version, lambda t, by: services.add_environment(t, "TE1002", by=by)),
    "upload_csr": (_development_environment, lambda t, by: services.upload_csr(t, csr_for(t), by=by)),
    "cancel_request": (_request, lambda t, by: services.cancel_request(t, by=by)),
    "download": (_certificate, lambda t, by: services.download(t, by=by)),
    "disable": (_certificate, lambda t, by: services.set_enabled(t, False, by=by)),
    "forward_request": (_request, lambda t, by: services.forward_request(t, by=by)),
    "approve_request": (
        lambda p: _request(p, forwarded=True),
        lambda t, by: services.decide_request(t, approve=True, by=by),
    ),
    "reject_request": (
        lambda p: _request(p, forwarded=True),
        lambda t, by: services.decide_request(t, approve=False, notes="Unknown supplier.", by=by),
    ),
    "revoke": (_certificate, lambda t, by: services.revoke(t, reason="key_compromise", by=by)),
    "revoke_all": (lambda p: p.ca, lambda t, by: services.revoke_all_of_ca(t, reason="ca_compromise", by=by)),
    "reissue": (_under_old_ca, lambda t, by: services.reissue_under_current_ca(t, by=by)),
    "rotate_ca": (lambda p: None, lambda t, by: services.rotate_ca("Next CA", by=by)),
    "refresh_crls": (lambda p: None, lambda t, by: services.refresh_crls(by=by)),
    "reminders": (_certificate, lambda t, by: services.send_expiry_reminders(t.not_after - timedelta(days=1), by=by)),
}
NOT_FOUND, DENIED = NotFound, PermissionDenied
ROLES = (
    "supplier_admin",
    "developer",
    "outsider",
    "staff",
    "clinic_admin",
    "clinic_staff",
    "other_clinic_admin",
)
SUPPLIER_WORK = (ALLOWED, ALLOWED, NOT_FOUND, DENIED, NOT_FOUND, NOT_FOUND, NOT_FOUND)
STAFF_WORK = (DENIED, DENIED, DENIED, ALLOWED, DENIED, DENIED, DENIED)
DECISION = (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, ALLOWED, DENIED, NOT_FOUND)
OUTCOMES = {
    "add_environment": SUPPLIER_WORK,
    "upload_csr": SUPPLIER_WORK,
    "cancel_request": SUPPLIER_WORK,
    "download": SUPPLIER_WORK,
    "disable": (ALLOWED, ALLOWED, NOT_FOUND, ALLOWED, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "forward_request": STAFF_WORK,
    "approve_request": DECISION,
    "reject_request": DECISION,
    "revoke": STAFF_WORK,
    "revoke_all": STAFF_WORK,
    "reissue": STAFF_WORK,
    "rotate_ca": STAFF_WORK,
    "refresh_crls": STAFF_WORK,
    "reminders": STAFF_WORK,
}


def _written() -> tuple:
    """What a refused call leaves as it was (every service's write records an audit event as well)."""
    return (
        AuditEvent.objects.count(),
        sorted(IssuedCertificate.objects.values_list("pk", "enabled", "revoked_at", "reminder_sent_at")),
        sorted(ApprovalRequest.objects.values_list("pk", "status")),
        sorted(CertificateEnvironment.objects.values_list("pk", "approved_at")),
        sorted(CertificateAuthority.objects.values_list("pk", "is_current", "crl_number")),
    )


@pytest.mark.parametrize(("action", "role", "outcome"), role_cases(OUTCOMES, ROLES))
def test_every_service_checks_the_role_of_its_actor(people, action, role, outcome):
    prepare, act = ACTIONS[action]
    assert_role_outcome(act, prepare(people), getattr(people, role), outcome, _written)
