"""The endpoint catalog: loading connectors/catalog_data.py into the database (idempotently, by natural key;
the migrations call it with their historical models) and staff's deprecations of single endpoints."""

from dataclasses import dataclass, fields

from django.db import transaction
from django.utils.translation import gettext as _

from connectors import catalog_data
from connectors.signals import catalog_synced
from epdee.core.audit import record_event
from epdee.core.errors import Invalid
from epdee.core.permissions import require

CONTAINER_TYPES = ("object", "array")
FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "date-time", "object", "array")


@dataclass
class SyncReport:
    """How many rows a sync created, changed or deleted; all zero when the database already matched the data."""

    models_created: int = 0
    models_updated: int = 0
    fields_created: int = 0
    fields_updated: int = 0
    fields_deleted: int = 0
    endpoints_created: int = 0
    endpoints_updated: int = 0

    @property
    def changed(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


class CatalogError(ValueError):
    """The catalog data contradicts itself (an unknown model, a field without its parent, a bad replacement).

    A mistake in the shipped data, found by a migration or a test before anything is written; no user sees it.
    """


def sync_catalog(ApiModel, ApiModelField, Endpoint, *, by, models=None, endpoints=None, using="default"):  # noqa: N803
    """Make the catalog tables match the data, creating or updating rows by natural key.

    Takes the model classes so that a migration can pass its historical models (apps.get_model) and later code
    the real ones; touches only columns that exist since migration 0001. Natural keys: a model's name, a field's
    (model, path), an endpoint's (method, path). Replacements are set in a second pass, once every endpoint
    exists. Fields a listed model no longer lists are deleted; a field a connector version still allows
    (AllowedField, on_delete=PROTECT) makes the whole sync fail with ProtectedError, so an allow-list never
    loses a field silently. Endpoints, and models no longer listed, are kept: versions and replacements refer
    to them.
    """
    require(by, "connectors.catalog")  # the migrations load it as the platform (SYSTEM)
    models = catalog_data.MODELS if models is None else models
    endpoints = catalog_data.ENDPOINTS if endpoints is None else endpoints
    check_catalog(models, endpoints)
    report = SyncReport()
    with transaction.atomic(using=using):
        api_models = _sync_models(ApiModel, ApiModelField, models, using, report)
        _sync_endpoints(Endpoint, api_models, endpoints, using, report)
    catalog_synced.send(sender=sync_catalog, report=report)
    return report


def check_catalog(models, endpoints):
    """Raise CatalogError when the data cannot be loaded as it stands."""
    for name, spec in models.items():
        types = {}
        for path, type_, _description in spec["fields"]:
            if type_ not in FIELD_TYPES:
                raise CatalogError(f"{name}.{path}: unknown type {type_!r}")
            if path in types:
                raise CatalogError(f"{name}.{path} is listed twice")
            parent = path.rpartition(".")[0]
            if parent and types.get(parent) not in CONTAINER_TYPES:
                raise CatalogError(f"{name}.{path} must follow its object or array field {parent!r}")
            types[path] = type_
    by_key = {}
    for endpoint in endpoints:
        key = (endpoint["method"], endpoint["path"])
        if key in by_key:
            raise CatalogError(f"{key[0]} {key[1]} is listed twice")
        if endpoint["model"] is not None and endpoint["model"] not in models:
            raise CatalogError(f"{key[0]} {key[1]} returns the unknown model {endpoint['model']!r}")
        if endpoint.get("removal_date") and not endpoint.get("deprecated_on"):
            raise CatalogError(f"{key[0]} {key[1]} has a removal date but is not deprecated")
        by_key[key] = endpoint
    for key, endpoint in by_key.items():
        replacement = endpoint.get("replacement")
        if replacement is None:
            continue
        if not endpoint.get("deprecated_on"):
            raise CatalogError(f"{key[0]} {key[1]} has a replacement but is not deprecated")
        target = by_key.get(tuple(replacement))
        if target is None:
            raise CatalogError(f"{key[0]} {key[1]} is replaced by {replacement}, which is not in the catalog")
        if target.get("deprecated_on"):
            raise CatalogError(f"{key[0]} {key[1]} is replaced by {replacement}, which is deprecated itself")


def _update(instance, values, using) -> bool:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save(using=using, update_fields=changed)
    return bool(changed)


def _sync_models(ApiModel, ApiModelField, models, using, report):  # noqa: N803
    existing = {m.name: m for m in ApiModel._default_manager.using(using).all()}
    fields_by_model = {}
    for field in ApiModelField._default_manager.using(using).all():
        fields_by_model.setdefault(field.api_model_id, {})[field.path] = field
    api_models = {}
    for name, spec in models.items():
        api_model = existing.get(name)
        if api_model is None:
            api_model = ApiModel._default_manager.using(using).create(name=name, description=spec["description"])
            report.models_created += 1
        elif _update(api_model, {"description": spec["description"]}, using):
            report.models_updated += 1
        api_models[name] = api_model

        current = fields_by_model.get(api_model.pk, {})
        listed = set()
        for position, (path, type_, description) in enumerate(spec["fields"]):
            listed.add(path)
            values = {"type": type_, "description": description, "position": position}
            field = current.get(path)
            if field is None:
                ApiModelField._default_manager.using(using).create(api_model=api_model, path=path, **values)
                report.fields_created += 1
            elif _update(field, values, using):
                report.fields_updated += 1
        stale = [field.pk for path, field in current.items() if path not in listed]
        if stale:
            ApiModelField._default_manager.using(using).filter(pk__in=stale).delete()
            report.fields_deleted += len(stale)
    return api_models


def _sync_endpoints(Endpoint, api_models, endpoints, using, report):  # noqa: N803
    manager = Endpoint._default_manager.using(using)
    existing = {(e.method, e.path): e for e in manager.all()}
    created = set()
    for spec in endpoints:
        key = (spec["method"], spec["path"])
        model = spec["model"]
        values = {
            "context": spec["context"],
            "resource": spec["resource"],
            "api_model_id": api_models[model].pk if model else None,
            "returns_list": spec["returns_list"],
            "description": spec["description"],
            "deprecated_on": spec.get("deprecated_on"),
            "removal_date": spec.get("removal_date"),
            "replacement_note": spec.get("replacement_note", ""),
        }
        endpoint = existing.get(key)
        if endpoint is None:
            existing[key] = manager.create(method=key[0], path=key[1], **values)
            created.add(key)
            report.endpoints_created += 1
        elif _update(endpoint, values, using):
            report.endpoints_updated += 1

    # Second pass: every replacement exists by now.
    for spec in endpoints:
        key = (spec["method"], spec["path"])
        replacement = spec.get("replacement")
        replacement_id = existing[tuple(replacement)].pk if replacement else None
        if _update(existing[key], {"replacement_id": replacement_id}, using) and key not in created:
            report.endpoints_updated += 1


def check_deprecation(endpoint, *, deprecated_on=None, removal_date=None, replacement=None) -> None:
    """The rules of a deprecation, as the catalog data's: a removal date needs a deprecation and follows it; a
    replacement needs a deprecation, is another endpoint and is not deprecated itself. Raises Invalid."""
    errors = {}
    if removal_date and not deprecated_on:
        errors["removal_date"] = [_("Set the deprecation date before a removal date.")]
    elif removal_date and removal_date < deprecated_on:
        errors["removal_date"] = [_("An endpoint is removed after it is deprecated, not before.")]
    if replacement is not None:
        if not deprecated_on:
            errors["replacement"] = [_("Only a deprecated endpoint has a replacement.")]
        elif replacement.pk == endpoint.pk:
            errors["replacement"] = [_("An endpoint cannot replace itself.")]
        elif replacement.is_deprecated:
            errors["replacement"] = [_("%(endpoint)s is deprecated itself.") % {"endpoint": replacement}]
    if errors:
        raise Invalid.collect(errors)


@transaction.atomic
def set_endpoint_deprecation(
    endpoint, *, by, deprecated_on=None, removal_date=None, replacement=None, replacement_note: str = ""
):
    """Staff deprecate an endpoint (or take a deprecation back): from `removal_date` on the gateway answers 404."""
    actor = require(by, "connectors.catalog")
    from ..models import Endpoint

    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    check_deprecation(endpoint, deprecated_on=deprecated_on, removal_date=removal_date, replacement=replacement)
    values = {
        "deprecated_on": deprecated_on,
        "removal_date": removal_date,
        "replacement_id": replacement.pk if replacement is not None else None,
        "replacement_note": (replacement_note or "").strip(),
    }
    changed = {name: value for name, value in values.items() if getattr(endpoint, name) != value}
    if not changed:
        return endpoint
    for name, value in changed.items():
        setattr(endpoint, name, value)
    endpoint.save(update_fields=list(changed))
    record_event(
        "connector.endpoint.deprecation",
        actor=actor,
        obj=endpoint,
        details={name: str(value) if value is not None else None for name, value in changed.items()},
    )
    # The gateway compiles the catalog once; a new removal date must reach it.
    transaction.on_commit(lambda: catalog_synced.send(sender=set_endpoint_deprecation, report=None))
    return endpoint
