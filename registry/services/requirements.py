"""API requirements versions: platform staff publish them (they belong to no organization)."""

from django.db import IntegrityError, transaction

from ..exceptions import AlreadyExists, NotAllowed
from ..models import ApiRequirement, ApiRequirementClassification, ApiRequirementsVersion
from .common import apply_changes, audit, create

LIST_FIELDS = [kind.value for kind in ApiRequirementClassification.Kind]


def _ensure_staff(user):
    if not user.is_staff:
        raise NotAllowed("Only platform staff may publish API requirements versions")


def add_requirement(version, fields: dict, lists: dict, by) -> ApiRequirement:
    requirement = create(ApiRequirement, {"version": version, **fields}, by)
    ApiRequirementClassification.objects.bulk_create(
        ApiRequirementClassification(requirement=requirement, kind=kind, value=value, position=position)
        for kind in LIST_FIELDS
        for position, value in enumerate(dict.fromkeys(lists.get(kind, [])))
    )
    return requirement


@transaction.atomic
def create_requirements_version(fields: dict, requirements: list[tuple[dict, dict]], *, by) -> ApiRequirementsVersion:
    """fields of the version; requirements as (fields, {listField: values}) pairs."""
    _ensure_staff(by)
    codes = [item_fields["code"] for item_fields, _ in requirements]
    if len(codes) != len(set(codes)):
        raise AlreadyExists("Requirement codes must be unique within a version")
    try:
        with transaction.atomic():
            version = create(ApiRequirementsVersion, fields, by)
    except IntegrityError as exc:
        raise AlreadyExists(f"An API requirements version named {fields['name']!r} already exists") from exc
    for item_fields, lists in requirements:
        add_requirement(version, item_fields, lists, by)
    audit("requirements_version.create", version, by, requirements=len(requirements))
    return version


@transaction.atomic
def update_requirements_version(version: ApiRequirementsVersion, fields: dict, *, by) -> ApiRequirementsVersion:
    _ensure_staff(by)
    name = fields.get("name")
    if name and ApiRequirementsVersion.objects.filter(name=name).exclude(pk=version.pk).exists():
        raise AlreadyExists(f"An API requirements version named {name!r} already exists")
    if apply_changes(version, fields, by):
        audit("requirements_version.update", version, by, fields=sorted(fields))
    return version
