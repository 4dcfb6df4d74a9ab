"""Reads of billing data for an actor: care activities, invoices with their lines, the invoice document.

Every function authorises the read and records its NEN 7513 event when the rows are loaded (a list: the
page shown; a detail: the one row), under the action names the pages and the API have always written.
"""

import base64
import mimetypes
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from epdee.core.errors import Invalid, NotFound
from epdee.core.permissions import require

from ..api.filters.billing import CareActivityFilterSet, InvoiceFilterSet
from ..models import CareActivity, Invoice, InvoiceLine, Patient, TenantBranding
from ..money import format_cents
from ..pdf import render_pdf
from .patients import gateway_read


def _filtered(filterset_class, params, queryset):
    filters = filterset_class(params or {}, queryset=queryset)
    if not filters.is_valid():
        raise Invalid.collect({name: list(messages) for name, messages in filters.errors.items()})
    return filters.qs, filters.form.cleaned_data


def _audited_one(queryset, pk, action: str, *, actor, tenant, not_found: str):
    """The row with this id, loaded with its audit event; NotFound (and no event) when the tenant has none."""
    row = queryset.filter(pk=pk).audited(action, actor=actor, tenant=tenant, one=True).first()
    if row is None:
        raise NotFound(not_found)
    return row


# --- care activities ------------------------------------------------------------------------------------


def care_activity_list(params=None, *, by, tenant):
    """The tenant's care activities, newest first, filtered by CareActivityFilterSet's query parameters
    (`Invalid` names a bad one); loading a page of them records `care_activity.list`."""
    actor = require(by, "tenant.view", tenant)
    activities, filters = _filtered(
        CareActivityFilterSet, params, CareActivity.objects.for_tenant(tenant).select_related("patient")
    )
    return activities.audited(
        "care_activity.list", actor=actor, tenant=tenant, details={"invoiced": filters.get("invoiced")}
    )


def care_activity_detail(activity_id, *, by, tenant) -> CareActivity:
    """One care activity; records `care_activity.read`."""
    actor = require(by, "tenant.view", tenant)
    return _audited_one(
        CareActivity.objects.for_tenant(tenant),
        activity_id,
        "care_activity.read",
        actor=actor,
        tenant=tenant,
        not_found=_("No such care activity."),
    )


def care_activities_for_gateway(*, by, tenant, one: bool = False):
    """The tenant's care activities for a connector's call; loading them records the call, naming their
    patients (see patients.GATEWAY_CALL)."""
    actor = require(by, "tenant.view", tenant)
    return gateway_read(CareActivity.objects.for_tenant(tenant), actor, tenant, one=one)


def patient_to_register_care_for(patient_id, *, by, tenant) -> Patient:
    """The patient whose "Register care activity" form opens: only for those who may register one (a viewer
    gets PermissionDenied); records `care_activity.form`."""
    actor = require(by, "tenant.change", tenant)
    return _audited_one(
        Patient.objects.for_tenant(tenant),
        patient_id,
        "care_activity.form",
        actor=actor,
        tenant=tenant,
        not_found=_("No such patient."),
    )


def listed_patient(patient_id, *, by, tenant) -> Patient:
    """The patient a billing list is narrowed to, for its heading; NotFound for another tenant's id.

    It records no event of its own: the list under the heading records the read of his rows.
    """
    require(by, "tenant.view", tenant)
    patient = Patient.objects.for_tenant(tenant).filter(pk=patient_id).first()
    if patient is None:
        raise NotFound(_("No such patient."))
    return patient


# --- invoices -------------------------------------------------------------------------------------------


def _with_lines(invoices):
    return invoices.prefetch_related(Prefetch("lines", InvoiceLine.objects.order_by("position", "pk")))


def invoice_list(params=None, *, by, tenant):
    """The tenant's invoices with their lines, newest first, filtered by InvoiceFilterSet's query parameters
    (`Invalid` names a bad one); loading a page of them records `invoice.list`."""
    actor = require(by, "tenant.view", tenant)
    invoices, filters = _filtered(
        InvoiceFilterSet, params, _with_lines(Invoice.objects.for_tenant(tenant).select_related("patient"))
    )
    return invoices.audited("invoice.list", actor=actor, tenant=tenant, details={"status": filters.get("status") or ""})


def invoice_detail(invoice_id, *, by, tenant) -> Invoice:
    """One invoice with its lines (in order), its patient, the invoice it credits and its credit invoices;
    records `invoice.read`."""
    actor = require(by, "tenant.view", tenant)
    invoices = _with_lines(
        Invoice.objects.for_tenant(tenant).select_related("patient", "credit_of", "tenant").prefetch_related("credits")
    )
    return _audited_one(
        invoices, invoice_id, "invoice.read", actor=actor, tenant=tenant, not_found=_("No such invoice.")
    )


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


def invoice_document(invoice_id, *, by, tenant) -> dict:
    """What the invoice PDF shows: practice, logo, patient, lines and totals in euros; records `invoice.pdf`."""
    actor = require(by, "tenant.view", tenant)
    invoices = _with_lines(Invoice.objects.for_tenant(tenant).select_related("patient", "credit_of", "tenant"))
    invoice = _audited_one(
        invoices, invoice_id, "invoice.pdf", actor=actor, tenant=tenant, not_found=_("No such invoice.")
    )
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


@dataclass(frozen=True)
class Pdf:
    filename: str
    content: bytes


def invoice_pdf(invoice_id, *, by, tenant) -> Pdf:
    """The invoice as a PDF (A4, numbered pages) with the tenant's name and logo; records `invoice.pdf`."""
    document = invoice_document(invoice_id, by=by, tenant=tenant)
    content = render_pdf("clinic/pdf/invoice.html", document)
    return Pdf(filename=f"{document['invoice'].number}.pdf", content=content)
