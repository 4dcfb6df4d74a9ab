"""REGISTRY_RATE_LIMIT requests per user, reads and writes alike; over it, the spec's 429 ApiError."""

import pytest

from registry.api.throttling import parse_rate
from tests.core.factories import UserFactory

BASE = "/registry/v1beta2"


def test_a_user_over_the_limit_gets_the_spec_429_with_retry_after(api_for, settings):
    settings.REGISTRY_RATE_LIMIT = "3/min"
    api = api_for(UserFactory())
    assert api.get(f"{BASE}/users/me").status_code == 200
    assert (
        api.post(f"{BASE}/organizations", {"name": "A", "emailAddress": "a@example.test"}, format="json").status_code
        == 201
    )
    assert api.get(f"{BASE}/organizations").status_code == 200

    refused = api.get(f"{BASE}/users/me")

    assert refused.status_code == 429
    assert refused.json() == {
        "status": 429,
        "type": "RESOURCE_EXHAUSTED",
        "message": "The requests quota has been exhausted",
    }
    assert 0 < int(refused["Retry-After"]) <= 60
    refused_write = api.post(f"{BASE}/organizations", {"name": "B", "emailAddress": "b@example.test"}, format="json")
    assert refused_write.status_code == 429
    assert [o["name"] for o in api_for(UserFactory()).get(f"{BASE}/organizations").json()] == ["A"]


def test_each_user_has_his_own_allowance_from_the_same_address(api_for, settings):
    settings.REGISTRY_RATE_LIMIT = "1/min"
    first, second = api_for(UserFactory()), api_for(UserFactory())
    assert first.get(f"{BASE}/users/me").status_code == 200
    assert first.get(f"{BASE}/users/me").status_code == 429
    assert second.get(f"{BASE}/users/me").status_code == 200


@pytest.mark.parametrize(
    ("rate", "expected"), [("1200/min", (1200, 60)), ("10/s", (10, 1)), ("5/hour", (5, 3600)), ("3/day", (3, 86400))]
)
def test_the_rate_is_read_as_drf_reads_it(rate, expected):
    assert parse_rate(rate) == expected
