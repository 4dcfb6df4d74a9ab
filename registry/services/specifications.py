"""API specifications, versions, their URLs, standard links and declarations of conformity."""

from django.db import transaction
from django.utils.translation import gettext as _

from epdee.core.errors import Conflict, Invalid, NotFound

from ..models import (
    ApiRequirement,
    ApiRequirementsVersion,
    ApiSpecification,
    ApiSpecificationVersion,
    ApiSpecificationVersionUrl,
    CommunicationStandardVersion,
    DeclarationOfConformity,
    InformationStandardVersion,
    TrustFrameworkVersion,
)
from ..models.choices import ProductLifecycleState
from ..ranking import RequirementFacts, rank
from .common import apply_changes, audit, authorise, create, touch

# The standard-version lists of an API specification version: relation name → item model.
STANDARD_LINKS = {
    "communication_standard_versions": CommunicationStandardVersion,
    "information_standard_versions": InformationStandardVersion,
    "trust_framework_versions": TrustFrameworkVersion,
}


def _owner_of_version(version: ApiSpecificationVersion):
    return version.api_specification.organization


def _check_main_version(specification: ApiSpecification | None, main_version) -> None:
    # The main version is one of the specification's own versions (a new specification has none yet).
    if main_version is not None and (specification is None or main_version.api_specification_id != specification.pk):
        raise Invalid(_("The main version must be a version of this API specification."), field="main_version")


@transaction.atomic
def create_api_specification(fields: dict, *, by) -> ApiSpecification:
    actor = authorise(by, "registry.organization.change", fields["organization"])
    _check_main_version(None, fields.get("main_version"))
    specification = create(ApiSpecification, fields, actor)
    audit("api_specification.create", specification, actor)
    return specification


@transaction.atomic
def update_api_specification(specification: ApiSpecification, fields: dict, *, by) -> ApiSpecification:
    actor = authorise(by, "registry.organization.change", specification.organization)
    if "organization" in fields and fields["organization"].pk != specification.organization_id:
        authorise(actor, "registry.organization.change", fields["organization"])  # given to another owner
    _check_main_version(specification, fields.get("main_version"))
    if apply_changes(specification, fields, actor):
        audit("api_specification.update", specification, actor, fields=sorted(fields))
    return specification


@transaction.atomic
def delete_api_specification(specification: ApiSpecification, *, by) -> None:
    """With its versions, their URLs and declarations."""
    actor = authorise(by, "registry.organization.change", specification.organization)
    audit("api_specification.delete", specification, actor, name=specification.name)
    specification.delete()


def _current_requirements_version() -> ApiRequirementsVersion:
    version = (
        ApiRequirementsVersion.objects.filter(lifecycle_state=ProductLifecycleState.PUBLISHED)
        .order_by("-publish_time")
        .first()
    )
    if version is None:
        raise Conflict(_("No published API requirements version exists to declare conformity against"))
    return version


@transaction.atomic
def create_api_specification_version(fields: dict, *, urls=(), links=None, by) -> ApiSpecificationVersion:
    """A new version starts with a declaration that evaluates nothing yet against the current
    requirements, so that every version has a lastDeclarationOfConformity (the spec requires one)."""
    specification = fields["api_specification"]
    actor = authorise(by, "registry.organization.change", specification.organization)
    requirements_version = _current_requirements_version()
    version = create(ApiSpecificationVersion, fields, actor)
    for url in urls:
        create(ApiSpecificationVersionUrl, {"version": version, **url}, actor)
    for relation, items in (links or {}).items():
        getattr(version, relation).add(*items)
    _declare(version, requirements_version, {}, actor)
    audit("api_specification_version.create", version, actor)
    return version


@transaction.atomic
def update_api_specification_version(version: ApiSpecificationVersion, fields: dict, *, by):
    actor = authorise(by, "registry.organization.change", _owner_of_version(version))
    moved = fields.get("api_specification")
    if moved is not None and moved.pk != version.api_specification_id:
        # Its declarations were scored for this specification's style, and it may be its main version.
        raise Invalid(_("A version cannot move to another API specification."), field="api_specification")
    if apply_changes(version, fields, actor):
        audit("api_specification_version.update", version, actor, fields=sorted(fields))
    return version


@transaction.atomic
def delete_api_specification_version(version: ApiSpecificationVersion, *, by) -> None:
    """With its URLs and declarations; a specification whose main version it was has none after."""
    actor = authorise(by, "registry.organization.change", _owner_of_version(version))
    audit("api_specification_version.delete", version, actor, name=version.name)
    version.delete()


@transaction.atomic
def add_url(version: ApiSpecificationVersion, fields: dict, *, by) -> ApiSpecificationVersionUrl:
    actor = authorise(by, "registry.organization.change", _owner_of_version(version))
    url = create(ApiSpecificationVersionUrl, {"version": version, **fields}, actor)
    audit("api_specification_version.url.add", url, actor)
    return url


@transaction.atomic
def update_url(url: ApiSpecificationVersionUrl, fields: dict, *, by) -> ApiSpecificationVersionUrl:
    actor = authorise(by, "registry.organization.change", _owner_of_version(url.version))
    if apply_changes(url, fields, actor):
        audit("api_specification_version.url.update", url, actor)
    return url


@transaction.atomic
def delete_url(url: ApiSpecificationVersionUrl, *, by) -> None:
    actor = authorise(by, "registry.organization.change", _owner_of_version(url.version))
    audit("api_specification_version.url.delete", url, actor)
    url.delete()


def _facts(requirements_version) -> list[RequirementFacts]:
    requirements = ApiRequirement.objects.filter(version=requirements_version).prefetch_related("classifications")
    return [
        RequirementFacts(
            code=r.code,
            level=r.requirement_level,
            score=r.score,
            standardization_levels=tuple(r.values_of("standardizationLevels")),
            architectural_styles=tuple(r.values_of("architecturalStyles")),
            perspective_types=tuple(r.values_of("perspectiveTypes")),
        )
        for r in requirements
    ]


def _declare(version, requirements_version, declared: dict, actor) -> DeclarationOfConformity:
    facts = _facts(requirements_version)
    known = {fact.code for fact in facts}
    unknown = sorted(set(declared) - known)
    if unknown:
        raise Invalid(
            _("Unknown requirement codes for API requirements version %(name)s") % {"name": requirements_version.name},
            errors={f"requirements.{code}": [_("not a requirement of this version")] for code in unknown},
        )
    conformity = {code: item["conformityType"] for code, item in declared.items()}
    ranking_level, rankings = rank(facts, conformity, version.api_specification.architectural_style)
    declaration = create(
        DeclarationOfConformity,
        {
            "version": version,
            "requirements_version": requirements_version,
            "ranking_level": ranking_level,
            "rankings": rankings,
            "requirements": declared,
        },
        actor,
    )
    version.last_declaration = declaration
    version.save(update_fields=["last_declaration"])
    return declaration


@transaction.atomic
def add_declaration(version: ApiSpecificationVersion, requirements_version_name: str, declared: dict, *, by):
    actor = authorise(by, "registry.organization.change", _owner_of_version(version))
    requirements_version = ApiRequirementsVersion.objects.filter(name=requirements_version_name).first()
    if requirements_version is None:
        raise Invalid(
            _("There is no API requirements version named %(name)r") % {"name": requirements_version_name},
            errors={"requirements_version": [_("unknown API requirements version")]},
        )
    declaration = _declare(version, requirements_version, declared, actor)
    audit("declaration.create", declaration, actor, ranking=declaration.ranking_level)
    return declaration


def _linked_owner(owner):
    if isinstance(owner, ApiSpecificationVersion):
        return _owner_of_version(owner)
    return owner.information_standard.organization


@transaction.atomic
def link_standard_version(owner, relation: str, item, *, by) -> None:
    """PUT: link a standard version to an API specification or information standard version (idempotent)."""
    actor = authorise(by, "registry.organization.change", _linked_owner(owner))
    getattr(owner, relation).add(item)
    touch(owner, actor)
    audit(f"link.{relation}.add", owner, actor, item=item.pk)


@transaction.atomic
def unlink_standard_version(owner, relation: str, item, *, by) -> None:
    actor = authorise(by, "registry.organization.change", _linked_owner(owner))
    links = getattr(owner, relation)
    if not links.filter(pk=item.pk).exists():
        raise NotFound(_("The resource you requested does not exist"))
    links.remove(item)
    touch(owner, actor)
    audit(f"link.{relation}.remove", owner, actor, item=item.pk)


@transaction.atomic
def set_standard_versions(owner, relation: str, items, *, by) -> None:
    """Link exactly these standard versions (a form's multiple choice): links the new, unlinks the rest."""
    current = set(getattr(owner, relation).all())
    wanted = set(items)
    for item in sorted(wanted - current, key=lambda item: str(item.pk)):
        link_standard_version(owner, relation, item, by=by)
    for item in sorted(current - wanted, key=lambda item: str(item.pk)):
        unlink_standard_version(owner, relation, item, by=by)
