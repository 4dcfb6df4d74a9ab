"""API specifications, versions, their URLs, standard links and declarations of conformity."""

from django.db import transaction

from ..exceptions import FailedPrecondition, NotFound, RegistryError
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
from .common import apply_changes, audit, create
from .organizations import ensure_member

# The standard-version lists of an API specification version: relation name → item model.
STANDARD_LINKS = {
    "communication_standard_versions": CommunicationStandardVersion,
    "information_standard_versions": InformationStandardVersion,
    "trust_framework_versions": TrustFrameworkVersion,
}


def _owner_of_version(version: ApiSpecificationVersion):
    return version.api_specification.organization_id


@transaction.atomic
def create_api_specification(fields: dict, *, by) -> ApiSpecification:
    ensure_member(fields["organization"].pk, by)
    specification = create(ApiSpecification, fields, by)
    audit("api_specification.create", specification, by)
    return specification


@transaction.atomic
def update_api_specification(specification: ApiSpecification, fields: dict, *, by) -> ApiSpecification:
    ensure_member(specification.organization_id, by)
    main_version = fields.get("main_version")
    if main_version is not None and main_version.api_specification_id != specification.pk:
        raise RegistryError(
            "mainVersionId must be a version of this API specification",
            details=[{"location": "mainVersionId", "message": "not a version of this API specification"}],
        )
    if apply_changes(specification, fields, by):
        audit("api_specification.update", specification, by, fields=sorted(fields))
    return specification


def _current_requirements_version() -> ApiRequirementsVersion:
    version = (
        ApiRequirementsVersion.objects.filter(lifecycle_state=ProductLifecycleState.PUBLISHED)
        .order_by("-publish_time")
        .first()
    )
    if version is None:
        raise FailedPrecondition("No published API requirements version exists to declare conformity against")
    return version


@transaction.atomic
def create_api_specification_version(fields: dict, *, urls=(), links=None, by) -> ApiSpecificationVersion:
    """A new version starts with a declaration that evaluates nothing yet against the current
    requirements, so that every version has a lastDeclarationOfConformity (the spec requires one)."""
    specification = fields["api_specification"]
    ensure_member(specification.organization_id, by)
    requirements_version = _current_requirements_version()
    version = create(ApiSpecificationVersion, fields, by)
    for url in urls:
        create(ApiSpecificationVersionUrl, {"version": version, **url}, by)
    for relation, items in (links or {}).items():
        getattr(version, relation).add(*items)
    _declare(version, requirements_version, {}, by)
    audit("api_specification_version.create", version, by)
    return version


@transaction.atomic
def update_api_specification_version(version: ApiSpecificationVersion, fields: dict, *, by):
    ensure_member(_owner_of_version(version), by)
    if apply_changes(version, fields, by):
        audit("api_specification_version.update", version, by, fields=sorted(fields))
    return version


@transaction.atomic
def add_url(version: ApiSpecificationVersion, fields: dict, *, by) -> ApiSpecificationVersionUrl:
    ensure_member(_owner_of_version(version), by)
    url = create(ApiSpecificationVersionUrl, {"version": version, **fields}, by)
    audit("api_specification_version.url.add", url, by)
    return url


@transaction.atomic
def update_url(url: ApiSpecificationVersionUrl, fields: dict, *, by) -> ApiSpecificationVersionUrl:
    ensure_member(_owner_of_version(url.version), by)
    if apply_changes(url, fields, by):
        audit("api_specification_version.url.update", url, by)
    return url


@transaction.atomic
def delete_url(url: ApiSpecificationVersionUrl, *, by) -> None:
    ensure_member(_owner_of_version(url.version), by)
    audit("api_specification_version.url.delete", url, by)
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


def _declare(version, requirements_version, declared: dict, by) -> DeclarationOfConformity:
    facts = _facts(requirements_version)
    known = {fact.code for fact in facts}
    unknown = sorted(set(declared) - known)
    if unknown:
        raise RegistryError(
            f"Unknown requirement codes for API requirements version {requirements_version.name}",
            details=[
                {"location": f"requirements.{code}", "message": "not a requirement of this version"} for code in unknown
            ],
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
        by,
    )
    version.last_declaration = declaration
    version.save(update_fields=["last_declaration"])
    return declaration


@transaction.atomic
def add_declaration(version: ApiSpecificationVersion, requirements_version_name: str, declared: dict, *, by):
    ensure_member(_owner_of_version(version), by)
    requirements_version = ApiRequirementsVersion.objects.filter(name=requirements_version_name).first()
    if requirements_version is None:
        raise RegistryError(
            f"There is no API requirements version named {requirements_version_name!r}",
            details=[{"location": "requirementsVersion", "message": "unknown API requirements version"}],
        )
    declaration = _declare(version, requirements_version, declared, by)
    audit("declaration.create", declaration, by, ranking=declaration.ranking_level)
    return declaration


def _linked_owner(owner) -> str:
    if isinstance(owner, ApiSpecificationVersion):
        return _owner_of_version(owner)
    return owner.information_standard.organization_id


@transaction.atomic
def link_standard_version(owner, relation: str, item, *, by) -> None:
    """PUT: link a standard version to an API specification or information standard version (idempotent)."""
    ensure_member(_linked_owner(owner), by)
    getattr(owner, relation).add(item)
    owner.touch(by)
    owner.save(update_fields=["update_time", "updated_by"])
    audit(f"link.{relation}.add", owner, by, item=item.pk)


@transaction.atomic
def unlink_standard_version(owner, relation: str, item, *, by) -> None:
    ensure_member(_linked_owner(owner), by)
    links = getattr(owner, relation)
    if not links.filter(pk=item.pk).exists():
        raise NotFound("The resource you requested does not exist")
    links.remove(item)
    owner.touch(by)
    owner.save(update_fields=["update_time", "updated_by"])
    audit(f"link.{relation}.remove", owner, by, item=item.pk)
