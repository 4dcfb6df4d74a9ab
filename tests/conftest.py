"""Shared fixtures: services that must exist under CI, users who sign in through the real flows."""

import os
import shlex
import subprocess
import sys
from contextlib import contextmanager
from pathlib import PurePath
from urllib.parse import urlparse, urlunparse

import pytest
from django.conf import settings
from django.core.cache import cache

from connectors.gateway import routing
from tests.support import (
    MODULE_ROWS,
    SHARED_DIR,
    database_template,
    drop_server_databases,
    migration_data,
    needs,
    restore_migration_data,
    server_database,
    subprocess_env,
)

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


# Tools quick enough (milliseconds) for a test that is not marked slow to run.
QUICK_TOOLS = {"openssl"}


class UnmarkedSlowTest(RuntimeError):
    """A test that is not marked slow started a process (a server, manage.py, a CLI run)."""


@contextmanager
def processes_refused():
    """While active, starting a process other than a QUICK_TOOLS one raises UnmarkedSlowTest."""
    original = subprocess.Popen.__init__

    def guarded(self, args, *more, **kwargs):
        first = args if isinstance(args, str | bytes | os.PathLike) else args[0]
        program = PurePath(shlex.split(os.fsdecode(first))[0] if isinstance(args, str) else os.fsdecode(first)).name
        if program not in QUICK_TOOLS and not _finding_a_library():
            raise UnmarkedSlowTest(
                f"this test starts {program!r}: mark it @pytest.mark.slow (or e2e), so that make test-fast skips it "
                "and make test runs it first"
            )
        original(self, args, *more, **kwargs)

    subprocess.Popen.__init__ = guarded
    try:
        yield
    finally:
        subprocess.Popen.__init__ = original


def _finding_a_library() -> bool:
    """ctypes looks a shared library up with ldconfig or gcc (WeasyPrint's Pango, once per process)."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_globals.get("__name__") == "ctypes.util":
            return True
        frame = frame.f_back
    return False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    refuse_a_flush_under_module_rows(item)  # rows a module's earlier test opened
    with _refused_unless_slow(item):
        result = yield
    refuse_a_flush_under_module_rows(item)  # rows this test opened
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    with _refused_unless_slow(item):
        return (yield)


@contextmanager
def _refused_unless_slow(item):
    if item.get_closest_marker("slow"):
        yield
    else:
        with processes_refused():
            yield


# --- the rows the migrations load ------------------------------------------------------------------------
# A transactional test ends with a flush, which empties every table; Django then recreates content types and
# permissions, but not what data migrations loaded (the endpoint catalog, the daily schedules). Django avoids
# the problem by running transactional tests last; with xdist a worker can still be handed an ordinary test
# after one, so the rows are put back before it.


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import connection

    # pytest-django makes a test database only when a collected test uses one (and then renames the database).
    if connection.settings_dict["NAME"] != DATABASE_NAME:
        with django_db_blocker.unblock():
            MIGRATION_DATA.append(migration_data())
            MIGRATED.append(_copy_of_the_fresh_test_database(tmp_path_factory))
        _BLOCKER.append(django_db_blocker)
    yield
    with django_db_blocker.unblock():
        _disconnect_the_others()


def _disconnect_the_others():
    """End the sessions that threads of tests (live servers, concurrency tests) left open on the test
    database, so that pytest-django can drop it at the end instead of warning that others use it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def _copy_of_the_fresh_test_database(tmp_path_factory) -> str | None:
    """On PostgreSQL a copy of the just-migrated test database (a second; migrating again takes twenty)."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        return None  # the test database lives in memory; migrated_database migrates a file instead
    connections.close_all()  # PostgreSQL copies only a database nobody is connected to
    test_database = urlparse(os.environ["DATABASE_URL"])._replace(path=f"/{connection.settings_dict['NAME']}")
    return server_database(tmp_path_factory.getbasetemp(), "migrated", template=urlunparse(test_database))


DATABASE_NAME = settings.DATABASES["default"]["NAME"]
MIGRATION_DATA: list[str] = []
MIGRATED: list[str | None] = []
_BLOCKER: list = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if MIGRATION_DATA and nextitem is not None and is_transactional(item) and not is_transactional(nextitem):
        with _BLOCKER[0].unblock():
            restore_migration_data(MIGRATION_DATA[0])
    return result


class FlushUnderModuleRows(Exception):
    pass


def refuse_a_flush_under_module_rows(item):
    """A transactional test commits and flushes: under tests.support.rows_for_the_module it would do both
    inside the module's open transaction, and see (then empty) the rows the module shares."""
    if MODULE_ROWS and is_transactional(item):
        raise FlushUnderModuleRows(
            f"{item.nodeid} is transactional but its module shares rows (rows_for_the_module): "
            "move it to a module of its own"
        )


def is_transactional(item) -> bool:
    """pytest-django's own reading: transaction=True, reset_sequences=True, or a live server."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


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


@pytest.fixture(autouse=True)
def _gateway_routes_of_this_test():
    """The gateway compiles the endpoint catalog once per process and compiles it again when a committed change
    says so; a test's changes are rolled back without that signal, so the next test starts from the catalog."""
    yield
    routing.routes.cache_clear()


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
    return subprocess_env()


# Databases for the servers slow tests start, made once per test worker and copied for each test.
@pytest.fixture(scope="session", autouse=True)
def _server_databases_dropped_at_the_end():
    yield
    drop_server_databases()


@pytest.fixture(scope="session")
def migrated_database(request, tmp_path_factory):
    request.getfixturevalue("django_db_setup")
    if MIGRATED and MIGRATED[0]:
        return MIGRATED[0]
    return database_template(tmp_path_factory.mktemp("migrated"), "migrated", ["migrate", "-v0"])


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory, migrated_database):
    folder = tmp_path_factory.mktemp("demo")
    return database_template(folder, "demo", ["seed_demo", "--quiet"], template=migrated_database)
