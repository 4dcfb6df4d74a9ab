"""The browsable API library: the registry's dashboard pages, their search, and invitations by members."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import services
from registry.models import (
    CommunicationStandard,
    CommunicationStandardVersion,
    InformationStandard,
    InformationStandardVersion,
    Invitation,
    OrganizationMembership,
    TrustFramework,
    TrustFrameworkVersion,
)
from tests.core.factories import PASSWORD, UserFactory
from tests.registry.factories import organization, requirements_version
from tests.support import login

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2024, 3, 16, 14, 15, tzinfo=UTC)  # 15:15 in Amsterdam (CET)
DECLARED = {
    "SD001": {"conformityType": "CONFORMANT", "remarks": "Described in the OpenAPI document"},
    "SD001.001": {"conformityType": "CONFORMANT"},
    "SD002": {"conformityType": "NOT_CONFORMANT", "remarks": "No examples yet"},
    "DR003": {"conformityType": "NOT_APPLICABLE", "remarks": "Not a SOAP API"},
}


def add_specification(member, org, name, *, style="REST", description=None, lifecycle="PUBLISHED", standards=None):
    api = services.create_api_specification(
        {"organization": org, "name": name, "description": description, "architectural_style": style}, by=member
    )
    version = services.create_api_specification_version(
        {
            "api_specification": api,
            "name": "1.0.0",
            "publish_time": PUBLISHED,
            "lifecycle_state": lifecycle,
            "sem_ver_major": 1,
            "sem_ver_minor": 0,
            "sem_ver_patch": 0,
        },
        urls=[{"type": "OPENAPI_SPECIFICATION", "url": f"https://example.test/{api.pk}/openapi.yaml"}],
        links=standards,
        by=member,
    )
    services.update_api_specification(api, {"main_version": version}, by=member)
    api.refresh_from_db()
    return api, version


def add_standards(member, org):
    """One communication standard, information standard and trust framework, each with a version."""
    made = {}
    for model, version_model, name, version_name in [
        (CommunicationStandard, CommunicationStandardVersion, "FHIR", "R4"),
        (InformationStandard, InformationStandardVersion, "Basisgegevensset Zorg", "2020"),
        (TrustFramework, TrustFrameworkVersion, "Twiin", "1.0"),
    ]:
        standard = services.create_standard(
            model, {"organization": org, "name": name, "url": f"https://example.test/{name.lower()}"}, by=member
        )
        version = services.create_standard_version(
            version_model,
            {
                version_model.PARENT_FIELD: standard,
                "name": version_name,
                "publish_time": PUBLISHED - timedelta(days=400),
                "lifecycle_state": "PUBLISHED",
                "sem_ver_major": 4,
                "sem_ver_minor": 0,
                "sem_ver_patch": 1,
            },
            by=member,
        )
        services.update_standard(standard, {"main_version": version}, by=member)
        made[model] = version
    return made


@pytest.fixture
def library(client):
    """A member of Nictiz signed in; one REST API with two versions, standards and a declaration."""
    staff = UserFactory(staff=True)
    member = UserFactory(email="member@nictiz.example", full_name="Mira Member")
    requirements_version(staff)
    org = organization(member, description="Standards for Dutch healthcare", address_city="Den Haag", has_address=True)
    standards = add_standards(member, org)
    api, old = add_specification(
        member,
        org,
        "Verzamelen Huisartsgegevens",
        description="Collects GP data for research",
        standards={
            "communication_standard_versions": [standards[CommunicationStandard]],
            "information_standard_versions": [standards[InformationStandard]],
            "trust_framework_versions": [standards[TrustFramework]],
        },
    )
    services.update_api_specification_version(old, {"lifecycle_state": "DEPRECATED"}, by=member)
    new = services.create_api_specification_version(
        {
            "api_specification": api,
            "name": "2.0.0",
            "publish_time": PUBLISHED + timedelta(days=30),
            "lifecycle_state": "PUBLISHED",
            "sem_ver_major": 2,
            "sem_ver_minor": 0,
            "sem_ver_patch": 0,
            "sem_ver_pre_release": "rc.1",
        },
        by=member,
    )
    declaration = services.add_declaration(new, "1.2.0", DECLARED, by=member)
    services.update_api_specification(api, {"main_version": new}, by=member)
    login(client, member.email, PASSWORD)
    return {"member": member, "org": org, "api": api, "old": old, "new": new, "declaration": declaration}


def switch_to(client, user):
    client.logout()
    login(client, user.email, PASSWORD)
    return user


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def names_in(html: str) -> list[str]:
    return re.findall(r'<a class="fw-semibold" href="/library/specifications/[^"]+/">([^<]+)</a>', html)


# --- Access ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args",
    [
        ("library:index", []),
        ("library:specification", [uuid.uuid4()]),
        ("library:declaration", [uuid.uuid4()]),
        ("library:requirements", []),
        ("library:requirements-version", ["1.2.0"]),
        ("library:standards", []),
        ("library:organizations", []),
        ("library:organization", [uuid.uuid4()]),
        ("library:invitations", []),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login")) and "next=" in response.url


@pytest.mark.parametrize("name", ["library:specification", "library:declaration", "library:organization"])
def test_unknown_ids_answer_404(client, library, name):
    assert client.get(reverse(name, args=[uuid.uuid4()])).status_code == 404


def test_an_unknown_requirements_version_answers_404(client, library):
    assert client.get(reverse("library:requirements-version", args=["9.9.9"])).status_code == 404


def test_signed_in_users_find_the_library_in_the_navigation(client, library):
    html = html_of(client.get("/"))
    assert f'href="{reverse("library:index")}"' in html and ">Library<" in html


def test_every_library_page_renders_without_inline_script_or_style(client, library):
    invitation = services.invite(library["org"], "colleague@example.test", by=library["member"])
    assert invitation.status == "PENDING"
    urls = [
        reverse("library:index"),
        reverse("library:index") + "?q=zzz",
        reverse("library:specification", args=[library["api"].pk]),
        reverse("library:declaration", args=[library["declaration"].pk]),
        reverse("library:declaration", args=[library["old"].last_declaration_id]),
        reverse("library:requirements"),
        reverse("library:requirements-version", args=["1.2.0"]),
        reverse("library:standards"),
        reverse("library:organizations"),
        reverse("library:organization", args=[library["org"].pk]),
        reverse("library:invitations"),
    ]
    for url in urls:
        html = html_of(client.get(url))
        assert "<script>" not in html and " style=" not in html and "<style" not in html, url
        assert 'name="viewport"' in html, url


# --- The API library -------------------------------------------------------------------------------


def test_library_lists_specifications_with_main_version_and_ranking(client, library):
    html = html_of(client.get(reverse("library:index")))
    assert names_in(html) == ["Verzamelen Huisartsgegevens"]
    assert "Nictiz" in html and reverse("library:organization", args=[library["org"].pk]) in html
    assert "2.0.0-rc.1" in html  # the main version, not the first one
    assert "registry-tone-published" in html
    assert 'registry-tone-open_api">Open API</span>' in html  # ranking level of the main version's declaration
    assert "REST" in html


def test_library_search_matches_name_and_description_case_insensitively(client, library):
    add_specification(library["member"], library["org"], "Medicatieoverdracht", description="Medication TRANSFER")
    by_name = html_of(client.get(reverse("library:index"), {"q": "huisarts"}))
    assert names_in(by_name) == ["Verzamelen Huisartsgegevens"]
    by_description = html_of(client.get(reverse("library:index"), {"q": "medication transfer"}))
    assert names_in(by_description) == ["Medicatieoverdracht"]
    nothing = html_of(client.get(reverse("library:index"), {"q": "no such api"}))
    assert names_in(nothing) == [] and "No API specifications match" in nothing


def test_library_filters_by_style_lifecycle_and_organization(client, library):
    member = library["member"]
    other = organization(member, name="VZVZ")
    add_specification(member, library["org"], "SOAP API", style="SOAP", lifecycle="DEPRECATED")
    add_specification(member, other, "Other REST API")
    index = reverse("library:index")
    assert names_in(html_of(client.get(index, {"style": "SOAP"}))) == ["SOAP API"]
    assert names_in(html_of(client.get(index, {"lifecycle": "DEPRECATED"}))) == ["SOAP API"]
    assert names_in(html_of(client.get(index, {"organization": str(other.pk)}))) == ["Other REST API"]
    combined = html_of(client.get(index, {"style": "REST", "organization": str(library["org"].pk)}))
    assert names_in(combined) == ["Verzamelen Huisartsgegevens"]
    # Values that are no option are ignored rather than failing.
    assert len(names_in(html_of(client.get(index, {"style": "COBOL", "organization": "not-a-uuid"})))) == 3


def test_library_sorts_by_the_chosen_column(client, library):
    add_specification(library["member"], library["org"], "Afsprakenbeheer")
    add_specification(library["member"], library["org"], "Zorgverzekeringen")
    index = reverse("library:index")
    alphabetical = ["Afsprakenbeheer", "Verzamelen Huisartsgegevens", "Zorgverzekeringen"]
    assert names_in(html_of(client.get(index))) == alphabetical
    assert names_in(html_of(client.get(index, {"sort": "-name"}))) == alphabetical[::-1]
    by_ranking = names_in(html_of(client.get(index, {"sort": "-ranking"})))
    assert by_ranking[0] == "Verzamelen Huisartsgegevens"  # OPEN_API ranks above NONE


def test_library_paginates_thirty_specifications_over_two_pages(client, library):
    for number in range(29):
        add_specification(library["member"], library["org"], f"API {number:02d}")
    first = html_of(client.get(reverse("library:index")))
    assert len(names_in(first)) == 25 and "1 / 2" in first and "1–25 of 30" in first
    second = html_of(client.get(reverse("library:index"), {"page": 2, "sort": "name"}))
    assert len(names_in(second)) == 5 and "2 / 2" in second


def test_library_without_specifications_says_what_to_do(client):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    html = html_of(client.get(reverse("library:index")))
    assert "The library is still empty" in html and reverse("api-docs") in html


def test_library_query_count_does_not_grow_with_rows(client, library):
    add_specification(library["member"], library["org"], "Second API")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("library:index")).status_code == 200
        return len(captured)

    with_two = queries()
    others = [organization(library["member"], name=f"Leverancier {n}") for n in range(3)]
    for number in range(13):
        add_specification(library["member"], others[number % 3], f"API {number}", style="SOAP")
    assert names_in(html_of(client.get(reverse("library:index")))).__len__() == 15
    assert queries() == with_two


# --- One specification and its declaration ---------------------------------------------------------


def test_specification_shows_versions_newest_first_with_links_standards_and_ranking(client, library):
    html = html_of(client.get(reverse("library:specification", args=[library["api"].pk])))
    assert "Collects GP data for research" in html
    assert html.index('id="version-title-' + str(library["new"].pk)) < html.index(
        'id="version-title-' + str(library["old"].pk)
    )
    assert "2.0.0-rc.1" in html and "Main version" in html
    assert "registry-tone-deprecated" in html  # the lifecycle of the old version
    assert "16 Mar 2024, 15:15" in html  # 14:15 UTC on screen in Amsterdam
    url = f"https://example.test/{library['api'].pk}/openapi.yaml"
    assert f'href="{url}" target="_blank" rel="noopener"' in html and "OpenAPI specification" in html
    assert "FHIR R4" in html and "Basisgegevensset Zorg 2020" in html and "Twiin 1.0" in html
    # The main version's declaration: OPEN_API reached; score 4 of 6 → a bar of 65% (13 steps of 5%).
    assert 'registry-tone-open_api registry-ranking-level">Open API</span>' in html
    scores = re.findall(r'<strong class="text-body">(\d+)</strong> / (\d+)', html)
    assert scores[:3] == [("4", "6"), ("4", "8"), ("4", "12")]  # open, technically and fully standardized
    assert "registry-bar-13 registry-bar-reached" in html
    assert reverse("library:declaration", args=[library["declaration"].pk]) in html


def test_links_that_are_not_http_are_shown_as_text(client, library):
    services.add_url(library["new"], {"type": "OTHER", "url": "javascript:alert(1)"}, by=library["member"])
    html = html_of(client.get(reverse("library:specification", args=[library["api"].pk])))
    assert "javascript:alert(1)" in html and 'href="javascript:' not in html


def declared_codes(html: str) -> list[str]:
    return re.findall(r'class="font-monospace" href="[^"]+" target="_blank" rel="noopener">([A-Z0-9.]+)</a>', html)


def test_declaration_lists_declared_requirements_with_descriptions(client, library):
    url = reverse("library:declaration", args=[library["declaration"].pk])
    html = html_of(client.get(url))
    assert "Latest declaration" in html and "1.2.0" in html
    assert declared_codes(html) == ["DR003", "SD001", "SD001.001", "SD002"]
    assert "SD002 description" in html and "No examples yet" in html and "Not a SOAP API" in html
    assert 'href="https://example.test/requirements#sd002" target="_blank" rel="noopener"' in html
    assert 'registry-tone-not_conformant">Not conformant</span>' in html
    assert 'registry-tone-not_applicable">Not applicable</span>' in html
    only_conformant = html_of(client.get(url, {"conformity": "CONFORMANT"}))
    assert declared_codes(only_conformant) == ["SD001", "SD001.001"]


def test_a_new_versions_empty_declaration_says_nothing_is_evaluated(client, library):
    services.add_declaration(library["new"], "1.2.0", {}, by=library["member"])
    library["new"].refresh_from_db()
    html = html_of(client.get(reverse("library:declaration", args=[library["new"].last_declaration_id])))
    assert "Nothing evaluated yet" in html and 'registry-tone-none registry-ranking-level">None</span>' in html
    superseded = html_of(client.get(reverse("library:declaration", args=[library["declaration"].pk])))
    assert "Superseded" in superseded


# --- Requirements and standards --------------------------------------------------------------------


def codes_in(html: str) -> list[str]:
    return re.findall(r'class="font-monospace fw-semibold" href="[^"]+" target="_blank" rel="noopener">([^<]+)<', html)


def test_requirements_versions_are_listed_with_their_size(client, library):
    html = html_of(client.get(reverse("library:requirements")))
    assert reverse("library:requirements-version", args=["1.2.0"]) in html
    assert 'data-label="Requirements">7</td>' in html and "registry-tone-published" in html


def test_requirements_of_a_version_are_searched_filtered_and_sorted(client, library):
    url = reverse("library:requirements-version", args=["1.2.0"])
    everything = html_of(client.get(url))
    assert codes_in(everything) == ["DR001", "DR002", "DR003", "HS001", "SD001", "SD001.001", "SD002"]
    assert "MUST" in everything and "API design rules" in everything
    assert codes_in(html_of(client.get(url, {"q": "sd001"}))) == ["SD001", "SD001.001"]
    assert codes_in(html_of(client.get(url, {"q": "HS001 DESCRIPTION"}))) == ["HS001"]
    assert codes_in(html_of(client.get(url, {"category": "API_DESIGN_RULES"}))) == ["DR001", "DR002", "DR003"]
    assert codes_in(html_of(client.get(url, {"level": "SHOULD"}))) == ["SD002"]
    assert codes_in(html_of(client.get(url, {"standardization": "OPEN_API"}))) == ["SD001", "SD001.001", "SD002"]
    # A requirement that names no style applies to every style (as when ranking).
    assert "DR003" not in codes_in(html_of(client.get(url, {"style": "REST"})))
    assert codes_in(html_of(client.get(url, {"sort": "-score"})))[:2] == ["DR003", "HS001"]
    assert "No requirements match" in html_of(client.get(url, {"q": "nothing like this"}))


def test_requirements_are_paginated(client, library):
    staff = UserFactory(staff=True)
    many = services.create_requirements_version(
        {
            "name": "2.0.0",
            "url": "https://example.test/v2/",
            "publish_time": PUBLISHED,
            "lifecycle_state": "DRAFT",
            "sem_ver_major": 2,
            "sem_ver_minor": 0,
            "sem_ver_patch": 0,
        },
        [
            (
                {
                    "code": f"R{number:03d}",
                    "description": f"Requirement {number}",
                    "url": f"https://example.test/r{number}",
                    "requirement_level": "MAY",
                    "score": 1,
                    "category": "API_SECURITY",
                },
                {"standardizationLevels": ["OPEN_API"]},
            )
            for number in range(30)
        ],
        by=staff,
    )
    url = reverse("library:requirements-version", args=[many.name])
    assert len(codes_in(html_of(client.get(url)))) == 25
    assert codes_in(html_of(client.get(url, {"page": 2}))) == [f"R{n:03d}" for n in range(25, 30)]


def test_standards_page_shows_the_three_kinds_with_their_versions(client, library):
    html = html_of(client.get(reverse("library:standards")))
    for title in ["Communication standards", "Information standards", "Trust frameworks"]:
        assert title in html
    assert "FHIR" in html and "R4" in html and "Twiin" in html and "Basisgegevensset Zorg" in html
    assert html.count('registry-tone-main">Main</span>') == 3
    searched = html_of(client.get(reverse("library:standards"), {"q": "twiin"}))
    assert "Twiin" in searched and "FHIR" not in searched


# --- Organizations, members and invitations --------------------------------------------------------


def test_organizations_are_listed_with_their_api_count(client, library):
    organization(UserFactory(), name="VZVZ")
    html = html_of(client.get(reverse("library:organizations")))
    assert "Nictiz" in html and "VZVZ" in html and "Den Haag" in html and "Member" in html
    assert "VZVZ" not in html_of(client.get(reverse("library:organizations"), {"q": "nictiz"}))


def test_members_see_members_invitations_and_the_invite_form(client, library):
    services.invite(library["org"], "colleague@example.test", by=library["member"])
    html = html_of(client.get(reverse("library:organization", args=[library["org"].pk])))
    assert "Verzamelen Huisartsgegevens" in html and "FHIR" in html and "Twiin" in html
    assert "Mira Member" in html and "(you)" in html
    assert "colleague@example.test" in html and 'registry-tone-pending">Pending</span>' in html
    assert "Invite by e-mail" in html and ">Cancel</button>" in html


def test_non_members_see_the_organization_without_forms(client, library):
    switch_to(client, UserFactory())
    services.invite(library["org"], "colleague@example.test", by=library["member"])
    html = html_of(client.get(reverse("library:organization", args=[library["org"].pk])))
    assert "Verzamelen Huisartsgegevens" in html and "info@example.test" in html
    assert "Invite by e-mail" not in html and "colleague@example.test" not in html and "Mira Member" not in html
    assert 'method="post"' not in html.split('id="main"')[1]  # only the sign-out form of the navigation


def test_members_invite_by_email_and_see_refusals_on_the_form(client, library):
    org = library["org"]
    url = reverse("library:invite", args=[org.pk])
    response = client.post(url, {"email_address": "Colleague@Example.test"}, follow=True)
    html = html_of(response)
    assert "Colleague@Example.test is invited to Nictiz." in html
    assert Invitation.objects.get(organization=org).status == "PENDING"
    again = client.post(url, {"email_address": "colleague@example.test"})
    assert again.status_code == 400
    form = again.content.decode().split('id="invitations"')[1]
    assert "is-invalid" in form and "already has a pending invitation" in form
    assert 'value="colleague@example.test"' in form  # the address stays in the field to correct it
    yourself = client.post(url, {"email_address": library["member"].email})
    assert yourself.status_code == 400 and "already a member" in yourself.content.decode()
    assert Invitation.objects.filter(organization=org).count() == 1


def test_an_invalid_address_is_shown_inline_and_nothing_is_stored(client, library):
    response = client.post(reverse("library:invite", args=[library["org"].pk]), {"email_address": "not an address"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "is-invalid" in html and "Enter a valid email address." in html and 'value="not an address"' in html
    assert not Invitation.objects.exists()


def test_members_cancel_a_pending_invitation(client, library):
    invitation = services.invite(library["org"], "colleague@example.test", by=library["member"])
    url = reverse("library:cancel-invitation", args=[library["org"].pk, invitation.pk])
    html = html_of(client.post(url, follow=True))
    assert "is canceled" in html and 'registry-tone-canceled">Canceled</span>' in html
    invitation.refresh_from_db()
    assert invitation.status == "CANCELED"
    twice = html_of(client.post(url, follow=True))
    assert "Only a pending invitation can be canceled" in twice


def test_non_members_get_403_on_invite_and_cancel_and_nothing_changes(client, library):
    invitation = services.invite(library["org"], "colleague@example.test", by=library["member"])
    switch_to(client, UserFactory())
    org = library["org"]
    invite = client.post(reverse("library:invite", args=[org.pk]), {"email_address": "intruder@example.test"})
    cancel = client.post(reverse("library:cancel-invitation", args=[org.pk, invitation.pk]))
    assert invite.status_code == 403 and cancel.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "PENDING" and Invitation.objects.count() == 1


def test_invitation_pages_need_post(client, library):
    invitation = services.invite(library["org"], "colleague@example.test", by=library["member"])
    assert client.get(reverse("library:invite", args=[library["org"].pk])).status_code == 405
    assert client.get(reverse("library:accept-invitation", args=[invitation.pk])).status_code == 405


def test_invitees_accept_from_their_invitations_page_and_become_members(client, library):
    invitee = UserFactory(email="colleague@example.test")
    invitation = services.invite(library["org"], "Colleague@EXAMPLE.test", by=library["member"])
    switch_to(client, invitee)
    page = html_of(client.get(reverse("library:invitations")))
    assert "Nictiz" in page and "Mira Member" in page and ">Accept</button>" in page and ">Decline</button>" in page
    assert 'registry-count">1<' in page  # the badge in the library's navigation
    response = client.post(reverse("library:accept-invitation", args=[invitation.pk]), follow=True)
    html = html_of(response)
    assert response.redirect_chain[-1][0] == reverse("library:organization", args=[library["org"].pk])
    assert "you are now a member" in html and "You are a member" in html
    assert OrganizationMembership.objects.filter(organization=library["org"], user=invitee).exists()
    assert "No pending invitations" in html_of(client.get(reverse("library:invitations")))
    again = html_of(client.post(reverse("library:accept-invitation", args=[invitation.pk]), follow=True))
    assert "Only a pending invitation can be answered" in again


def test_invitees_decline_and_do_not_become_members(client, library):
    invitee = UserFactory(email="colleague@example.test")
    invitation = services.invite(library["org"], "colleague@example.test", by=library["member"])
    switch_to(client, invitee)
    html = html_of(client.post(reverse("library:decline-invitation", args=[invitation.pk]), follow=True))
    assert "You declined the invitation to Nictiz." in html and "No pending invitations" in html
    invitation.refresh_from_db()
    assert invitation.status == "DECLINED"
    assert not OrganizationMembership.objects.filter(user=invitee).exists()


def test_nobody_answers_someone_elses_invitation(client, library):
    invitation = services.invite(library["org"], "colleague@example.test", by=library["member"])
    switch_to(client, UserFactory())
    assert "Nictiz" not in html_of(client.get(reverse("library:invitations"))).split('id="main"')[1]
    assert client.post(reverse("library:accept-invitation", args=[invitation.pk])).status_code == 404
    assert client.post(reverse("library:decline-invitation", args=[uuid.uuid4()])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "PENDING"
