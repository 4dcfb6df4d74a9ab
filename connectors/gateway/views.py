"""The connector API at /t/… and /f/…: identity, catalog match, removal, allow-list, field filtering, audit."""

import json
from functools import lru_cache

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from epdee.core.audit import record_event
from epdee.core.query import Field, QueryError, QuerySpec, ValueType, apply_query, query_timeout
from epdee.core.tenancy import tenant_exempt

from ..models import ConnectorVersion
from . import allowlist, routing
from .errors import NOT_ALLOWED, GatewayError
from .handlers import handler_for
from .identity import identify

MAX_BODY = 64 * 1024


def _respond(status: int, body, headers=None) -> HttpResponse:
    content = b"" if body is None else json.dumps(body, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    response = HttpResponse(content, status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _check_reachable(caller, endpoint) -> None:
    """seed 000: staging and production only answer enabled endpoints of an approved version."""
    version = caller.version
    if version.stage == ConnectorVersion.Stage.RETIRED:
        raise GatewayError(403, NOT_ALLOWED, reason=f"Version {version.number} is retired.")
    if version.stage != ConnectorVersion.Stage.APPROVED and not caller.is_development:
        raise GatewayError(403, NOT_ALLOWED, reason="Only an approved version reaches staging and production.")


def _allowed_fields(caller, endpoint) -> frozenset:
    """The fields this version may receive from the endpoint; 403 when it may not call it at all."""
    allowed = allowlist.for_version(caller.version)
    if endpoint.pk in allowed.endpoints:
        if not endpoint.filters_fields:
            # Filtering is for GET calls (seed 000, 2018-08-01); a POST answers with what the connector wrote.
            return allowlist.everything(endpoint.api_model.name) if endpoint.api_model_id else frozenset()
        return allowed.fields.get(endpoint.pk, frozenset())
    if allowed.allow_all and caller.is_development and not endpoint.path.startswith("/f/"):
        # The functional context answers only calls a version enabled, even while discovering (seed 000, 2019-12-17).
        # Discovery on the sandbox (seed 000, 2021-01-25): unlisted endpoints show every field of its test data.
        return allowlist.everything(endpoint.api_model.name) if endpoint.api_model_id else frozenset()
    raise GatewayError(403, NOT_ALLOWED)


def _removed(endpoint) -> GatewayError:
    """seed 000, 2020-07-29: removed endpoints answer 404, naming their replacement when there is one."""
    extra = {"removedOn": endpoint.removal_date.isoformat()}
    if endpoint.replacement_id:
        extra["replacement"] = f"{endpoint.replacement.method} {endpoint.replacement.path}"
    if endpoint.replacement_note:
        extra["note"] = endpoint.replacement_note
    return GatewayError(404, f"{endpoint.method} {endpoint.path} was removed on {endpoint.removal_date}.", **extra)


@lru_cache(maxsize=2048)
def _query_spec(shape, allowed: frozenset) -> QuerySpec:
    filters = shape.filterable(allowed)
    sorts = {"id": Field("pk", ValueType.INTEGER), **filters}
    return QuerySpec(filters=filters, sorts=sorts, default_sort="asc(id)")


def _patient_ids(shape_name: str, rows) -> list:
    if shape_name == "Client":
        return [row.pk for row in rows]
    return sorted({row.patient_id for row in rows if getattr(row, "patient_id", None)})


def _ready_made(endpoint, fields: frozenset, items):
    """Items a handler built itself (sub-resource links, empty lists), still shown through the allow-list."""
    if items is None:
        return None
    shape = allowlist.SHAPES.get(endpoint.api_model.name) if endpoint.api_model_id else None
    if shape is None:
        return items
    compiled = allowlist.compiled(shape.name, fields)
    return [compiled.render(item) for item in items]


def _serve(request, caller, endpoint):
    fields = _allowed_fields(caller, endpoint)
    if request.method != "GET":
        if len(request.body) > MAX_BODY:
            raise GatewayError(413, "The request body is too large.")
        try:
            request.json_body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError) as error:
            raise GatewayError(400, "The request body is not valid JSON.") from error
        if not isinstance(request.json_body, dict):
            raise GatewayError(400, "The request body must be a JSON object.")
    result = handler_for(endpoint)(caller, request.params, request)
    if result.queryset is None:
        return result.status, _ready_made(endpoint, fields, result.items), {}, []
    shape = allowlist.SHAPES[endpoint.api_model.name]
    compiled = allowlist.compiled(shape.name, fields)
    queryset = compiled.prepare(result.queryset)
    if not result.many:
        row = queryset.first()
        if row is None:
            raise GatewayError(404, "Not found")
        return result.status, compiled.render(row), {}, _patient_ids(shape.name, [row])
    with query_timeout():
        page = apply_query(queryset, _query_spec(shape, fields), request.GET)
        rows = list(page.page)
    headers = {"Total-Count": str(page.total)} if page.total is not None else {}
    return 200, [compiled.render(row) for row in rows], headers, _patient_ids(shape.name, rows)


def _audit(request, caller, endpoint, status: int, patient_ids) -> None:
    """NEN 7513: every gateway call — connector, version, certificate, tenant, endpoint, patients, status.

    Refused identities are logged too (with what was presented), so probing shows up in the audit log.
    """
    identity = {}
    if caller is not None:
        identity = {
            "connector": caller.version.connector_id,
            "version": caller.version.number,
            "certificate": caller.certificate.serial,
            "environment": caller.environment.customer_code,
        }
    record_event(
        "gateway.call",
        tenant=caller.tenant if caller else None,
        actor_label=f"connector:{caller.version.connector_id}" if caller else "unidentified client",
        object_type="connectors.endpoint" if endpoint else "",
        object_id=endpoint.pk if endpoint else "",
        patient_id=patient_ids[0] if len(patient_ids) == 1 else "",
        result="success" if status < 400 else ("denied" if status in (401, 403) else "failure"),
        details={
            **identity,
            "call": f"{request.method} {request.path}"[:300],
            "endpoint": str(endpoint) if endpoint else None,
            "status": status,
            "patient_ids": [str(pk) for pk in patient_ids][:500],
        },
    )


@csrf_exempt  # certificate authentication: no cookies, no CSRF
@tenant_exempt  # the tenant comes from the certificate's environment
def gateway(request, path=""):
    caller = endpoint = None
    try:
        caller = identify(request)
        found = routing.match(request.method, request.path, request.GET)
        if found is None:
            status = 405 if routing.path_exists(request.path) else 404
            raise GatewayError(status, "Method not allowed" if status == 405 else "Not found")
        endpoint, request.params = found
        if endpoint.is_removed():
            raise _removed(endpoint)
        _check_reachable(caller, endpoint)
        status, body, headers, patient_ids = _serve(request, caller, endpoint)
    except GatewayError as error:
        status, body, headers, patient_ids = error.status, error.body, {}, []
    except QueryError as error:
        status, body, headers, patient_ids = 400, {"message": error.message, "details": error.details}, {}, []
    except DatabaseError:
        status, body, headers, patient_ids = 503, {"message": "The service is unavailable; try again later."}, {}, []
    _audit(request, caller, endpoint, status, patient_ids)
    return _respond(status, body, headers)
