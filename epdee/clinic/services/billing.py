"""Care activities (verrichtingen) and the invoices built from them: every billing rule lives here.

Amounts are integer cents. Invoice numbers run per tenant and year ("F2026-00001") without gaps: a number is
taken under the tenant's billing lock, and a numbered invoice is never deleted (a mistake is credited).
"""

import base64
import mimetypes
from datetime import UTC, datetime, timedelta

from django.core.validators import RegexValidator
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from epdee.core.audit import record_event
from epdee.core.models import Tenant
from epdee.core.services import ensure_writable

from ..models import CareActivity, Invoice, InvoiceLine, TenantBranding
from ..money import format_cents
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


class BillingError(Exception):
    """A billing rule was broken. With `field` the input is at fault (400); without, the state forbids it (409)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


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
        raise BillingError(f"This year's invoice numbers ({prefix}…) are used up.")
    return f"{prefix}{sequence:0{NUMBER_DIGITS}d}"


def _locked_invoice(invoice: Invoice) -> Invoice:
    _billing_lock(invoice.tenant)
    return Invoice.objects.select_for_update(of=("self",)).select_related("tenant", "patient").get(pk=invoice.pk)


def _check_patient_and_appointment(tenant, patient, appointment) -> None:
    if patient is None or patient.tenant_id != tenant.pk:
        raise BillingError("No such patient.", field="patient")
    if appointment is None:
        return
    if appointment.tenant_id != tenant.pk:
        raise BillingError("No such appointment.", field="appointment")
    if appointment.patient_id != patient.pk:
        raise BillingError("That appointment belongs to another patient.", field="appointment")


def _check_amounts(unit_price_cents: int, quantity: int) -> None:
    if not 0 <= unit_price_cents <= MAX_UNIT_PRICE_CENTS:
        raise BillingError(f"Enter a price from 0 to {MAX_UNIT_PRICE_CENTS} cents.", field="unit_price_cents")
    if not 1 <= quantity <= MAX_QUANTITY:
        raise BillingError(f"Enter a quantity from 1 to {MAX_QUANTITY}.", field="quantity")
    if unit_price_cents * quantity > MAX_ACTIVITY_TOTAL_CENTS:
        raise BillingError("Price times quantity is more than one care activity may cost.", field="quantity")


def _check_performed_at(performed_at) -> None:
    if timezone.is_naive(performed_at):
        raise BillingError("Give the time with its time zone.", field="performed_at")
    if performed_at < EARLIEST_PERFORMED_AT:
        raise BillingError("That date is too far in the past.", field="performed_at")
    if performed_at > timezone.now() + PERFORMED_AT_MAX_AHEAD:
        raise BillingError("A care activity cannot be registered more than a day ahead.", field="performed_at")


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
    """Register a care activity of a patient (optionally at one of his appointments); performed now by default."""
    ensure_writable(tenant)
    _check_patient_and_appointment(tenant, patient, appointment)
    description = (description or "").strip()
    if not description:
        raise BillingError("Describe the care activity.", field="description")
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise BillingError(f"Use at most {MAX_DESCRIPTION_LENGTH} characters.", field="description")
    codes = {
        "prestatie_code": (prestatie_code or "").strip(),
        "zorgactiviteit_code": (zorgactiviteit_code or "").strip(),
    }
    for field, code in codes.items():
        if code and not code_validator.regex.search(code):
            raise BillingError(code_validator.message, field=field)
    _check_amounts(unit_price_cents, quantity)
    performed_at = performed_at or timezone.now()
    _check_performed_at(performed_at)
    if len(notes or "") > MAX_NOTES_LENGTH:
        raise BillingError(f"Use at most {MAX_NOTES_LENGTH} characters.", field="notes")
    activity = CareActivity.objects.create(
        tenant=tenant,
        patient=patient,
        appointment=appointment,
        description=description,
        unit_price_cents=unit_price_cents,
        quantity=quantity,
        performed_at=performed_at,
        notes=notes or "",
        created_by=by,
        **codes,
    )
    record_event(
        "care_activity.create",
        actor=by,
        tenant=tenant,
        obj=activity,
        patient_id=patient.pk,
        details={"description": description, "total_cents": activity.total_cents, **codes},
    )
    return activity


@transaction.atomic
def delete_care_activity(activity: CareActivity, *, by) -> None:
    """Remove a care activity; refused once it is on a sent (or paid) invoice. On a draft its line goes too."""
    ensure_writable(activity.tenant)
    _billing_lock(activity.tenant)
    activity = CareActivity.objects.get(pk=activity.pk)
    if activity.invoice_id is not None:
        invoice = Invoice.objects.get(pk=activity.invoice_id)
        if invoice.status != Status.DRAFT:
            raise BillingError(
                f"This care activity is on invoice {invoice.number} ({invoice.get_status_display().lower()}): "
                "credit that invoice first."
            )
        invoice.lines.filter(care_activity=activity).delete()
        invoice.total_cents = invoice.lines.aggregate(total=Sum("total_cents"))["total"] or 0
        invoice.save(update_fields=["total_cents", "updated_at"])
    record_event(
        "care_activity.delete",
        actor=by,
        tenant=activity.tenant,
        obj=activity,
        patient_id=activity.patient_id,
        details={"description": activity.description, "invoice_id": activity.invoice_id},
    )
    activity.delete()


def uninvoiced_care_activities(tenant, patient=None):
    activities = CareActivity.objects.for_tenant(tenant).filter(invoice__isnull=True)
    return activities.filter(patient=patient) if patient is not None else activities


@transaction.atomic
def create_invoice(tenant, *, by, patient, care_activity_ids) -> Invoice:
    """A draft invoice of the patient's chosen, not yet invoiced care activities; each becomes a line."""
    ensure_writable(tenant)
    if patient is None or patient.tenant_id != tenant.pk:
        raise BillingError("No such patient.", field="patient")
    ids = list(dict.fromkeys(care_activity_ids))
    if not ids:
        raise BillingError("Choose at least one care activity.", field="care_activities")
    if len(ids) > MAX_LINES_PER_INVOICE:
        raise BillingError(f"An invoice has at most {MAX_LINES_PER_INVOICE} lines.", field="care_activities")
    _billing_lock(tenant)
    activities = list(
        CareActivity.objects.for_tenant(tenant).select_for_update().filter(pk__in=ids).order_by("performed_at", "pk")
    )
    missing = sorted(set(ids) - {activity.pk for activity in activities})
    if missing:
        raise BillingError(f"No such care activities: {', '.join(map(str, missing[:10]))}.", field="care_activities")
    if any(activity.patient_id != patient.pk for activity in activities):
        raise BillingError("Every care activity must be of this patient.", field="care_activities")
    invoiced = [str(activity.pk) for activity in activities if activity.invoice_id is not None]
    if invoiced:
        raise BillingError(f"Already on an invoice: {', '.join(invoiced[:10])}.", field="care_activities")
    total = sum(activity.total_cents for activity in activities)
    if total > MAX_INVOICE_TOTAL_CENTS:
        raise BillingError("The total is more than one invoice can hold; make two.", field="care_activities")
    invoice = Invoice.objects.create(
        tenant=tenant, patient=patient, number=_next_number(tenant), total_cents=total, created_by=by
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
        actor=by,
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


def _record(action: str, invoice: Invoice, by, **details) -> None:
    record_event(
        action,
        actor=by,
        tenant=invoice.tenant,
        obj=invoice,
        patient_id=invoice.patient_id,
        details={"number": invoice.number, **details},
    )


def _refuse(invoice: Invoice, allowed: str) -> BillingError:
    return BillingError(f"Invoice {invoice.number} is {invoice.get_status_display().lower()}: {allowed}.")


@transaction.atomic
def send_invoice(invoice: Invoice, *, by) -> Invoice:
    """Draft → sent: issued today (the tenant's date), due in 30 days; webhooks hear invoice.sent."""
    ensure_writable(invoice.tenant)
    invoice = _locked_invoice(invoice)
    if invoice.status != Status.DRAFT:
        raise _refuse(invoice, "only a draft can be sent")
    if not invoice.lines.exists():
        raise BillingError(f"Invoice {invoice.number} has no lines: there is nothing to send.")
    invoice.issued_on = tenant_today(invoice.tenant)
    invoice.due_on = invoice.issued_on + PAYMENT_TERM
    invoice.status = Status.SENT
    invoice.save(update_fields=["status", "issued_on", "due_on", "updated_at"])
    emit(invoice.tenant, "invoice.sent", invoice_payload(invoice))
    _record("invoice.send", invoice, by, due_on=invoice.due_on.isoformat())
    return invoice


@transaction.atomic
def pay_invoice(invoice: Invoice, *, by) -> Invoice:
    """Sent → paid."""
    ensure_writable(invoice.tenant)
    invoice = _locked_invoice(invoice)
    if invoice.status != Status.SENT:
        raise _refuse(invoice, "only a sent invoice can be marked paid")
    invoice.status = Status.PAID
    invoice.save(update_fields=["status", "updated_at"])
    _record("invoice.pay", invoice, by)
    return invoice


@transaction.atomic
def credit_invoice(invoice: Invoice, *, by) -> Invoice:
    """Sent or paid → credited, with a credit invoice of negated lines; its care activities can be invoiced again.

    Returns the credit invoice (issued today, status sent; webhooks hear invoice.sent for it).
    """
    ensure_writable(invoice.tenant)
    invoice = _locked_invoice(invoice)
    if invoice.credit_of_id is not None:
        raise BillingError(f"Invoice {invoice.number} is a credit invoice; it cannot be credited itself.")
    if invoice.status not in (Status.SENT, Status.PAID):
        raise _refuse(invoice, "only a sent or paid invoice can be credited")
    tenant = invoice.tenant
    lines = list(invoice.lines.all())
    credit = Invoice.objects.create(
        tenant=tenant,
        patient=invoice.patient,
        number=_next_number(tenant),
        status=Status.SENT,
        issued_on=tenant_today(tenant),
        credit_of=invoice,
        total_cents=-sum(line.total_cents for line in lines),
        created_by=by,
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
    _record("invoice.credit", invoice, by, credit_invoice=credit.number)
    return credit


def _logo_data_uri(tenant) -> str:
    """The tenant's logo inline, so the PDF renderer fetches nothing (works with any storage backend)."""
    branding = TenantBranding.objects.for_tenant(tenant).first()
    if branding is None or not branding.logo:
        return ""
    content_type = mimetypes.guess_type(branding.logo.name)[0] or "image/png"
    try:
        with branding.logo.open("rb") as logo:
            data = logo.read()
    except OSError:  # the file went missing: an invoice without a logo is still an invoice
        return ""
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


def invoice_document_context(invoice: Invoice) -> dict:
    lines = list(invoice.lines.all())
    for line in lines:
        line.unit_price_display = format_cents(line.unit_price_cents)
        line.total_display = format_cents(line.total_cents)
    return {
        "tenant": invoice.tenant,
        "logo": _logo_data_uri(invoice.tenant),
        "invoice": invoice,
        "patient": invoice.patient,
        "lines": lines,
        "total_display": format_cents(invoice.total_cents),
        "is_credit": invoice.credit_of_id is not None,
        "credit_of": invoice.credit_of,
    }


def render_invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as a PDF (A4, numbered pages) with the tenant's name and logo."""
    from ..pdf import render_pdf  # the clinic's WeasyPrint wrapper

    return render_pdf("clinic/pdf/invoice.html", invoice_document_context(invoice))
