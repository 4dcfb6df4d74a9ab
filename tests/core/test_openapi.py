"""The OpenAPI schema and its viewers, served from installed packages."""

import threading

import yaml
from django.core.management import call_command

from epdee.core.api.schema_view import SchemaView


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


def _api_routes():
    """Every DRF view under /api/ in the URL conf, as an OpenAPI-style path with its parameters blanked."""
    import re

    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "cls", None):
                yield prefix + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns):
        route = route.lstrip("^").rstrip("$")
        if route.startswith("api/") and not route.startswith(("api/schema", "api/docs")):
            yield "/" + re.sub(r"<[^>]+>|\(\?P<[^>]+>[^)]*\)", "{}", route)


def test_every_api_endpoint_is_in_the_schema(tmp_path):
    import re

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    documented = {re.sub(r"\{[^}]+\}", "{}", path) for path in yaml.safe_load(target.read_text())["paths"]}
    routes = set(_api_routes())
    assert len(routes) > 30  # guards the walker
    assert routes <= documented, sorted(routes - documented)


def test_an_unknown_api_path_is_a_json_404(client, db, settings):
    settings.DEBUG = False  # Django's debug 404 page would stand in for the handler
    for path in ("/api/nonexistent", "/api/patienten/abc", "/api/patienten/1,2/huisarts"):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}, path
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_every_api_operation_documents_its_error_answers(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    patients = paths["/api/patienten/{id}"]
    assert {"401", "404"} <= set(patients["get"]["responses"]) and "403" in patients["patch"]["responses"]
    assert "400" in paths["/api/patienten"]["post"]["responses"]
    signup = paths["/api/signup"]["post"]["responses"]  # public: no 401, but bad input is a 400
    assert "400" in signup and "401" not in signup
    # The web server answers an overlong address (query or ids) with 414 before the application sees it.
    assert "414" in paths["/api/patienten"]["get"]["responses"] and "414" in patients["get"]["responses"]
    assert "414" not in signup


def test_requests_at_once_all_get_the_document(rf):
    """drf-spectacular's generator is not thread-safe: the view generates the document once, under a lock."""
    view = SchemaView.as_view()
    answers = []

    def fetch(language):
        response = view(rf.get(f"/api/schema/?lang={language}", HTTP_ACCEPT="application/vnd.oai.openapi+json"))
        answers.append((language, response.status_code, response.render().content))

    for _ in range(3):
        SchemaView._documents.clear()
        threads = [threading.Thread(target=fetch, args=(language,)) for language in ["en", "nl"] * 4]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert {status for _, status, _ in answers} == {200}
    assert all(content == answers[0][2] for language, _, content in answers if language == answers[0][0])
