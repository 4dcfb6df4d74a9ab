"""Dashboard pages of a practice's administrators: API tokens, webhooks and branding.

Who may open them and what they may change is decided by the selectors and services they call.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epdee.core.errors import ApplicationError, Invalid
from epdee.core.permissions import actor_of
from epdee.core.tables import Column, build_table

from ..forms.account import BrandingForm, TenantTokenForm, WebhookEndpointForm
from ..selectors import account as selectors
from ..services import branding, tokens, webhook_delivery
from .base import practice_page

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


# --- API tokens ----------------------------------------------------------------------------------------------


@practice_page
def api_tokens(request):
    actor = actor_of(request)
    listed = selectors.api_tokens(request.tenant, by=actor)
    form = TenantTokenForm(request.POST if request.method == "POST" else None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = tokens.create_tenant_token(request.tenant, by=actor, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            form = TenantTokenForm()
    table = build_table(request, listed, TOKEN_COLUMNS, default_sort="-created")
    context = {"form": form, "table": table, "created": created, "now": timezone.now()}
    return render(request, "clinic/account/api_tokens.html", context, status=400 if form.errors else 200)


@practice_page
@require_POST
def revoke_token(request, token_id):
    token = tokens.revoke_tenant_token(request.tenant, token_id, by=actor_of(request))
    messages.success(
        request, _("Token “%(name)s” was revoked; programs using it are refused from now on.") % {"name": token.name}
    )
    return redirect("clinic:api-tokens")


# --- webhooks ------------------------------------------------------------------------------------------------


@practice_page
def webhooks(request):
    actor = actor_of(request)
    endpoints = selectors.webhook_endpoints(request.tenant, by=actor)
    form = WebhookEndpointForm(request.POST if request.method == "POST" else None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = webhook_delivery.create_endpoint(request.tenant, by=actor, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            form = WebhookEndpointForm()
    table = build_table(request, endpoints, ENDPOINT_COLUMNS, default_sort="url")
    context = {"form": form, "table": table, "created": created}
    return render(request, "clinic/account/webhooks.html", context, status=400 if form.errors else 200)


def _endpoint_page(request, endpoint, *, form=None, secret=None, status=200):
    form = form or WebhookEndpointForm(
        initial={"url": endpoint.url, "description": endpoint.description, "events": endpoint.events}
    )
    deliveries = selectors.webhook_deliveries(endpoint, by=actor_of(request))
    table = build_table(request, deliveries, DELIVERY_COLUMNS, default_sort="-created")
    context = {"endpoint": endpoint, "form": form, "table": table, "secret": secret}
    return render(request, "clinic/account/webhook.html", context, status=status)


@practice_page
def webhook(request, endpoint_id):
    actor = actor_of(request)
    endpoint = selectors.webhook_endpoint(request.tenant, endpoint_id, by=actor)
    if request.method != "POST":
        return _endpoint_page(request, endpoint)
    form = WebhookEndpointForm(request.POST)
    if form.is_valid():
        try:
            webhook_delivery.update_endpoint(endpoint, by=actor, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The endpoint was saved."))
            return redirect("clinic:webhook", endpoint.pk)
    endpoint.refresh_from_db()
    return _endpoint_page(request, endpoint, form=form, status=400)


@practice_page
@require_POST
def webhook_toggle(request, endpoint_id):
    actor = actor_of(request)
    endpoint = selectors.webhook_endpoint(request.tenant, endpoint_id, by=actor)
    try:
        webhook_delivery.set_active(endpoint, not endpoint.is_active, by=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if endpoint.is_active:
            messages.success(request, _("Deliveries to this endpoint are on."))
        else:
            messages.success(request, _("Deliveries to this endpoint are off."))
    return redirect("clinic:webhook", endpoint.pk)


@practice_page
@require_POST
def webhook_rotate(request, endpoint_id):
    actor = actor_of(request)
    endpoint = selectors.webhook_endpoint(request.tenant, endpoint_id, by=actor)
    try:
        secret = webhook_delivery.rotate_secret(endpoint, by=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("clinic:webhook", endpoint.pk)
    return _endpoint_page(request, endpoint, secret=secret)  # shown once, never put in a redirect or cookie


@practice_page
@require_POST
def webhook_delete(request, endpoint_id):
    actor = actor_of(request)
    endpoint = selectors.webhook_endpoint(request.tenant, endpoint_id, by=actor)
    url = endpoint.url
    webhook_delivery.delete_endpoint(endpoint, by=actor)
    messages.success(request, _("The endpoint %(url)s and its delivery log were deleted.") % {"url": url})
    return redirect("clinic:webhooks")


@practice_page
@require_POST
def webhook_resend(request, endpoint_id, delivery_id):
    actor = actor_of(request)
    endpoint = selectors.webhook_endpoint(request.tenant, endpoint_id, by=actor)
    delivery = selectors.webhook_delivery(endpoint, delivery_id, by=actor)
    try:
        webhook_delivery.resend(delivery, by=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        message = _("The %(event)s event is being sent again (as a new delivery).") % {"event": delivery.event}
        messages.success(request, message)
    return redirect("clinic:webhook", endpoint.pk)


# --- branding ------------------------------------------------------------------------------------------------


@practice_page
def branding_page(request):
    actor = actor_of(request)
    urls = selectors.branding_settings(request.tenant, by=actor)
    form = BrandingForm(request.POST, request.FILES) if request.method == "POST" else BrandingForm()
    if form.is_bound and form.is_valid():
        try:
            branding.update_branding(request.tenant, by=actor, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Your branding was saved. It shows on your pages and your booking page."))
            return redirect("clinic:branding")
    context = {"form": form, "urls": urls}
    return render(request, "clinic/account/branding.html", context, status=400 if form.errors else 200)


@practice_page
@require_POST
def branding_remove(request):
    field = request.POST.get("field", "")
    try:
        branding.remove_branding(request.tenant, field, by=actor_of(request))
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The %(field)s was removed.") % {"field": branding.KINDS[field].label})
    return redirect("clinic:branding")
