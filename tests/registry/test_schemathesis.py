"""schemathesis, driven by the ZorgAPIs document, against a live Epdee with a valid token: no 5xx and no
response that violates the document's schemas."""

import os
import subprocess
import sys

import pytest

from tests.registry.openapi import SPEC_PATH
from tests.support import (
    ROOT,
    free_port,
    gunicorn,
    needs,
    operations_tested,
    running,
    schemathesis,
    server_database,
    wait_for_http,
)

# A fixed seed keeps CI repeatable (no random fuzzing, see tests.support.schemathesis); set
# SCHEMATHESIS_SEED=random locally to fuzz as well.
SEED = os.environ.get("SCHEMATHESIS_SEED", "272916")
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "12")
# Two runs side by side (tests.support.schemathesis), about half of the document's operations each.
PATHS = {
    "specifications": r"^/(api-specification-versions|api-specifications|organizations)",
    "standards": r"^/(users|information-standard|api-requirements|communication-standard|trust-framework)",
}

TOKEN_SCRIPT = """
from epdee.core.models import User
from tests.registry.fixtures import token_for
print("TOKEN=" + token_for(User.objects.get(email="superadmin@epdee.example")))
"""


@pytest.mark.e2e
def test_schemathesis_finds_no_server_errors_or_schema_violations(shared_dir, tmp_path, clean_env, demo_database):
    needs(SPEC_PATH.exists(), f"the ZorgAPIs document at {SPEC_PATH}")
    env = {
        **clean_env,
        "DEBUG": "1",
        "EPDEE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": server_database(tmp_path, "schemathesis", template=demo_database),
        "EPDEE_SHARED_DIR": str(shared_dir),
        "REGISTRY_RATE_LIMIT": "1000000/min",
    }
    env.pop("REDIS_URL", None)

    def manage(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    # demo_database: users, the 1.2.0 requirements, a demo organization and API specification
    token = manage("shell", "-c", TOKEN_SCRIPT).stdout.split("TOKEN=")[-1].strip()
    port = free_port()
    server = gunicorn(port, workers=2, threads=4)
    with running(server, env=env, log_path=tmp_path / "server.log") as process:
        wait_for_http(f"http://127.0.0.1:{port}/api/status", timeout=60, process=process, ok=(200,))
        results = schemathesis(
            str(SPEC_PATH),
            f"http://127.0.0.1:{port}/registry/v1beta2",
            runs={name: ([f"Authorization: Bearer {token}"], paths) for name, paths in PATHS.items()},
            checks="not_a_server_error,response_schema_conformance",
            seed=SEED,
            max_examples=MAX_EXAMPLES,
            env=clean_env,
        )
    log = (tmp_path / "server.log").read_text()[-4000:]
    for name, result in results.items():
        summary = f"{name}:\n{result.stdout[-6000:]}{result.stderr[-2000:]}\n--- server log ---\n{log}"
        assert result.returncode == 0, summary
    tested = {name: operations_tested(result.stdout) for name, result in results.items()}
    assert sum(tested.values()) == 74, tested  # every operation of the document was exercised
