"""Care activities (verrichtingen) and the invoices built from them: every billing rule lives here.

Each change is authorised here (`tenant.change`: staff and administrators of a writable tenant, with a
read-write token), so a page, the API, a task or the admin cannot differ. Amounts are integer cents. Invoice
numbers run per tenant and year ("F2026-00001") without gaps: a number is taken under the tenant's billing
lock, and a numbered invoice is never deleted (a mistake is credited).
"""

from datetime import UTC, datetime, timedelta

from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from epdee.core.audit import record_event
from epdee.core.errors import Conflict, Invalid, Locked, NotFound, PermissionDenied
from epdee.core.models import Tenant
from epdee.core.permissions import require

from ..models import Appointment, CareActivity, Invoice, InvoiceLine, Patient
from .local_time import tenant_today
from .webhooks import emit

Status = Invoice.Status

# NZa prestatie- and zorgactiviteitcodes are short runs of letters and digits (190010, 039133).
code_validator = RegexValidator(
    r"^[A-Za-z0-9]{1,20}\Z", "Use at most 20 letters and digits, e.g. the NZa code 190010.", code="invalid_code"
)
# Limits that keep every sum inside the database's 32-bit integer columns.
MAX_UNIT_PRICE_CENTS = 100_000_000  # € 1.000.000,00
MAX_QUANTITY = 10_000
MAX_ACTIVITY_TOTAL_CENTS = 1_000_000_000
MAX_INVOICE_TOTAL_CENTS = 2_000_000_000
MAX_LINES_PER_INVOICE = 500
MAX_DESCRIPTION_LENGTH = 300
MAX_NOTES_LENGTH = 5000
# A care activity may be registered a little ahead (a planned treatment today), not months ahead.
PERFORMED_AT_MAX_AHEAD = timedelta(days=1)
EARLIEST_PERFORMED_AT = datetime(1900, 1, 1, tzinfo=UTC)
PAYMENT_TERM = timedelta(days=30)
NUMBER_DIGITS = 5


def _tenant_of(row, tenant, model) -> Tenant:
    """The tenant a change acts in: the row's own, or the given one when the caller passes an id."""
    if isinstance(row, model):
        if tenant is not None and row.tenant_id != tenant.pk:
            raise NotFound()
        # Read again: a row kept for a while (a task's) must not carry a licence or status that has changed.
        return Tenant.objects.get(pk=row.tenant_id)
    if tenant is None:
        raise TypeError(f"pass the tenant with a {model.__name__} id")
    return tenant


def _pk(row):
    return row.pk if isinstance(row, models.Model) else row


def _person(actor):
    """The user a new row is credited to (created_by); an identity without a person cannot bill."""
    if actor.user is None or not actor.is_person:
        raise PermissionDenied(_("Only a person can register care activities and make invoices."))
    return actor.user


def _billing_lock(tenant: Tenant) -> None:
    """Serialise the tenant's billing changes: numbers stay gapless and rows are locked in one order.

    FOR NO KEY UPDATE: inserts of other rows that reference the tenant (which take FOR KEY SHARE) go on.
    SQLite has no row locks; its IMMEDIATE transactions already let one writer in at a time.
    """
    list(Tenant.objects.select_for_update(no_key=True).filter(pk=tenant.pk).values_list("pk", flat=True))


def _next_number(tenant: Tenant) -> str:
    """The next invoice number of this year; call it under _billing_lock."""
    prefix = f"F{tenant_today(tenant).year}-"
    last = (
        Invoice.objects.for_tenant(tenant)
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    if sequence >= 10**NUMBER_DIGITS:
        raise Conflict(
            _("This year's invoice numbers (%(prefix)s…) are used up.") % {"prefix": prefix}, code="numbers_used_up"
        )
    return f"{prefix}{sequence:0{NUMBER_DIGITS}d}"


def _locked_invoice(tenant: Tenant, pk) -> Invoice:
    _billing_lock(tenant)
    invoice = (
        Invoice.objects.for_tenant(tenant)
        .select_for_update(of=("self",))
        .select_related("tenant", "patient")
        .filter(pk=pk)
        .first()
    )
    if invoice is None:
        raise NotFound(_("No such invoice."))
    return invoice


def _tenant_row(model, tenant, row):
    """The tenant's row for an object or id, or None when it is another tenant's or does not exist."""
    if row is None:
        return None
    if isinstance(row, model):
        return row if row.tenant_id == tenant.pk else None
    return model.objects.for_tenant(tenant).filter(pk=row).first()


def _patient_and_appointment(tenant, patient, appointment, errors) -> tuple:
    patient = _tenant_row(Patient, tenant, patient)
    if patient is None:
        errors["patient"] = [_("No such patient.")]
    if appointment is None:
        return patient, None
    found = _tenant_row(Appointment, tenant, appointment)
    if found is None:
        errors["appointment"] = [_("No such appointment.")]
    elif patient is not None and found.patient_id != patient.pk:
        errors["appointment"] = [_("That appointment belongs to another patient.")]
    return patient, found


def _amount_errors(unit_price_cents: int, quantity: int, errors) -> None:
    if not 0 <= unit_price_cents <= MAX_UNIT_PRICE_CENTS:
        errors["unit_price_cents"] = [
            _("Enter a price from 0 to %(max)s cents.") % {"max": MAX_UNIT_PRICE_CENTS},
        ]
    if not 1 <= quantity <= MAX_QUANTITY:
        errors["quantity"] = [_("Enter a quantity from 1 to %(max)s.") % {"max": MAX_QUANTITY}]
    elif unit_price_cents * quantity > MAX_ACTIVITY_TOTAL_CENTS and "unit_price_cents" not in errors:
        errors["quantity"] = [_("Price times quantity is more than one care activity may cost.")]


def _performed_at_error(performed_at) -> str | None:
    if timezone.is_naive(performed_at):
        return _("Give the time with its time zone.")
    if performed_at < EARLIEST_PERFORMED_AT:
        return _("That date is too far in the past.")
    if performed_at > timezone.now() + PERFORMED_AT_MAX_AHEAD:
        return _("A care activity cannot be registered more than a day ahead.")
    return None


@transaction.atomic
def create_care_activity(
    tenant,
    *,
    by,
    patient,
    description: str,
    appointment=None,
    prestatie_code: str = "",
    zorgactiviteit_code: str = "",
    unit_price_cents: int = 0,
    quantity: int = 1,
    performed_at=None,
    notes: str = "",
) -> CareActivity:
    """Register a care activity of a patient (optionally at one of his appointments); performed now by default.

    `patient` and `appointment` are rows or ids; another tenant's is refused as if it did not exist.
    """
    actor = require(by, "tenant.change", tenant)
    person = _person(actor)
    errors: dict[str, list[str]] = {}
    patient, appointment = _patient_and_appointment(tenant, patient, appointment, errors)
    description = (description or "").strip()
    if not description:
        errors["description"] = [_("Describe the care activity.")]
    elif len(description) > MAX_DESCRIPTION_LENGTH:
        errors["description"] = [_("Use at most %(max)s characters.") % {"max": MAX_DESCRIPTION_LENGTH}]
    codes = {
        "prestatie_code": (prestatie_code or "").strip(),
        "zorgactiviteit_code": (zorgactiviteit_code or "").strip(),
    }
    for field, code in codes.items():
        if code and not code_validator.regex.search(code):
            errors[field] = [str(code_validator.message)]
    _amount_errors(unit_price_cents, quantity, errors)
    performed_at = performed_at or timezone.now()
    if message := _performed_at_error(performed_at):
        errors["performed_at"] = [message]
    if len(notes or "") > MAX_NOTES_LENGTH:
        errors["notes"] = [_("Use at most %(max)s characters.") % {"max": MAX_NOTES_LENGTH}]
    if errors:
        raise Invalid.collect(errors)
    activity = CareActivity.objects.create(
        tenant=tenant,
        patient=patient,
        appointment=appointment,
        description=description,
        unit_price_cents=unit_price_cents,
        quantity=quantity,
        performed_at=performed_at,
        notes=notes or "",
        created_by=person,
        **codes,
    )
    record_event(
        "care_activity.create",
        actor=actor,
        tenant=tenant,
        obj=activity,
        patient_id=patient.pk,
        details={"description": description, "total_cents": activity.total_cents, **codes},
    )
    return activity


@transaction.atomic
def delete_care_activity(activity, *, by, tenant=None) -> CareActivity:
    """Remove a care activity (a row, or its id in `tenant`); refused once it is on a sent (or paid) invoice.

    On a draft its line goes too. Returns the removed activity (for its description).
    """
    tenant = _tenant_of(activity, tenant, CareActivity)
    actor = require(by, "tenant.change", tenant)
    _billing_lock(tenant)
    activity = CareActivity.objects.for_tenant(tenant).filter(pk=_pk(activity)).first()
    if activity is None:
        raise NotFound(_("No such care activity."))
    if activity.invoice_id is not None:
        invoice = Invoice.objects.get(pk=activity.invoice_id)
        if invoice.status != Status.DRAFT:
            raise Locked(
                _("This care activity is on invoice %(number)s (%(status)s): credit that invoice first.")
                % {"number": invoice.number, "status": invoice.get_status_display().lower()}
            )
        invoice.lines.filter(care_activity=activity).delete()
        invoice.total_cents = invoice.lines.aggregate(total=Sum("total_cents"))["total"] or 0
        invoice.save(update_fields=["total_cents", "updated_at"])
    record_event(
        "care_activity.delete",
        actor=actor,
        tenant=tenant,
        obj=activity,
        patient_id=activity.patient_id,
        details={"description": activity.description, "invoice_id": activity.invoice_id},
    )
    activity.delete()
    return activity


@transaction.atomic
def create_invoice(tenant, *, by, patient, care_activity_ids) -> Invoice:
    """A draft invoice of the patient's chosen, not yet invoiced care activities; each becomes a line.

    `patient` is a row or an id; another tenant's is refused as if it did not exist.
    """
    actor = require(by, "tenant.change", tenant)
    person = _person(actor)
    patient = _tenant_row(Patient, tenant, patient)
    if patient is None:
        raise Invalid(_("No such patient."), field="patient")
    ids = list(dict.fromkeys(care_activity_ids))
    if not ids:
        raise Invalid(_("Choose at least one care activity."), field="care_activities")
    if len(ids) > MAX_LINES_PER_INVOICE:
        raise Invalid(
            _("An invoice has at most %(max)s lines.") % {"max": MAX_LINES_PER_INVOICE}, field="care_activities"
        )
    _billing_lock(tenant)
    activities = list(
        CareActivity.objects.for_tenant(tenant).select_for_update().filter(pk__in=ids).order_by("performed_at", "pk")
    )
    missing = sorted(set(ids) - {activity.pk for activity in activities})
    if missing:
        raise Invalid(
            _("No such care activities: %(ids)s.") % {"ids": ", ".join(map(str, missing[:10]))},
            field="care_activities",
        )
    if any(activity.patient_id != patient.pk for activity in activities):
        raise Invalid(_("Every care activity must be of this patient."), field="care_activities")
    invoiced = [str(activity.pk) for activity in activities if activity.invoice_id is not None]
    if invoiced:
        raise Invalid(_("Already on an invoice: %(ids)s.") % {"ids": ", ".join(invoiced[:10])}, field="care_activities")
    total = sum(activity.total_cents for activity in activities)
    if total > MAX_INVOICE_TOTAL_CENTS:
        raise Invalid(_("The total is more than one invoice can hold; make two."), field="care_activities")
    invoice = Invoice.objects.create(
        tenant=tenant, patient=patient, number=_next_number(tenant), total_cents=total, created_by=person
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            tenant=tenant,
            invoice=invoice,
            care_activity=activity,
            description=activity.description,
            prestatie_code=activity.prestatie_code,
            quantity=activity.quantity,
            unit_price_cents=activity.unit_price_cents,
            total_cents=activity.total_cents,
            position=position,
        )
        for position, activity in enumerate(activities, start=1)
    )
    CareActivity.objects.filter(pk__in=ids).update(invoice=invoice)
    record_event(
        "invoice.create",
        actor=actor,
        tenant=tenant,
        obj=invoice,
        patient_id=patient.pk,
        details={"number": invoice.number, "total_cents": total, "care_activity_ids": ids},
    )
    return invoice


def invoice_payload(invoice: Invoice) -> dict:
    """What a webhook receiver learns about an invoice (no patient data beyond the id)."""
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "patientId": invoice.patient_id,
        "status": invoice.status,
        "issuedOn": invoice.issued_on.isoformat() if invoice.issued_on else None,
        "dueOn": invoice.due_on.isoformat() if invoice.due_on else None,
        "totalCents": invoice.total_cents,
        "creditOfId": invoice.credit_of_id,
    }


def _record(action: str, invoice: Invoice, actor, **details) -> None:
    record_event(
        action,
        actor=actor,
        tenant=invoice.tenant,
        obj=invoice,
        patient_id=invoice.patient_id,
        details={"number": invoice.number, **details},
    )


def _refuse(invoice: Invoice, allowed: str) -> Locked:
    return Locked(
        _("Invoice %(number)s is %(status)s: %(allowed)s.")
        % {"number": invoice.number, "status": invoice.get_status_display().lower(), "allowed": allowed}
    )


@transaction.atomic
def send_invoice(invoice, *, by, tenant=None) -> Invoice:
    """Draft → sent: issued today (the tenant's date), due in 30 days; webhooks hear invoice.sent.

    `invoice` is a row, or its id in `tenant`.
    """
    tenant = _tenant_of(invoice, tenant, Invoice)
    actor = require(by, "tenant.change", tenant)
    invoice = _locked_invoice(tenant, _pk(invoice))
    if invoice.status != Status.DRAFT:
        raise _refuse(invoice, _("only a draft can be sent"))
    if not invoice.lines.exists():
        raise Conflict(
            _("Invoice %(number)s has no lines: there is nothing to send.") % {"number": invoice.number},
            code="no_lines",
        )
    invoice.issued_on = tenant_today(invoice.tenant)
    invoice.due_on = invoice.issued_on + PAYMENT_TERM
    invoice.status = Status.SENT
    invoice.save(update_fields=["status", "issued_on", "due_on", "updated_at"])
    emit(invoice.tenant, "invoice.sent", invoice_payload(invoice))
    _record("invoice.send", invoice, actor, due_on=invoice.due_on.isoformat())
    return invoice


@transaction.atomic
def pay_invoice(invoice, *, by, tenant=None) -> Invoice:
    """Sent → paid. `invoice` is a row, or its id in `tenant`."""
    tenant = _tenant_of(invoice, tenant, Invoice)
    actor = require(by, "tenant.change", tenant)
    invoice = _locked_invoice(tenant, _pk(invoice))
    if invoice.status != Status.SENT:
        raise _refuse(invoice, _("only a sent invoice can be marked paid"))
    invoice.status = Status.PAID
    invoice.save(update_fields=["status", "updated_at"])
    _record("invoice.pay", invoice, actor)
    return invoice


@transaction.atomic
def credit_invoice(invoice, *, by, tenant=None) -> Invoice:
    """Sent or paid → credited, with a credit invoice of negated lines; its care activities can be invoiced again.

    `invoice` is a row, or its id in `tenant`. Returns the credit invoice (issued today, status sent; webhooks
    hear invoice.sent for it).
    """
    tenant = _tenant_of(invoice, tenant, Invoice)
    actor = require(by, "tenant.change", tenant)
    person = _person(actor)
    invoice = _locked_invoice(tenant, _pk(invoice))
    if invoice.credit_of_id is not None:
        raise Locked(
            _("Invoice %(number)s is a credit invoice; it cannot be credited itself.") % {"number": invoice.number}
        )
    if invoice.status not in (Status.SENT, Status.PAID):
        raise _refuse(invoice, _("only a sent or paid invoice can be credited"))
    lines = list(invoice.lines.all())
    credit = Invoice.objects.create(
        tenant=tenant,
        patient=invoice.patient,
        number=_next_number(tenant),
        status=Status.SENT,
        issued_on=tenant_today(tenant),
        credit_of=invoice,
        total_cents=-sum(line.total_cents for line in lines),
        created_by=person,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            tenant=tenant,
            invoice=credit,
            care_activity_id=line.care_activity_id,
            description=line.description,
            prestatie_code=line.prestatie_code,
            quantity=-line.quantity,
            unit_price_cents=line.unit_price_cents,
            total_cents=-line.total_cents,
            position=line.position,
        )
        for line in lines
    )
    invoice.status = Status.CREDITED
    invoice.save(update_fields=["status", "updated_at"])
    CareActivity.objects.filter(invoice=invoice).update(invoice=None)
    emit(tenant, "invoice.sent", invoice_payload(credit))
    _record("invoice.credit", invoice, actor, credit_invoice=credit.number)
    return credit
