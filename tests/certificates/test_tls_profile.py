"""The TLS profile in deploy/nginx, served by a real nginx: old protocols and weak ciphers fail the handshake."""

import shutil
import subprocess
import time

import pytest

from tests.support import ROOT, free_port, needs, running

PROFILE = ROOT / "deploy" / "nginx" / "tls-profile.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    needs(shutil.which("openssl") is not None, "the openssl command")
    needs(shutil.which(NGINX) is not None, "nginx (apt-get install nginx)")
    folder = tmp_path_factory.mktemp("nginx")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            folder / "key.pem",
            "-out",
            folder / "cert.pem",
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(f"""
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {folder};
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {folder}/cert.pem;
        ssl_certificate_key {folder}/key.pem;
        include {PROFILE};
        location / {{ return 200 "ok"; }}
    }}
}}
""")
    subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(folder)], check=True, capture_output=True)
    with running([NGINX, "-c", str(config), "-p", str(folder)], env={}, cwd=folder):
        for _ in range(50):
            if _handshake(port, ["-tls1_2"]):
                break
            time.sleep(0.1)
        yield port


def _handshake(port, options) -> bool:
    result = subprocess.run(
        ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "127.0.0.1", *options],
        input=b"",
        capture_output=True,
        timeout=10,
    )
    return result.returncode == 0 and b"Cipher is (NONE)" not in result.stdout


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("options", "accepted"),
    [
        (["-tls1_3"], True),
        (["-tls1_2"], True),
        (["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"], True),
        (["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"], False),
        (["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"], False),
        (["-tls1_2", "-cipher", "AES128-SHA"], False),  # static RSA, CBC
        (["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA"], False),  # CBC with SHA-1
        (["-tls1_2", "-cipher", "DES-CBC3-SHA:@SECLEVEL=0"], False),  # 3DES
    ],
)
def test_only_modern_tls_is_accepted(tls_server, options, accepted):
    assert _handshake(tls_server, options) is accepted
