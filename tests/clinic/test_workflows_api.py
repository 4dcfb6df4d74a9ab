"""GET /api/workflows (seed 004): the tenant's workflow definitions with their ordered steps."""

import pytest

from tests.clinic.clients import api_client, member, token_client
from tests.clinic.factories import WorkflowFactory, WorkflowStepFactory

URL = "/api/workflows"


@pytest.fixture
def viewer(db):
    return member("viewer")


def test_workflows_come_with_their_steps_in_order(viewer):
    intake = WorkflowFactory(tenant=viewer.tenant, name="Intake", description="Nieuwe patiënt")
    for position in (3, 1, 2):
        WorkflowStepFactory(tenant=viewer.tenant, workflow=intake, position=position, title=f"Stap {position}")
    WorkflowFactory(tenant=viewer.tenant, name="Archief", is_active=False)
    WorkflowFactory(name="Intake")  # another tenant's
    data = api_client(viewer).get(URL).json()
    assert data["count"] == 2
    archive, first = data["results"]
    assert (archive["name"], archive["isActive"], archive["steps"]) == ("Archief", False, [])
    assert first["description"] == "Nieuwe patiënt" and first["isActive"] is True
    assert [(step["position"], step["title"]) for step in first["steps"]] == [
        (1, "Stap 1"),
        (2, "Stap 2"),
        (3, "Stap 3"),
    ]


def test_filtering_on_active(viewer):
    WorkflowFactory(tenant=viewer.tenant, name="Aan")
    WorkflowFactory(tenant=viewer.tenant, name="Uit", is_active=False)
    client = api_client(viewer)
    assert [row["name"] for row in client.get(URL, {"active": "true"}).json()["results"]] == ["Aan"]
    assert [row["name"] for row in client.get(URL, {"active": "false"}).json()["results"]] == ["Uit"]
    assert client.get(URL, {"active": "sometimes"}).status_code == 400


def test_the_list_needs_constant_queries(viewer, django_assert_max_num_queries):
    client = api_client(viewer)
    WorkflowStepFactory(tenant=viewer.tenant)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for _ in range(10):
        WorkflowStepFactory.create_batch(3, tenant=viewer.tenant, workflow=WorkflowFactory(tenant=viewer.tenant))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).json()["count"] == 11


def test_read_only_access_by_token_and_no_writes(viewer):
    WorkflowFactory(tenant=viewer.tenant)
    client = token_client(viewer, scope="read")
    assert client.get(URL).json()["count"] == 1
    assert api_client(member("admin", tenant=viewer.tenant)).post(URL, {}).status_code == 405


def test_anonymous_is_refused(db):
    from rest_framework.test import APIClient

    assert APIClient().get(URL).status_code in (401, 403)
