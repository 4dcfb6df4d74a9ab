"""Helpers for tests: service requirements, free ports, live processes, the real sign-in flow."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

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
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout}s ({last_error})")


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


def server_database(tmp_path, name: str) -> str:
    """A fresh database for a server a test starts: PostgreSQL when the suite runs on it, else SQLite."""
    from urllib.parse import urlparse, urlunparse

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    import psycopg

    parsed = urlparse(url)
    database = f"{parsed.path.lstrip('/')}_{name}"
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    return urlunparse(parsed._replace(path=f"/{database}"))


def schemathesis(
    schema: str, url: str, *, headers: list[str], checks: str, seed: str, max_examples: str, env: dict, options=()
) -> subprocess.CompletedProcess:
    """Run the schemathesis CLI (all three generating phases, two workers) against a live server; seed
    "random" explores beyond the fixed seed CI uses."""
    return subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), "st"),
            "run",
            schema,
            "--url",
            url,
            *[arg for header in headers for arg in ("--header", header)],
            *options,
            "--checks",
            checks,
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            max_examples,
            "--workers",
            "2",
            *([] if seed == "random" else ["--seed", seed]),
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env={**env, "SCHEMATHESIS_TELEMETRY": "false"},
    )


def totp_code(secret: str, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD + offset))


def login(client, email: str, password: str, *, totp_secret: str | None = None):
    """Sign in through allauth's real form (and its 2FA step); returns the last response."""
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    if totp_secret is not None:
        assert response.status_code == 302 and response.url == reverse("mfa_authenticate"), response
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret)})
    return response


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)
