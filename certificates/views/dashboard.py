"""Dashboard pages of the certificate flow (seed 001): the actions of a version's Certificates tab and the care
organisation's approval requests. Each view reads input, calls one selector or service and redirects with a
message; the service's refusal becomes the message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from connectors import selectors as connector_selectors
from epdee.core.errors import ApplicationError
from epdee.core.permissions import actor_of

from .. import selectors, services
from ..forms import CsrUploadForm, DecisionForm, EnabledForm, EnvironmentForm
from ..models import IssuedCertificate

HISTORY_PAGE_SIZE = 25


def _tab(version_id) -> str:
    return f"{reverse('connectors:version', args=[version_id])}?tab=certificates"


def _refused(request, heading: str, error: ApplicationError) -> None:
    """The service's message, and every broken CSR rule as a list (autoescaped, then kept as safe HTML)."""
    html = render_to_string("certificates/includes/refused.html", {"heading": heading, "error": error})
    messages.error(request, html)


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


# --- The supplier's Certificates tab ---------------------------------------------------------------


@login_required
@require_POST
def add_environment(request, version_id):
    actor = actor_of(request)
    version = connector_selectors.version_detail(version_id, by=actor)
    form = EnvironmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(_tab(version.pk))
    try:
        environment = services.add_environment(version, form.cleaned_data["customer_code"], by=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Environment {environment.customer_code} ({environment.tenant.name}) added. Upload a CSR with "
            f"CN={services.common_name_for(environment)} and O={services.organization_for(environment)}.",
        )
    return redirect(_tab(version.pk))


@login_required
@require_POST
def upload_csr(request, environment_id):
    actor = actor_of(request)
    environment = selectors.environment_detail(environment_id, by=actor)
    code = environment.customer_code
    form = CsrUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"{code}: {_first_error(form)}")
        return redirect(_tab(environment.version_id))
    try:
        result = services.upload_csr(environment, form.csr_bytes(), by=actor)
    except ApplicationError as error:
        _refused(request, f"The CSR for {code} was not accepted.", error)
    else:
        if isinstance(result, IssuedCertificate):
            messages.success(
                request,
                f"The CSR for {code} meets the requirements and is signed: download the PEM file below. "
                f"The certificate is valid until {result.not_after:%d %B %Y}.",
            )
        else:
            messages.success(
                request,
                f"The CSR for {code} meets the requirements. Epdee asks {environment.tenant.name} to approve it; "
                "you get an e-mail when they have decided.",
            )
    return redirect(_tab(environment.version_id))


@login_required
@require_POST
def cancel_request(request, request_id):
    actor = actor_of(request)
    approval = selectors.supplier_request_detail(request_id, by=actor)
    try:
        services.cancel_request(approval, by=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The approval request for {approval.environment.customer_code} is canceled.")
    return redirect(_tab(approval.environment.version_id))


@never_cache
@login_required
@require_GET
def download(request, certificate_id):
    actor = actor_of(request)
    certificate = selectors.certificate_detail(certificate_id, by=actor)
    environment = certificate.environment
    try:
        pem = services.download(certificate, by=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_tab(environment.version_id))
    version = environment.version
    name = f"{slugify(version.connector.name) or 'connector'}-v{version.number}-{environment.customer_code}"
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{name}-{certificate.serial[:8]}.pem"'
    return response


@login_required
@require_POST
def set_enabled(request, certificate_id):
    actor = actor_of(request)
    certificate = selectors.certificate_detail(certificate_id, by=actor)
    environment = certificate.environment
    form = EnabledForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether the certificate is enabled.")
        return redirect(_tab(environment.version_id))
    enabled = form.cleaned_data["enabled"]
    try:
        services.set_enabled(certificate, enabled, by=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if enabled:
            messages.success(
                request, f"Certificate {certificate.serial[:12]}… for {environment.customer_code} is enabled."
            )
        else:
            messages.success(
                request,
                f"Certificate {certificate.serial[:12]}… for {environment.customer_code} is disabled: "
                "Epdee refuses connections with it from now on.",
            )
    return redirect(_tab(environment.version_id))


# --- The care organisation's approval requests -----------------------------------------------------


@login_required
def requests(request):
    """The requests waiting for the organisation's decision and the decided ones (its administrators only)."""
    actor, tenant = actor_of(request), request.tenant
    waiting = selectors.waiting_requests(tenant, by=actor)
    history = Paginator(selectors.decided_requests(tenant, by=actor), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"tenant": tenant, "waiting": waiting, "history": history}
    return render(request, "certificates/requests.html", context)


@login_required
@require_POST
def decide(request, request_id):
    actor = actor_of(request)
    approval = selectors.request_for_decision(request_id, request.tenant, by=actor)
    environment = approval.environment
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose Approve or Reject.")
        return redirect("certificates:requests")
    try:
        services.decide_request(approval, approve=form.approve, by=actor, notes=form.cleaned_data["notes"])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        supplier = environment.version.connector.supplier.name
        if form.approve:
            messages.success(
                request,
                f"Approved: {supplier} gets a certificate for {environment.version} in {environment.customer_code}.",
            )
        else:
            messages.success(request, f"Rejected: {supplier} sees your reason on its Certificates tab.")
    return redirect("certificates:requests")
