"""API specifications, versions, URLs, standard links and declarations of conformity."""

from registry.models import ApiSpecificationVersion
from tests.core.factories import UserFactory
from tests.registry.factories import organization, requirements_version

BASE = "/registry/v1beta2"
VERSION = {
    "name": "1.0.0",
    "publishTime": "2024-03-16T14:15:30.500Z",
    "semVer": {"major": 1, "minor": 0, "patch": 0, "preRelease": "beta"},
    "lifecycleState": "PUBLISHED",
}


def _setup(api_for, style="REST"):
    member = UserFactory()
    requirements_version(UserFactory(staff=True))
    org = organization(member)
    api = api_for(member)
    spec = api.post(
        f"{BASE}/api-specifications",
        {"name": "Verzamelen Huisartsgegevens", "organizationId": str(org.pk), "architecturalStyle": style},
        format="json",
    )
    assert spec.status_code == 201, spec.json()
    return member, org, api, spec.json()


def _standard_version(api, org, kind="communication-standards", parent="communicationStandardId"):
    standard = api.post(
        f"{BASE}/{kind}", {"name": "FHIR", "organizationId": str(org.pk), "url": "https://hl7.org/fhir"}, format="json"
    ).json()
    version_kind = kind.replace("standards", "standard-versions").replace("frameworks", "framework-versions")
    version = api.post(
        f"{BASE}/{version_kind}",
        {
            "name": "R4",
            "publishTime": "2019-10-30T00:00:00Z",
            "semVer": {"major": 4, "minor": 0, "patch": 1},
            "lifecycleState": "PUBLISHED",
            parent: standard["id"],
        },
        format="json",
    )
    assert version.status_code == 201, version.json()
    return standard, version.json()


def test_a_specification_is_created_without_versions(api_for):
    member, org, api, spec = _setup(api_for)
    assert spec["organizationId"] == str(org.pk) and spec["organization"]["name"] == "Nictiz"
    assert "mainVersionId" not in spec
    assert spec["createdByUserId"] == str(member.uuid)


def test_non_members_cannot_add_specifications(api_for):
    _, org, _, _ = _setup(api_for)
    response = api_for(UserFactory()).post(
        f"{BASE}/api-specifications",
        {"name": "x", "organizationId": str(org.pk), "architecturalStyle": "REST"},
        format="json",
    )
    assert response.status_code == 403


def test_version_with_urls_and_standards_starts_with_an_unevaluated_declaration(api_for):
    _, org, api, spec = _setup(api_for)
    _, communication_version = _standard_version(api, org)
    body = {
        **VERSION,
        "apiSpecificationId": spec["id"],
        "urls": [{"type": "OPENAPI_SPECIFICATION", "url": "https://example.test/openapi.yaml"}],
        "communicationStandardVersions": [{"id": communication_version["id"]}],
    }
    response = api.post(f"{BASE}/api-specification-versions", body, format="json")
    assert response.status_code == 201, response.json()
    version = response.json()
    assert version["apiSpecification"] == {"id": spec["id"], "name": spec["name"]}
    assert version["semVer"] == {"major": 1, "minor": 0, "patch": 0, "preRelease": "beta"}
    assert [u["type"] for u in version["urls"]] == ["OPENAPI_SPECIFICATION"]
    assert version["communicationStandardVersions"][0]["communicationStandard"]["name"] == "FHIR"
    declaration = version["lastDeclarationOfConformity"]
    assert declaration["requirementsVersion"] == "1.2.0" and declaration["rankingLevel"] == "NONE"
    assert declaration["rankings"]["OPEN_API"] == {"score": 0, "maximumScore": 6}


def test_unknown_linked_version_is_refused(api_for):
    _, _, api, spec = _setup(api_for)
    body = {
        **VERSION,
        "apiSpecificationId": spec["id"],
        "trustFrameworkVersions": [{"id": "00000000-0000-0000-0000-000000000000"}],
    }
    response = api.post(f"{BASE}/api-specification-versions", body, format="json")
    assert response.status_code == 422
    assert response.json()["details"][0]["location"] == "trustFrameworkVersions"
    assert not ApiSpecificationVersion.objects.exists()


def test_declaration_of_conformity_is_scored_against_the_requirements(api_for):
    _, _, api, spec = _setup(api_for)
    version = api.post(
        f"{BASE}/api-specification-versions", {**VERSION, "apiSpecificationId": spec["id"]}, format="json"
    ).json()
    declaration = {
        "requirementsVersion": "1.2.0",
        "requirements": {
            "SD001": {"conformityType": "CONFORMANT", "remarks": "Published on the portal"},
            "SD001.001": {"conformityType": "CONFORMANT"},
            "SD002": {"conformityType": "NOT_CONFORMANT"},
            "DR001": {"conformityType": "CONFORMANT"},
            "DR002": {"conformityType": "CONFORMANT"},
            "DR003": {"conformityType": "NOT_EVALUATED"},  # SOAP only: does not apply to a REST API
            "HS001": {"conformityType": "NOT_APPLICABLE"},
        },
    }
    response = api.post(
        f"{BASE}/api-specification-versions/{version['id']}/declarations-of-conformity", declaration, format="json"
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["rankings"] == {
        "OPEN_API": {"score": 4, "maximumScore": 6},
        "TECHNICALLY_STANDARDIZED_API": {"score": 8, "maximumScore": 8},
        "FULLY_STANDARDIZED_API": {"score": 8, "maximumScore": 8},
    }
    assert created["rankingLevel"] == "FULLY_STANDARDIZED_API"
    assert created["requirements"]["SD001"]["remarks"] == "Published on the portal"
    latest = api.get(f"{BASE}/api-specification-versions/{version['id']}").json()["lastDeclarationOfConformity"]
    assert latest["id"] == created["id"]
    listed = api.get(f"{BASE}/api-specification-versions/{version['id']}/declarations-of-conformity").json()
    assert [d["id"] for d in listed][0] == created["id"] and len(listed) == 2


def test_declaration_with_unknown_codes_or_versions_is_refused(api_for):
    _, _, api, spec = _setup(api_for)
    version = api.post(
        f"{BASE}/api-specification-versions", {**VERSION, "apiSpecificationId": spec["id"]}, format="json"
    ).json()
    url = f"{BASE}/api-specification-versions/{version['id']}/declarations-of-conformity"
    unknown_code = api.post(
        url,
        {"requirementsVersion": "1.2.0", "requirements": {"XX999": {"conformityType": "CONFORMANT"}}},
        format="json",
    )
    assert unknown_code.status_code == 422
    assert unknown_code.json()["details"] == [
        {"location": "requirements.XX999", "message": "not a requirement of this version"}
    ]
    bad_type = api.post(
        url, {"requirementsVersion": "1.2.0", "requirements": {"SD001": {"conformityType": "MAYBE"}}}, format="json"
    )
    assert bad_type.status_code == 422
    unknown_version = api.post(url, {"requirementsVersion": "9.9.9", "requirements": {}}, format="json")
    assert (
        unknown_version.status_code == 422 and unknown_version.json()["details"][0]["location"] == "requirementsVersion"
    )
    assert len(api.get(url).json()) == 1  # only the initial declaration


def test_main_version_must_belong_to_the_specification(api_for):
    member, org, api, spec = _setup(api_for)
    version = api.post(
        f"{BASE}/api-specification-versions", {**VERSION, "apiSpecificationId": spec["id"]}, format="json"
    ).json()
    other_spec = api.post(
        f"{BASE}/api-specifications",
        {"name": "Other", "organizationId": str(org.pk), "architecturalStyle": "SOAP"},
        format="json",
    ).json()
    refused = api.patch(
        f"{BASE}/api-specifications/{other_spec['id']}", {"mainVersionId": version["id"]}, format="json"
    )
    assert refused.status_code == 422
    updated = api.patch(f"{BASE}/api-specifications/{spec['id']}", {"mainVersionId": version["id"]}, format="json")
    assert updated.status_code == 200
    assert updated.json()["mainVersionId"] == version["id"]
    main = api.get(f"{BASE}/api-specification-versions/{updated.json()['mainVersionId']}").json()
    assert main["lastDeclarationOfConformity"]["requirementsVersion"] == "1.2.0"
    listed = api.get(f"{BASE}/api-specifications", {"filter": 'eq(mainVersion.lifecycleState,"PUBLISHED")'}).json()
    assert [s["id"] for s in listed] == [spec["id"]]


def test_urls_can_be_added_changed_and_removed(api_for):
    _, _, api, spec = _setup(api_for)
    version = api.post(
        f"{BASE}/api-specification-versions", {**VERSION, "apiSpecificationId": spec["id"]}, format="json"
    ).json()
    urls = f"{BASE}/api-specification-versions/{version['id']}/urls"
    created = api.post(urls, {"type": "FUNCTIONAL_DESIGN", "url": "https://example.test/fo"}, format="json").json()
    changed = api.patch(f"{urls}/{created['id']}", {"type": "TECHNICAL_DESIGN"}, format="json").json()
    assert changed["type"] == "TECHNICAL_DESIGN" and changed["url"] == "https://example.test/fo"
    assert api.delete(f"{urls}/{created['id']}").status_code == 204
    assert api.get(f"{urls}/{created['id']}").status_code == 404
    assert api_for(UserFactory()).post(urls, {"type": "OTHER", "url": "x"}, format="json").status_code == 403


def test_standard_versions_are_linked_and_unlinked(api_for):
    _, org, api, spec = _setup(api_for)
    _, trust_version = _standard_version(api, org, "trust-frameworks", "trustFrameworkId")
    version = api.post(
        f"{BASE}/api-specification-versions", {**VERSION, "apiSpecificationId": spec["id"]}, format="json"
    ).json()
    link = f"{BASE}/api-specification-versions/{version['id']}/trust-framework-versions/{trust_version['id']}"
    assert api.put(link).status_code == 204
    assert api.put(link).status_code == 204  # idempotent
    linked = api.get(f"{BASE}/api-specification-versions/{version['id']}").json()["trustFrameworkVersions"]
    assert [v["id"] for v in linked] == [trust_version["id"]]
    assert api.delete(link).status_code == 204
    assert api.delete(link).status_code == 404
    assert api_for(UserFactory()).put(link).status_code == 403
    unknown = "00000000-0000-0000-0000-000000000001"
    missing = f"{BASE}/api-specification-versions/{version['id']}/trust-framework-versions/{unknown}"
    assert api.put(missing).status_code == 404
