"""What the tenant export reads: every row a practice keeps, section by section, for its administrators.

Each section reads its rows in batches (`.iterator(chunk_size=…)`, a server-side cursor on PostgreSQL; a
batch's dossier entries, insurances or lines in one query more), as `values()` dicts with camelCase keys,
so memory stays flat however many patients there are. Reading the data records the `tenant.export` event
(NEN 7513) with the number of rows per section, before the first row leaves. Notifications are left out:
they belong to users, not to the practice's data.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from epdee.clinic.models import (
    Appointment,
    AppointmentType,
    CareActivity,
    DossierEntry,
    HealthcareProvider,
    Invoice,
    InvoiceLine,
    Location,
    OpeningHours,
    Patient,
    PatientInsurance,
    Practitioner,
    ScheduleException,
    TenantBranding,
    Workflow,
    WorkflowStep,
)
from epdee.core.audit import current_request, mark_patient_data, record_event
from epdee.core.permissions import require

CHUNK_SIZE = 500


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Exported names that are not simply the field name in camelCase.
NAMES = {"created_by__email": "createdBy"}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return NAMES.get(name) or head + "".join(part[:1].upper() + part[1:] for part in rest)


def _renamer(fields):
    names = [(field, _camel(field)) for field in fields]
    return lambda row: {new: row[old] for old, new in names}


def _batches(queryset, fields) -> Iterator[list[dict]]:
    """Rows as camelCase dicts in lists of CHUNK_SIZE, read through one cursor (server-side on PostgreSQL).

    values() rows, not model instances: the export makes hundreds of thousands of them.
    """
    rename, batch = _renamer(fields), []
    for row in queryset.order_by("pk").values(*fields).iterator(chunk_size=CHUNK_SIZE):
        batch.append(rename(row))
        if len(batch) >= CHUNK_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _flat(queryset, fields) -> Iterator[dict]:
    for batch in _batches(queryset, fields):
        yield from batch


def _children(queryset, parent: str, ids, fields, order=("pk",)) -> dict:
    """The rows belonging to these parents (one query per batch of parents), grouped by parent id."""
    rename, grouped = _renamer(fields), defaultdict(list)
    for row in queryset.filter(**{f"{parent}__in": ids}).order_by(parent, *order).values(parent, *fields):
        grouped[row[parent]].append(rename(row))
    return grouped


PATIENT_FIELDS = _names(
    "id bsn identification_number initials first_name prefix family_name birth_date sex street house_number "
    "house_number_addition postal_code city country email phone general_practitioner_id created_at updated_at"
)
INSURANCE_FIELDS = _names("id uzovi insurer_name policy_number kind starts_on ends_on result checked_at")
DOSSIER_FIELDS = ("id", "kind", "title", "text", "occurred_at", "practitioner_id", "created_by__email", "created_at")
INVOICE_FIELDS = _names("id number patient_id status issued_on due_on total_cents credit_of_id created_at updated_at")
LINE_FIELDS = _names("id care_activity_id description prestatie_code quantity unit_price_cents total_cents position")


def _patients(tenant) -> Iterator[dict]:
    """Each patient with his insurances, dossier and general practitioner."""
    for batch in _batches(Patient.objects.for_tenant(tenant), PATIENT_FIELDS):
        ids = [row["id"] for row in batch]
        insurances = _children(PatientInsurance.objects.for_tenant(tenant), "patient_id", ids, INSURANCE_FIELDS)
        dossier = _children(
            DossierEntry.objects.for_tenant(tenant), "patient_id", ids, DOSSIER_FIELDS, order=("occurred_at", "pk")
        )
        gp_ids = {row["generalPractitionerId"] for row in batch} - {None}
        providers = {
            provider["id"]: {"id": provider["id"], "agbCode": provider["agb_code"], "name": provider["name"]}
            for provider in HealthcareProvider.objects.for_tenant(tenant)
            .filter(pk__in=gp_ids)
            .values("id", "agb_code", "name")
        }
        for row in batch:
            row["generalPractitioner"] = providers.get(row.pop("generalPractitionerId"))
            row["insurances"] = insurances.get(row["id"], [])
            row["dossier"] = dossier.get(row["id"], [])
            yield row


def _practitioners(tenant) -> Iterator[dict]:
    links = Practitioner.locations.through.objects
    fields = ("id", "name", "initials", "agb_code", "email", "is_active")
    for batch in _batches(Practitioner.objects.for_tenant(tenant), fields):
        locations = _children(links, "practitioner_id", [row["id"] for row in batch], ("location_id",))
        for row in batch:
            row["locationIds"] = sorted(link["locationId"] for link in locations.get(row["id"], []))
            yield row


def _invoices(tenant) -> Iterator[dict]:
    for batch in _batches(Invoice.objects.for_tenant(tenant), INVOICE_FIELDS):
        ids = [row["id"] for row in batch]
        lines = _children(InvoiceLine.objects.for_tenant(tenant), "invoice_id", ids, LINE_FIELDS, ("position", "pk"))
        for row in batch:
            row["lines"] = lines.get(row["id"], [])
            yield row


def _workflows(tenant) -> Iterator[dict]:
    fields = ("id", "name", "description", "is_active", "created_at", "updated_at")
    for batch in _batches(Workflow.objects.for_tenant(tenant), fields):
        ids = [row["id"] for row in batch]
        steps = _children(
            WorkflowStep.objects.for_tenant(tenant),
            "workflow_id",
            ids,
            ("position", "title", "description"),
            order=("position",),
        )
        for row in batch:
            row["steps"] = steps.get(row["id"], [])
            yield row


# Sections without nesting: their fields, read with values().
FLAT_FIELDS = {
    HealthcareProvider: ("id", "agb_code", "name", "kind", "city", "phone", "email", "updated_at"),
    Location: _names("id name code street postal_code city phone email bookable_online slot_minutes"),
    OpeningHours: ("id", "location_id", "weekday", "opens", "closes"),
    ScheduleException: ("id", "location_id", "date", "closed", "opens", "closes", "reason"),
    AppointmentType: ("id", "name", "code", "duration_minutes", "bookable_online", "price_cents"),
    Appointment: _names(
        "id location_id practitioner_id patient_id appointment_type_id starts_at ends_at status source notes "
        "created_at updated_at"
    ),
    CareActivity: _names(
        "id patient_id appointment_id description prestatie_code zorgactiviteit_code unit_price_cents quantity "
        "performed_at notes invoice_id created_at"
    ),
}
NESTED = {Patient: _patients, Practitioner: _practitioners, Invoice: _invoices, Workflow: _workflows}
# The document's sections in order.
SECTIONS = [
    ("patients", Patient),
    ("healthcareProviders", HealthcareProvider),
    ("locations", Location),
    ("openingHours", OpeningHours),
    ("scheduleExceptions", ScheduleException),
    ("practitioners", Practitioner),
    ("appointmentTypes", AppointmentType),
    ("appointments", Appointment),
    ("careActivities", CareActivity),
    ("invoices", Invoice),
    ("workflows", Workflow),
]


def _rows(tenant, model) -> Iterator[dict]:
    if model in NESTED:
        return NESTED[model](tenant)
    return _flat(model.objects.for_tenant(tenant), FLAT_FIELDS[model])


def _counts(tenant) -> dict:
    return {key: model.objects.for_tenant(tenant).count() for key, model in SECTIONS}


def export_counts(tenant, *, by) -> dict:
    """Rows per section (one COUNT each), to show what the export holds; counting records no event."""
    require(by, "dataexit.export", tenant)
    return _counts(tenant)


@dataclass(frozen=True)
class TenantData:
    """A practice's data as the export writes it: (section key, rows) in document order, read lazily."""

    sections: list[tuple[str, Iterator[dict]]]
    branding: dict


def tenant_data(tenant, *, by) -> TenantData:
    """Every row of the practice, for the export; records `tenant.export` with the counts at once."""
    actor = require(by, "dataexit.export", tenant)
    record_event("tenant.export", actor=actor, tenant=tenant, obj=tenant, details={"counts": _counts(tenant)})
    mark_patient_data(current_request.get())  # the export holds every patient's data: no cache may keep it
    branding = TenantBranding.objects.for_tenant(tenant).first()
    files = {
        "logo": branding.logo.name if branding and branding.logo else None,
        "favicon": branding.favicon.name if branding and branding.favicon else None,
    }
    return TenantData(sections=[(key, _rows(tenant, model)) for key, model in SECTIONS], branding=files)
