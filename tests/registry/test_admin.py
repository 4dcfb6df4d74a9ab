"""The registry's admin saves and deletes through the services: their rules hold there, refusals show on the form."""

import pytest
from django.contrib import messages as django_messages

from epdee.core.errors import Conflict
from epdee.core.models import AuditEvent
from registry import services
from registry.models import (
    ApiRequirementsVersion,
    ApiSpecification,
    ApiSpecificationVersion,
    DeclarationOfConformity,
    Invitation,
    Organization,
    TrustFramework,
)
from tests.core.factories import UserFactory
from tests.registry.admin_forms import admin_url, form_errors, sign_in_staff, submit
from tests.registry.factories import api_specification, organization, requirements_version, standard

pytestmark = pytest.mark.django_db

MAIN_VERSION_REFUSED = "The main version must be a version of this API specification."


@pytest.fixture
def registry():
    """Two API specifications of one organization: the first with a version, the second without."""
    member = UserFactory()
    requirements_version(UserFactory(staff=True))
    org = organization(member)
    first, (version,) = api_specification(member, org, "Verzamelen Huisartsgegevens")
    second, _ = api_specification(member, org, "Medicatieoverdracht", versions=())
    return {"member": member, "org": org, "first": first, "version": version, "second": second}


def _row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


# --- the main version belongs to its own specification --------------------------------------------------


def test_a_main_version_of_another_specification_is_refused_on_the_form(client, registry):
    sign_in_staff(client)
    second = registry["second"]
    before = _row(ApiSpecification, second.pk)

    response = submit(
        client, admin_url(ApiSpecification, "change", second.pk), main_version=str(registry["version"].pk)
    )

    assert form_errors(response) == {"main_version": [MAIN_VERSION_REFUSED]}
    assert _row(ApiSpecification, second.pk) == before
    assert not AuditEvent.objects.filter(action__in=["registry.api_specification.update", "admin.change"]).exists()


def test_the_specifications_own_version_becomes_its_main_version(client, registry):
    staff = sign_in_staff(client)
    first = registry["first"]

    response = submit(client, admin_url(ApiSpecification, "change", first.pk), main_version=str(registry["version"].pk))

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.main_version == registry["version"] and first.updated_by == staff
    assert AuditEvent.objects.filter(action="registry.api_specification.update", actor=staff).exists()


def test_a_new_specification_cannot_start_with_a_main_version(client, registry):
    sign_in_staff(client)
    response = submit(
        client,
        admin_url(ApiSpecification, "add"),
        organization=str(registry["org"].pk),
        name="Afsprakenbeheer",
        architectural_style="REST",
        main_version=str(registry["version"].pk),
    )
    assert form_errors(response) == {"main_version": [MAIN_VERSION_REFUSED]}
    assert not ApiSpecification.objects.filter(name="Afsprakenbeheer").exists()


def test_a_main_version_of_another_standard_is_refused_on_the_form(client, registry):
    sign_in_staff(client)
    nuts, _ = standard(registry["member"], registry["org"], TrustFramework, "Nuts", version="6.0")
    _, twiin_version = standard(registry["member"], registry["org"], TrustFramework, "Twiin", version="1.0")

    response = submit(client, admin_url(TrustFramework, "change", nuts.pk), main_version=str(twiin_version.pk))

    assert form_errors(response) == {"main_version": ["The main version must be a version of this standard."]}
    nuts.refresh_from_db()
    assert nuts.main_version is None


# --- a new version starts with a declaration of conformity --------------------------------------------------

VERSION_FORM = {
    "name": "2.0.0",
    "description": "",
    "publish_time_0": "2024-05-01",
    "publish_time_1": "12:00:00",
    "lifecycle_state": "PUBLISHED",
    "sem_ver_major": "2",
    "sem_ver_minor": "0",
    "sem_ver_patch": "0",
}


def test_a_version_added_in_the_admin_gets_its_initial_declaration(client, registry):
    staff = sign_in_staff(client)
    _, fhir_r4 = standard(registry["member"], registry["org"], TrustFramework, "Nuts")

    response = submit(
        client,
        admin_url(ApiSpecificationVersion, "add"),
        api_specification=str(registry["first"].pk),
        trust_framework_versions=[str(fhir_r4.pk)],
        **VERSION_FORM,
    )

    assert response.status_code == 302, form_errors(response)
    version = ApiSpecificationVersion.objects.get(name="2.0.0")
    declaration = version.last_declaration
    assert declaration is not None and declaration.requirements == {} and declaration.ranking_level == "NONE"
    assert declaration.requirements_version.name == "1.2.0" and declaration.created_by == staff
    assert list(version.trust_framework_versions.all()) == [fhir_r4]


def test_a_version_cannot_be_added_before_requirements_are_published(client, registry):
    sign_in_staff(client)
    ApiRequirementsVersion.objects.update(lifecycle_state="DRAFT")

    response = submit(
        client, admin_url(ApiSpecificationVersion, "add"), api_specification=str(registry["first"].pk), **VERSION_FORM
    )

    assert form_errors(response) == {
        "__all__": ["No published API requirements version exists to declare conformity against"]
    }
    assert not ApiSpecificationVersion.objects.filter(name="2.0.0").exists()


def test_changing_a_versions_standards_links_and_unlinks_through_the_services(client, registry):
    staff = sign_in_staff(client)
    version = registry["version"]
    _, nuts = standard(registry["member"], registry["org"], TrustFramework, "Nuts")
    _, twiin = standard(registry["member"], registry["org"], TrustFramework, "Twiin")
    services.link_standard_version(version, "trust_framework_versions", nuts, by=registry["member"])

    url = admin_url(ApiSpecificationVersion, "change", version.pk)
    response = submit(client, url, trust_framework_versions=[str(twiin.pk)])

    assert response.status_code == 302, form_errors(response)
    assert list(version.trust_framework_versions.all()) == [twiin]
    actions = set(AuditEvent.objects.filter(actor=staff).values_list("action", flat=True))
    assert {"registry.link.trust_framework_versions.add", "registry.link.trust_framework_versions.remove"} <= actions


# --- deletes ---------------------------------------------------------------------------------------------


def test_deleting_a_specification_goes_through_the_service(client, registry):
    staff = sign_in_staff(client)
    first = registry["first"]
    response = client.post(admin_url(ApiSpecification, "delete", first.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not ApiSpecification.objects.filter(pk=first.pk).exists()
    assert not ApiSpecificationVersion.objects.filter(pk=registry["version"].pk).exists()
    assert AuditEvent.objects.filter(action="registry.api_specification.delete", actor=staff).exists()


def test_deleting_organizations_in_bulk_goes_through_the_service(client, registry):
    staff = sign_in_staff(client)
    empty = [organization(UserFactory(), name=f"Leeg {n}") for n in range(2)]
    response = client.post(
        admin_url(Organization, "changelist"),
        {"action": "delete_selected", "_selected_action": [str(o.pk) for o in empty], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Organization.objects.filter(pk__in=[o.pk for o in empty]).exists()
    assert AuditEvent.objects.filter(action="registry.organization.delete", actor=staff).count() == 2


def test_an_organization_that_owns_specifications_is_not_deleted(client, registry):
    sign_in_staff(client)
    org = registry["org"]
    client.post(admin_url(Organization, "delete", org.pk), {"post": "yes"})
    assert Organization.objects.filter(pk=org.pk).exists()
    with pytest.raises(Conflict, match="still owns"):
        services.delete_organization(org, by=registry["member"])


def test_a_refused_delete_shows_the_refusal_and_changes_nothing(client, registry, monkeypatch):
    def refuse(obj, *, by):
        raise Conflict("Refused by the service.")

    monkeypatch.setattr(services, "delete_api_specification", refuse)
    sign_in_staff(client)
    single = client.post(admin_url(ApiSpecification, "delete", registry["second"].pk), {"post": "yes"}, follow=True)
    bulk = client.post(
        admin_url(ApiSpecification, "changelist"),
        {"action": "delete_selected", "_selected_action": [str(registry["second"].pk)], "post": "yes"},
        follow=True,
    )
    for response in (single, bulk):
        shown = [(m.level, m.message) for m in response.context["messages"]]
        assert (django_messages.ERROR, "Refused by the service.") in shown
    assert ApiSpecification.objects.filter(pk=registry["second"].pk).exists()


# --- what staff only look at -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Invitation, DeclarationOfConformity])
def test_invitations_and_declarations_are_read_only(client, registry, model):
    sign_in_staff(client)
    services.invite(registry["org"], "colleague@example.test", by=registry["member"])
    item = model.objects.first()
    assert client.get(admin_url(model, "change", item.pk)).status_code == 200  # staff may look
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "delete", item.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=item.pk).exists()


def test_an_organization_added_in_the_admin_has_the_staff_member_as_its_first_member(client, db):
    staff = sign_in_staff(client)
    response = submit(client, admin_url(Organization, "add"), name="VZVZ", email_address="info@vzvz.example")
    assert response.status_code == 302, form_errors(response)
    added = Organization.objects.get(name="VZVZ")
    assert list(added.members.all()) == [staff] and added.created_by == staff
