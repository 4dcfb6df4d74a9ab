"""Dashboard pages of a practice's administrators: API tokens, webhooks, branding and the complete export."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from epdee.core.tables import Column, build_table

from ..forms_account import BrandingForm, TenantTokenForm, WebhookEndpointForm
from ..models import WebhookDelivery
from ..services import branding, export, tokens, webhook_delivery
from .base import admin_page

TOKEN_COLUMNS = [
    Column("name", "Name", "name"),
    Column("token", "Token"),
    Column("scope", "Access", "scope"),
    Column("creator", "Acts as", "user__email"),
    Column("created", "Created", "created_at"),
    Column("used", "Last used", "last_used_at"),
    Column("expires", "Expires", "expires_at"),
    Column("actions", ""),
]
ENDPOINT_COLUMNS = [
    Column("url", "URL", "url"),
    Column("events", "Events"),
    Column("active", "Active", "is_active"),
    Column("delivered", "Delivered", "delivered_count"),
    Column("failing", "Failing", "failing_count"),
    Column("created", "Added", "created_at"),
]
DELIVERY_COLUMNS = [
    Column("created", "Created", "created_at"),
    Column("event", "Event", "event"),
    Column("status", "Status", "status"),
    Column("attempts", "Attempts", "attempts"),
    Column("code", "Last answer", "last_status_code"),
    Column("next", "Next attempt", "next_attempt_at"),
    Column("actions", ""),
]

EXPORT_LABELS = {
    "patients": "Patients (with dossier, insurances and general practitioner)",
    "healthcareProviders": "Healthcare providers",
    "locations": "Locations",
    "openingHours": "Opening hours",
    "scheduleExceptions": "Holidays and closures",
    "practitioners": "Practitioners",
    "appointmentTypes": "Appointment types",
    "appointments": "Appointments",
    "careActivities": "Care activities",
    "invoices": "Invoices (with lines)",
    "workflows": "Workflows (with steps)",
}


# --- API tokens ----------------------------------------------------------------------------------------------


@admin_page
def api_tokens(request):
    form = TenantTokenForm(request.POST if request.method == "POST" else None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _, created = tokens.create_tenant_token(request.tenant, by=request.user, **form.cleaned_data)
        except tokens.TokenError as exc:
            form.add_error(None, str(exc))
        else:
            form = TenantTokenForm()
    table = build_table(request, tokens.tenant_tokens(request.tenant), TOKEN_COLUMNS, default_sort="-created")
    context = {"form": form, "table": table, "created": created, "now": timezone.now()}
    return render(request, "clinic/account/api_tokens.html", context, status=400 if form.errors else 200)


@admin_page
@require_POST
def revoke_token(request, token_id):
    try:
        token = tokens.revoke_tenant_token(request.tenant, token_id, by=request.user)
    except tokens.TokenError as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, f"Token “{token.name}” was revoked; programs using it are refused from now on.")
    return redirect("clinic:api-tokens")


# --- webhooks ------------------------------------------------------------------------------------------------


def _endpoint(request, endpoint_id):
    return get_object_or_404(webhook_delivery.endpoints_of(request.tenant), pk=endpoint_id)


@admin_page
def webhooks(request):
    form = WebhookEndpointForm(request.POST if request.method == "POST" else None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = webhook_delivery.create_endpoint(
                request.tenant, by=request.user, request=request, **form.cleaned_data
            )
        except webhook_delivery.WebhookError as exc:
            form.add_error("url", str(exc))
        else:
            form = WebhookEndpointForm()
    endpoints = webhook_delivery.endpoints_of(request.tenant).annotate(
        delivered_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.DELIVERED)),
        failing_count=Count(
            "deliveries",
            filter=Q(deliveries__status__in=[WebhookDelivery.Status.FAILED, WebhookDelivery.Status.GAVE_UP]),
        ),
    )
    table = build_table(request, endpoints, ENDPOINT_COLUMNS, default_sort="url")
    context = {"form": form, "table": table, "created": created, "events": webhook_delivery.EVENTS}
    return render(request, "clinic/account/webhooks.html", context, status=400 if form.errors else 200)


def _endpoint_page(request, endpoint, *, form=None, secret=None, status=200):
    form = form or WebhookEndpointForm(
        initial={"url": endpoint.url, "description": endpoint.description, "events": endpoint.events}
    )
    deliveries = WebhookDelivery.objects.for_tenant(request.tenant).filter(endpoint=endpoint)
    table = build_table(request, deliveries, DELIVERY_COLUMNS, default_sort="-created")
    context = {"endpoint": endpoint, "form": form, "table": table, "secret": secret, "statuses": WebhookDelivery.Status}
    return render(request, "clinic/account/webhook.html", context, status=status)


@admin_page
def webhook(request, endpoint_id):
    endpoint = _endpoint(request, endpoint_id)
    if request.method != "POST":
        return _endpoint_page(request, endpoint)
    form = WebhookEndpointForm(request.POST)
    if form.is_valid():
        try:
            webhook_delivery.update_endpoint(endpoint, by=request.user, request=request, **form.cleaned_data)
        except webhook_delivery.WebhookError as exc:
            form.add_error("url", str(exc))
        else:
            messages.success(request, "The endpoint was saved.")
            return redirect("clinic:webhook", endpoint.pk)
    endpoint.refresh_from_db()
    return _endpoint_page(request, endpoint, form=form, status=400)


@admin_page
@require_POST
def webhook_toggle(request, endpoint_id):
    endpoint = _endpoint(request, endpoint_id)
    try:
        webhook_delivery.set_active(endpoint, not endpoint.is_active, by=request.user, request=request)
    except webhook_delivery.WebhookError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Deliveries to this endpoint are {'on' if endpoint.is_active else 'off'}.")
    return redirect("clinic:webhook", endpoint.pk)


@admin_page
@require_POST
def webhook_rotate(request, endpoint_id):
    endpoint = _endpoint(request, endpoint_id)
    try:
        secret = webhook_delivery.rotate_secret(endpoint, by=request.user, request=request)
    except webhook_delivery.WebhookError as exc:
        messages.error(request, str(exc))
        return redirect("clinic:webhook", endpoint.pk)
    return _endpoint_page(request, endpoint, secret=secret)  # shown once, never put in a redirect or cookie


@admin_page
@require_POST
def webhook_delete(request, endpoint_id):
    endpoint = _endpoint(request, endpoint_id)
    url = endpoint.url
    webhook_delivery.delete_endpoint(endpoint, by=request.user, request=request)
    messages.success(request, f"The endpoint {url} and its delivery log were deleted.")
    return redirect("clinic:webhooks")


@admin_page
@require_POST
def webhook_resend(request, endpoint_id, delivery_id):
    endpoint = _endpoint(request, endpoint_id)
    delivery = get_object_or_404(
        WebhookDelivery.objects.for_tenant(request.tenant).select_related("endpoint"), pk=delivery_id, endpoint=endpoint
    )
    try:
        webhook_delivery.resend(delivery, by=request.user, request=request)
    except webhook_delivery.WebhookError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The {delivery.event} event is being sent again (as a new delivery).")
    return redirect("clinic:webhook", endpoint.pk)


# --- branding ------------------------------------------------------------------------------------------------


@admin_page
def branding_page(request):
    form = BrandingForm(request.POST, request.FILES) if request.method == "POST" else BrandingForm()
    if form.is_bound and form.is_valid():
        try:
            branding.update_branding(
                request.tenant,
                by=request.user,
                request=request,
                logo=form.cleaned_data.get("logo"),
                favicon=form.cleaned_data.get("favicon"),
            )
        except branding.BrandingError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, "Your branding was saved. It shows on your pages and your booking page.")
            return redirect("clinic:branding")
    context = {"form": form, "urls": branding.branding_urls(request.tenant)}
    return render(request, "clinic/account/branding.html", context, status=400 if form.errors else 200)


@admin_page
@require_POST
def branding_remove(request):
    field = request.POST.get("field", "")
    try:
        branding.remove_branding(request.tenant, field, by=request.user, request=request)
    except branding.BrandingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The {field} was removed.")
    return redirect("clinic:branding")


# --- export --------------------------------------------------------------------------------------------------


@admin_page
def export_page(request):
    counts = export.export_counts(request.tenant)
    sections = [(EXPORT_LABELS.get(key, key), count) for key, count in counts.items()]
    context = {"sections": sections, "download_url": reverse("api-tenant-export")}
    return render(request, "clinic/account/export.html", context)
