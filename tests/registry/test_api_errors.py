"""Bad input gets the spec's ApiError with a 4xx and changes nothing."""

import pytest

from registry.models import Organization
from tests.core.factories import UserFactory
from tests.registry.factories import organization

BASE = "/registry/v1beta2"


def test_malformed_json_is_a_bad_request(api_for):
    response = api_for().post(f"{BASE}/organizations", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["type"] == "INVALID_ARGUMENT" and "parse" in response.json()["message"]
    assert not Organization.objects.exists()


@pytest.mark.parametrize("body", [[], "text", 12, None])
def test_a_body_that_is_not_an_object_is_refused(api_for, body):
    response = api_for().post(f"{BASE}/organizations", body, format="json")
    assert response.status_code in (400, 422)
    assert not Organization.objects.exists()


def test_a_malformed_id_in_the_path_is_a_bad_request(api_for):
    response = api_for().get(f"{BASE}/organizations/not-a-uuid")
    assert response.status_code == 400
    assert response.json()["details"] == [{"location": "organizationId", "message": "not a UUID"}]


def test_unknown_ids_and_paths_are_not_found(api_for):
    api = api_for()
    assert api.get(f"{BASE}/organizations/00000000-0000-0000-0000-000000000000").json()["type"] == "NOT_FOUND"
    unknown = api.get(f"{BASE}/no-such-collection")
    assert unknown.status_code == 404 and unknown.json()["type"] == "NOT_FOUND"
    assert api.get(f"{BASE}/api-requirements-versions/9.9.9").status_code == 404


def test_a_method_the_path_does_not_have_is_refused(api_for):
    org = organization(UserFactory())
    response = api_for().delete(f"{BASE}/organizations/{org.pk}")
    assert response.status_code == 405 and response.json()["status"] == 405


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"filter": "eq(name"}, "filter"),
        ({"filter": 'eq(nope,"x")'}, "filter"),
        ({"filter": 'gt(name,"x")'}, "filter"),
        ({"filter": 'eq(id,"not-a-uuid")'}, "filter"),
        ({"sort": "sideways(name)"}, "sort"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"skip": "-1"}, "skip"),
        ({"count": "perhaps"}, "count"),
    ],
)
def test_bad_query_parameters_are_bad_requests_with_details(api_for, params, location):
    response = api_for().get(f"{BASE}/organizations", params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "INVALID_ARGUMENT" and body["details"][0]["location"] == location


def test_count_reports_the_filtered_total(api_for):
    user = UserFactory()
    for name in ["Nictiz", "MedMij", "Nictiz Labs"]:
        organization(user, name=name)
    response = api_for(user).get(
        f"{BASE}/organizations", {"filter": 'stw(name,"Nictiz")', "count": "true", "limit": "1"}
    )
    assert response["Total-Count"] == "2"
    assert len(response.json()) == 1
    assert "Total-Count" not in api_for(user).get(f"{BASE}/organizations")
