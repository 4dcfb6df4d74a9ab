"""Security regression: a body that does not parse (nested fifty thousand deep, not JSON at all, too large) is
a 4xx on every route of the URL conf, for a visitor and for signed-in members; never a 500, which also mailed
the administrators. Routes are walked with their path parameters filled in."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.clinic.clients import member
from tests.connectors.factories import SupplierMemberFactory

BODIES = {
    "nested fifty thousand deep": b"[" * 50_000,
    "not JSON": b"{'name': 1,",
    "larger than the limit": b'{"name": "' + b"x" * (1024 * 1024 + 1) + b'"}',
}
FILLERS = {"int": "1", "uuid": str(uuid.UUID(int=1)), "path": "x", "str": "x", "slug": "x"}


def _paths():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns):
        if "^" in route or "(?P" in route:
            continue  # regular-expression routes: files, the gateway (its bodies: tests/gateway), OpenID discovery
        yield "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: FILLERS.get(m.group(1) or "str", "x"), route)


def _methods(path: str) -> list[str]:
    """The methods with a body that the route's view answers (a function view: POST)."""
    view = resolve(path).func
    if actions := getattr(view, "actions", None):  # a DRF viewset's route
        return [method for method in ("post", "put", "patch") if method in actions]
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    if view_class is None:
        return ["post"]
    return [method for method in ("post", "put", "patch") if hasattr(view_class, method)]


ROUTES = [(path, method) for path in sorted(set(_paths())) for method in _methods(path)]
# Members reach past the sign-in on every route; the pages' forms read no JSON, so they walk the APIs (all but
# signing out, which would leave the rest of the walk to a visitor).
API_ROUTES = [
    (path, method)
    for path, method in ROUTES
    if path.startswith(("/api/", "/registry/", "/o/")) and "logout" not in path
]


@pytest.fixture(params=["visitor", "practice administrator", "supplier administrator"])
def caller(request, client, db):
    """(client, the routes it walks): a visitor every route, a member the APIs."""
    if request.param == "visitor":
        return client, ROUTES
    user = member("admin").user if request.param == "practice administrator" else SupplierMemberFactory().user
    client.force_login(user)
    return client, API_ROUTES


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_no_body_is_a_server_error_on_any_route(caller, body):
    client, routes = caller
    failures = []
    for path, method in routes:
        response = getattr(client, method)(path, body, content_type="application/json")
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {path}: {response.status_code}")
    assert len(routes) > 50 and not failures, failures
    assert client.get("/").wsgi_request.user.is_authenticated == (routes is API_ROUTES)  # still who it was


def test_the_api_says_what_is_wrong(client, db):
    client.force_login(member("admin").user)
    deep = client.post("/api/patienten", BODIES["nested fifty thousand deep"], content_type="application/json")
    assert deep.status_code == 400 and "nested too deeply" in deep.json()["detail"]
    large = client.post("/api/patienten", BODIES["larger than the limit"], content_type="application/json")
    assert large.status_code == 413 and "larger than" in large.json()["detail"]
