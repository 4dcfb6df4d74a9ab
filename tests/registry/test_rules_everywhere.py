"""Each registry rule holds in every interface that can try to break it — the API, the library pages, the admin —
with the same message, and a refusal changes nothing."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from registry import services
from registry.models import ApiSpecification, ApiSpecificationVersion, Invitation
from tests.core.factories import PASSWORD, UserFactory
from tests.registry.admin_forms import admin_url, form_errors, sign_in_staff, submit
from tests.registry.factories import api_specification, organization, requirements_version
from tests.support import login

pytestmark = pytest.mark.django_db

BASE = "/registry/v1beta2"


@dataclass
class Outcome:
    accepted: bool
    message: str = ""  # the refusal as the person sees it


@pytest.fixture
def world():
    member = UserFactory()
    requirements_version(UserFactory(staff=True))
    org = organization(member)
    first, (version,) = api_specification(member, org, "Verzamelen Huisartsgegevens")
    second, _ = api_specification(member, org, "Medicatieoverdracht", versions=())
    return {"member": member, "org": org, "first": first, "version": version, "second": second}


def _through(interface: str, rule: str, world, client, api_for, *, by=None, **given) -> Outcome:
    """Try one change through one interface, as `by` (the organization's member by default; the admin is staff's)."""
    by = by or world["member"]
    if interface == "api":
        api = api_for(by)
        if rule == "main_version":
            response = api.patch(
                f"{BASE}/api-specifications/{given['specification'].pk}",
                {"mainVersionId": str(given["version"].pk)},
                format="json",
            )
        elif rule == "invite":
            response = api.post(
                f"{BASE}/organizations/{world['org'].pk}/invitations", {"emailAddress": given["email"]}, format="json"
            )
        else:  # add_version
            body = {
                "apiSpecificationId": str(given["specification"].pk),
                "name": "2.0.0",
                "publishTime": "2024-05-01T12:00:00Z",
                "semVer": {"major": 2, "minor": 0, "patch": 0},
                "lifecycleState": "PUBLISHED",
            }
            response = api.post(f"{BASE}/api-specification-versions", body, format="json")
        return Outcome(
            response.status_code in (200, 201), "" if response.status_code < 300 else response.json()["message"]
        )
    if interface == "page":
        login(client, by.email, PASSWORD)
        response = client.post(reverse("library:invite", args=[world["org"].pk]), {"email_address": given["email"]})
        if response.status_code == 302:
            return Outcome(True)
        if response.status_code == 400:
            return Outcome(False, " ".join(response.context["invite_form"].errors["email_address"]))
        return Outcome(False, str(response.status_code))
    sign_in_staff(client)
    if rule == "main_version":
        specification = given["specification"]
        response = submit(
            client, admin_url(ApiSpecification, "change", specification.pk), main_version=str(given["version"].pk)
        )
        field = "main_version"
    else:  # add_version
        response = submit(
            client,
            admin_url(ApiSpecificationVersion, "add"),
            api_specification=str(given["specification"].pk),
            name="2.0.0",
            publish_time_0="2024-05-01",
            publish_time_1="12:00:00",
            lifecycle_state="PUBLISHED",
            sem_ver_major="2",
            sem_ver_minor="0",
            sem_ver_patch="0",
        )
        field = "__all__"
    return Outcome(True) if response.status_code == 302 else Outcome(False, form_errors(response)[field][0])


def _specification_state(specification):
    return ApiSpecification.objects.filter(pk=specification.pk).values("main_version", "update_time").get()


@pytest.mark.parametrize("interface", ["api", "admin"])
def test_a_main_version_of_another_specification_is_refused(client, api_for, world, interface):
    before = _specification_state(world["second"])
    outcome = _through(
        interface, "main_version", world, client, api_for, specification=world["second"], version=world["version"]
    )
    assert outcome == Outcome(False, "The main version must be a version of this API specification.")
    assert _specification_state(world["second"]) == before


@pytest.mark.parametrize("interface", ["api", "admin"])
def test_a_specifications_own_version_becomes_its_main_version(client, api_for, world, interface):
    outcome = _through(
        interface, "main_version", world, client, api_for, specification=world["first"], version=world["version"]
    )
    assert outcome.accepted
    assert _specification_state(world["first"])["main_version"] == world["version"].pk


@pytest.mark.parametrize("interface", ["api", "page"])
@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("colleague@example.test", "colleague@example.test already has a pending invitation to Nictiz"),
        ("member", "is already a member of Nictiz"),
    ],
)
def test_an_address_is_invited_once_and_never_a_members(client, api_for, world, interface, email, message):
    services.invite(world["org"], "colleague@example.test", by=world["member"])
    email = world["member"].email if email == "member" else email
    outcome = _through(interface, "invite", world, client, api_for, email=email)
    assert not outcome.accepted and message in outcome.message
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("interface", ["api", "page"])
def test_only_members_invite(client, api_for, world, interface):
    outcome = _through(interface, "invite", world, client, api_for, by=UserFactory(), email="someone@example.test")
    expected = "Only members of the owning organization may change this." if interface == "api" else "403"
    assert outcome == Outcome(False, expected)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("interface", ["api", "admin"])
def test_a_new_version_starts_with_a_declaration_of_conformity(client, api_for, world, interface):
    assert _through(interface, "add_version", world, client, api_for, specification=world["first"]).accepted
    declaration = ApiSpecificationVersion.objects.get(name="2.0.0").last_declaration
    assert (declaration.requirements_version.name, declaration.ranking_level, declaration.requirements) == (
        "1.2.0",
        "NONE",
        {},
    )
