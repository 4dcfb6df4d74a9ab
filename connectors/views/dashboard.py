"""The supplier dashboard: connectors, their versions and the version page's tabs (the technical design here).

Each view reads input, calls one selector or service and renders or redirects; a refusal of the service is
shown on the page (the form's fields, or the version page's banner) with the error's status.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epdee.core.errors import ApplicationError
from epdee.core.permissions import actor_of
from epdee.core.tables import Column, build_table

from .. import selectors, services
from ..forms import DesignForm, NewConnectorForm, NewVersionForm
from ..models import ConnectorVersion
from ..tabs import version_tab, version_tabs

Stage = ConnectorVersion.Stage
STAGE_LABELS = dict(Stage.choices)


def _connector_columns(several_suppliers: bool) -> list[Column]:
    columns = [Column("name", "Connector", "name")]
    if several_suppliers:
        columns.append(Column("supplier", "Supplier", "supplier__name"))
    return columns + [
        Column("stage", "Newest version", "newest_stage"),
        Column("versions", "Versions", "version_count"),
        Column("created", "Created", "created_at"),
    ]


def _connector_table(request, several_suppliers: bool):
    connectors = selectors.connector_list(by=actor_of(request))
    table = build_table(request, connectors, _connector_columns(several_suppliers), default_sort="name")
    rows = list(table.page.object_list)
    for row in rows:
        row.newest_stage_label = STAGE_LABELS.get(row.newest_stage, "")
    table.page.object_list = rows
    return table


@login_required
def index(request):
    """The user's suppliers' connectors and a form for a new one."""
    suppliers = selectors.suppliers_of(by=actor_of(request))
    if not suppliers:
        return render(request, "connectors/no_supplier.html", status=403 if request.method == "POST" else 200)
    form = NewConnectorForm(suppliers, data=request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            connector = services.create_connector(
                data["supplier"], name=data["name"], description=data["description"], by=actor_of(request)
            )
        except ApplicationError as error:
            form.add_application_error(error)
            status = error.status_code
        else:
            messages.success(
                request,
                _("%(name)s created. Choose the endpoints and fields version 1 needs.") % {"name": connector.name},
            )
            return redirect("connectors:version", connector.versions.order_by("-number").first().pk)
    context = {
        "table": _connector_table(request, len(suppliers) > 1),
        "form": form,
        "suppliers": suppliers,
        "several_suppliers": len(suppliers) > 1,
    }
    return render(request, "connectors/index.html", context, status=400 if form.errors and status == 200 else status)


def _render_connector(request, connector, form=None, status=200):
    versions = selectors.versions_of(connector, by=actor_of(request))
    context = {
        "connector": connector,
        "versions": versions,
        "form": form or NewVersionForm(versions),
    }
    return render(request, "connectors/connector.html", context, status=status)


@login_required
def connector_detail(request, connector_id):
    return _render_connector(request, selectors.connector_detail(connector_id, by=actor_of(request)))


@login_required
@require_POST
def new_version(request, connector_id):
    actor = actor_of(request)
    connector = selectors.connector_detail(connector_id, by=actor)
    form = NewVersionForm(selectors.versions_of(connector, by=actor), data=request.POST)
    if not form.is_valid():
        return _render_connector(request, connector, form, status=400)
    try:
        version = services.new_version(connector, by=actor, based_on=form.cleaned_data["based_on"])
    except ApplicationError as error:
        form.add_application_error(error)
        return _render_connector(request, connector, form, status=error.status_code)
    if version.based_on:
        text = _(
            "Version %(number)s created with the design of version %(source)s. It is in development: change it freely."
        )
    else:
        text = _("Version %(number)s created. It is in development: change it freely.")
    messages.success(request, text % {"number": version.number, "source": getattr(version.based_on, "number", "")})
    return redirect("connectors:version", version.pk)


def design_tab(request, version, *, form=None, **state) -> dict:
    """The technical design tab: the endpoint picker (editable in development, read-only after) and warnings."""
    query = request.GET.get("q", "").strip()[:100]
    form = form or DesignForm(version)
    groups = form.groups(query, only_enabled=not version.is_editable)
    return {
        "query": query,
        "form": form,
        "groups": groups,
        "search_matches": any(not group.hidden for group in groups),
        "warnings": selectors.deprecation_warnings(version),
        "allowed_field_count": version.allowed_fields.count(),
        "enabled_endpoint_count": version.enabled_endpoints.count(),
    }


def _render_version(request, version, *, form=None, error=None, status=200):
    tab = version_tab(request.GET.get("tab"))
    actor = actor_of(request)
    context = {
        "version": version,
        "connector": version.connector,
        "tab": tab,
        "tabs": version_tabs(),
        "error": error,
        "is_admin": selectors.may_retire(version, by=actor),
        "events": version.events.select_related("actor"),
    }
    context.update(tab.context_for(request, version, form=form))
    return render(request, "connectors/version.html", context, status=status)


@login_required
def version_detail(request, version_id):
    return _render_version(request, selectors.version_detail(version_id, by=actor_of(request)))


@login_required
@require_POST
def save_design(request, version_id):
    """Replaces the whole design; a refused change (locked version, deprecated endpoint, unknown field) shows
    the service's message, keeps the user's choices on screen and changes nothing."""
    actor = actor_of(request)
    version = selectors.version_detail(version_id, by=actor)
    form = DesignForm(version, data=request.POST)
    if not form.is_valid():
        return _render_version(request, version, form=form, status=400)
    try:
        services.update_design(
            version, by=actor, endpoint_mode=form.cleaned_data["endpoint_mode"], endpoints=form.design()
        )
    except ApplicationError as error:
        if not version.is_editable:
            return _render_version(request, version, error=error.message, status=error.status_code)
        form.add_application_error(error)
        return _render_version(request, version, form=form, status=error.status_code)
    messages.success(request, _("The technical design of version %(number)s is saved.") % {"number": version.number})
    return redirect("connectors:version", version.pk)


MOVES = {
    "submit": (services.submit_for_review, "submitted for review: its design is locked while it is reviewed"),
    "withdraw": (services.withdraw, "back in development"),
    "reopen": (services.reopen, "reopened: change the design and submit it again"),
    "retire": (services.retire, "retired"),
}


@login_required
@require_POST
def move_version(request, version_id):
    """Submit, withdraw, reopen or retire a version; the service decides whether the move is allowed."""
    actor = actor_of(request)
    version = selectors.version_detail(version_id, by=actor)
    move = MOVES.get(request.POST.get("action", ""))
    if move is None:
        return _render_version(request, version, error=_("Choose what to do with the version."), status=400)
    action, done = move
    try:
        action(version, by=actor)
    except ApplicationError as error:
        return _render_version(request, version, error=error.message, status=error.status_code)
    messages.success(request, f"Version {version.number} is {done}.")
    return redirect("connectors:version", version.pk)
