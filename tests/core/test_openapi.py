"""The OpenAPI schema and its viewers, served from installed packages."""

import yaml
from django.core.management import call_command


def test_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    status = schema["paths"]["/api/status"]["get"]
    assert set(status["responses"]) == {"200", "503"}
    assert status["security"] == [{}]  # public: no authentication


def test_schema_endpoint_and_viewers(client, db):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content.decode()  # no CDN
    redoc = client.get("/api/docs/redoc/")
    assert redoc.status_code == 200
    html = redoc.content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/" in html and "googleapis" not in html
