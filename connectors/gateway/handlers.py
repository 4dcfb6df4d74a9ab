"""What each catalog endpoint returns from the caller's care organisation: always through for_tenant()."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from stdnum.nl import bsn as bsn_number

from epdee.clinic.models import Appointment, CareActivity, DossierEntry, Location, Notification, Patient, Practitioner
from epdee.core.audit import record_event
from epdee.core.models import TenantMembership

from .errors import GatewayError


@dataclass
class Result:
    """A queryset to page through (many=True), one row (many=False), or ready-made items (sub-resources)."""

    queryset: object = None
    many: bool = True
    items: list = field(default_factory=list)
    status: int = 200


HANDLERS: dict[tuple[str, str], Callable] = {}


def handles(method: str, *paths: str):
    def register(function):
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


# --- clients (patients) ---------------------------------------------------------------------------


@handles("GET", "/t/clients")
def clients(caller, params, request):
    return Result(Patient.objects.for_tenant(caller.tenant))


@handles("GET", "/t/clients/{id}")
def client(caller, params, request):
    return _one(Patient.objects.for_tenant(caller.tenant).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/clients/by_bsn?bsn={bsn}")
def client_by_bsn(caller, params, request):
    value = (params.get("bsn") or "").strip()
    if not bsn_number.is_valid(value):
        raise GatewayError(400, "bsn must be a valid BSN (9 digits, 11-proof).")
    return _one(Patient.objects.for_tenant(caller.tenant).filter(bsn=bsn_number.compact(value)))


@handles("GET", "/t/clients/by_identification_no/{identificationNo}")
def client_by_number(caller, params, request):
    return _one(Patient.objects.for_tenant(caller.tenant).filter(identification_number=params["identificationNo"]))


@handles("GET", "/f/clients/{id}")
def client_functional(caller, params, request):
    """The functional context's logical id: the identification number, or else the BSN (seed 000, 2019-12-17)."""
    value = params["id"]
    patients = Patient.objects.for_tenant(caller.tenant)
    by_number = patients.filter(identification_number=value)
    return _one(by_number if by_number.exists() else patients.filter(bsn=value))


# --- employees, teams, users ------------------------------------------------------------------------


@handles("GET", "/t/employees")
def employees(caller, params, request):
    queryset = Practitioner.objects.for_tenant(caller.tenant).filter(is_active=True)
    return Result(_filter_ids(queryset, request, {"teamId": "locations"}))


@handles("GET", "/t/employees/{id}")
def employee(caller, params, request):
    return _one(Practitioner.objects.for_tenant(caller.tenant).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/employees/by_identification_no/{identificationNo}", "/f/employees/{id}")
def employee_by_number(caller, params, request):
    value = params.get("identificationNo") or params.get("id")
    return _one(Practitioner.objects.for_tenant(caller.tenant).filter(agb_code=value))


@handles("GET", "/t/teams")
def teams(caller, params, request):
    return Result(Location.objects.for_tenant(caller.tenant))


@handles("GET", "/t/teams/{id}")
def team(caller, params, request):
    return _one(Location.objects.for_tenant(caller.tenant).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/teams/by_code/{code}", "/f/teams/{id}")
def team_by_code(caller, params, request):
    return _one(Location.objects.for_tenant(caller.tenant).filter(code=params.get("code") or params.get("id")))


@handles("GET", "/t/users")
def users(caller, params, request):
    return Result(TenantMembership.objects.for_tenant(caller.tenant))


@handles("GET", "/t/users/{id}")
def user(caller, params, request):
    return _one(TenantMembership.objects.for_tenant(caller.tenant).filter(user_id=_int(params["id"], "id")))


@handles("GET", "/t/users/by_user_name?user_name={user_name}")
def user_by_name(caller, params, request):
    return _one(TenantMembership.objects.for_tenant(caller.tenant).filter(user__email__iexact=params["user_name"]))


# --- sub-resources ($) ----------------------------------------------------------------------------


def _sub_resources(queryset, links: list[tuple[str, str]]) -> Result:
    if not queryset.exists():
        raise GatewayError(404, "Not found")
    return Result(items=[{"name": name, "href": href} for name, href in links])


def _client_links(queryset) -> Result:
    patient_id = queryset.values_list("pk", flat=True).first()
    links = ["reports", "care_activities"]
    return _sub_resources(
        queryset,
        [(name, f"/t/dossier/{name}?clientId={patient_id}") for name in links]
        + [("appointments", f"/t/appointments?clientId={patient_id}")],
    )


def _employee_links(queryset) -> Result:
    employee_id = queryset.values_list("pk", flat=True).first()
    return _sub_resources(queryset, [("appointments", f"/t/appointments?employeeId={employee_id}")])


def _team_links(queryset) -> Result:
    team_id = queryset.values_list("pk", flat=True).first()
    return _sub_resources(
        queryset,
        [("employees", f"/t/employees?teamId={team_id}"), ("appointments", f"/t/appointments?teamId={team_id}")],
    )


@handles("GET", "/t/clients/{id}/$")
def client_sub_resources(caller, params, request):
    return _client_links(client(caller, params, request).queryset)


@handles("GET", "/f/clients/{id}/$")
def client_sub_resources_functional(caller, params, request):
    return _client_links(client_functional(caller, params, request).queryset)


@handles("GET", "/t/employees/{id}/$")
def employee_sub_resources(caller, params, request):
    return _employee_links(employee(caller, params, request).queryset)


@handles("GET", "/f/employees/{id}/$")
def employee_sub_resources_functional(caller, params, request):
    return _employee_links(employee_by_number(caller, params, request).queryset)


@handles("GET", "/t/teams/{id}/$")
def team_sub_resources(caller, params, request):
    return _team_links(team(caller, params, request).queryset)


@handles("GET", "/f/teams/{id}/$")
def team_sub_resources_functional(caller, params, request):
    return _team_links(team_by_code(caller, params, request).queryset)


# --- dossier, appointments, notifications --------------------------------------------------------


@handles("GET", "/t/dossier/reports")
def reports(caller, params, request):
    queryset = DossierEntry.objects.for_tenant(caller.tenant)
    return Result(_filter_ids(queryset, request, {"clientId": "patient_id", "employeeId": "practitioner_id"}))


@handles("GET", "/t/dossier/reports/{id}")
def report(caller, params, request):
    return _one(DossierEntry.objects.for_tenant(caller.tenant).filter(pk=_int(params["id"], "id")))


@handles("POST", "/t/dossier/reports")
def create_report(caller, params, request):
    """A report written by the connector into a client's dossier (audited, tenant must be writable)."""
    if not caller.tenant.is_writable:
        raise GatewayError(403, f"{caller.tenant.name} is read-only: no data can be added.")
    body = request.json_body
    patient = Patient.objects.for_tenant(caller.tenant).filter(pk=_int(body.get("clientId"), "clientId")).first()
    if patient is None:
        raise GatewayError(400, "clientId is not a client of this care organisation.")
    practitioner = None
    if body.get("employeeId") is not None:
        practitioner = (
            Practitioner.objects.for_tenant(caller.tenant).filter(pk=_int(body["employeeId"], "employeeId")).first()
        )
        if practitioner is None:
            raise GatewayError(400, "employeeId is not an employee of this care organisation.")
    title, text = str(body.get("title") or "").strip()[:200], str(body.get("text") or "").strip()
    if not title or not text:
        raise GatewayError(400, "title and text are required.")
    kind = body.get("reportType") or DossierEntry.Kind.REPORT
    if kind not in DossierEntry.Kind.values:
        raise GatewayError(400, f"reportType must be one of {', '.join(DossierEntry.Kind.values)}.")
    occurred = parse_datetime(str(body.get("reportedAt"))) if body.get("reportedAt") else timezone.now()
    if occurred is None or timezone.is_naive(occurred):
        raise GatewayError(400, "reportedAt must be an ISO 8601 date-time with a time zone.")
    with transaction.atomic():
        entry = DossierEntry.objects.create(
            tenant=caller.tenant,
            patient=patient,
            practitioner=practitioner,
            kind=kind,
            title=title,
            text=text,
            occurred_at=occurred,
            created_by=caller.version.connector.created_by,
        )
        record_event(
            "gateway.dossier.create",
            tenant=caller.tenant,
            obj=entry,
            patient_id=patient.pk,
            actor_label=f"connector {caller.version.connector_id} v{caller.version.number}",
        )
    return Result(queryset=DossierEntry.objects.filter(pk=entry.pk), many=False, status=201)


@handles("GET", "/t/dossier/care_activities")
def care_activities(caller, params, request):
    queryset = CareActivity.objects.for_tenant(caller.tenant)
    return Result(_filter_ids(queryset, request, {"clientId": "patient_id", "appointmentId": "appointment_id"}))


@handles("GET", "/t/dossier/care_activities/{id}")
def care_activity(caller, params, request):
    return _one(CareActivity.objects.for_tenant(caller.tenant).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/appointments")
def appointments(caller, params, request):
    queryset = Appointment.objects.for_tenant(caller.tenant)
    filters = {"clientId": "patient_id", "employeeId": "practitioner_id", "teamId": "location_id"}
    return Result(_filter_ids(queryset, request, filters))


@handles("GET", "/t/appointments/{id}")
def appointment(caller, params, request):
    return _one(Appointment.objects.for_tenant(caller.tenant).filter(pk=_int(params["id"], "id")))


@handles("GET", "/t/hermes/notifications")
def notifications(caller, params, request):
    return Result(Notification.objects.for_tenant(caller.tenant))


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
