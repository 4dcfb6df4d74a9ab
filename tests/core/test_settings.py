"""Settings load both ways: laptop defaults with nothing set, and production from the environment."""

import json
import subprocess
import sys

import pytest

from tests.support import ROOT, server_database

pytestmark = pytest.mark.slow  # each test loads the settings in a fresh Python process

PROBE = """
import json, django
from django.conf import settings
django.setup()
from epdee.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "engine": db["ENGINE"], "db_name": str(db["NAME"]), "db_host": db.get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"], "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "broker": app.conf.broker_url, "eager": app.conf.task_always_eager,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT, "hsts": settings.SECURE_HSTS_SECONDS,
    "session_secure": settings.SESSION_COOKIE_SECURE, "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "secret_key": settings.SECRET_KEY, "allowed_hosts": settings.ALLOWED_HOSTS,
    "google": "allauth.socialaccount.providers.google" in settings.INSTALLED_APPS,
    "form_action": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
    "email_backend": settings.EMAIL_BACKEND,
}))
"""


def _load(env: dict, probe: str = PROBE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "epdee.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _settings(env: dict) -> dict:
    result = _load(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_laptop_defaults_with_nothing_configured(tmp_path):
    loaded = _settings({"DEBUG": "1", "EPDEE_VAR_DIR": str(tmp_path)})
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["db_name"] == str(tmp_path / "epdee.sqlite3")
    assert loaded["cache"].endswith("LocMemCache")
    assert loaded["broker"] == "memory://" and loaded["eager"] is True
    assert loaded["ssl_redirect"] is False and loaded["hsts"] == 0
    assert loaded["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    # The generated secret key is kept in var/ and reused on the next start.
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == loaded["secret_key"]
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    assert _settings({"DEBUG": "1", "EPDEE_VAR_DIR": str(tmp_path)})["secret_key"] == loaded["secret_key"]
    assert loaded["google"] is False and loaded["form_action"] == ["'self'"]
    assert loaded["allowed_hosts"] == ["127.0.0.1", ".localhost", "[::1]"]  # the demo clinics' hosts too


def test_production_from_the_environment(tmp_path):
    loaded = _settings(
        {
            "SECRET_KEY": "k" * 60,
            "EPDEE_VAR_DIR": str(tmp_path),
            "ALLOWED_HOSTS": "epdee.example,.epdee.example",
            "DATABASE_URL": "postgres://epdee:secret@db.internal:5432/epdee",
            "REDIS_URL": "redis://cache.internal:6379/0",
            "EMAIL_URL": "smtp+tls://mailer:pw@smtp.internal:587",
            "GOOGLE_CLIENT_ID": "client-id.apps.googleusercontent.com",
            "GOOGLE_CLIENT_SECRET": "secret",
        }
    )
    assert loaded["DEBUG"] is False
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert (loaded["db_name"], loaded["db_host"]) == ("epdee", "db.internal")
    assert loaded["cache"].endswith("RedisCache") and loaded["cache_location"] == "redis://cache.internal:6379/0"
    assert loaded["broker"] == "redis://cache.internal:6379/0" and loaded["eager"] is False
    assert loaded["ssl_redirect"] is True and loaded["hsts"] == 31536000
    assert loaded["session_secure"] is True and loaded["csrf_secure"] is True
    assert loaded["allowed_hosts"] == ["epdee.example", ".epdee.example"]
    assert loaded["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["google"] is True
    assert "https://accounts.google.com" in loaded["form_action"]
    assert not (tmp_path / "secret_key").exists()


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = _load({"EPDEE_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_google_sign_in_appears_on_the_login_page_when_configured(tmp_path, migrated_database):
    database = server_database(tmp_path, "google", template=migrated_database)  # the login page only reads
    env = {
        "DEBUG": "1",
        "EPDEE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": database,
        "GOOGLE_CLIENT_ID": "client-id.apps.googleusercontent.com",
        "GOOGLE_CLIENT_SECRET": "secret",
    }
    page_probe = (
        "import django; django.setup();"
        "from django.test import Client; print(Client(HTTP_HOST='localhost').get('/accounts/login/').content.decode())"
    )
    plain = {"DEBUG": "1", "EPDEE_VAR_DIR": str(tmp_path / "plain"), "DATABASE_URL": database}
    for configured, expected in ((env, True), (plain, False)):
        result = _load(configured, page_probe)
        assert result.returncode == 0, result.stderr
        assert ("Sign in with Google" in result.stdout) is expected
