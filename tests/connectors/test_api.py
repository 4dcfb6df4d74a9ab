"""The suppliers' connector API: session or API token, own connectors only, design rules, submission."""

import pytest
from rest_framework.test import APIClient

from epdee.core.services.tokens import create_api_token
from tests.connectors.factories import SupplierMemberFactory, connector_in, endpoint
from tests.core.factories import UserFactory


def _client(user, scope="read_write"):
    _, raw = create_api_token(user, name="test", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def _design_body(version=None, fields=("id", "firstName")):
    return {
        "endpoint_mode": "FILTERED",
        "endpoints": [{"endpoint": endpoint("GET", "/t/clients").pk, "fields": list(fields)}],
    }


def test_lists_only_the_users_suppliers_connectors(db):
    member, connector, _ = connector_in("DEVELOPMENT")
    connector_in("DEVELOPMENT", name="Someone else's")
    api = _client(member.user)
    listed = api.get("/api/connectors/").json()
    assert [c["name"] for c in listed["results"]] == [connector.name]
    assert listed["results"][0]["versions"][0]["stage"] == "DEVELOPMENT"


def test_another_suppliers_connector_and_version_are_not_found(db):
    _, other_connector, other_version = connector_in("DEVELOPMENT", name="Theirs")
    api = _client(SupplierMemberFactory().user)
    for url in (
        f"/api/connectors/{other_connector.pk}/",
        f"/api/connector-versions/{other_version.pk}/",
        f"/api/connector-versions/{other_version.pk}/technical-design/",
    ):
        assert api.get(url).status_code == 404, url
    assert (
        api.put(
            f"/api/connector-versions/{other_version.pk}/technical-design/", _design_body(), format="json"
        ).status_code
        == 404
    )
    assert api.post(f"/api/connector-versions/{other_version.pk}/submit/").status_code == 404


def test_design_is_read_and_replaced_then_submitted(db):
    member, _, version = connector_in("DEVELOPMENT")
    api = _client(member.user)
    url = f"/api/connector-versions/{version.pk}/technical-design/"
    assert api.get(url).json() == {"endpoint_mode": "FILTERED", "endpoints": []}
    saved = api.put(url, _design_body(), format="json")
    assert saved.status_code == 200, saved.json()
    assert saved.json()["endpoints"][0]["fields"] == ["firstName", "id"]
    submitted = api.post(f"/api/connector-versions/{version.pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["stage"] == "IN_REVIEW"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"endpoint_mode": "ALLOW_SOME", "endpoints": []}, "endpoint_mode"),
        ({"endpoint_mode": "FILTERED", "endpoints": [{"endpoint": 999999}]}, "endpoints"),
        ({"endpoint_mode": "FILTERED"}, "endpoints"),
    ],
)
def test_malformed_designs_are_refused_with_details(db, body, field):
    member, _, version = connector_in("DEVELOPMENT")
    response = _client(member.user).put(f"/api/connector-versions/{version.pk}/technical-design/", body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_rule_violations_are_clear_400s(db):
    member, _, version = connector_in("DEVELOPMENT")
    api = _client(member.user)
    url = f"/api/connector-versions/{version.pk}/technical-design/"
    wrong_field = api.put(url, _design_body(fields=("id", "salary")), format="json")
    assert wrong_field.status_code == 400 and "salary is not a field of Client" in wrong_field.json()["fields"][0]
    deprecated = {
        "endpoint_mode": "FILTERED",
        "endpoints": [{"endpoint": endpoint("GET", "/t/clients/by_bsn/{bsn}").pk}],
    }
    refused = api.put(url, deprecated, format="json")
    assert refused.status_code == 400 and "Deprecated" in refused.json()["endpoints"][0]
    assert api.get(url).json()["endpoints"] == []


@pytest.mark.parametrize("stage", ["IN_REVIEW", "APPROVED"])
def test_a_locked_version_answers_409_in_drfs_format(db, stage):
    member, _, version = connector_in(stage)
    api = _client(member.user)
    url = f"/api/connector-versions/{version.pk}/technical-design/"
    for response in (
        api.put(url, _design_body(), format="json"),
        api.post(f"/api/connector-versions/{version.pk}/submit/"),
    ):
        assert response.status_code == 409
        assert response.json()["code"] == "locked" and "cannot" in response.json()["detail"]


def test_the_schema_documents_the_refusals(db):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    put = schema["paths"]["/api/connector-versions/{id}/technical-design/"]["put"]["responses"]
    assert {"400", "409"} <= set(put) and '"code": "locked"' in put["409"]["description"]


def test_read_only_tokens_cannot_change_anything(db):
    member, _, version = connector_in("DEVELOPMENT")
    api = _client(member.user, scope="read")
    assert api.get(f"/api/connector-versions/{version.pk}/").status_code == 200
    assert (
        api.put(f"/api/connector-versions/{version.pk}/technical-design/", _design_body(), format="json").status_code
        == 403
    )


def test_unauthenticated_and_bad_tokens_are_refused(db):
    assert APIClient().get("/api/connectors/").status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token abc.def")
    response = client.get("/api/connectors/")
    assert response.status_code == 401 and "Invalid" in response.json()["detail"]


def test_catalog_lists_deprecations(db):
    api = _client(UserFactory())
    endpoints = api.get("/api/endpoints/", {"page_size": 500}).json()
    assert endpoints["count"] > 30
