"""List endpoints run a fixed number of SQL queries however many rows a page holds."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import services
from registry.models import CommunicationStandard, CommunicationStandardVersion
from tests.core.factories import UserFactory
from tests.registry.factories import organization, requirements_version

BASE = "/registry/v1beta2"


def _add_specifications(member, org, count, standard_versions):
    for index in range(count):
        spec = services.create_api_specification(
            {"organization": org, "name": f"Spec {index}", "architectural_style": "REST"}, by=member
        )
        version = services.create_api_specification_version(
            {
                "api_specification": spec,
                "name": f"{index}.0.0",
                "publish_time": "2024-01-01T00:00:00Z",
                "lifecycle_state": "PUBLISHED",
                "sem_ver_major": index,
                "sem_ver_minor": 0,
                "sem_ver_patch": 0,
            },
            urls=[{"type": "OTHER", "url": f"https://example.test/{index}"}],
            links={"communication_standard_versions": standard_versions},
            by=member,
        )
        services.update_api_specification(spec, {"main_version": version}, by=member)


def _queries(api, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, params)
    assert response.status_code == 200
    return len(captured), len(response.json())


def test_list_query_count_does_not_grow_with_the_page(api_for):
    member = UserFactory()
    requirements_version(UserFactory(staff=True))
    org = organization(member)
    standard = services.create_standard(
        CommunicationStandard, {"organization": org, "name": "FHIR", "url": "https://hl7.org"}, by=member
    )
    standard_version = services.create_standard_version(
        CommunicationStandardVersion,
        {
            "communication_standard": standard,
            "name": "R4",
            "publish_time": "2019-01-01T00:00:00Z",
            "lifecycle_state": "PUBLISHED",
            "sem_ver_major": 4,
            "sem_ver_minor": 0,
            "sem_ver_patch": 1,
        },
        by=member,
    )
    api = api_for(member)
    params = {"filter": 'and(eq(mainVersion.lifecycleState,"PUBLISHED"),stw(name,"Spec"))', "count": "true"}
    _add_specifications(member, org, 2, [standard_version])
    small = _queries(api, f"{BASE}/api-specifications", params)
    version_small = _queries(api, f"{BASE}/api-specification-versions", {"count": "true"})
    _add_specifications(member, org, 12, [standard_version])
    large = _queries(api, f"{BASE}/api-specifications", params)
    version_large = _queries(api, f"{BASE}/api-specification-versions", {"count": "true"})
    assert (small[1], large[1]) == (2, 14)
    assert small[0] == large[0]
    assert version_small[0] == version_large[0]
