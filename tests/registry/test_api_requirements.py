"""API requirements versions: published by staff, read by anyone with the scope, queried by the docs' example."""

from tests.core.factories import UserFactory
from tests.registry.factories import requirements_version

BASE = "/registry/v1beta2"
NEW_VERSION = {
    "name": "2.0.0",
    "url": "https://example.test/v2/",
    "publishTime": "2025-01-01T00:00:00Z",
    "semVer": {"major": 2, "minor": 0, "patch": 0},
    "lifecycleState": "DRAFT",
    "apiRequirements": [
        {
            "code": "NW001",
            "description": "New things MUST work",
            "url": "https://example.test/v2/#nw001",
            "requirementLevel": "MUST",
            "score": 1,
            "category": "API_TESTABILITY",
            "roles": ["API_SERVER_DEVELOPER"],
            "perspectiveTypes": ["API_SERVER_IMPLEMENTATION"],
            "architecturalStyles": ["REST"],
            "standardizationLevels": ["OPEN_API"],
        }
    ],
}


def test_staff_publish_a_version_with_its_requirements(api_for):
    staff = api_for(UserFactory(staff=True))
    created = staff.post(f"{BASE}/api-requirements-versions", NEW_VERSION, format="json")
    assert created.status_code == 201, created.json()
    assert "apiRequirements" not in created.json()  # write-only
    listed = staff.get(f"{BASE}/api-requirements-versions/2.0.0/api-requirements").json()
    assert [(r["code"], r["roles"]) for r in listed] == [("NW001", ["API_SERVER_DEVELOPER"])]
    duplicate = staff.post(f"{BASE}/api-requirements-versions", NEW_VERSION, format="json")
    assert duplicate.status_code == 422 and duplicate.json()["type"] == "ALREADY_EXISTS"
    renamed = staff.patch(
        f"{BASE}/api-requirements-versions/2.0.0", {"name": "2.0.1", "semVer": {"patch": 1}}, format="json"
    )
    assert renamed.status_code == 200 and renamed.json()["semVer"] == {"major": 2, "minor": 0, "patch": 1}
    assert staff.get(f"{BASE}/api-requirements-versions/2.0.1").status_code == 200


def test_others_cannot_publish_requirements(api_for):
    response = api_for(UserFactory()).post(f"{BASE}/api-requirements-versions", NEW_VERSION, format="json")
    assert response.status_code == 403


def test_the_zorgapis_documentation_example_query(api_for):
    requirements_version(UserFactory(staff=True))
    query = (
        'and(eq(requirementLevel,"MUST"),any(perspectiveTypes,eq($it,"API_SPECIFICATION")),'
        'any(architecturalStyles,eq($it,"REST")))'
    )
    response = api_for().get(f"{BASE}/api-requirements-versions/1.2.0/api-requirements", {"filter": query})
    assert response.status_code == 200
    assert [r["code"] for r in response.json()] == ["DR002"]


def test_the_documentation_example_on_the_real_requirements_1_2_0(api_for, shared_dir):
    from registry.services import load_api_requirements

    load_api_requirements(shared_dir / "zorgapis" / "api-requirements-1.2.0", by=UserFactory(staff=True))
    query = (
        'and(eq(requirementLevel,"MUST"),any(perspectiveTypes,eq($it,"API_SPECIFICATION")),'
        'any(architecturalStyles,eq($it,"REST")))'
    )
    response = api_for().get(
        f"{BASE}/api-requirements-versions/1.2.0/api-requirements", {"filter": query, "count": "true", "limit": 100}
    )
    assert response.status_code == 200
    found = response.json()
    assert int(response["Total-Count"]) >= len(found) > 10
    for requirement in found:
        assert requirement["requirementLevel"] == "MUST"
        assert "API_SPECIFICATION" in requirement["perspectiveTypes"] and "REST" in requirement["architecturalStyles"]
    assert [r["code"] for r in found] == sorted(r["code"] for r in found)  # default sort asc(code)
