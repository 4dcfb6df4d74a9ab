"""API requirements versions: platform staff publish them (they belong to no organization)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from epdee.core.errors import Conflict

from ..constants import ALREADY_EXISTS
from ..models import ApiRequirement, ApiRequirementClassification, ApiRequirementsVersion, DeclarationOfConformity
from .common import apply_changes, audit, authorise, create

LIST_FIELDS = [kind.value for kind in ApiRequirementClassification.Kind]


def _name_taken(name) -> Conflict:
    return Conflict(
        _("An API requirements version named %(name)r already exists") % {"name": name},
        field="name",
        code=ALREADY_EXISTS,
    )


def _code_taken(code) -> Conflict:
    return Conflict(
        _("This API requirements version already has a requirement %(code)s") % {"code": code},
        field="code",
        code=ALREADY_EXISTS,
    )


def _add_requirement(version, fields: dict, lists: dict, actor) -> ApiRequirement:
    requirement = create(ApiRequirement, {"version": version, **fields}, actor)
    ApiRequirementClassification.objects.bulk_create(
        ApiRequirementClassification(requirement=requirement, kind=kind, value=value, position=position)
        for kind in LIST_FIELDS
        for position, value in enumerate(dict.fromkeys(lists.get(kind, [])))
    )
    return requirement


@transaction.atomic
def create_requirements_version(fields: dict, requirements: list[tuple[dict, dict]], *, by) -> ApiRequirementsVersion:
    """fields of the version; requirements as (fields, {listField: values}) pairs."""
    actor = authorise(by, "registry.requirements.change")
    codes = [item_fields["code"] for item_fields, _lists in requirements]
    if len(codes) != len(set(codes)):
        raise Conflict(_("Requirement codes must be unique within a version"), code=ALREADY_EXISTS)
    try:
        with transaction.atomic():
            version = create(ApiRequirementsVersion, fields, actor)
    except IntegrityError as exc:
        raise _name_taken(fields["name"]) from exc
    for item_fields, lists in requirements:
        _add_requirement(version, item_fields, lists, actor)
    audit("requirements_version.create", version, actor, requirements=len(requirements))
    return version


@transaction.atomic
def update_requirements_version(version: ApiRequirementsVersion, fields: dict, *, by) -> ApiRequirementsVersion:
    actor = authorise(by, "registry.requirements.change")
    name = fields.get("name")
    if name and ApiRequirementsVersion.objects.filter(name=name).exclude(pk=version.pk).exists():
        raise _name_taken(name)
    if apply_changes(version, fields, actor):
        audit("requirements_version.update", version, actor, fields=sorted(fields))
    return version


@transaction.atomic
def delete_requirements_version(version: ApiRequirementsVersion, *, by) -> None:
    """Declarations of conformity were scored against it: a version declared against stays."""
    actor = authorise(by, "registry.requirements.change")
    if DeclarationOfConformity.objects.filter(requirements_version=version).exists():
        raise Conflict(
            _("Declarations of conformity refer to API requirements version %(name)s; it cannot be deleted.")
            % {"name": version.name}
        )
    audit("requirements_version.delete", version, actor, name=version.name)
    version.delete()


@transaction.atomic
def add_requirement(version: ApiRequirementsVersion, fields: dict, lists: dict | None = None, *, by) -> ApiRequirement:
    """One more requirement; lists as {listField: values} (none: it applies to every role, style and level)."""
    actor = authorise(by, "registry.requirements.change")
    if ApiRequirement.objects.filter(version=version, code=fields["code"]).exists():
        raise _code_taken(fields["code"])
    requirement = _add_requirement(version, fields, lists or {}, actor)
    audit("requirement.create", requirement, actor, code=requirement.code)
    return requirement


@transaction.atomic
def update_requirement(requirement: ApiRequirement, fields: dict, *, by) -> ApiRequirement:
    actor = authorise(by, "registry.requirements.change")
    version = fields.get("version", requirement.version)
    code = fields.get("code", requirement.code)
    if ApiRequirement.objects.filter(version=version, code=code).exclude(pk=requirement.pk).exists():
        raise _code_taken(code)
    if apply_changes(requirement, fields, actor):
        audit("requirement.update", requirement, actor, fields=sorted(fields))
    return requirement


@transaction.atomic
def delete_requirement(requirement: ApiRequirement, *, by) -> None:
    actor = authorise(by, "registry.requirements.change")
    audit("requirement.delete", requirement, actor, code=requirement.code)
    requirement.delete()
