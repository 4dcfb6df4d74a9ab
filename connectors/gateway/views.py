"""The connector API at /t/… and /f/…: identity, catalog match, removal, allow-list, field filtering, audit.

Audit (NEN 7513): every call is one `gateway.call` event, naming the connector, version, certificate serial,
environment, call, endpoint, status and the patients of the rows served. A call answered from a selector's rows
is recorded by the selector when the rows are loaded (the certificate actor's details carry the call), so the
access record and the call record are one link of the hash chain, not two (bench/gateway.py holds the cost);
every other answer — refused identities, refused calls, not found, a write — is recorded here. A write also has
its service's own change event (e.g. "patient.dossier_add").
"""

import json
from functools import lru_cache

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from epdee.core.audit import record_event
from epdee.core.errors import ApplicationError
from epdee.core.query import Field, QueryError, QuerySpec, ValueType, apply_query, query_timeout
from epdee.core.tenancy import tenant_exempt

from ..models import ConnectorVersion
from . import allowlist, routing
from .errors import NOT_ALLOWED, GatewayError, application_error
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


def _ready_made(endpoint, fields: frozenset, items):
    """Items a handler built itself (sub-resource links, empty lists), still shown through the allow-list."""
    if items is None:
        return None
    shape = allowlist.SHAPES.get(endpoint.api_model.name) if endpoint.api_model_id else None
    if shape is None:
        return items
    compiled = allowlist.compiled(shape.name, fields)
    return [compiled.render(item) for item in items]


def _serve(request, caller, endpoint, handler):
    """(status, body, headers, recorded, patient ids): `recorded` when a selector's read recorded the call; the
    patient ids of what the gateway must record itself otherwise (a row a service wrote)."""
    fields = _allowed_fields(caller, endpoint)
    if request.method != "GET":
        if len(request.body) > MAX_BODY:
            raise GatewayError(413, "The request body is too large.")
        try:
            request.json_body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise GatewayError(400, "The request body is not valid JSON.") from error
        if not isinstance(request.json_body, dict):
            raise GatewayError(400, "The request body must be a JSON object.")
    result = handler(caller, request.params, request)
    if result.row is not None:
        compiled = allowlist.compiled(endpoint.api_model.name, fields)
        patient_ids = [result.row.patient_id] if getattr(result.row, "patient_id", None) else []
        return result.status, compiled.render(result.row), {}, False, patient_ids
    if result.queryset is None:
        return result.status, _ready_made(endpoint, fields, result.items), {}, result.recorded, []
    shape = allowlist.SHAPES[endpoint.api_model.name]
    compiled = allowlist.compiled(shape.name, fields)
    queryset = compiled.prepare(result.queryset)
    if not result.many:
        row = queryset.first()  # the selector records the call when it finds the row
        if row is None:
            raise GatewayError(404, "Not found")
        return result.status, compiled.render(row), {}, True, []
    with query_timeout():
        page = apply_query(queryset, _query_spec(shape, fields), request.GET)
        # Loading the page records the call (the selector's event, naming its patients) in this transaction, so
        # the event commits with the read; a wait of over the timeout for the audit chain's head would refuse
        # the call like a slow filter (400, recorded by the gateway), never serve it unrecorded.
        rows = list(page.page)
    headers = {"Total-Count": str(page.total)} if page.total is not None else {}
    return 200, [compiled.render(row) for row in rows], headers, True, []


def _audit(request, caller, endpoint, status: int, patient_ids) -> None:
    """The call's event when no selector recorded it: refused identities too (with what was presented), so
    probing shows up in the audit log."""
    record_event(
        "gateway.call",
        tenant=caller.tenant if caller else None,
        actor_label=caller.label if caller else "unidentified client",
        object_type="connectors.endpoint" if endpoint else "",
        object_id=endpoint.pk if endpoint else "",
        patient_id=patient_ids[0] if len(patient_ids) == 1 else "",
        result="success" if status < 400 else ("denied" if status in (401, 403) else "failure"),
        details={
            **(caller.identity if caller else {}),
            **_call(request, endpoint),
            "status": status,
            "patient_ids": [str(pk) for pk in patient_ids][:500],
        },
    )


def _call(request, endpoint) -> dict:
    return {"call": f"{request.method} {request.path}"[:300], "endpoint": str(endpoint) if endpoint else None}


@csrf_exempt  # certificate authentication: no cookies, no CSRF
@tenant_exempt  # the tenant comes from the certificate's environment
def gateway(request, path=""):
    caller = endpoint = handler = None
    recorded, patient_ids = False, []
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
        handler = handler_for(endpoint)
        # A selector records the call only when it serves rows, which the gateway answers with 200.
        caller = caller.calling({**_call(request, endpoint), "status": 200})
        status, body, headers, recorded, patient_ids = _serve(request, caller, endpoint, handler)
    except GatewayError as error:
        status, body, headers = error.status, error.body, {}
    except ApplicationError as error:
        status, body, headers = application_error(error, getattr(handler, "field_names", None))
    except QueryError as error:
        status, body, headers = 400, {"message": error.message, "details": error.details}, {}
    except DatabaseError:
        status, body, headers = 503, {"message": "The service is unavailable; try again later."}, {}
    if not recorded:
        _audit(request, caller, endpoint, status, patient_ids)
    return _respond(status, body, headers)
