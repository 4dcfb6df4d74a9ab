"""Communication standards, information standards and trust frameworks with their versions."""

from django.db import transaction
from django.utils.translation import gettext as _

from epdee.core.errors import Invalid

from .common import apply_changes, audit, authorise, create, touch


def _label(model) -> str:
    return model._meta.model_name


def _check_main_version(standard, main_version) -> None:
    # The main version is one of the standard's own versions (a new standard has none yet).
    if main_version is not None and (standard is None or main_version.parent_id != standard.pk):
        raise Invalid(_("The main version must be a version of this standard."), field="main_version")


@transaction.atomic
def create_standard(model, fields: dict, *, by):
    actor = authorise(by, "registry.organization.change", fields["organization"])
    _check_main_version(None, fields.get("main_version"))
    standard = create(model, fields, actor)
    audit(f"{_label(model)}.create", standard, actor)
    return standard


@transaction.atomic
def update_standard(standard, fields: dict, *, by):
    actor = authorise(by, "registry.organization.change", standard.organization)
    if "organization" in fields and fields["organization"].pk != standard.organization_id:
        authorise(actor, "registry.organization.change", fields["organization"])  # given to another owner
    _check_main_version(standard, fields.get("main_version"))
    if apply_changes(standard, fields, actor):
        audit(f"{_label(type(standard))}.update", standard, actor, fields=sorted(fields))
    return standard


@transaction.atomic
def delete_standard(standard, *, by) -> None:
    """With its versions; API specification versions that named one of them lose the link."""
    actor = authorise(by, "registry.organization.change", standard.organization)
    audit(f"{_label(type(standard))}.delete", standard, actor, name=standard.name)
    standard.delete()


def _add_care_types(version, care_types) -> None:
    version.care_types.bulk_create(
        version.care_types.model(version=version, value=value, position=position)
        for position, value in enumerate(dict.fromkeys(care_types))
    )


@transaction.atomic
def create_standard_version(model, fields: dict, *, care_types=(), links=None, by):
    """fields hold the parent standard under the model's parent field (see StandardVersion.parent)."""
    parent = fields[model.PARENT_FIELD]
    actor = authorise(by, "registry.organization.change", parent.organization)
    version = create(model, fields, actor)
    if care_types:
        _add_care_types(version, care_types)
    for relation, items in (links or {}).items():
        getattr(version, relation).add(*items)
    audit(f"{_label(model)}.create", version, actor)
    return version


@transaction.atomic
def update_standard_version(version, fields: dict, *, care_types=None, by):
    actor = authorise(by, "registry.organization.change", version.parent.organization)
    changed = apply_changes(version, fields, actor)
    if care_types is not None and list(dict.fromkeys(care_types)) != [c.value for c in version.care_types.all()]:
        version.care_types.all().delete()
        _add_care_types(version, care_types)
        if not changed:
            touch(version, actor)
        changed = True
    if changed:
        audit(f"{_label(type(version))}.update", version, actor, fields=sorted(fields))
    return version
