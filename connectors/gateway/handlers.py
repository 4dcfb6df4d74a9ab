"""What each catalog endpoint returns from the caller's care organisation: read through the clinic's selectors,
written through its services, with the certificate as the actor.

A handler returns the selector's queryset (the gateway filters, field-filters and pages it) or ready-made items.
Loading a selector's rows records the call's audit event (epdee/clinic/selectors/patients.py, GATEWAY_CALL); a
handler that answers from a selector's row without handing the queryset over says so with `recorded=True`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from stdnum.nl import bsn as bsn_number

from epdee.clinic.models import DossierEntry
from epdee.clinic.selectors.account import members_for_gateway
from epdee.clinic.selectors.agenda import appointments_for_gateway, locations_for_gateway, practitioners_for_gateway
from epdee.clinic.selectors.billing import care_activities_for_gateway
from epdee.clinic.selectors.notifications import notifications_for_gateway
from epdee.clinic.selectors.patients import dossier_reports_for_gateway, patient_to_change, patients_for_gateway
from epdee.clinic.services.patients import add_dossier_entry
from epdee.core.errors import Invalid, NotFound

from .errors import GatewayError


@dataclass
class Result:
    """A queryset to page through (many=True), one row of it (many=False), a row a service wrote (`row`), or
    ready-made items (sub-resources); `recorded` when ready-made items came from a selector's audited row."""

    queryset: object = None
    many: bool = True
    items: list = field(default_factory=list)
    status: int = 200
    row: object = None
    recorded: bool = False


HANDLERS: dict[tuple[str, str], Callable] = {}


def handles(method: str, *paths: str, field_names: dict | None = None):
    """Register a handler; `field_names` maps the names a service gives its fields to the connector API's."""

    def register(function):
        function.field_names = field_names or {}
        for path in paths:
            HANDLERS[(method, path)] = function
        return function

    return register


def _int(value, name: str) -> int:
    if value is None or not re.fullmatch(r"[0-9]{1,18}", str(value)):
        raise GatewayError(400, f"{name} must be a number.")
    return int(value)


def _filter_ids(queryset, request, names: dict):
    """Optional ?clientId=… style filters: {query parameter: ORM field}."""
    for parameter, lookup in names.items():
        if parameter in request.GET:
            queryset = queryset.filter(**{lookup: _int(request.GET[parameter], parameter)})
    return queryset


def _one(queryset) -> Result:
    return Result(queryset=queryset, many=False)


def _reader(selector: Callable) -> Callable:
    """`read(caller, one=False)`: the selector's rows for this caller (the certificate actor, its tenant)."""

    def read(caller, *, one: bool = False):
        return selector(by=caller.actor, tenant=caller.tenant, one=one)

    return read


patients = _reader(patients_for_gateway)
practitioners = _reader(practitioners_for_gateway)
locations = _reader(locations_for_gateway)
members = _reader(members_for_gateway)
reports_of = _reader(dossier_reports_for_gateway)
activities = _reader(care_activities_for_gateway)
appointments_of = _reader(appointments_for_gateway)


# --- clients (patients) ---------------------------------------------------------------------------


@handles("GET", "/t/clients")
def clients(caller, params, request):
    return Result(patients(caller))


@handles("GET", "/t/clients/{id}")
def client(caller, params, request):
    return _one(patients(caller, one=True).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/clients/by_bsn?bsn={bsn}")
def client_by_bsn(caller, params, request):
    value = (params.get("bsn") or "").strip()
    if not bsn_number.is_valid(value):
        raise GatewayError(400, "bsn must be a valid BSN (9 digits, 11-proof).")
    return _one(patients(caller, one=True).filter(bsn=bsn_number.compact(value)))


@handles("GET", "/t/clients/by_identification_no/{identificationNo}")
def client_by_number(caller, params, request):
    return _one(patients(caller, one=True).filter(identification_number=params["identificationNo"]))


@handles("GET", "/f/clients/{id}")
def client_functional(caller, params, request):
    """The functional context's logical id: the identification number, or else the BSN (seed 000, 2019-12-17)."""
    value = params["id"]
    found = patients(caller, one=True)
    by_number = found.filter(identification_number=value)
    return _one(by_number if by_number.exists() else found.filter(bsn=value))


# --- employees, teams, users ------------------------------------------------------------------------


@handles("GET", "/t/employees")
def employees(caller, params, request):
    queryset = practitioners(caller).filter(is_active=True)
    return Result(_filter_ids(queryset, request, {"teamId": "locations"}))


@handles("GET", "/t/employees/{id}")
def employee(caller, params, request):
    return _one(practitioners(caller, one=True).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/employees/by_identification_no/{identificationNo}", "/f/employees/{id}")
def employee_by_number(caller, params, request):
    value = params.get("identificationNo") or params.get("id")
    return _one(practitioners(caller, one=True).filter(agb_code=value))


@handles("GET", "/t/teams")
def teams(caller, params, request):
    return Result(locations(caller))


@handles("GET", "/t/teams/{id}")
def team(caller, params, request):
    return _one(locations(caller, one=True).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/teams/by_code/{code}", "/f/teams/{id}")
def team_by_code(caller, params, request):
    return _one(locations(caller, one=True).filter(code=params.get("code") or params.get("id")))


@handles("GET", "/t/users")
def users(caller, params, request):
    return Result(members(caller))


@handles("GET", "/t/users/{id}")
def user(caller, params, request):
    return _one(members(caller, one=True).filter(user_id=_int(params["id"], "id")))


@handles("GET", "/t/users/by_user_name?user_name={user_name}")
def user_by_name(caller, params, request):
    return _one(members(caller, one=True).filter(user__email__iexact=params["user_name"]))


# --- sub-resources ($) ----------------------------------------------------------------------------


def _sub_resources(found: Result, links: Callable[[int], list[tuple[str, str]]]) -> Result:
    """The links of the one row `found` answers: loading it (its id only) records the call, naming the patient."""
    row = found.queryset.only("pk").first()
    if row is None:
        raise GatewayError(404, "Not found")
    return Result(items=[{"name": name, "href": href} for name, href in links(row.pk)], recorded=True)


def _client_links(patient_id) -> list[tuple[str, str]]:
    links = [(name, f"/t/dossier/{name}?clientId={patient_id}") for name in ("reports", "care_activities")]
    return [*links, ("appointments", f"/t/appointments?clientId={patient_id}")]


def _employee_links(employee_id) -> list[tuple[str, str]]:
    return [("appointments", f"/t/appointments?employeeId={employee_id}")]


def _team_links(team_id) -> list[tuple[str, str]]:
    return [("employees", f"/t/employees?teamId={team_id}"), ("appointments", f"/t/appointments?teamId={team_id}")]


@handles("GET", "/t/clients/{id}/$")
def client_sub_resources(caller, params, request):
    return _sub_resources(client(caller, params, request), _client_links)


@handles("GET", "/f/clients/{id}/$")
def client_sub_resources_functional(caller, params, request):
    return _sub_resources(client_functional(caller, params, request), _client_links)


@handles("GET", "/t/employees/{id}/$")
def employee_sub_resources(caller, params, request):
    return _sub_resources(employee(caller, params, request), _employee_links)


@handles("GET", "/f/employees/{id}/$")
def employee_sub_resources_functional(caller, params, request):
    return _sub_resources(employee_by_number(caller, params, request), _employee_links)


@handles("GET", "/t/teams/{id}/$")
def team_sub_resources(caller, params, request):
    return _sub_resources(team(caller, params, request), _team_links)


@handles("GET", "/f/teams/{id}/$")
def team_sub_resources_functional(caller, params, request):
    return _sub_resources(team_by_code(caller, params, request), _team_links)


# --- dossier, appointments, notifications --------------------------------------------------------


@handles("GET", "/t/dossier/reports")
def reports(caller, params, request):
    return Result(_filter_ids(reports_of(caller), request, {"clientId": "patient_id", "employeeId": "practitioner_id"}))


@handles("GET", "/t/dossier/reports/{id}")
def report(caller, params, request):
    return _one(reports_of(caller, one=True).filter(pk=_int(params["id"], "id")))


def _moment(value):
    """An ISO 8601 date-time as a datetime; anything else as given, for the service to refuse with its reason."""
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    return parsed if parsed is not None else value


def _number_or_as_given(value):
    return int(value) if isinstance(value, str) and re.fullmatch(r"[0-9]{1,18}", value) else value


# The service's names for a report's fields, in the connector API's words.
REPORT_FIELDS = {"kind": "reportType", "occurred_at": "reportedAt", "practitioner": "employeeId"}


@handles("POST", "/t/dossier/reports", field_names=REPORT_FIELDS)
def create_report(caller, params, request):
    """A report the connector writes into a client's dossier, through the same service as the dashboard and the
    API: the certificate is the author, the connector's creator the person who answers for it (seed 000)."""
    body = request.json_body
    client_id = _int(body.get("clientId"), "clientId")
    try:
        patient = patient_to_change(client_id, by=caller.actor, tenant=caller.tenant)
    except NotFound:
        # The client is named in the body, not in the path: an unknown one is bad input, as it always answered.
        raise Invalid(_("No client with this id in this care organisation."), field="clientId") from None
    employee_id = body.get("employeeId")
    entry = add_dossier_entry(
        patient,
        by=caller.actor,
        title=body.get("title") if body.get("title") is not None else "",
        text=body.get("text") if body.get("text") is not None else "",
        kind=body.get("reportType") or DossierEntry.Kind.REPORT,
        occurred_at=_moment(body.get("reportedAt")) or None,
        practitioner_id=None if employee_id is None else _number_or_as_given(employee_id),
        created_by=caller.version.connector.created_by,
    )
    return Result(row=entry, status=201)


@handles("GET", "/t/dossier/care_activities")
def care_activities(caller, params, request):
    queryset = activities(caller)
    return Result(_filter_ids(queryset, request, {"clientId": "patient_id", "appointmentId": "appointment_id"}))


@handles("GET", "/t/dossier/care_activities/{id}")
def care_activity(caller, params, request):
    return _one(activities(caller, one=True).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/appointments")
def appointments(caller, params, request):
    filters = {"clientId": "patient_id", "employeeId": "practitioner_id", "teamId": "location_id"}
    return Result(_filter_ids(appointments_of(caller), request, filters))


@handles("GET", "/t/appointments/{id}")
def appointment(caller, params, request):
    return _one(appointments_of(caller, one=True).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/hermes/notifications")
def notifications(caller, params, request):
    return Result(notifications_for_gateway(by=caller.actor, tenant=caller.tenant))


# --- data Epdee does not keep ---------------------------------------------------------------------


@handles(
    "GET",
    "/t/dossier/medical/simplified_propensity_to_adverse_reaction",
    "/t/dossier/documents",
)
def nothing_recorded(caller, params, request):
    """Epdee records no adverse-reaction propensities or documents: the list is empty, honestly."""
    return Result(items=[])


@handles("GET", "/t/dossier/documents/{id}", "/t/client_collab/shared_resources/{id}")
def nothing_to_find(caller, params, request):
    raise GatewayError(404, "Not found")


@handles("POST", "/t/dossier/documents")
def documents_not_stored(caller, params, request):
    raise GatewayError(501, "Epdee does not store documents; this call is not available.")


def handler_for(endpoint):
    handler = HANDLERS.get((endpoint.method, endpoint.path))
    if handler is not None:
        return handler
    if endpoint.api_model_id is None:
        # The deprecated authorization and Shield calls answer with an empty body (seed 000, 2019-08-27).
        return lambda caller, params, request: Result(items=None)
    raise GatewayError(501, "This call is in the catalog but not served yet.")
