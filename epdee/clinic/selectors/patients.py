"""Reads of patients and their records for an actor: each checks that the actor may, and records the NEN 7513
read event when the rows are loaded (`TenantQuerySet.audited`).

The events are the ones the pages and the API always wrote: "patient.list" naming the page of patients shown
and the search, "patient.view" for a patient's detail (with {"page": "edit"} for the edit page),
"patient.dossier_list" and "patient.dossier_pdf" for the API's dossier and its PDF. An id of another tenant's
patient (or of none) is `NotFound` and records nothing.
"""

import re
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from epdee.core.errors import NotFound
from epdee.core.models import Tenant
from epdee.core.permissions import require

from ..models import Appointment, DossierEntry, Patient, PatientInsurance

# --- search --------------------------------------------------------------------------------------------

SEARCH_DATE = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[-/](\d{1,2})[-/](\d{4}))$")


def clean_search(raw) -> str:
    """The search as typed, without what no database column can hold (NUL) and at most 200 characters."""
    return " ".join(str(raw or "").replace("\x00", " ").split())[:200]


def parse_search_date(word: str) -> date | None:
    match = SEARCH_DATE.fullmatch(word)
    if not match or not word.isascii():
        return None
    if match.group(1):
        year, month, day = match.group(1, 2, 3)
    else:
        day, month, year = match.group(4, 5, 6)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def search_patients(queryset, search: str):
    """Every word must match: a date the birth date, digits the BSN or number, other words a name or number.

    Dates are ISO (1980-03-01) or Dutch (01-03-1980, 1-3-1980, 01/03/1980).
    """
    for word in clean_search(search).split()[:10]:
        birth_date = parse_search_date(word)
        if birth_date is not None:
            queryset = queryset.filter(birth_date=birth_date)
            continue
        match = Q(identification_number__icontains=word)
        digits = word.replace(".", "")
        if digits.isascii() and digits.isdigit() and len(digits) in (8, 9):
            match |= Q(bsn=digits.zfill(9))
        if not word.isdigit():
            match |= (
                Q(family_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(initials__icontains=word)
                | Q(prefix__icontains=word)
            )
        queryset = queryset.filter(match)
    return queryset


# --- patients ------------------------------------------------------------------------------------------


def patient_list(*, by, tenant: Tenant, search: str = "") -> QuerySet:
    """The tenant's patients (with their GP) matching the search, in the model's order (name).

    The "patient.list" event is written when a page of them is loaded and names exactly those patients and
    the search; sort or slice the queryset first (counting records nothing).
    """
    actor = require(by, "tenant.view", tenant)
    search = clean_search(search)
    queryset = search_patients(Patient.objects.for_tenant(tenant).select_related("general_practitioner"), search)
    return queryset.audited("patient.list", actor=actor, tenant=tenant, details={"search": search})


def _detail_queryset(tenant: Tenant, *, dossier: bool) -> QuerySet:
    """Patients with their GP and insurances (and dossier entries), in a fixed number of queries."""
    prefetches = [Prefetch("insurances", PatientInsurance.objects.for_tenant(tenant))]
    if dossier:
        entries = DossierEntry.objects.for_tenant(tenant).select_related("practitioner")
        prefetches.append(Prefetch("dossier_entries", entries))
    return Patient.objects.for_tenant(tenant).select_related("general_practitioner").prefetch_related(*prefetches)


def _load(queryset: QuerySet, patient_id) -> Patient:
    try:
        return queryset.get(pk=patient_id)
    except (Patient.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such patient in this care organisation.")) from None


def _read(queryset: QuerySet, patient_id, action: str, *, actor, tenant, details=None) -> Patient:
    """One patient, the read recorded as `action` naming him (nothing is recorded when there is no such one)."""
    audited = queryset.audited(action, actor=actor, tenant=tenant, details=details, one=True)
    return _load(audited, patient_id)


def patient_detail(patient_id, *, by, tenant: Tenant, dossier: bool = True) -> Patient:
    """A patient with what his detail shows: GP, insurances and (unless `dossier=False`, for a page that pages
    through it with `dossier_entries_of`) every dossier entry. Recorded as "patient.view"."""
    actor = require(by, "tenant.view", tenant)
    return _read(_detail_queryset(tenant, dossier=dossier), patient_id, "patient.view", actor=actor, tenant=tenant)


def patient_for_edit(patient_id, *, by, tenant: Tenant) -> Patient:
    """The patient as the edit form shows him, for those who may change him. Recorded as "patient.view" of the
    edit page."""
    actor = require(by, "tenant.change", tenant)
    queryset = Patient.objects.for_tenant(tenant)
    return _read(queryset, patient_id, "patient.view", actor=actor, tenant=tenant, details={"page": "edit"})


def patient_to_change(patient_id, *, by, tenant: Tenant, detail: bool = False) -> Patient:
    """The patient a change is about to act on, for those who may change the practice's records.

    Not recorded as a read: the service that changes him records the change (and a page that shows him again
    reads him through `patient_detail`). `detail=True` brings what the API's detail answer shows.
    """
    require(by, "tenant.change", tenant)
    if detail:
        return _load(_detail_queryset(tenant, dossier=True), patient_id)
    return _load(Patient.objects.for_tenant(tenant).select_related("general_practitioner"), patient_id)


# --- a patient's records -------------------------------------------------------------------------------


def dossier_entries_of(patient: Patient, *, by) -> QuerySet:
    """The dossier entries of a patient read through `patient_detail`, newest first, to page through under
    that read's event."""
    require(by, "tenant.view", patient.tenant)
    return DossierEntry.objects.for_tenant(patient.tenant).filter(patient=patient).select_related("practitioner")


def appointments_of(patient: Patient, *, by) -> QuerySet:
    """The appointments of a patient read through `patient_detail`, newest first, to page through under that
    read's event."""
    require(by, "tenant.view", patient.tenant)
    return (
        Appointment.objects.for_tenant(patient.tenant)
        .filter(patient=patient)
        .select_related("location", "practitioner", "appointment_type")
        .order_by("-starts_at", "-pk")
    )


def patient_dossier(patient_id, *, by, tenant: Tenant) -> QuerySet:
    """A patient's dossier entries, newest first (the API's dossier list). Recorded as "patient.dossier_list"
    of the patient when he is found, whatever page of entries is shown."""
    actor = require(by, "tenant.view", tenant)
    patient = _read(Patient.objects.for_tenant(tenant), patient_id, "patient.dossier_list", actor=actor, tenant=tenant)
    return dossier_entries_of(patient, by=actor)


def dossier_context(patient_id, *, by, tenant: Tenant) -> dict:
    """Everything the dossier PDF shows: it is the complete record, so nothing is paginated away. Recorded as
    "patient.dossier_pdf"."""
    actor = require(by, "tenant.view", tenant)
    queryset = Patient.objects.for_tenant(tenant).select_related("general_practitioner")
    patient = _read(queryset, patient_id, "patient.dossier_pdf", actor=actor, tenant=tenant)
    return {
        "tenant": tenant,
        "patient": patient,
        "general_practitioner": patient.general_practitioner,
        "insurances": list(PatientInsurance.objects.for_tenant(tenant).filter(patient=patient)),
        "entries": list(
            dossier_entries_of(patient, by=actor).select_related("created_by").order_by("occurred_at", "pk")
        ),
        "appointments": list(appointments_of(patient, by=actor).order_by("starts_at", "pk")),
        "generated_at": timezone.now(),
    }


# --- the connector gateway -----------------------------------------------------------------------------

# The connector gateway's call event. A gateway selector's read is that event: one link of the hash chain per
# call, naming the patients of the rows served and the call (the certificate actor's `details`: connector,
# version, certificate serial, environment, call, endpoint). The gateway records the calls no selector
# answered (refusals, not found, writes) itself, under the same action.
GATEWAY_CALL = "gateway.call"


def gateway_read(queryset: QuerySet, actor, tenant: Tenant, *, one: bool) -> QuerySet:
    """`queryset` (of the tenant) audited as the gateway's call event. `one=True` for a call that answers one row
    (the gateway filters to it and loads it): nothing is recorded when there is none (the gateway answers 404)."""
    return queryset.audited(GATEWAY_CALL, actor=actor, tenant=tenant, details=actor.details, one=one)


def patients_for_gateway(*, by, tenant: Tenant, one: bool = False) -> QuerySet:
    """The tenant's patients for a connector's call, for the gateway to filter, field-filter and page with its
    query language; loading them records the call (see GATEWAY_CALL)."""
    actor = require(by, "tenant.view", tenant)
    return gateway_read(Patient.objects.for_tenant(tenant), actor, tenant, one=one)


def dossier_reports_for_gateway(*, by, tenant: Tenant, one: bool = False) -> QuerySet:
    """The tenant's dossier entries for a connector's call; loading them records the call, naming their
    patients."""
    actor = require(by, "tenant.view", tenant)
    return gateway_read(DossierEntry.objects.for_tenant(tenant), actor, tenant, one=one)
