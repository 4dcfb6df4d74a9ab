"""Under CI (EPDEE_REQUIRE_SERVICES=1) the suite really runs on PostgreSQL and Redis."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.support import REQUIRE_SERVICES, needs


def test_suite_runs_on_postgresql_when_required(db):
    needs(connection.vendor == "postgresql" or not REQUIRE_SERVICES, "PostgreSQL")
    if REQUIRE_SERVICES:
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor in ("postgresql", "sqlite")


def test_cache_is_redis_when_configured():
    needs(bool(settings.REDIS_URL) or not REQUIRE_SERVICES, "Redis")
    cache.set("services-in-use", "yes", 5)
    assert cache.get("services-in-use") == "yes"
    expected = "RedisCache" if settings.REDIS_URL else "LocMemCache"
    assert settings.CACHES["default"]["BACKEND"].endswith(expected)
