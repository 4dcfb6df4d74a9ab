"""Communication standards, information standards and trust frameworks with their versions."""

from django.db import transaction

from ..exceptions import RegistryError
from .common import apply_changes, audit, create
from .organizations import ensure_member


def _label(model) -> str:
    return model._meta.model_name


@transaction.atomic
def create_standard(model, fields: dict, *, by):
    ensure_member(fields["organization"].pk, by)
    standard = create(model, fields, by)
    audit(f"{_label(model)}.create", standard, by)
    return standard


@transaction.atomic
def update_standard(standard, fields: dict, *, by):
    ensure_member(standard.organization_id, by)
    main_version = fields.get("main_version")
    if main_version is not None and main_version.parent_id != standard.pk:
        raise RegistryError(
            "mainVersionId must be a version of this standard",
            details=[{"location": "mainVersionId", "message": "not a version of this standard"}],
        )
    if apply_changes(standard, fields, by):
        audit(f"{_label(type(standard))}.update", standard, by, fields=sorted(fields))
    return standard


@transaction.atomic
def create_standard_version(model, fields: dict, *, care_types=(), links=None, by):
    """fields hold the parent standard under the model's parent field (see StandardVersion.parent)."""
    parent = fields[model.PARENT_FIELD]
    ensure_member(parent.organization_id, by)
    version = create(model, fields, by)
    if care_types:
        version.care_types.bulk_create(
            version.care_types.model(version=version, value=value, position=position)
            for position, value in enumerate(dict.fromkeys(care_types))
        )
    for relation, items in (links or {}).items():
        getattr(version, relation).add(*items)
    audit(f"{_label(model)}.create", version, by)
    return version


@transaction.atomic
def update_standard_version(version, fields: dict, *, care_types=None, by):
    ensure_member(version.parent.organization_id, by)
    changed = apply_changes(version, fields, by)
    if care_types is not None and list(dict.fromkeys(care_types)) != [c.value for c in version.care_types.all()]:
        version.care_types.all().delete()
        version.care_types.bulk_create(
            version.care_types.model(version=version, value=value, position=position)
            for position, value in enumerate(dict.fromkeys(care_types))
        )
        if not changed:
            version.touch(by)
            version.save(update_fields=["update_time", "updated_by"])
        changed = True
    if changed:
        audit(f"{_label(type(version))}.update", version, by, fields=sorted(fields))
    return version
