"""The technical design of a DEVELOPMENT version: endpoint mode, enabled endpoints, allowed fields."""

from django.db import transaction

from epdee.core.audit import record_event

from ..exceptions import ConnectorError
from ..models import AllowedField, ApiModelField, ConnectorVersion, EnabledEndpoint, Endpoint
from .versions import ensure_editable, ensure_member


def _locked_version(version, by) -> ConnectorVersion:
    version = ConnectorVersion.objects.select_for_update().select_related("connector").get(pk=version.pk)
    ensure_member(version.connector.supplier_id, by)
    ensure_editable(version)
    return version


def _fields_for(endpoint: Endpoint, paths) -> list[ApiModelField]:
    """The endpoint's model fields named by `paths`; a container path brings its whole subtree."""
    paths = list(dict.fromkeys(paths or []))
    if not paths:
        return []
    if not endpoint.filters_fields:
        raise ConnectorError(f"{endpoint} returns no model: it has no fields to filter.", field="fields")
    known = {field.path: field for field in ApiModelField.objects.filter(api_model_id=endpoint.api_model_id)}
    unknown = [path for path in paths if path not in known]
    if unknown:
        raise ConnectorError(
            f"{', '.join(unknown)} {'is not a field' if len(unknown) == 1 else 'are not fields'} of "
            f"{endpoint.api_model.name}, the model {endpoint} returns.",
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
    version = _locked_version(version, by)
    changes = {}
    if endpoint_mode is not None and endpoint_mode != version.endpoint_mode:
        if endpoint_mode not in ConnectorVersion.EndpointMode.values:
            raise ConnectorError(f"Unknown endpoint mode {endpoint_mode!r}.", field="endpoint_mode")
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
            actor=by,
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
        raise ConnectorError(
            f"Deprecated endpoints cannot be enabled: {', '.join(deprecated)}. Use their replacements.",
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


def design_of(version) -> dict:
    """{endpoint: [field paths]} of a version, as update_design takes it."""
    endpoints = {item.endpoint_id: item.endpoint for item in version.enabled_endpoints.select_related("endpoint")}
    design = {endpoint: [] for endpoint in endpoints.values()}
    for endpoint_id, path in version.allowed_fields.values_list("endpoint_id", "field__path"):
        if endpoint_id in endpoints:
            design[endpoints[endpoint_id]].append(path)
    return design


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
        raise ConnectorError(f"Enable {endpoint} before choosing its fields.", field="fields")
    design[endpoint] = list(paths)
    return update_design(version, by=by, endpoints=design)


def deprecation_warnings(version) -> list[dict]:
    """Enabled endpoints that are deprecated, with their removal date and replacement (for the version page)."""
    warnings = []
    enabled = version.enabled_endpoints.select_related("endpoint__replacement").filter(
        endpoint__deprecated_on__isnull=False
    )
    for item in enabled:
        endpoint = item.endpoint
        warnings.append(
            {
                "endpoint": endpoint,
                "removal_date": endpoint.removal_date,
                "removed": endpoint.is_removed(),
                "replacement": endpoint.replacement,
                "note": endpoint.replacement_note,
            }
        )
    return warnings
