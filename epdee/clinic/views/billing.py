"""Dashboard pages of billing: invoices (list, detail with send/pay/credit, PDF), registering a care activity,
and the care activities still to invoice with "Create invoice". Viewers read; every read is audited.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from epdee.core.services import TenantError
from epdee.core.tables import Column, build_table

from ..api.base import audit_patient_access
from ..forms_billing import CareActivityForm, add_service_errors
from ..models import CareActivity, Invoice, Patient
from ..money import format_cents
from ..services import billing
from .base import practice_page, require_write

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


def _patient_from_query(request) -> Patient | None:
    raw = request.GET.get("patientId", "")
    if not raw:
        return None
    return get_object_or_404(Patient.objects.for_tenant(request.tenant), pk=parse_id(raw))


def _with_amounts(invoices):
    for invoice in invoices:
        invoice.total_display = format_cents(invoice.total_cents)
        invoice.patient_url = patient_url(invoice.patient_id)
    return invoices


@practice_page
def invoice_list(request):
    invoices = Invoice.objects.for_tenant(request.tenant).select_related("patient")
    status = request.GET.get("status", "")
    if status in Invoice.Status.values:
        invoices = invoices.filter(status=status)
    else:
        status = ""
    patient = _patient_from_query(request)
    if patient is not None:
        invoices = invoices.filter(patient=patient)
    table = build_table(request, invoices, INVOICE_COLUMNS, default_sort="-number")
    table.page.object_list = _with_amounts(list(table.page.object_list))
    audit_patient_access(request, "invoice.list", [row.patient_id for row in table.rows], details={"status": status})
    context = {"table": table, "statuses": Invoice.Status.choices, "status": status, "patient": patient}
    return render(request, "clinic/billing/invoice_list.html", context)


def _invoice(request, pk) -> Invoice:
    queryset = Invoice.objects.for_tenant(request.tenant).select_related("patient", "credit_of", "tenant")
    return get_object_or_404(queryset, pk=pk)


@practice_page
def invoice_detail(request, pk):
    invoice = _invoice(request, pk)
    audit_patient_access(request, "invoice.read", [invoice.patient_id], obj=invoice)
    lines = list(invoice.lines.order_by("position", "pk"))
    for line in lines:
        line.unit_price_display = format_cents(line.unit_price_cents)
        line.total_display = format_cents(line.total_cents)
    context = {
        "invoice": _with_amounts([invoice])[0],
        "lines": lines,
        "credits": _with_amounts(list(invoice.credits.all())),
        "can_write": request.membership.can_write,
        "is_credit": invoice.credit_of_id is not None,
        "can_credit": invoice.credit_of_id is None and invoice.status in (Invoice.Status.SENT, Invoice.Status.PAID),
    }
    return render(request, "clinic/billing/invoice_detail.html", context)


@practice_page
@require_POST
def invoice_transition(request, pk, action):
    require_write(request)
    invoice = _invoice(request, pk)
    change, message = TRANSITIONS[action]
    try:
        result = change(invoice, by=request.user)
    except billing.BillingError as error:
        messages.error(request, error.message)
        return redirect("clinic:invoice", pk=invoice.pk)
    except TenantError as error:
        raise PermissionDenied(str(error)) from None
    messages.success(request, message.format(number=result.number, due=result.due_on and f"{result.due_on:%d-%m-%Y}"))
    return redirect("clinic:invoice", pk=result.pk)


@practice_page
def invoice_pdf(request, pk):
    invoice = _invoice(request, pk)
    pdf = billing.render_invoice_pdf(invoice)
    audit_patient_access(request, "invoice.pdf", [invoice.patient_id], obj=invoice)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


@practice_page
def care_activity_create(request):
    """Register a care activity of the patient in ?patientId=; afterwards it waits to be invoiced."""
    patient = _patient_from_query(request)
    if patient is None:
        return render(request, "clinic/billing/care_activity_no_patient.html", status=400)
    require_write(request)
    form = CareActivityForm(request.POST or None, patient=patient)
    if form.is_bound and form.is_valid():
        try:
            activity = billing.create_care_activity(
                request.tenant, by=request.user, patient=patient, **form.cleaned_data
            )
        except billing.BillingError as error:
            add_service_errors(form, error)
        except TenantError as error:
            raise PermissionDenied(str(error)) from None
        else:
            messages.success(request, f"“{activity.description}” was registered for {patient.display_name}.")
            return redirect(f"{reverse('clinic:care-activities')}?patientId={patient.pk}")
    if not form.is_bound:
        audit_patient_access(request, "care_activity.form", [patient.pk], obj=patient)
    context = {"form": form, "patient": patient, "patient_url": patient_url(patient.pk)}
    return render(request, "clinic/billing/care_activity_form.html", context, status=400 if form.errors else 200)


@practice_page
def care_activities(request):
    """Care activities not yet on an invoice; with ?patientId= they can be put on a new invoice."""
    patient = _patient_from_query(request)
    activities = billing.uninvoiced_care_activities(request.tenant, patient).select_related("patient")
    table = build_table(request, activities, ACTIVITY_COLUMNS, default_sort="performed")
    rows = list(table.page.object_list)
    for row in rows:
        row.total_display = format_cents(row.total_cents)
        row.unit_price_display = format_cents(row.unit_price_cents)
    table.page.object_list = rows
    audit_patient_access(request, "care_activity.list", [row.patient_id for row in rows], details={"invoiced": False})
    context = {
        "table": table,
        "patient": patient,
        "patient_url": patient_url(patient.pk) if patient else None,
        "can_write": request.membership.can_write,
    }
    return render(request, "clinic/billing/care_activities.html", context)


@practice_page
@require_POST
def care_activity_delete(request, pk):
    require_write(request)
    activity = get_object_or_404(CareActivity.objects.for_tenant(request.tenant), pk=pk)
    try:
        billing.delete_care_activity(activity, by=request.user)
    except billing.BillingError as error:
        messages.error(request, error.message)
    except TenantError as error:
        raise PermissionDenied(str(error)) from None
    else:
        messages.success(request, f"“{activity.description}” was removed.")
    return redirect(f"{reverse('clinic:care-activities')}?patientId={activity.patient_id}")


@practice_page
@require_POST
def invoice_create(request):
    """A draft invoice of the ticked care activities of one patient."""
    require_write(request)
    patient = get_object_or_404(Patient.objects.for_tenant(request.tenant), pk=parse_id(request.POST.get("patient")))
    ids = [pk for pk in map(parse_id, request.POST.getlist("care_activity")) if pk is not None]
    try:
        invoice = billing.create_invoice(request.tenant, by=request.user, patient=patient, care_activity_ids=ids)
    except billing.BillingError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('clinic:care-activities')}?patientId={patient.pk}")
    except TenantError as error:
        raise PermissionDenied(str(error)) from None
    messages.success(request, f"Draft invoice {invoice.number} was made. Check it, then send it.")
    return redirect("clinic:invoice", pk=invoice.pk)
