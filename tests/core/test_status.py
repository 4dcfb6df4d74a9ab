"""GET /api/status (seed 004): operational, or degraded with 503 when the database or Redis is gone."""

import json
import subprocess
import sys

import pytest
import requests
from django.test import override_settings

from tests.support import ROOT, free_port, gunicorn, running, server_database, wait_for_http

URL = "/api/status"


def test_status_is_operational(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "operational"
    assert body["checks"]["database"]["status"] == "ok"
    assert isinstance(body["checks"]["database"]["latencyMs"], int)
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["tenants"] == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_status_uses_redis_when_configured(client, db, redis_url):
    body = client.get(URL).json()
    assert body["checks"]["cache"]["backend"] == "redis"
    assert body["checks"]["cache"]["status"] == "ok"


def test_status_is_degraded_when_redis_is_unreachable(client, db):
    dead_redis = "redis://127.0.0.1:1/0"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead_redis,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=caches, REDIS_URL=dead_redis):
        response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"] == {"status": "error", "backend": "redis", "message": "cache unreachable"}
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.slow  # starts gunicorn
def test_status_is_degraded_when_the_database_is_unreachable(tmp_path, clean_env):
    """A real gunicorn with production settings, pointed at a PostgreSQL port where nothing listens."""
    port = free_port()
    env = {
        **clean_env,
        "DEBUG": "0",
        "SECRET_KEY": "status-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/epdee",
        "DB_CONNECT_TIMEOUT": "1",
        "EPDEE_VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    server = gunicorn(port)
    with running(server, env=env, log_path=tmp_path / "gunicorn.log") as process:
        response = wait_for_http(f"http://127.0.0.1:{port}{URL}", timeout=30, process=process)
    assert response.status_code == 503, (tmp_path / "gunicorn.log").read_text()
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == {"status": "error", "message": "database unreachable"}
    assert body["checks"]["tenants"]["status"] == "error"


@pytest.mark.slow  # starts gunicorn
def test_production_server_redirects_to_https_except_the_health_check(tmp_path, clean_env, migrated_database):
    """Load balancers probe over HTTP: the HTTPS redirect spares /api/status; pages behind the TLS proxy
    carry HSTS, the Content-Security-Policy and Secure, HttpOnly cookies."""
    port = free_port()
    env = {
        **clean_env,
        "DEBUG": "0",
        "SECRET_KEY": "status-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "EPDEE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": server_database(tmp_path, "status", template=migrated_database),
    }
    env.pop("REDIS_URL", None)
    # As a deployment does it (on a migrated database): collect the hashed, compressed static files.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    static = tmp_path / "static"
    # Compressed for visitors, but not the source maps only browser tools read (half of collectstatic's time);
    # only the hashed copies are kept (the other half).
    assert any(static.rglob("*.css.gz")) and not any(static.rglob("*.map.gz")) and not any(static.rglob("*.map.br"))
    source = "vendor/bootstrap/css/bootstrap.min.css"
    stylesheet = json.loads((static / "staticfiles.json").read_text())["paths"][source]
    assert (static / stylesheet).exists() and not (static / source).exists()
    server = gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    with running(server, env=env, cwd=ROOT, log_path=tmp_path / "gunicorn.log") as process:
        status = wait_for_http(base + URL, timeout=30, process=process)
        plain = requests.get(base + "/accounts/login/", allow_redirects=False, timeout=5)
        behind_tls = requests.get(base + "/accounts/login/", headers={"X-Forwarded-Proto": "https"}, timeout=5)
        css = requests.get(
            f"{base}/static/{stylesheet}",
            headers={"X-Forwarded-Proto": "https", "Accept-Encoding": "br"},
            timeout=5,
        )
    assert status.status_code == 200, (tmp_path / "gunicorn.log").read_text()
    assert plain.status_code == 301 and plain.headers["Location"] == f"https://127.0.0.1:{port}/accounts/login/"
    assert behind_tls.status_code == 200
    assert behind_tls.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in behind_tls.headers["Content-Security-Policy"]
    assert behind_tls.headers["X-Frame-Options"] == "DENY"
    assert f"/static/{stylesheet}" in behind_tls.text
    assert css.status_code == 200 and css.headers["Content-Encoding"] == "br"
    assert css.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    cookie = behind_tls.headers["Set-Cookie"].lower()
    assert "csrftoken=" in cookie and "secure" in cookie and "httponly" in cookie
