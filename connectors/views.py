"""The supplier dashboard: connectors, their versions and technical design, and the public intake form."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from epdee.core.net import client_ip
from epdee.core.tables import Column, build_table

from . import services
from .access import connectors_for, memberships, role_in, versions_for
from .exceptions import ConnectorError
from .forms import DesignForm, IntakeForm, NewConnectorForm, NewVersionForm
from .models import ConnectorVersion, SupplierMembership

Stage = ConnectorVersion.Stage
STAGE_LABELS = dict(Stage.choices)
TABS = ("design", "certificates")
APPLY_LIMIT = 5  # intake requests per client address …
APPLY_WINDOW = 60 * 60  # … per hour


def _connector_columns(several_suppliers: bool) -> list[Column]:
    columns = [Column("name", "Connector", "name")]
    if several_suppliers:
        columns.append(Column("supplier", "Supplier", "supplier__name"))
    return columns + [
        Column("stage", "Newest version", "newest_stage"),
        Column("versions", "Versions", "version_count"),
        Column("created", "Created", "created_at"),
    ]


def _connector_table(request, user, several_suppliers: bool):
    newest = ConnectorVersion.objects.filter(connector=OuterRef("pk")).order_by("-number")
    connectors = (
        connectors_for(user)
        .select_related("supplier")
        .annotate(
            newest_id=Subquery(newest.values("pk")[:1]),
            newest_number=Subquery(newest.values("number")[:1]),
            newest_stage=Subquery(newest.values("stage")[:1]),
            version_count=Count("versions", distinct=True),
        )
    )
    table = build_table(request, connectors, _connector_columns(several_suppliers), default_sort="name")
    rows = list(table.page.object_list)
    for row in rows:
        row.newest_stage_label = STAGE_LABELS.get(row.newest_stage, "")
    table.page.object_list = rows
    return table


@login_required
def index(request):
    """The user's suppliers' connectors and a form for a new one."""
    suppliers = [membership.supplier for membership in memberships(request.user)]
    if not suppliers:
        return render(request, "connectors/no_supplier.html", status=403 if request.method == "POST" else 200)
    form = NewConnectorForm(suppliers, data=request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            connector = services.create_connector(
                data["supplier"], name=data["name"], description=data["description"], by=request.user
            )
        except ConnectorError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"{connector.name} created. Choose the endpoints and fields version 1 needs.")
            return redirect("connectors:version", connector.versions.order_by("-number").first().pk)
    context = {
        "table": _connector_table(request, request.user, len(suppliers) > 1),
        "form": form,
        "suppliers": suppliers,
        "several_suppliers": len(suppliers) > 1,
    }
    return render(request, "connectors/index.html", context, status=400 if form.errors else 200)


def _render_connector(request, connector, form=None, status=200):
    versions = connector.versions.select_related("reviewed_by").annotate(
        endpoint_count=Count("enabled_endpoints")
    ).order_by("-number")
    context = {
        "connector": connector,
        "versions": versions,
        "form": form or NewVersionForm(connector.versions.order_by("-number")),
    }
    return render(request, "connectors/connector.html", context, status=status)


@login_required
def connector_detail(request, connector_id):
    connector = get_object_or_404(connectors_for(request.user).select_related("supplier"), pk=connector_id)
    return _render_connector(request, connector)


@login_required
@require_POST
def new_version(request, connector_id):
    connector = get_object_or_404(connectors_for(request.user).select_related("supplier"), pk=connector_id)
    form = NewVersionForm(connector.versions.order_by("-number"), data=request.POST)
    if not form.is_valid():
        return _render_connector(request, connector, form, status=400)
    try:
        version = services.new_version(connector, by=request.user, based_on=form.cleaned_data["based_on"])
    except ConnectorError as error:
        form.add_error(None, error.message)
        return _render_connector(request, connector, form, status=error.status_code)
    source = f" with the design of version {version.based_on.number}" if version.based_on else ""
    messages.success(request, f"Version {version.number} created{source}. It is in development: change it freely.")
    return redirect("connectors:version", version.pk)


def _version_or_404(request, version_id):
    return get_object_or_404(
        versions_for(request.user).select_related("connector__supplier", "reviewed_by", "based_on"), pk=version_id
    )


def _render_version(request, version, *, form=None, error=None, status=200):
    tab = request.GET.get("tab")
    tab = tab if tab in TABS else TABS[0]
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "version": version,
        "connector": version.connector,
        "tab": tab,
        "query": query,
        "error": error,
        "is_admin": role_in(version.connector.supplier, request.user) == SupplierMembership.Role.ADMIN,
        "events": version.events.select_related("actor"),
    }
    if tab == "design":
        form = form or DesignForm(version)
        groups = form.groups(query, only_enabled=not version.is_editable)
        context.update(
            form=form,
            groups=groups,
            search_matches=any(not group.hidden for group in groups),
            warnings=services.deprecation_warnings(version),
            allowed_field_count=version.allowed_fields.count(),
            enabled_endpoint_count=version.enabled_endpoints.count(),
        )
    return render(request, "connectors/version.html", context, status=status)


@login_required
def version_detail(request, version_id):
    return _render_version(request, _version_or_404(request, version_id))


@login_required
@require_POST
def save_design(request, version_id):
    """Replaces the whole design; a refused change (locked version, deprecated endpoint, unknown field) shows
    the service's message, keeps the user's choices on screen and changes nothing."""
    version = _version_or_404(request, version_id)
    form = DesignForm(version, data=request.POST)
    if not form.is_valid():
        return _render_version(request, version, form=form, status=400)
    try:
        services.update_design(
            version, by=request.user, endpoint_mode=form.cleaned_data["endpoint_mode"], endpoints=form.design()
        )
    except ConnectorError as error:
        if not version.is_editable:
            return _render_version(request, version, error=error.message, status=error.status_code)
        form.add_error(None, error.message)
        return _render_version(request, version, form=form, status=error.status_code)
    messages.success(request, f"The technical design of version {version.number} is saved.")
    return redirect("connectors:version", version.pk)


MOVES = {
    "submit": (services.submit_for_review, "submitted for review: its design is locked while it is reviewed"),
    "withdraw": (lambda version, by: services.move(version, Stage.DEVELOPMENT, by=by), "back in development"),
    "reopen": (services.reopen, "reopened: change the design and submit it again"),
    "retire": (services.retire, "retired"),
}


@login_required
@require_POST
def move_version(request, version_id):
    """Submit, withdraw, reopen or retire a version; the service decides whether the move is allowed."""
    version = _version_or_404(request, version_id)
    move = MOVES.get(request.POST.get("action", ""))
    if move is None:
        return _render_version(request, version, error="Choose what to do with the version.", status=400)
    action, done = move
    try:
        action(version, by=request.user)
    except ConnectorError as error:
        return _render_version(request, version, error=error.message, status=error.status_code)
    messages.success(request, f"Version {version.number} is {done}.")
    return redirect("connectors:version", version.pk)


def _over_apply_limit(request) -> bool:
    """Counts intake posts per client address in the cache (shared by all workers) for an hour."""
    key = f"connectors:apply:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, APPLY_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, APPLY_WINDOW)
        count = 1
    return count > APPLY_LIMIT


def apply(request):
    """The public intake form of a software party; staff turn an accepted request into a supplier."""
    form = IntakeForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _over_apply_limit(request):
            response = render(request, "connectors/apply.html", {"form": form, "limited": True}, status=429)
            response["Retry-After"] = str(APPLY_WINDOW)
            return response
        if form.is_valid():
            if not form.is_bot:  # a bot filled the honeypot: thank it and keep nothing
                services.submit_intake(**form.intake_fields())
            return redirect("suppliers:apply-thanks")
    return render(request, "connectors/apply.html", {"form": form}, status=400 if form.errors else 200)


def apply_thanks(request):
    return render(request, "connectors/apply_thanks.html")
