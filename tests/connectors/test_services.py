"""The rules of connector versions, in the services every interface calls."""

from datetime import date
from types import SimpleNamespace

import pytest

from connectors import services
from connectors.models import (
    AllowedField,
    Connector,
    ConnectorVersion,
    EnabledEndpoint,
    Endpoint,
    NewsPost,
    Supplier,
    SupplierIntakeRequest,
    SupplierMembership,
    VersionEvent,
)
from connectors.selectors import deprecation_warnings, design_of
from epdee.core.errors import Conflict, Invalid, Locked, NotFound, PermissionDenied
from epdee.core.models import AuditEvent
from epdee.core.permissions import Actor
from epdee.core.services.tokens import create_api_token
from tests.connectors.factories import SupplierMemberFactory, clients_design, connector_in, endpoint
from tests.core.factories import UserFactory
from tests.support import ALLOWED, assert_role_outcome, role_cases

Stage = ConnectorVersion.Stage


def test_a_new_connector_starts_with_an_editable_first_version(db):
    member = SupplierMemberFactory()
    connector = services.create_connector(member.supplier, name="Roosterkoppeling", by=member.user)
    version = connector.versions.get()
    assert (version.number, version.stage, version.endpoint_mode) == (1, Stage.DEVELOPMENT, "FILTERED")
    assert version.is_editable
    with pytest.raises(Invalid, match="already has a connector"):
        services.create_connector(member.supplier, name="Roosterkoppeling", by=member.user)


def test_only_the_suppliers_members_create_connectors(db):
    member = SupplierMemberFactory()
    with pytest.raises(NotFound):  # someone outside the supplier learns nothing about it
        services.create_connector(member.supplier, name="x", by=UserFactory())
    with pytest.raises(PermissionDenied):  # staff review connectors, they do not build them
        services.create_connector(member.supplier, name="x", by=UserFactory(staff=True))
    assert not member.supplier.connectors.exists()


def test_design_holds_endpoints_and_fields_of_their_model(db):
    member, _, version = connector_in("DEVELOPMENT")
    services.update_design(version, by=member.user, endpoints=clients_design())
    design = design_of(version)
    assert sorted(design[endpoint("GET", "/t/clients")]) == ["birthDate", "firstName", "id"]
    # An object field brings its nested fields.
    assert {"address", "address.street", "address.city"} <= set(design[endpoint("GET", "/t/clients/{id}")])
    assert AuditEvent.objects.filter(action="connector.version.design", object_id=str(version.pk)).exists()


def test_fields_must_belong_to_the_endpoints_model(db):
    member, _, version = connector_in("DEVELOPMENT")
    with pytest.raises(Invalid, match="salary is not a field of Client"):
        services.update_design(version, by=member.user, endpoints={endpoint("GET", "/t/clients"): ["id", "salary"]})
    employee_field = {endpoint("GET", "/t/clients"): ["agbCode"]}  # a field of Employee, not of Client
    with pytest.raises(Invalid, match="not a field of Client"):
        services.update_design(version, by=member.user, endpoints=employee_field)
    assert not AllowedField.objects.filter(version=version).exists()


def test_nothing_is_allowed_by_default(db):
    member, _, version = connector_in("DEVELOPMENT")
    services.enable_endpoint(version, endpoint("GET", "/t/clients"), by=member.user)
    assert design_of(version) == {endpoint("GET", "/t/clients"): []}


def test_a_deprecated_endpoint_cannot_be_newly_enabled(db):
    member, _, version = connector_in("DEVELOPMENT")
    with pytest.raises(Invalid, match="Deprecated endpoints cannot be enabled"):
        services.enable_endpoint(version, endpoint("GET", "/t/clients/by_bsn/{bsn}"), by=member.user)
    assert not EnabledEndpoint.objects.filter(version=version).exists()


def test_a_deprecated_endpoint_already_enabled_is_kept_and_warned_about(db):
    member, connector, version = connector_in("DEVELOPMENT")
    old = endpoint("GET", "/t/clients/by_bsn/{bsn}")
    EnabledEndpoint.objects.create(version=version, endpoint=old)  # enabled before it was deprecated
    services.enable_endpoint(version, endpoint("GET", "/t/clients"), by=member.user)  # keeping it is fine
    warning = deprecation_warnings(version)[0]
    assert warning["endpoint"] == old and warning["replacement"] == endpoint("GET", "/t/clients/by_bsn?bsn={bsn}")
    copy = services.new_version(connector, by=member.user)
    assert old in design_of(copy)


@pytest.mark.parametrize("stage", [Stage.IN_REVIEW, Stage.APPROVED, Stage.REJECTED, Stage.RETIRED])
def test_a_version_that_is_not_in_development_cannot_be_edited(db, stage):
    member, _, version = connector_in(stage)
    before = design_of(version)
    with pytest.raises(Locked):
        services.update_design(version, by=member.user, endpoints={})
    with pytest.raises(Locked):
        services.update_design(version, by=member.user, endpoint_mode="FILTERED")
    assert design_of(version) == before


def test_allow_all_only_in_development(db):
    member, _, version = connector_in("DEVELOPMENT")
    services.update_design(version, by=member.user, endpoint_mode="ALLOW_ALL")
    with pytest.raises(Invalid, match="filtered before submitting"):
        services.submit_for_review(version, by=member.user)
    services.update_design(version, by=member.user, endpoint_mode="FILTERED", endpoints=clients_design())
    services.submit_for_review(version, by=member.user)
    with pytest.raises(Locked):
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
    with pytest.raises(Invalid, match="at least one endpoint"):
        services.submit_for_review(version, by=member.user)
    services.update_design(version, by=member.user, endpoints=clients_design())
    services.submit_for_review(version, by=colleague.user)
    with pytest.raises(PermissionDenied):
        services.approve(version, by=member.user)  # suppliers do not approve themselves
    with pytest.raises(Invalid, match="Say why"):
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
    with pytest.raises(Locked):
        services.submit_for_review(version, by=member.user)
    with pytest.raises(Locked):
        services.reopen(version, by=member.user)
    developer = SupplierMemberFactory(supplier=member.supplier, role=SupplierMembership.Role.DEVELOPER)
    with pytest.raises(PermissionDenied):
        services.retire(version, by=developer.user)  # supplier admins (or staff) retire
    services.retire(version, by=member.user)


def test_a_new_version_copies_the_previous_design(db):
    member, connector, first = connector_in("APPROVED")
    second = services.new_version(connector, by=member.user)
    assert (second.number, second.stage, second.based_on) == (2, Stage.DEVELOPMENT, first)
    assert design_of(second) == design_of(first)
    services.update_design(second, by=member.user, endpoints={endpoint("GET", "/t/clients"): ["id"]})
    assert design_of(first) != design_of(second)  # the approved one is untouched


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
    with pytest.raises(Conflict, match="already approved"):
        services.approve_intake(intake, by=staff)
    with pytest.raises(PermissionDenied):
        services.reject_intake(
            services.submit_intake(company_name="x", contact_name="y", contact_email="z@x.test", message="m"),
            by=UserFactory(),
        )


# --- Every service checks its actor's role itself ----------------------------------------------------------


def _people():
    """A supplier with an administrator and a developer, an administrator of another supplier, and staff."""
    admin = SupplierMemberFactory(role=SupplierMembership.Role.ADMIN)
    developer = SupplierMemberFactory(supplier=admin.supplier, role=SupplierMembership.Role.DEVELOPER)
    connector = services.create_connector(admin.supplier, name="Roosterkoppeling", by=admin.user)
    return SimpleNamespace(
        supplier=admin.supplier,
        connector=connector,
        version=connector.versions.get(),
        admin=admin.user,
        developer=developer.user,
        outsider=SupplierMemberFactory(role=SupplierMembership.Role.ADMIN).user,
        staff=UserFactory(staff=True),
    )


def _version_in(people, stage):
    """A version of the supplier in `stage`, brought there by those who may."""
    connector = services.create_connector(people.supplier, name=f"In {stage}", by=people.admin)
    version = connector.versions.get()
    services.update_design(version, by=people.admin, endpoints=clients_design())
    if stage in ("IN_REVIEW", "APPROVED"):
        services.submit_for_review(version, by=people.admin)
    if stage == "APPROVED":
        services.approve(version, by=people.staff)
    return version


def _intake():
    return services.submit_intake(
        company_name="Koppelaar BV", contact_name="Kees", contact_email="kees@koppelaar.test", message="Hallo."
    )


# action → (what it acts on, the call)
ACTIONS = {
    "create_connector": (lambda p: p.supplier, lambda t, by: services.create_connector(t, name="Nieuw", by=by)),
    "new_version": (lambda p: p.connector, lambda t, by: services.new_version(t, by=by)),
    "update_design": (lambda p: p.version, lambda t, by: services.update_design(t, by=by, endpoint_mode="ALLOW_ALL")),
    "submit": (lambda p: _version_in(p, "DEVELOPMENT"), lambda t, by: services.submit_for_review(t, by=by)),
    "withdraw": (lambda p: _version_in(p, "IN_REVIEW"), lambda t, by: services.withdraw(t, by=by)),
    "approve": (lambda p: _version_in(p, "IN_REVIEW"), lambda t, by: services.approve(t, by=by)),
    "reject": (lambda p: _version_in(p, "IN_REVIEW"), lambda t, by: services.reject(t, by=by, notes="Too much.")),
    "retire": (lambda p: _version_in(p, "APPROVED"), lambda t, by: services.retire(t, by=by)),
    "add_member": (lambda p: p.supplier, lambda t, by: services.add_member(t, UserFactory(), "developer", by=by)),
    "create_supplier": (
        lambda p: None,
        lambda t, by: services.create_supplier(name="Nieuw BV", contact_email="info@nieuw.test", by=by),
    ),
    "update_supplier": (lambda p: p.supplier, lambda t, by: services.update_supplier(t, by=by, name="Anders BV")),
    "approve_intake": (lambda p: _intake(), lambda t, by: services.approve_intake(t, by=by)),
    "reject_intake": (lambda p: _intake(), lambda t, by: services.reject_intake(t, by=by, notes="No.")),
    "intake_notes": (lambda p: _intake(), lambda t, by: services.set_intake_notes(t, "Called them.", by=by)),
    "delete_intake": (lambda p: _intake(), lambda t, by: services.delete_intake(t, by=by)),
    "create_news_post": (
        lambda p: None,
        lambda t, by: services.create_news_post(by=by, date=date(2024, 6, 1), title="Onderhoud", body="Vanavond."),
    ),
    "deprecate_endpoint": (
        lambda p: endpoint("GET", "/t/teams"),
        lambda t, by: services.set_endpoint_deprecation(t, by=by, deprecated_on=date(2024, 6, 1)),
    ),
}
NOT_FOUND, DENIED = NotFound, PermissionDenied
# action → outcome for (supplier admin, developer, another supplier's admin, platform staff)
OUTCOMES = {
    "create_connector": (ALLOWED, ALLOWED, NOT_FOUND, DENIED),
    "new_version": (ALLOWED, ALLOWED, NOT_FOUND, DENIED),
    "update_design": (ALLOWED, ALLOWED, NOT_FOUND, ALLOWED),
    "submit": (ALLOWED, ALLOWED, NOT_FOUND, DENIED),
    "withdraw": (ALLOWED, ALLOWED, NOT_FOUND, DENIED),
    "approve": (DENIED, DENIED, NOT_FOUND, ALLOWED),
    "reject": (DENIED, DENIED, NOT_FOUND, ALLOWED),
    "retire": (ALLOWED, DENIED, NOT_FOUND, ALLOWED),
    "add_member": (ALLOWED, DENIED, NOT_FOUND, ALLOWED),
    "create_supplier": (DENIED, DENIED, DENIED, ALLOWED),
    "update_supplier": (DENIED, DENIED, DENIED, ALLOWED),
    "approve_intake": (DENIED, DENIED, DENIED, ALLOWED),
    "reject_intake": (DENIED, DENIED, DENIED, ALLOWED),
    "intake_notes": (DENIED, DENIED, DENIED, ALLOWED),
    "delete_intake": (DENIED, DENIED, DENIED, ALLOWED),
    "create_news_post": (DENIED, DENIED, DENIED, ALLOWED),
    "deprecate_endpoint": (DENIED, DENIED, DENIED, ALLOWED),
}
ROLES = ("admin", "developer", "outsider", "staff")


def _written() -> tuple:
    """What a refused call must leave as it was: every write of these services records an audit event too."""
    return (
        AuditEvent.objects.count(),
        sorted(ConnectorVersion.objects.values_list("pk", "stage", "endpoint_mode")),
        Connector.objects.count(),
        SupplierMembership.objects.count(),
        sorted(Supplier.objects.values_list("pk", "name")),
        sorted(SupplierIntakeRequest.objects.values_list("pk", "status", "staff_notes")),
        NewsPost.objects.count(),
        Endpoint.objects.filter(deprecated_on__isnull=False).count(),
    )


@pytest.mark.parametrize(("action", "role", "outcome"), role_cases(OUTCOMES, ROLES))
def test_every_service_checks_the_role_of_its_actor(db, action, role, outcome):
    people = _people()
    prepare, act = ACTIONS[action]
    assert_role_outcome(act, prepare(people), getattr(people, role), outcome, _written)


@pytest.mark.parametrize("action", ["create_connector", "new_version", "update_design", "submit", "retire"])
def test_a_read_only_token_changes_nothing(db, action):
    people = _people()
    prepare, act = ACTIONS[action]
    target = prepare(people)
    token, _ = create_api_token(people.admin, name="read", scope="read")
    before = _written()
    with pytest.raises(PermissionDenied, match="read-only"):
        act(target, Actor(user=people.admin, token=token))
    assert _written() == before


def test_an_inactive_suppliers_members_are_strangers(db):
    people = _people()
    services.update_supplier(people.supplier, by=people.staff, is_active=False)
    admin = type(people.admin).objects.get(pk=people.admin.pk)  # a new request: roles are looked up again
    with pytest.raises(NotFound):
        services.new_version(people.connector, by=admin)
