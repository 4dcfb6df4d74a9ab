"""The rules of connector versions, in the services every interface calls."""

import pytest

from connectors import services
from connectors.exceptions import ConnectorError, NotPermitted, VersionLocked
from connectors.models import AllowedField, ConnectorVersion, EnabledEndpoint, SupplierMembership, VersionEvent
from epdee.core.models import AuditEvent
from tests.connectors.factories import SupplierMemberFactory, clients_design, connector_in, endpoint
from tests.core.factories import UserFactory

Stage = ConnectorVersion.Stage


def test_a_new_connector_starts_with_an_editable_first_version(db):
    member = SupplierMemberFactory()
    connector = services.create_connector(member.supplier, name="Roosterkoppeling", by=member.user)
    version = connector.versions.get()
    assert (version.number, version.stage, version.endpoint_mode) == (1, Stage.DEVELOPMENT, "FILTERED")
    assert version.is_editable
    with pytest.raises(ConnectorError, match="already has a connector"):
        services.create_connector(member.supplier, name="Roosterkoppeling", by=member.user)


def test_only_the_suppliers_members_create_connectors(db):
    member = SupplierMemberFactory()
    with pytest.raises(NotPermitted):
        services.create_connector(member.supplier, name="x", by=UserFactory())


def test_design_holds_endpoints_and_fields_of_their_model(db):
    member, _, version = connector_in("DEVELOPMENT")
    services.update_design(version, by=member.user, endpoints=clients_design())
    design = services.design_of(version)
    assert sorted(design[endpoint("GET", "/t/clients")]) == ["birthDate", "firstName", "id"]
    # An object field brings its nested fields.
    assert {"address", "address.street", "address.city"} <= set(design[endpoint("GET", "/t/clients/{id}")])
    assert AuditEvent.objects.filter(action="connector.version.design", object_id=str(version.pk)).exists()


def test_fields_must_belong_to_the_endpoints_model(db):
    member, _, version = connector_in("DEVELOPMENT")
    with pytest.raises(ConnectorError, match="salary is not a field of Client"):
        services.update_design(version, by=member.user, endpoints={endpoint("GET", "/t/clients"): ["id", "salary"]})
    employee_field = {endpoint("GET", "/t/clients"): ["agbCode"]}  # a field of Employee, not of Client
    with pytest.raises(ConnectorError, match="not a field of Client"):
        services.update_design(version, by=member.user, endpoints=employee_field)
    assert not AllowedField.objects.filter(version=version).exists()


def test_nothing_is_allowed_by_default(db):
    member, _, version = connector_in("DEVELOPMENT")
    services.enable_endpoint(version, endpoint("GET", "/t/clients"), by=member.user)
    assert services.design_of(version) == {endpoint("GET", "/t/clients"): []}


def test_a_deprecated_endpoint_cannot_be_newly_enabled(db):
    member, _, version = connector_in("DEVELOPMENT")
    with pytest.raises(ConnectorError, match="Deprecated endpoints cannot be enabled"):
        services.enable_endpoint(version, endpoint("GET", "/t/clients/by_bsn/{bsn}"), by=member.user)
    assert not EnabledEndpoint.objects.filter(version=version).exists()


def test_a_deprecated_endpoint_already_enabled_is_kept_and_warned_about(db):
    member, connector, version = connector_in("DEVELOPMENT")
    old = endpoint("GET", "/t/clients/by_bsn/{bsn}")
    EnabledEndpoint.objects.create(version=version, endpoint=old)  # enabled before it was deprecated
    services.enable_endpoint(version, endpoint("GET", "/t/clients"), by=member.user)  # keeping it is fine
    warning = services.deprecation_warnings(version)[0]
    assert warning["endpoint"] == old and warning["replacement"] == endpoint("GET", "/t/clients/by_bsn?bsn={bsn}")
    copy = services.new_version(connector, by=member.user)
    assert old in services.design_of(copy)


@pytest.mark.parametrize("stage", [Stage.IN_REVIEW, Stage.APPROVED, Stage.REJECTED, Stage.RETIRED])
def test_a_version_that_is_not_in_development_cannot_be_edited(db, stage):
    member, _, version = connector_in(stage)
    before = services.design_of(version)
    with pytest.raises(VersionLocked):
        services.update_design(version, by=member.user, endpoints={})
    with pytest.raises(VersionLocked):
        services.update_design(version, by=member.user, endpoint_mode="FILTERED")
    assert services.design_of(version) == before


def test_allow_all_only_in_development(db):
    member, _, version = connector_in("DEVELOPMENT")
    services.update_design(version, by=member.user, endpoint_mode="ALLOW_ALL")
    with pytest.raises(ConnectorError, match="filtered before submitting"):
        services.submit_for_review(version, by=member.user)
    services.update_design(version, by=member.user, endpoint_mode="FILTERED", endpoints=clients_design())
    services.submit_for_review(version, by=member.user)
    with pytest.raises(VersionLocked):
        services.update_design(version, by=member.user, endpoint_mode="ALLOW_ALL")


def test_the_database_refuses_allow_all_outside_development(db):
    from django.db import IntegrityError, transaction

    _, _, version = connector_in("APPROVED")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConnectorVersion.objects.filter(pk=version.pk).update(endpoint_mode="ALLOW_ALL")


def test_the_review_cycle(db, mailoutbox):
    member, _, version = connector_in("DEVELOPMENT")
    colleague = SupplierMemberFactory(supplier=member.supplier)
    staff = UserFactory(staff=True)
    with pytest.raises(ConnectorError, match="at least one endpoint"):
        services.submit_for_review(version, by=member.user)
    services.update_design(version, by=member.user, endpoints=clients_design())
    services.submit_for_review(version, by=colleague.user)
    with pytest.raises(NotPermitted):
        services.approve(version, by=member.user)  # suppliers do not approve themselves
    with pytest.raises(ConnectorError, match="Say why"):
        services.reject(version, by=staff, notes=" ")
    services.reject(version, by=staff, notes="Drop birthDate.")
    version.refresh_from_db()
    assert (version.stage, version.reviewer_notes, version.reviewed_by) == (Stage.REJECTED, "Drop birthDate.", staff)
    services.reopen(version, by=member.user)
    services.update_design(version, by=member.user, endpoints={endpoint("GET", "/t/clients"): ["id"]})
    services.submit_for_review(version, by=member.user)
    services.approve(version, by=staff, notes="Fine.")
    version.refresh_from_db()
    assert version.stage == Stage.APPROVED and not version.is_editable
    stages = list(VersionEvent.objects.filter(version=version).order_by("id").values_list("to_stage", flat=True))
    assert stages == ["DEVELOPMENT", "IN_REVIEW", "REJECTED", "DEVELOPMENT", "IN_REVIEW", "APPROVED"]
    assert AuditEvent.objects.filter(action="connector.version.stage", object_id=str(version.pk)).count() == 6


def test_every_transition_mails_the_suppliers_members(db, mailoutbox, django_capture_on_commit_callbacks):
    member, _, version = connector_in("DEVELOPMENT")
    colleague = SupplierMemberFactory(supplier=member.supplier)
    SupplierMemberFactory()  # a member of another supplier hears nothing
    services.update_design(version, by=member.user, endpoints=clients_design())
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_review(version, by=member.user)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([member.user.email, colleague.user.email])
    assert "submitted for review" in mailoutbox[0].body


def test_impossible_transitions_are_refused(db):
    member, _, version = connector_in("APPROVED")
    with pytest.raises(VersionLocked):
        services.submit_for_review(version, by=member.user)
    with pytest.raises(VersionLocked):
        services.reopen(version, by=member.user)
    developer = SupplierMemberFactory(supplier=member.supplier, role=SupplierMembership.Role.DEVELOPER)
    with pytest.raises(NotPermitted):
        services.retire(version, by=developer.user)  # supplier admins (or staff) retire
    services.retire(version, by=member.user)


def test_a_new_version_copies_the_previous_design(db):
    member, connector, first = connector_in("APPROVED")
    second = services.new_version(connector, by=member.user)
    assert (second.number, second.stage, second.based_on) == (2, Stage.DEVELOPMENT, first)
    assert services.design_of(second) == services.design_of(first)
    services.update_design(second, by=member.user, endpoints={endpoint("GET", "/t/clients"): ["id"]})
    assert services.design_of(first) != services.design_of(second)  # the approved one is untouched


def test_intake_approval_creates_the_supplier_and_its_admin(db, mailoutbox, django_capture_on_commit_callbacks):
    staff = UserFactory(staff=True)
    intake = services.submit_intake(
        company_name="Zorgkoppeling BV",
        contact_name="Karin Koppel",
        contact_email="karin@zorgkoppeling.test",
        message="Planning-koppeling voor de thuiszorg.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        supplier = services.approve_intake(intake, by=staff)
    membership = supplier.memberships.get()
    assert membership.user.email == "karin@zorgkoppeling.test" and membership.role == "admin"
    assert not membership.user.has_usable_password()
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    with pytest.raises(ConnectorError, match="already approved"):
        services.approve_intake(intake, by=staff)
    with pytest.raises(NotPermitted):
        services.reject_intake(
            services.submit_intake(company_name="x", contact_name="y", contact_email="z@x.test", message="m"),
            by=UserFactory(),
        )
