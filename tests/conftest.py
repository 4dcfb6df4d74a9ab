"""Shared fixtures: services that must exist under CI, users who sign in through the real flows."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.support import SHARED_DIR, needs

pytest_plugins = ["tests.browser"]  # browser, page, phone: for the e2e tests and any app's browser test

# Fixtures that start a server, a browser or a subprocess: a test that uses one is slow.
SLOW_FIXTURES = {"live_server", "browser", "page", "phone"}


def pytest_collection_modifyitems(config, items):
    """Mark slow tests (`make test-fast` skips them) and run them first, so that parallel workers are not
    left waiting on one long test at the end of the run."""
    for item in items:
        if item.get_closest_marker("e2e") or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate-limit counters, used TOTP codes), like its database.

    On Redis only this worker's keys go (settings_test gives each worker its own prefix).
    """
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        cache.clear()
    elif backend.endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)
    yield


@pytest.fixture
def shared_dir():
    needs(SHARED_DIR.is_dir(), f"the shared reference data at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture
def postgres(db):
    from django.db import connection

    needs(connection.vendor == "postgresql", "PostgreSQL (set DATABASE_URL)")
    return connection


@pytest.fixture
def redis_url():
    needs(bool(settings.REDIS_URL), "Redis (set REDIS_URL)")
    return settings.REDIS_URL


@pytest.fixture
def clean_env():
    """The process environment without what the test settings injected, for subprocesses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_SETTINGS_MODULE"))}
    env.pop("DEBUG", None)
    return env
