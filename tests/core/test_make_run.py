"""`make run` on a fresh state directory: migrates, seeds, serves; every demo user can sign in."""

from types import SimpleNamespace

import pytest
import requests

from connectors.demo import USERS as SUPPLIER_USERS
from epdee.core.management.commands.seed_demo import DEMO_USERS
from registry.demo import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.support import ROOT, csrf_from, free_port, running, totp_code, wait_for_http


def _sign_in(base: str, demo) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=10)
    response = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": csrf_from(page.text), "login": demo.email, "password": demo.password},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, f"{demo.email}: {response.status_code}"
    if demo.totp:
        assert response.headers["Location"] == "/accounts/2fa/authenticate/"
        stage = session.get(f"{base}/accounts/2fa/authenticate/", timeout=10)
        response = session.post(
            f"{base}/accounts/2fa/authenticate/",
            data={"csrfmiddlewaretoken": csrf_from(stage.text), "code": totp_code(demo.totp)},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, f"{demo.email}: 2FA step answered {response.status_code}"
    return session


@pytest.mark.slow  # runs make run: migrate, seed_demo, runserver
def test_make_run_serves_and_every_demo_user_signs_in(tmp_path, clean_env):
    port = free_port()
    env = {**clean_env, "EPDEE_VAR_DIR": str(tmp_path), "PORT": str(port)}
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        env.pop(name, None)  # a fresh laptop: embedded SQLite, local memory
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "make-run.log"
    with running(["make", "run", f"PORT={port}"], env=env, cwd=ROOT, log_path=log) as process:
        status = wait_for_http(f"{base}/api/status", timeout=240, process=process, ok=(200,))
        assert status.json()["status"] == "operational"
        assert "Sign in to Epdee" in requests.get(f"{base}/accounts/login/", timeout=10).text
        for demo in DEMO_USERS:
            session = _sign_in(base, demo)
            home = session.get(f"{base}/", timeout=10)
            assert demo.email in home.text
            if demo.platform:
                assert session.get(f"{base}/admin/", allow_redirects=False, timeout=10).status_code == 200
            if demo.tenant == "de-linde":  # the clinic's demo practice is there to click through
                assert "Jansen" in session.get(f"{base}/praktijk/patienten/?search=Jansen", timeout=10).text
                assert session.get(f"{base}/praktijk/agenda/", timeout=10).status_code == 200
        # The printed demo registry client gets a token and reads the registry.
        token = requests.post(
            f"{base}/o/token/",
            data={"grant_type": "client_credentials", "scope": "users:read organizations:read"},
            auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
            timeout=10,
        )
        assert token.status_code == 200, token.text
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
        me = requests.get(f"{base}/registry/v1beta2/users/me", headers=bearer, timeout=10)
        assert me.json()["name"] == "Sanne Superadmin"
        assert requests.get(f"{base}/registry/v1beta2/organizations", headers=bearer, timeout=10).status_code == 200
        # The demo clinic's public booking page answers on its own host name (de-linde.localhost).
        booking = requests.get(f"{base}/boeken/", headers={"Host": f"de-linde.localhost:{port}"}, timeout=10)
        assert booking.status_code == 200 and "Kliniek De Linde" in booking.text
        for email, _, password, _ in SUPPLIER_USERS:
            session = _sign_in(base, SimpleNamespace(email=email, password=password, totp=None))
            assert "Planning-koppeling" in session.get(f"{base}/connectors/", timeout=10).text
    output = log.read_text()
    assert (tmp_path / "epdee.sqlite3").exists()
    for demo in DEMO_USERS:
        assert demo.email in output and demo.password in output  # the printed demo logins
