"""Helpers for tests: service requirements, free ports, live processes, the real sign-in flow."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.db import transaction
from django.urls import reverse

from epdee.core import mfa

ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("EPDEE_SHARED_DIR", ROOT.parent / "shared"))
REQUIRE_SERVICES = os.environ.get("EPDEE_REQUIRE_SERVICES", "") in ("1", "true", "yes")


def needs(available: bool, what: str):
    """Skip when a service or file is missing — but fail under EPDEE_REQUIRE_SERVICES=1 (CI)."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required under EPDEE_REQUIRE_SERVICES=1 but is not available")
    pytest.skip(f"needs {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, *, timeout: float, process: subprocess.Popen | None = None, ok=(200, 503)):
    import requests

    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"process exited with {process.returncode} before {url} answered")
        try:
            response = requests.get(url, timeout=2, allow_redirects=False)
            if response.status_code in ok:
                return response
        except requests.RequestException as exc:
            last_error = exc
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout}s ({last_error})")


def gunicorn(port: int, *, workers: int = 1, threads: int = 1) -> list[str]:
    """The command of a production server on 127.0.0.1:port (no control socket: servers of parallel tests
    would share its one default path)."""
    return [sys.executable, "-m", "gunicorn", "epdee.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
            "--threads", str(threads), "--no-control-socket"]  # fmt: skip


@contextmanager
def running(command: list[str], *, env: dict, cwd=ROOT, log_path: Path | None = None):
    """Run a command in its own process group and stop the whole group afterwards."""
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if log_path:
            log.close()


def server_database(tmp_path, name: str, *, template: str | None = None) -> str:
    """A database for a server a test starts: PostgreSQL when the suite runs on it, else SQLite. Empty, or a
    copy of `template` (a URL server_database gave before) when one is given."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = tmp_path / f"{name}.sqlite3"
        if template:
            shutil.copyfile(urlparse(template).path, path)
        return f"sqlite:///{path}"
    import psycopg

    parsed = urlparse(url)
    # xdist's workers run at once: each names its own databases.
    database = f"{parsed.path.lstrip('/')}_{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    copy = f' TEMPLATE "{urlparse(template).path.lstrip("/")}"' if template else ""
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"{copy}')
    SERVER_DATABASES.add(database)
    return urlunparse(parsed._replace(path=f"/{database}"))


SERVER_DATABASES: set[str] = set()  # on PostgreSQL; dropped when the test session ends


def drop_server_databases() -> None:
    if not SERVER_DATABASES:
        return
    import psycopg

    postgres = urlunparse(urlparse(os.environ["DATABASE_URL"])._replace(path="/postgres"))
    with psycopg.connect(postgres, autocommit=True) as connection:
        for database in SERVER_DATABASES:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    SERVER_DATABASES.clear()


def subprocess_env() -> dict:
    """The process environment without what the test settings injected, for subprocesses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_SETTINGS_MODULE"))}
    env.pop("DEBUG", None)
    return env


def database_template(folder: Path, name: str, *commands: list[str], template: str | None = None) -> str:
    """A database made once by manage.py commands (migrate: 20 seconds of CPU), for tests to copy."""
    url = server_database(folder, f"{name}_template", template=template)
    env = {**subprocess_env(), "DEBUG": "1", "EPDEE_VAR_DIR": str(folder), "DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    for command in commands:
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    return url


def schemathesis(
    schema: str,
    url: str,
    *,
    runs: dict[str, tuple[list[str], str]],
    checks: str,
    seed: str,
    max_examples: str,
    env: dict,
) -> dict[str, subprocess.CompletedProcess]:
    """Run the schemathesis CLI against a live server: one process per run, side by side.

    `runs` maps a name to the run's headers and the regular expression of the paths it tests. Processes, not
    schemathesis' worker threads: the ast.parse of Python 3.11.7 is not thread-safe (CPython gh-106905) and
    hypothesis parses its filter lambdas with it, so two worker threads now and then die with "AST constructor
    recursion depth mismatch".

    With a fixed seed a run is repeatable: the explicit examples and the coverage phase (boundary and invalid
    values of every parameter, the same every time; nine tenths of the requests), no example database (by
    default it replays what failed before). Seed "random" adds the fuzzing phase, which draws new examples on
    each run, to explore further.
    """
    repeatable = seed != "random"

    def run(headers: list[str], paths: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                os.path.join(os.path.dirname(sys.executable), "st"),
                "run",
                schema,
                "--url",
                url,
                *[arg for header in headers for arg in ("--header", header)],
                "--include-path-regex",
                paths,
                "--checks",
                checks,
                "--phases",
                "examples,coverage" if repeatable else "examples,coverage,fuzzing",
                "--max-examples",
                max_examples,
                "--workers",
                "1",
                *(["--seed", seed, "--generation-database", "none"] if repeatable else []),
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=900,
            env={**env, "SCHEMATHESIS_TELEMETRY": "false"},
        )

    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        started = {name: pool.submit(run, *run_args) for name, run_args in runs.items()}
        return {name: future.result() for name, future in started.items()}


def operations_tested(output: str) -> int:
    """How many operations a schemathesis run tested, or 0 when it left out any it selected."""
    counts = re.search(r"Selected: (\d+)/\d+\s+Tested: (\d+)", output)
    if not counts or counts.group(1) != counts.group(2):
        return 0
    return int(counts.group(2))


# --- rows made once per module -----------------------------------------------------------------------
@contextmanager
def rows_for_the_module(django_db_blocker):
    """Rows made once for a whole test module, as Django's TestCase.setUpTestData makes them: inside a
    transaction that is rolled back after the module's last test.

    Each test still runs in its own savepoint inside it (the db fixture), so what a test writes is undone
    before the next one; hand each test a copy.deepcopy of the objects, so what it changes in memory is too.
    The rows stay until the module's last test, also for its tests that do not ask for them: use it where every
    test does, and never with a transactional test (conftest.py fails one that runs while the rows are there).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        MODULE_ROWS.append(True)
        try:
            yield
        finally:
            MODULE_ROWS.pop()
        transaction.set_rollback(True)


MODULE_ROWS: list[bool] = []  # set while rows_for_the_module's transaction is open


# --- role matrices: every service refuses the roles it should, and a refusal writes nothing ---------------
ALLOWED = None  # the outcome of a call the role may make


def role_cases(outcomes: dict, roles: tuple) -> list[tuple]:
    """(action, role, outcome) for a table of outcomes per action, one outcome per role in `roles`."""
    return [
        (action, role, outcome)
        for action, per_role in outcomes.items()
        for role, outcome in zip(roles, per_role, strict=True)
    ]


def assert_role_outcome(act, target, actor, outcome, written) -> None:
    """Call act(target, actor): allowed, it changes what written() reads; refused, it raises the outcome's error
    and changes nothing."""
    before = written()
    if outcome is ALLOWED:
        act(target, actor)
        assert written() != before
        return
    with pytest.raises(outcome):
        act(target, actor)
    assert written() == before


# Made again by the flush's post_migrate signal, so not part of the migration data.
RECREATED_BY_FLUSH = {"contenttypes.ContentType", "auth.Permission"}


def migration_data() -> str:
    """Every row in the database that the migrations loaded, as JSON with natural keys."""
    from django.apps import apps
    from django.core import serializers

    rows = []
    for model in apps.get_models():
        if model._meta.label not in RECREATED_BY_FLUSH and model._meta.managed and not model._meta.proxy:
            rows.extend(model._base_manager.order_by("pk"))
    return serializers.serialize("json", rows, use_natural_foreign_keys=True)


def restore_migration_data(data: str) -> None:
    """Put the migration data back where a flush emptied the tables (rows still there are left as they are)."""
    from django.core import serializers
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic():
        loaded = list(serializers.deserialize("json", data, handle_forward_references=True))
        if loaded and type(loaded[0].object)._base_manager.filter(pk=loaded[0].object.pk).exists():
            return  # not flushed (the test rolled back after all)
        for row in loaded:
            row.save()
        for row in loaded:
            row.save_deferred_fields()
        # The rows came with their ids: move the id sequences past them, as loaddata does.
        models = {type(row.object) for row in loaded}
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


def totp_code(secret: str, offset: int = 0) -> str:
    """The authenticator app's code now, or `offset` periods away (a code from the past or the future)."""
    return mfa.totp_code(secret, at=time.time() + offset * mfa_settings.TOTP_PERIOD)


def login(client, email: str, password: str, *, totp_secret: str | None = None):
    """Sign in through allauth's real form (and its 2FA step); returns the last response."""
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    if totp_secret is not None:
        assert response.status_code == 302 and response.url == reverse("mfa_authenticate"), response
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret)})
        assert response.status_code == 302 and response.url != reverse("mfa_authenticate"), response
    return response


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)
