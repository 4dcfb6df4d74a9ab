"""Every registry service checks who acts: members change their organization's entries, platform staff publish
API requirements, invitations and memberships are answered by their own person. Called directly — as a task, an
admin action or a new page would — a refused service raises and changes nothing."""

import copy
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.models import AuditEvent
from epdee.core.permissions import Actor
from registry import services
from registry.models import (
    ApiRequirement,
    CommunicationStandard,
    InformationStandard,
    InformationStandardVersion,
    Invitation,
    OrganizationMembership,
    TrustFramework,
)
from tests.core.factories import UserFactory
from tests.registry.factories import api_specification, organization, requirements_version, standard
from tests.registry.fixtures import token_for
from tests.support import rows_for_the_module

pytestmark = pytest.mark.django_db

WHEN = datetime(2025, 1, 1, tzinfo=UTC)
SEM_VER = {"sem_ver_major": 9, "sem_ver_minor": 0, "sem_ver_patch": 0}


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    with rows_for_the_module(django_db_blocker):
        yield _world()


@pytest.fixture
def world(shared_world, db):
    return copy.deepcopy(shared_world)


def _world():
    staff = UserFactory(staff=True)
    member, colleague = UserFactory(), UserFactory()
    requirements = requirements_version(staff)
    org = organization(member)
    services.invite(org, colleague.email, by=member)
    services.accept_invitation(Invitation.objects.get().pk, by=colleague)
    specification, (version,) = api_specification(member, org)
    url = services.add_url(version, {"type": "OTHER", "url": "https://example.test/x"}, by=member)
    communication, communication_version = standard(member, org, CommunicationStandard)
    information, information_version = standard(member, org, InformationStandard, "Medicatieproces")
    _, trust_version = standard(member, org, TrustFramework, "Nuts")
    services.link_standard_version(version, "trust_framework_versions", trust_version, by=member)
    invitation = services.invite(org, "invitee@example.test", by=member)
    return {
        "staff": staff,
        "member": member,
        "org": org,
        "empty_org": organization(member, name="Leeg"),
        "membership": OrganizationMembership.objects.get(organization=org, user=colleague),
        "invitation": invitation,
        "specification": specification,
        "version": version,
        "url": url,
        "communication": communication,
        "communication_version": communication_version,
        "information": information,
        "information_version": information_version,
        "trust_version": trust_version,
        "requirements": requirements,
        "requirement": ApiRequirement.objects.filter(version=requirements).first(),
    }


def snapshot():
    """Every registry row (links included) and the registry's audit events: a refusal changes none of it."""
    rows = {
        model.__name__: sorted(map(str, model.objects.values_list(*[f.attname for f in model._meta.concrete_fields])))
        for model in apps.get_app_config("registry").get_models(include_auto_created=True)
    }
    events = list(AuditEvent.objects.filter(action__startswith="registry.").values_list("pk", flat=True))
    return rows, events


# Services an organization's members may call (and platform staff in person): name → call(world, by).
OWNER_SERVICES = {
    "update_organization": lambda w, by: services.update_organization(w["org"], {"name": "Taken"}, by=by),
    "delete_organization": lambda w, by: services.delete_organization(w["empty_org"], by=by),
    "invite": lambda w, by: services.invite(w["org"], "other@example.test", by=by),
    "cancel_invitation": lambda w, by: services.cancel_invitation(w["invitation"], by=by),
    "remove_member": lambda w, by: services.remove_member(w["membership"], by=by),
    "create_api_specification": lambda w, by: services.create_api_specification(
        {"organization": w["org"], "name": "Mine now", "architectural_style": "REST"}, by=by
    ),
    "update_api_specification": lambda w, by: services.update_api_specification(
        w["specification"], {"name": "Taken"}, by=by
    ),
    "delete_api_specification": lambda w, by: services.delete_api_specification(w["specification"], by=by),
    "create_api_specification_version": lambda w, by: services.create_api_specification_version(
        {"api_specification": w["specification"], "name": "9.0.0", "publish_time": WHEN, "lifecycle_state": "DRAFT"}
        | SEM_VER,
        by=by,
    ),
    "update_api_specification_version": lambda w, by: services.update_api_specification_version(
        w["version"], {"name": "Taken"}, by=by
    ),
    "delete_api_specification_version": lambda w, by: services.delete_api_specification_version(w["version"], by=by),
    "add_url": lambda w, by: services.add_url(w["version"], {"type": "OTHER", "url": "https://evil.test"}, by=by),
    "update_url": lambda w, by: services.update_url(w["url"], {"url": "https://evil.test"}, by=by),
    "delete_url": lambda w, by: services.delete_url(w["url"], by=by),
    "add_declaration": lambda w, by: services.add_declaration(
        w["version"], "1.2.0", {"SD001": {"conformityType": "CONFORMANT"}}, by=by
    ),
    "link_standard_version": lambda w, by: services.link_standard_version(
        w["version"], "communication_standard_versions", w["communication_version"], by=by
    ),
    "unlink_standard_version": lambda w, by: services.unlink_standard_version(
        w["version"], "trust_framework_versions", w["trust_version"], by=by
    ),
    "set_standard_versions": lambda w, by: services.set_standard_versions(
        w["version"], "trust_framework_versions", [], by=by
    ),
    "create_standard": lambda w, by: services.create_standard(
        TrustFramework, {"organization": w["org"], "name": "Mine", "url": "https://evil.test"}, by=by
    ),
    "update_standard": lambda w, by: services.update_standard(w["communication"], {"name": "Taken"}, by=by),
    "delete_standard": lambda w, by: services.delete_standard(w["communication"], by=by),
    "create_standard_version": lambda w, by: services.create_standard_version(
        InformationStandardVersion,
        {"information_standard": w["information"], "name": "9", "publish_time": WHEN, "lifecycle_state": "DRAFT"}
        | SEM_VER,
        by=by,
    ),
    "update_standard_version": lambda w, by: services.update_standard_version(
        w["information_version"], {"name": "Taken"}, care_types=["HOSPITALS"], by=by
    ),
}

# Services for platform staff only: API requirements versions belong to no organization.
STAFF_SERVICES = {
    "create_requirements_version": lambda w, by: services.create_requirements_version(
        {"name": "9.0.0", "url": "https://evil.test", "publish_time": WHEN, "lifecycle_state": "DRAFT"} | SEM_VER,
        [],
        by=by,
    ),
    "update_requirements_version": lambda w, by: services.update_requirements_version(
        w["requirements"], {"lifecycle_state": "RETIRED"}, by=by
    ),
    "delete_requirements_version": lambda w, by: services.delete_requirements_version(w["requirements"], by=by),
    "add_requirement": lambda w, by: services.add_requirement(
        w["requirements"],
        {
            "code": "XX001",
            "description": "x",
            "url": "https://evil.test",
            "requirement_level": "MAY",
            "score": 0,
            "category": "API_SECURITY",
        },
        by=by,
    ),
    "update_requirement": lambda w, by: services.update_requirement(w["requirement"], {"score": 99}, by=by),
    "delete_requirement": lambda w, by: services.delete_requirement(w["requirement"], by=by),
    "load_api_requirements": lambda w, by: services.load_api_requirements("/nonexistent", by=by),
}


def _refused(world, call, by, error=PermissionDenied):
    before = snapshot()
    with pytest.raises(error):
        call(world, by)
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(OWNER_SERVICES))
def test_someone_outside_the_organization_is_refused(world, name):
    _refused(world, OWNER_SERVICES[name], UserFactory())


@pytest.mark.parametrize("name", sorted(OWNER_SERVICES))
def test_platform_staff_through_an_api_token_are_refused_like_anyone(world, name):
    staff = world["staff"]
    token = _access_token(staff)
    _refused(world, OWNER_SERVICES[name], Actor(user=staff, token=token))


@pytest.mark.parametrize("name", sorted(OWNER_SERVICES))
def test_anonymous_callers_are_refused(world, name):
    _refused(world, OWNER_SERVICES[name], AnonymousUser())


@pytest.mark.parametrize("name", sorted(OWNER_SERVICES))
def test_a_member_is_allowed(world, name):
    OWNER_SERVICES[name](world, world["member"])
    assert AuditEvent.objects.filter(action__startswith="registry.", actor=world["member"]).exists()


@pytest.mark.parametrize("name", ["update_organization", "add_declaration", "delete_standard", "remove_member"])
def test_platform_staff_correct_mistakes_in_person(world, name):
    OWNER_SERVICES[name](world, world["staff"])
    assert AuditEvent.objects.filter(action__startswith="registry.", actor=world["staff"]).exists()


@pytest.mark.parametrize("name", sorted(STAFF_SERVICES))
def test_only_platform_staff_publish_api_requirements(world, name):
    _refused(world, STAFF_SERVICES[name], world["member"])


def test_an_organization_is_started_by_someone_signed_in():
    _refused({}, lambda w, by: services.create_organization({"name": "X", "email_address": "x@x.test"}, by=by), None)
    _refused(
        {},
        lambda w, by: services.register_api_client("X", client_id="x", client_secret="y", by=by),
        AnonymousUser(),
    )


@pytest.mark.parametrize("answer", [services.accept_invitation, services.decline_invitation])
def test_an_invitation_is_answered_only_by_its_invitee(world, answer):
    _refused(world, lambda w, by: answer(w["invitation"].pk, by=by), world["member"], NotFound)
    invitee = UserFactory(email="Invitee@Example.test")
    answer(world["invitation"].pk, by=invitee)


def test_only_the_member_himself_leaves(world):
    _refused(world, lambda w, by: services.leave_organization(w["membership"], by=by), world["member"], NotFound)
    services.leave_organization(world["membership"], by=world["membership"].user)
    assert not OrganizationMembership.objects.filter(pk=world["membership"].pk).exists()


def test_a_new_member_may_change_at_once(world):
    newcomer = UserFactory(email="newcomer@example.test")
    with pytest.raises(PermissionDenied):
        services.update_organization(world["org"], {"name": "Too early"}, by=newcomer)
    invitation = services.invite(world["org"], newcomer.email, by=world["member"])
    services.accept_invitation(invitation.pk, by=newcomer)  # the same user object: its remembered role is renewed
    services.update_organization(world["org"], {"name": "Welcome"}, by=newcomer)


def _access_token(user):
    from oauth2_provider.models import AccessToken

    return AccessToken.objects.get(token=token_for(user))
