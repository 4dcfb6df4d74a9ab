"""Matching a request to the endpoint catalog: method, path template and required query parameters."""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.dispatch import receiver

from ..models import Endpoint
from ..signals import catalog_synced

PARAMETER = re.compile(r"\{(\w+)\}")
# Technical ids are numeric, so that /t/clients/by_bsn is never read as /t/clients/{id}.
NUMERIC = {"id", "client_id", "user_id", "clientId", "employeeId"}


@dataclass(frozen=True)
class Route:
    endpoint: Endpoint
    pattern: re.Pattern
    query: dict  # query parameter name → template parameter name, e.g. {"bsn": "bsn"}
    literal_length: int  # more literal text first: the most specific template wins


def _compile(endpoint: Endpoint) -> Route:
    path, _, query = endpoint.path.partition("?")
    regex, position = "", 0
    for match in PARAMETER.finditer(path):
        regex += re.escape(path[position : match.start()])
        name = match.group(1)
        numeric = name in NUMERIC and path.startswith("/t/")  # /f/ ids are logical ids: BSN, codes, numbers
        regex += f"(?P<{name}>[0-9]+)" if numeric else f"(?P<{name}>[^/]+)"
        position = match.end()
    regex += re.escape(path[position:])
    query_params = {}
    for pair in filter(None, query.split("&")):
        key, _, value = pair.partition("=")
        query_params[key] = PARAMETER.fullmatch(value).group(1) if PARAMETER.fullmatch(value) else key
    literal = len(PARAMETER.sub("", path))
    return Route(endpoint, re.compile(f"^{regex}$"), query_params, literal)


@lru_cache(maxsize=1)
def routes() -> tuple[Route, ...]:
    """The whole catalog, compiled once per process (the catalog changes only with a migration)."""
    endpoints = Endpoint.objects.select_related("replacement", "api_model").order_by("pk")
    compiled = [_compile(endpoint) for endpoint in endpoints]
    return tuple(sorted(compiled, key=lambda route: (-len(route.query), -route.literal_length)))


@receiver(catalog_synced)
def _recompile(**kwargs):
    """The catalog changed (a migration, or a test database loaded again): compile it anew on next use."""
    routes.cache_clear()


def match(method: str, path: str, query) -> tuple[Endpoint, dict] | None:
    """The endpoint and its parameters (path and query), or None when the catalog has no such call."""
    for route in routes():
        if route.endpoint.method != method:
            continue
        found = route.pattern.match(path)
        if found is None or any(name not in query for name in route.query):
            continue
        params = dict(found.groupdict())
        params.update({template: query.get(name) for name, template in route.query.items()})
        return route.endpoint, params
    return None


def path_exists(path: str) -> bool:
    """Whether any method has this path (a wrong method is 405, not 404)."""
    return any(route.pattern.match(path) for route in routes())
