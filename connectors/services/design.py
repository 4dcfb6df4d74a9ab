"""The technical design of a DEVELOPMENT version: endpoint mode, enabled endpoints, allowed fields."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from epdee.core.audit import record_event
from epdee.core.errors import Invalid
from epdee.core.permissions import require

from ..models import AllowedField, ApiModelField, ConnectorVersion, EnabledEndpoint, Endpoint
from ..selectors import design_of
from .versions import ensure_editable


def _locked_version(version, by):
    version = ConnectorVersion.objects.select_for_update().select_related("connector__supplier").get(pk=version.pk)
    actor = require(by, "connectors.design", version)
    ensure_editable(version)
    return version, actor


def _fields_for(endpoint: Endpoint, paths) -> list[ApiModelField]:
    """The endpoint's model fields named by `paths`; a container path brings its whole subtree."""
    paths = list(dict.fromkeys(paths or []))
    if not paths:
        return []
    if not endpoint.filters_fields:
        raise Invalid(
            _("%(endpoint)s returns no model: it has no fields to filter.") % {"endpoint": endpoint}, field="fields"
        )
    known = {field.path: field for field in ApiModelField.objects.filter(api_model_id=endpoint.api_model_id)}
    unknown = [path for path in paths if path not in known]
    if unknown:
        message = ngettext(
            "%(fields)s is not a field of %(model)s, the model %(endpoint)s returns.",
            "%(fields)s are not fields of %(model)s, the model %(endpoint)s returns.",
            len(unknown),
        )
        raise Invalid(
            message % {"fields": ", ".join(unknown), "model": endpoint.api_model.name, "endpoint": endpoint},
            field="fields",
        )
    chosen = {path: known[path] for path in paths}
    for path in list(chosen):
        if known[path].is_container:
            chosen.update({p: f for p, f in known.items() if p.startswith(f"{path}.")})
    return list(chosen.values())


@transaction.atomic
def update_design(version, *, by, endpoint_mode: str | None = None, endpoints: dict | None = None):
    """Change the design in one go. `endpoints` maps every endpoint that should be enabled to the field
    paths it may return (ignored for endpoints without a model); endpoints not in it are disabled.

    Rules: only in DEVELOPMENT; ALLOW_ALL only in DEVELOPMENT (seed 000, 2021-01-25); a deprecated endpoint
    cannot be newly enabled; fields must be fields of the endpoint's model (seed 000, 2018-08-01).
    """
    version, actor = _locked_version(version, by)
    changes = {}
    if endpoint_mode is not None and endpoint_mode != version.endpoint_mode:
        if endpoint_mode not in ConnectorVersion.EndpointMode.values:
            raise Invalid(_("Unknown endpoint mode %(mode)r.") % {"mode": endpoint_mode}, field="endpoint_mode")
        changes["endpoint_mode"] = (version.endpoint_mode, endpoint_mode)
        version.endpoint_mode = endpoint_mode
        version.save(update_fields=["endpoint_mode", "updated_at"])
    if endpoints is not None:
        changes.update(_replace_endpoints(version, endpoints))
        # updated_at keys the gateway's compiled allow-lists: a changed design must not be served stale.
        version.save(update_fields=["updated_at"])
    if changes:
        record_event(
            "connector.version.design",
            actor=actor,
            obj=version,
            details={key: [str(value) for value in values] for key, values in changes.items()},
        )
    return version


def _replace_endpoints(version, endpoints: dict) -> dict:
    current = set(version.enabled_endpoints.values_list("endpoint_id", flat=True))
    wanted = {endpoint.pk: endpoint for endpoint in endpoints}
    newly = [endpoint for pk, endpoint in wanted.items() if pk not in current]
    deprecated = [str(endpoint) for endpoint in newly if endpoint.is_deprecated]
    if deprecated:
        raise Invalid(
            _("Deprecated endpoints cannot be enabled: %(endpoints)s. Use their replacements.")
            % {"endpoints": ", ".join(deprecated)},
            field="endpoints",
        )
    fields = {endpoint.pk: _fields_for(endpoint, paths) for endpoint, paths in endpoints.items()}
    removed = current - set(wanted)
    EnabledEndpoint.objects.filter(version=version, endpoint_id__in=removed).delete()
    EnabledEndpoint.objects.bulk_create(EnabledEndpoint(version=version, endpoint=endpoint) for endpoint in newly)
    existing = {(e, f): pk for pk, e, f in version.allowed_fields.values_list("pk", "endpoint_id", "field_id")}
    after = {(endpoint_id, field.pk) for endpoint_id, chosen in fields.items() for field in chosen}
    AllowedField.objects.filter(pk__in=[pk for key, pk in existing.items() if key not in after]).delete()
    AllowedField.objects.bulk_create(
        AllowedField(version=version, endpoint_id=endpoint_id, field_id=field_id)
        for endpoint_id, field_id in sorted(after - set(existing))
    )
    return {
        "enabled": sorted(str(e) for e in newly),
        "disabled": sorted(str(e) for e in Endpoint.objects.filter(pk__in=removed)),
        "fields": [f"{len(after)} allowed"],
    }


def enable_endpoint(version, endpoint, *, by, fields=()):
    design = design_of(version)
    design[endpoint] = list(fields) or design.get(endpoint, [])
    return update_design(version, by=by, endpoints=design)


def disable_endpoint(version, endpoint, *, by):
    design = design_of(version)
    design.pop(endpoint, None)
    return update_design(version, by=by, endpoints=design)


def set_allowed_fields(version, endpoint, paths, *, by):
    design = design_of(version)
    if endpoint not in design:
        raise Invalid(_("Enable %(endpoint)s before choosing its fields.") % {"endpoint": endpoint}, field="fields")
    design[endpoint] = list(paths)
    return update_design(version, by=by, endpoints=design)
