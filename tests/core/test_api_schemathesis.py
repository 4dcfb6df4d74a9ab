"""schemathesis, driven by Epdee's own OpenAPI document, against a live server with the demo data: every
endpoint of the clinic (tenant and public, with a tenant administrator's read-write token) and of the
suppliers' connectors API (with a supplier's token) answers no 5xx, only the status codes and content types
it documents, and bodies that match its schemas. (The registry has its own run, against the ZorgAPIs
document: tests/registry/test_schemathesis.py.)"""

import os
import subprocess
import sys

import pytest

from tests.support import (
    ROOT,
    free_port,
    gunicorn,
    operations_tested,
    running,
    schemathesis,
    server_database,
    wait_for_http,
)

# A fixed seed keeps CI repeatable (no random fuzzing, see tests.support.schemathesis); set
# SCHEMATHESIS_SEED=random locally to fuzz as well.
SEED = os.environ.get("SCHEMATHESIS_SEED", "2")
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6")
# Three runs side by side (tests.support.schemathesis), each with the number of operations it must cover.
RECORDS_PATHS = r"^/api/(patienten|afspraken|verrichtingen|facturen)"
PRACTICE_PATHS = r"^/api/(workflows|notifications|booking|signup|portaal|branding|tenant-export)"
CONNECTOR_PATHS = r"^/api/(connectors|connector-versions|endpoints|status)"
OPERATIONS = {"records": 24, "practice": 11, "connectors": 9}  # every operation each run selects, tested
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
        supplier = [f"Authorization: Token {printed['SUPPLIER']}"]
        results = schemathesis(
            f"{base}/api/schema/",
            base,
            runs={
                "records": (clinic, RECORDS_PATHS),
                "practice": (clinic, PRACTICE_PATHS),
                "connectors": (supplier, CONNECTOR_PATHS),
            },
            checks=CHECKS,
            seed=SEED,
            max_examples=MAX_EXAMPLES,
            env=clean_env,
        )
    log = (tmp_path / "server.log").read_text()[-4000:]
    for name, result in results.items():
        summary = f"{name}:\n{result.stdout[-6000:]}{result.stderr[-2000:]}\n--- server log ---\n{log}"
        assert result.returncode == 0, summary
        assert operations_tested(result.stdout) >= OPERATIONS[name], summary
