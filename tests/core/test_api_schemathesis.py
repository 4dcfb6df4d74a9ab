"""schemathesis, driven by Epdee's own OpenAPI document, against a live server with the demo data: every
endpoint of the clinic (tenant and public, with a tenant administrator's read-write token) and of the
suppliers' connectors API (with a supplier's token) answers no 5xx, only the status codes and content types
it documents, and bodies that match its schemas. (The registry has its own run, against the ZorgAPIs
document: tests/registry/test_schemathesis.py.)"""

import os
import re
import subprocess
import sys

import pytest

from tests.support import ROOT, free_port, gunicorn, running, schemathesis, server_database, wait_for_http

# A fixed seed keeps CI repeatable (no random fuzzing, see tests.support.schemathesis); set
# SCHEMATHESIS_SEED=random locally to fuzz as well.
SEED = os.environ.get("SCHEMATHESIS_SEED", "2")
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6")
CLINIC_PATHS = (
    r"^/api/(patienten|afspraken|verrichtingen|facturen|workflows|notifications|booking|signup|portaal|branding"
    r"|tenant-export)"
)
CONNECTOR_PATHS = r"^/api/(connectors|connector-versions|endpoints|status)"
TOKEN_SCRIPT = """
from epdee.core.models import Tenant, User
from epdee.core.services import create_api_token
admin = User.objects.get(email="admin@de-linde.example")
print("CLINIC=" + create_api_token(admin, name="schemathesis", scope="read_write",
                                   tenant=Tenant.objects.get(slug="de-linde"))[1])
supplier = User.objects.get(email="leverancier@zorgkoppeling.example")
print("SUPPLIER=" + create_api_token(supplier, name="schemathesis", scope="read_write")[1])
"""
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def run(base: str, paths: str, headers: list[str], env: dict) -> subprocess.CompletedProcess:
    return schemathesis(
        f"{base}/api/schema/",
        base,
        headers=headers,
        checks=CHECKS,
        seed=SEED,
        max_examples=MAX_EXAMPLES,
        env=env,
        options=["--include-path-regex", paths],
    )


def covered_every_operation(output: str, at_least: int) -> bool:
    selected = re.search(r"Selected: (\d+)/\d+\s+Tested: (\d+)", output)
    return bool(selected) and int(selected.group(1)) >= at_least and selected.group(1) == selected.group(2)


@pytest.mark.e2e
def test_the_epdee_apis_keep_to_their_openapi_document(tmp_path, clean_env, demo_database):
    env = {
        **clean_env,
        "DEBUG": "1",  # its ALLOWED_HOSTS serve the demo clinic's host, de-linde.localhost
        "EPDEE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": server_database(tmp_path, "clinic_schemathesis", template=demo_database),
    }
    env.pop("REDIS_URL", None)

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )

    # demo_database: Kliniek De Linde's practice and Zorgkoppeling's connector to aim at
    printed = dict(line.split("=", 1) for line in manage("shell", "-c", TOKEN_SCRIPT).stdout.split() if "=" in line)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = gunicorn(port, workers=2, threads=4)
    with running(server, env=env, log_path=tmp_path / "server.log") as process:
        wait_for_http(f"{base}/api/status", timeout=60, process=process, ok=(200,))
        # The public booking and portal endpoints find the practice by the host name.
        clinic = [f"Authorization: Token {printed['CLINIC']}", f"Host: de-linde.localhost:{port}"]
        runs = {
            "clinic": (run(base, CLINIC_PATHS, clinic, clean_env), 30),
            "connectors": (
                run(base, CONNECTOR_PATHS, [f"Authorization: Token {printed['SUPPLIER']}"], clean_env),
                7,
            ),
        }
    log = (tmp_path / "server.log").read_text()[-4000:]
    for name, (result, operations) in runs.items():
        summary = f"{name}:\n{result.stdout[-6000:]}{result.stderr[-2000:]}\n--- server log ---\n{log}"
        assert result.returncode == 0, summary
        assert covered_every_operation(result.stdout, operations), summary
