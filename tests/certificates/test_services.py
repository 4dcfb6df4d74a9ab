"""The certificate flow of seed 001 in the services: environments, signing, approval, renewal, revocation."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from certificates import selectors, services
from certificates.models import ApprovalRequest, CertificateAuthority, IssuedCertificate
from certificates.tasks import send_expiry_reminders
from epdee.core.errors import Conflict, Invalid, Locked, NotFound, PermissionDenied
from epdee.core.models import AuditEvent
from epdee.core.permissions import SYSTEM
from tests.certificates.support import clinic, csr_for, make_csr, sandbox
from tests.connectors.factories import SupplierMemberFactory, connector_in
from tests.core.factories import MembershipFactory, UserFactory


@pytest.fixture
def ca(db):
    return services.init_ca("Test CA", by=UserFactory(staff=True))


def _development(stage="DEVELOPMENT"):
    sandbox()
    member, _, version = connector_in(stage)
    return member, services.add_environment(version, "te1002", by=member.user)


def test_development_certificates_are_signed_at_once(ca, mailoutbox):
    member, environment = _development()
    assert environment.approved_at is not None and not environment.needs_approval
    issued = services.upload_csr(environment, csr_for(environment), by=member.user)
    assert isinstance(issued, IssuedCertificate) and issued.is_usable
    assert (
        issued.subject == f"O={environment.version.connector.supplier.name},CN={services.common_name_for(environment)}"
    )
    assert (issued.not_after - issued.not_before).days == 365
    assert selectors.usable_certificate(issued.fingerprint.upper()) == issued
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"certificate.environment.add", "certificate.csr.upload", "certificate.sign"} <= actions


@pytest.mark.parametrize("stage", ["IN_REVIEW", "APPROVED", "REJECTED"])
def test_development_certificates_for_any_stage_but_retired(ca, stage):
    member, environment = _development(stage)
    assert isinstance(services.upload_csr(environment, csr_for(environment), by=member.user), IssuedCertificate)


def test_a_refused_csr_stores_nothing_and_names_every_failure(ca):
    member, environment = _development()
    bad = make_csr("wrong.TE1002", "Someone else", key_size=1024)
    with pytest.raises(Invalid) as excinfo:
        services.upload_csr(environment, bad, by=member.user)
    failures = " ".join(excinfo.value.details)
    assert len(excinfo.value.details) >= 3 and "2048" in failures and excinfo.value.field == "csr"
    assert not IssuedCertificate.objects.exists() and not ApprovalRequest.objects.exists()
    assert AuditEvent.objects.filter(action="certificate.csr.refused", result="failure").exists()


def test_customer_codes_must_be_valid_and_known(ca):
    sandbox()
    member, _, version = connector_in("APPROVED")
    with pytest.raises(Invalid, match="not a customer code"):
        services.add_environment(version, "XX1234", by=member.user)
    with pytest.raises(Invalid, match="No care organisation"):
        services.add_environment(version, "TE9999", by=member.user)
    services.add_environment(version, "TE1002", by=member.user)
    with pytest.raises(Conflict, match="already has"):
        services.add_environment(version, "TE1002", by=member.user)
    with pytest.raises(NotFound):
        services.add_environment(version, "TE1002", by=SupplierMemberFactory().user)


def test_staging_and_production_only_for_an_approved_version(ca):
    clinic()
    member, _, version = connector_in("DEVELOPMENT")
    with pytest.raises(Invalid, match="only for an approved version"):
        services.add_environment(version, "TE2345", by=member.user)


def test_the_staging_flow_with_the_care_organisations_approval(ca, mailoutbox, django_capture_on_commit_callbacks):
    tenant, tenant_admin = clinic()
    member, _, version = connector_in("APPROVED")
    environment = services.add_environment(version, "TE2345", by=member.user)
    assert environment.needs_approval and environment.tenant == tenant
    request = services.upload_csr(environment, csr_for(environment), by=member.user)
    assert isinstance(request, ApprovalRequest) and request.status == "requested"
    with pytest.raises(Conflict, match="already open"):
        services.upload_csr(environment, csr_for(environment), by=member.user)
    with pytest.raises(PermissionDenied):
        services.forward_request(request, by=member.user)
    staff = UserFactory(staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.forward_request(request, by=staff)
    assert tenant_admin.user.email in [mail.to[0] for mail in mailoutbox]
    with pytest.raises(PermissionDenied):
        services.decide_request(request, approve=True, by=MembershipFactory(tenant=tenant, role="staff").user)
    with pytest.raises(NotFound):
        services.decide_request(request, approve=True, by=MembershipFactory(role="admin").user)  # another tenant
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide_request(request, approve=True, by=tenant_admin.user)
    assert decided.status == "approved" and decided.certificate.is_usable
    assert member.user.email in [mail.to[0] for mail in mailoutbox]
    environment.refresh_from_db()
    assert environment.approved_at is not None
    # seed 001: renewal of an approved environment is signed without a new approval.
    renewal = services.upload_csr(environment, csr_for(environment), by=member.user)
    assert isinstance(renewal, IssuedCertificate)


def test_rejection_needs_a_reason_and_signs_nothing(ca):
    tenant, tenant_admin = clinic()
    member, _, version = connector_in("APPROVED")
    environment = services.add_environment(version, "CF6789", by=member.user)
    request = services.upload_csr(environment, csr_for(environment), by=member.user)
    services.forward_request(request, by=UserFactory(staff=True))
    with pytest.raises(Invalid, match="Say why"):
        services.decide_request(request, approve=False, by=tenant_admin.user)
    services.decide_request(request, approve=False, by=tenant_admin.user, notes="We do not know this supplier.")
    request.refresh_from_db()
    assert request.status == "rejected" and request.certificate is None
    assert not IssuedCertificate.objects.exists()


def test_disabled_revoked_and_expired_certificates_are_not_usable(ca):
    member, environment = _development()
    first, second, third = (services.upload_csr(environment, csr_for(environment), by=member.user) for _ in range(3))
    services.set_enabled(first, False, by=member.user)
    services.revoke(second, reason="key_compromise", by=UserFactory(staff=True))
    IssuedCertificate.objects.filter(pk=third.pk).update(not_after=timezone.now() - timedelta(seconds=1))
    for certificate in (first, second, third):
        assert selectors.usable_certificate(certificate.fingerprint) is None
    services.set_enabled(first, True, by=member.user)
    assert selectors.usable_certificate(first.fingerprint) == first
    with pytest.raises(Locked, match="cannot be enabled"):
        services.set_enabled(second, True, by=member.user)
    with pytest.raises(PermissionDenied):
        services.revoke(first, reason="superseded", by=member.user)


def test_revocation_regenerates_the_crl(ca):
    from cryptography import x509

    member, environment = _development()
    issued = services.upload_csr(environment, csr_for(environment), by=member.user)
    number = CertificateAuthority.objects.get(pk=ca.pk).crl_number
    services.revoke(issued, reason="superseded", by=UserFactory(staff=True))
    ca.refresh_from_db()
    crl = x509.load_der_x509_crl(bytes(ca.crl_der))
    assert ca.crl_number == number + 1
    assert crl.get_revoked_certificate_by_serial_number(int(issued.serial, 16)) is not None


def test_revoking_everything_a_ca_signed(ca):
    member, environment = _development()
    for _ in range(2):
        services.upload_csr(environment, csr_for(environment), by=member.user)
    assert services.revoke_all_of_ca(ca, reason="ca_compromise", by=UserFactory(staff=True)) == 2
    assert not IssuedCertificate.objects.usable().exists()


def test_rotation_keeps_old_certificates_valid_and_signs_with_the_new_ca(ca):
    member, environment = _development()
    old = services.upload_csr(environment, csr_for(environment), by=member.user)
    new_ca = services.rotate_ca("Test CA 2", by=UserFactory(staff=True))
    assert new_ca.predecessor == ca and CertificateAuthority.objects.get(pk=ca.pk).is_current is False
    assert selectors.usable_certificate(old.fingerprint) == old  # still valid until it expires
    fresh = services.upload_csr(environment, csr_for(environment), by=member.user)
    assert fresh.authority == new_ca
    assert ca.certificate_pem in selectors.chain_pem() and new_ca.certificate_pem in selectors.chain_pem()
    reissued = services.reissue_under_current_ca(old, by=UserFactory(staff=True))
    assert reissued.authority == new_ca and reissued.reissue_of == old and reissued.csr_pem == old.csr_pem
    with pytest.raises(Conflict, match="already signed by the current CA"):
        services.reissue_under_current_ca(reissued, by=UserFactory(staff=True))


def _expiring(member, environment, days=20):
    issued = services.upload_csr(environment, csr_for(environment), by=member.user)
    IssuedCertificate.objects.filter(pk=issued.pk).update(not_after=timezone.now() + timedelta(days=days))
    return issued


def test_the_expiry_reminder_is_sent_once(ca, mailoutbox, django_capture_on_commit_callbacks):
    member, environment = _development()
    _expiring(member, environment)
    _expiring(member, environment, days=90)  # not due yet
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_reminders.delay().get() == 1
        assert send_expiry_reminders.delay().get() == 0
    reminders = [mail for mail in mailoutbox if "expires on" in mail.subject]
    assert len(reminders) == 1 and reminders[0].to == [member.user.email]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_reminder(postgres):
    services.init_ca("Concurrent CA", by=SYSTEM)
    member, environment = _development()
    _expiring(member, environment)
    results, barrier = [], threading.Barrier(2)

    def worker():
        barrier.wait()
        try:
            results.append(services.send_expiry_reminders(by=SYSTEM))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert AuditEvent.objects.filter(action="certificate.reminder").count() == 1


def test_ca_key_is_encrypted_at_rest(ca):
    assert "ENCRYPTED PRIVATE KEY" in ca.private_key_pem


def test_the_daily_jobs_act_as_the_platform(ca):
    member, environment = _development()
    _expiring(member, environment)
    assert services.refresh_crls(by=SYSTEM) == 1 and services.send_expiry_reminders(by=SYSTEM) == 1
    reminder = AuditEvent.objects.get(action="certificate.reminder")
    assert reminder.actor is None and reminder.actor_label == "Epdee"
