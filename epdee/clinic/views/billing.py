"""Dashboard pages of billing: invoices (list, detail with send/pay/credit, PDF), registering a care activity,
and the care activities still to invoice with "Create invoice". Reads go through the billing selectors (which
audit them), changes through the billing services (which decide who may make them).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from epdee.core.errors import Conflict, Invalid, NotFound
from epdee.core.permissions import actor_of, allowed
from epdee.core.tables import Column, build_table

from ..forms.billing import CareActivityForm
from ..models import Invoice
from ..money import format_cents
from ..selectors import billing as selectors
from ..services import billing
from .base import practice_page

INVOICE_COLUMNS = [
    Column("number", "Number", "number"),
    Column("patient", "Patient", "patient__family_name"),
    Column("status", "Status", "status"),
    Column("issued", "Issued", "issued_on"),
    Column("due", "Due", "due_on"),
    Column("total", "Total", "total_cents"),
]
ACTIVITY_COLUMNS = [
    Column("select", ""),
    Column("performed", "Performed", "performed_at"),
    Column("patient", "Patient", "patient__family_name"),
    Column("description", "Care activity", "description"),
    Column("code", "Prestatie", "prestatie_code"),
    Column("quantity", "Qty", "quantity"),
    Column("total", "Total"),
    Column("actions", ""),
]
TRANSITIONS = {
    "send": (billing.send_invoice, "Invoice {number} was sent; it is due on {due}."),
    "pay": (billing.pay_invoice, "Invoice {number} is marked paid."),
    "credit": (billing.credit_invoice, "Credit invoice {number} was made; its care activities can be invoiced again."),
}


def patient_url(patient_id) -> str | None:
    """The patient's page, once the patients area routes it."""
    try:
        return reverse("clinic:patient", kwargs={"pk": patient_id})
    except NoReverseMatch:
        return None


def parse_id(raw: str) -> int | None:
    """A row id from a query string or form, or None (no 500 for "²", "-1" or 40 digits)."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def _patient_id(request) -> int | None:
    """The ?patientId= a page is narrowed to; a malformed one is a 404, like any unknown id in a URL."""
    raw = request.GET.get("patientId", "")
    if not raw:
        return None
    patient_id = parse_id(raw)
    if patient_id is None:
        raise NotFound()
    return patient_id


def _listed_patient(request, patient_id):
    if patient_id is None:
        return None
    return selectors.listed_patient(patient_id, by=actor_of(request), tenant=request.tenant)


def _with_amounts(invoices):
    for invoice in invoices:
        invoice.total_display = format_cents(invoice.total_cents)
        invoice.patient_url = patient_url(invoice.patient_id)
    return invoices


def _activities_url(patient_id) -> str:
    url = reverse("clinic:care-activities")
    return f"{url}?patientId={patient_id}" if patient_id is not None else url


@practice_page
def invoice_list(request):
    status = request.GET.get("status", "")
    if status not in Invoice.Status.values:
        status = ""  # an unknown status filters nothing, as "All statuses" in the form
    patient_id = _patient_id(request)
    patient = _listed_patient(request, patient_id)
    invoices = selectors.invoice_list(
        {"status": status, "patientId": patient_id or ""}, by=actor_of(request), tenant=request.tenant
    )
    table = build_table(request, invoices, INVOICE_COLUMNS, default_sort="-number")
    table.page.object_list = _with_amounts(list(table.page.object_list))
    context = {"table": table, "statuses": Invoice.Status.choices, "status": status, "patient": patient}
    return render(request, "clinic/billing/invoice_list.html", context)


@practice_page
def invoice_detail(request, pk):
    actor = actor_of(request)
    invoice = selectors.invoice_detail(pk, by=actor, tenant=request.tenant)
    lines = list(invoice.lines.all())
    for line in lines:
        line.unit_price_display = format_cents(line.unit_price_cents)
        line.total_display = format_cents(line.total_cents)
    context = {
        "invoice": _with_amounts([invoice])[0],
        "lines": lines,
        "credits": _with_amounts(list(invoice.credits.all())),
        "can_write": allowed(actor, "tenant.change", request.tenant),
        "is_credit": invoice.credit_of_id is not None,
        "can_credit": invoice.credit_of_id is None and invoice.status in (Invoice.Status.SENT, Invoice.Status.PAID),
    }
    return render(request, "clinic/billing/invoice_detail.html", context)


@practice_page
@require_POST
def invoice_transition(request, pk, action):
    change, message = TRANSITIONS[action]
    try:
        result = change(pk, by=actor_of(request), tenant=request.tenant)
    except Conflict as error:  # the invoice's status does not allow it: say so on the invoice
        messages.error(request, error.message)
        return redirect("clinic:invoice", pk=pk)
    messages.success(request, message.format(number=result.number, due=result.due_on and f"{result.due_on:%d-%m-%Y}"))
    return redirect("clinic:invoice", pk=result.pk)


@practice_page
def invoice_pdf(request, pk):
    pdf = selectors.invoice_pdf(pk, by=actor_of(request), tenant=request.tenant)
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename}"'
    return response


@practice_page
def care_activity_create(request):
    """Register a care activity of the patient in ?patientId=; afterwards it waits to be invoiced."""
    patient_id = _patient_id(request)
    if patient_id is None:
        return render(request, "clinic/billing/care_activity_no_patient.html", status=400)
    actor = actor_of(request)
    form = CareActivityForm(request.POST or None, tenant=request.tenant, patient_id=patient_id)
    if form.is_bound and form.is_valid():
        try:
            activity = billing.create_care_activity(request.tenant, by=actor, patient=patient_id, **form.cleaned_data)
        except Invalid as error:
            form.add_application_error(error)
        else:
            messages.success(request, f"“{activity.description}” was registered for {activity.patient.display_name}.")
            return redirect(_activities_url(activity.patient_id))
    # The form (new, or again with what was refused) shows the patient: only to those who may register.
    patient = selectors.patient_to_register_care_for(patient_id, by=actor, tenant=request.tenant)
    context = {"form": form, "patient": patient, "patient_url": patient_url(patient.pk)}
    return render(request, "clinic/billing/care_activity_form.html", context, status=400 if form.errors else 200)


@practice_page
def care_activities(request):
    """Care activities not yet on an invoice; with ?patientId= they can be put on a new invoice."""
    actor = actor_of(request)
    patient_id = _patient_id(request)
    patient = _listed_patient(request, patient_id)
    activities = selectors.care_activity_list(
        {"patientId": patient_id or "", "invoiced": "false"}, by=actor, tenant=request.tenant
    )
    table = build_table(request, activities, ACTIVITY_COLUMNS, default_sort="performed")
    rows = list(table.page.object_list)
    for row in rows:
        row.total_display = format_cents(row.total_cents)
        row.unit_price_display = format_cents(row.unit_price_cents)
    table.page.object_list = rows
    context = {
        "table": table,
        "patient": patient,
        "patient_url": patient_url(patient.pk) if patient else None,
        "can_write": allowed(actor, "tenant.change", request.tenant),
    }
    return render(request, "clinic/billing/care_activities.html", context)


@practice_page
@require_POST
def care_activity_delete(request, pk):
    try:
        activity = billing.delete_care_activity(pk, by=actor_of(request), tenant=request.tenant)
    except Conflict as error:  # on a sent invoice: back to the list it was removed from
        messages.error(request, error.message)
        return redirect(_activities_url(parse_id(request.POST.get("patient"))))
    messages.success(request, f"“{activity.description}” was removed.")
    return redirect(_activities_url(activity.patient_id))


@practice_page
@require_POST
def invoice_create(request):
    """A draft invoice of the ticked care activities of one patient."""
    patient_id = parse_id(request.POST.get("patient"))
    if patient_id is None:
        raise NotFound()
    ids = [pk for pk in map(parse_id, request.POST.getlist("care_activity")) if pk is not None]
    try:
        invoice = billing.create_invoice(
            request.tenant, by=actor_of(request), patient=patient_id, care_activity_ids=ids
        )
    except (Invalid, Conflict) as error:
        if error.field == "patient":
            raise NotFound(error.message) from error  # not this practice's patient: as any unknown id
        messages.error(request, error.message)
        return redirect(_activities_url(patient_id))
    messages.success(request, f"Draft invoice {invoice.number} was made. Check it, then send it.")
    return redirect("clinic:invoice", pk=invoice.pk)
