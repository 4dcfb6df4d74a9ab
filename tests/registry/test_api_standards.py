"""Communication standards, information standards and trust frameworks with their versions."""

from tests.core.factories import UserFactory
from tests.registry.factories import organization

BASE = "/registry/v1beta2"
VERSION = {
    "publishTime": "2023-10-24T14:15:30.500Z",
    "semVer": {"major": 2, "minor": 1, "patch": 0},
    "lifecycleState": "DRAFT",
}


def test_information_standard_version_with_care_types_and_links(api_for):
    member = UserFactory()
    org = organization(member)
    api = api_for(member)
    communication = api.post(
        f"{BASE}/communication-standards",
        {"name": "FHIR", "organizationId": str(org.pk), "url": "https://hl7.org"},
        format="json",
    )
    assert communication.status_code == 201 and "mainVersionId" not in communication.json()
    communication_version = api.post(
        f"{BASE}/communication-standard-versions",
        {**VERSION, "name": "R4", "communicationStandardId": communication.json()["id"]},
        format="json",
    ).json()
    information = api.post(
        f"{BASE}/information-standards",
        {"name": "Medicatieproces", "organizationId": str(org.pk), "url": "https://nictiz.nl"},
        format="json",
    ).json()
    body = {
        **VERSION,
        "name": "9.3.0",
        "informationStandardId": information["id"],
        "careTypes": ["PHARMACISTS", "GENERAL_PRACTITIONERS"],
        "communicationStandardVersions": [{"id": communication_version["id"]}],
    }
    created = api.post(f"{BASE}/information-standard-versions", body, format="json")
    assert created.status_code == 201, created.json()
    version = created.json()
    assert version["careTypes"] == ["PHARMACISTS", "GENERAL_PRACTITIONERS"]
    assert version["communicationStandardVersions"][0]["communicationStandardId"] == communication.json()["id"]
    trust = api.post(
        f"{BASE}/trust-frameworks",
        {"name": "Nuts", "organizationId": str(org.pk), "url": "https://nuts.nl"},
        format="json",
    ).json()
    trust_version = api.post(
        f"{BASE}/trust-framework-versions", {**VERSION, "name": "1.0", "trustFrameworkId": trust["id"]}, format="json"
    ).json()
    link = f"{BASE}/information-standard-versions/{version['id']}/trust-framework-versions/{trust_version['id']}"
    assert api.put(link).status_code == 204
    patched = api.patch(
        f"{BASE}/information-standard-versions/{version['id']}",
        {"careTypes": ["HOSPITALS"], "name": "9.3.1"},
        format="json",
    ).json()
    assert patched["careTypes"] == ["HOSPITALS"] and patched["name"] == "9.3.1"
    assert [v["id"] for v in patched["trustFrameworkVersions"]] == [trust_version["id"]]
    main = api.patch(
        f"{BASE}/information-standards/{information['id']}", {"mainVersionId": version["id"]}, format="json"
    ).json()
    assert main["mainVersionId"] == version["id"]
    filtered = api.get(
        f"{BASE}/information-standards", {"filter": 'any(mainVersion.careTypes,eq($it,"HOSPITALS"))'}
    ).json()
    assert [s["id"] for s in filtered] == [information["id"]]


def test_main_version_of_a_standard_must_be_its_own(api_for):
    member = UserFactory()
    org = organization(member)
    api = api_for(member)
    first = api.post(
        f"{BASE}/trust-frameworks", {"name": "A", "organizationId": str(org.pk), "url": "https://a"}, format="json"
    ).json()
    second = api.post(
        f"{BASE}/trust-frameworks", {"name": "B", "organizationId": str(org.pk), "url": "https://b"}, format="json"
    ).json()
    version_of_second = api.post(
        f"{BASE}/trust-framework-versions", {**VERSION, "name": "1", "trustFrameworkId": second["id"]}, format="json"
    ).json()
    refused = api.patch(
        f"{BASE}/trust-frameworks/{first['id']}", {"mainVersionId": version_of_second["id"]}, format="json"
    )
    assert refused.status_code == 422


def test_a_standard_of_another_organization_cannot_be_changed(api_for):
    owner = UserFactory()
    org = organization(owner)
    standard = (
        api_for(owner)
        .post(
            f"{BASE}/communication-standards",
            {"name": "HL7v2", "organizationId": str(org.pk), "url": "https://x"},
            format="json",
        )
        .json()
    )
    outsider = api_for(UserFactory())
    assert (
        outsider.patch(f"{BASE}/communication-standards/{standard['id']}", {"name": "mine"}, format="json").status_code
        == 403
    )
    version = outsider.post(
        f"{BASE}/communication-standard-versions",
        {**VERSION, "name": "2.5", "communicationStandardId": standard["id"]},
        format="json",
    )
    assert version.status_code == 403
