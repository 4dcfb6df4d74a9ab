"""Dashboard pages of the certificate flow (seed 001): the actions of a version's Certificates tab and the care
organisation's approval requests. Each view reads input, calls one service and redirects with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from connectors.access import versions_for

from . import services
from .crypto import InvalidCsr, load_csr
from .exceptions import CertificateError
from .forms import CsrUploadForm, DecisionForm, EnabledForm, EnvironmentForm
from .models import ApprovalRequest, CertificateEnvironment, IssuedCertificate

Status = ApprovalRequest.Status
HISTORY_PAGE_SIZE = 25


def _tab(version_id) -> str:
    return f"{reverse('connectors:version', args=[version_id])}?tab=certificates"


def _refused(request, heading: str, error: CertificateError) -> None:
    """The service's message, and every broken CSR rule as a list (autoescaped, then kept as safe HTML)."""
    html = render_to_string("certificates/refused.html", {"heading": heading, "error": error})
    messages.error(request, html)


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


def _environments(user):
    return CertificateEnvironment.objects.filter(version__in=versions_for(user)).select_related(
        "version__connector__supplier", "tenant"
    )


def _certificates(user):
    return IssuedCertificate.objects.filter(environment__version__in=versions_for(user)).select_related(
        "environment__version__connector__supplier", "environment__tenant"
    )


# --- The supplier's Certificates tab ---------------------------------------------------------------


@login_required
@require_POST
def add_environment(request, version_id):
    version = get_object_or_404(versions_for(request.user).select_related("connector__supplier"), pk=version_id)
    form = EnvironmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(_tab(version.pk))
    try:
        environment = services.add_environment(version, form.cleaned_data["customer_code"], by=request.user)
    except CertificateError as error:
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
    environment = get_object_or_404(_environments(request.user), pk=environment_id)
    code = environment.customer_code
    form = CsrUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"{code}: {_first_error(form)}")
        return redirect(_tab(environment.version_id))
    try:
        result = services.upload_csr(environment, form.csr_bytes(), by=request.user)
    except CertificateError as error:
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
    approval = get_object_or_404(
        ApprovalRequest.objects.filter(environment__version__in=versions_for(request.user)).select_related(
            "environment"
        ),
        pk=request_id,
    )
    try:
        services.cancel_request(approval, by=request.user)
    except CertificateError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The approval request for {approval.environment.customer_code} is canceled.")
    return redirect(_tab(approval.environment.version_id))


@never_cache
@login_required
@require_GET
def download(request, certificate_id):
    certificate = get_object_or_404(_certificates(request.user), pk=certificate_id)
    environment = certificate.environment
    try:
        pem = services.download(certificate, by=request.user)
    except CertificateError as error:
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
    certificate = get_object_or_404(_certificates(request.user), pk=certificate_id)
    environment = certificate.environment
    form = EnabledForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether the certificate is enabled.")
        return redirect(_tab(environment.version_id))
    enabled = form.cleaned_data["enabled"]
    try:
        services.set_enabled(certificate, enabled, by=request.user)
    except CertificateError as error:
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


def _admin_tenant(request):
    """The current tenant when the user administers it; anyone else gets a 404 (no existence leaks)."""
    membership = getattr(request, "membership", None)
    if request.tenant is None or membership is None or not membership.is_admin:
        raise Http404("No certificate requests here.")
    return request.tenant


def _requests_of(tenant):
    return ApprovalRequest.objects.filter(environment__tenant=tenant).select_related(
        "environment__version__connector__supplier", "requested_by", "decided_by"
    )


def _subject(approval) -> str:
    try:
        subject = load_csr(approval.csr_pem.encode()).subject
        return ", ".join(f"{attribute.rfc4514_attribute_name}={attribute.value}" for attribute in subject)
    except (InvalidCsr, ValueError):
        return "(unreadable)"


@login_required
def requests(request):
    tenant = _admin_tenant(request)
    waiting = list(_requests_of(tenant).filter(status=Status.FORWARDED).order_by("forwarded_at", "requested_at"))
    for approval in waiting:
        approval.subject = _subject(approval)
    decided = _requests_of(tenant).filter(status__in=[Status.APPROVED, Status.REJECTED]).order_by("-decided_at")
    history = Paginator(decided, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"tenant": tenant, "waiting": waiting, "history": history}
    return render(request, "certificates/requests.html", context)


@login_required
@require_POST
def decide(request, request_id):
    tenant = _admin_tenant(request)
    approval = get_object_or_404(_requests_of(tenant), pk=request_id)
    environment = approval.environment
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose Approve or Reject.")
        return redirect("certificates:requests")
    try:
        services.decide_request(approval, approve=form.approve, by=request.user, notes=form.cleaned_data["notes"])
    except CertificateError as error:
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
