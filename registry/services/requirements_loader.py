"""Load (or reload) the Nictiz API requirements into the registry as one API requirements version.

`registry.requirements_parser` reads the documents; this upserts the version and its requirements in one
transaction, as platform staff (the management command and the demo seeder call it).
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ..models import ApiRequirement, ApiRequirementClassification, ApiRequirementsVersion
from ..models.choices import ProductLifecycleState
from ..requirements_parser import ParsedVersion, parse_requirements, parse_version
from .common import audit, authorise


@dataclass
class LoadReport:
    version: ApiRequirementsVersion
    version_state: str  # "created", "updated" or "unchanged"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __str__(self):
        return (
            f"API requirements version {self.version.name} {self.version_state}; requirements: "
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.deleted} deleted"
        )


REQUIREMENT_FIELDS = ("description", "explanation", "url", "requirement_level", "score", "category")


def _upsert_version(parsed: ParsedVersion, user) -> tuple[ApiRequirementsVersion, str]:
    version = ApiRequirementsVersion.objects.select_for_update().filter(name=parsed.name).first()
    major, minor, patch, pre, build = parsed.sem_ver
    wanted = {
        "description": parsed.description,
        "url": parsed.url,
        "sem_ver_major": major,
        "sem_ver_minor": minor,
        "sem_ver_patch": patch,
        "sem_ver_pre_release": pre,
        "sem_ver_build": build,
    }
    if parsed.publish_time is not None:
        wanted["publish_time"] = parsed.publish_time
    if version is None:
        version = ApiRequirementsVersion(
            name=parsed.name,
            lifecycle_state=ProductLifecycleState.PUBLISHED.name,  # the documents are published
            publish_time=parsed.publish_time or timezone.now(),
            created_by=user,
            updated_by=user,
            **{k: v for k, v in wanted.items() if k != "publish_time"},
        )
        version.save()
        return version, "created"
    # A published document is at least PUBLISHED; a later DEPRECATED or RETIRED set in the registry stays.
    if version.lifecycle_state == ProductLifecycleState.DRAFT.name:
        wanted["lifecycle_state"] = ProductLifecycleState.PUBLISHED.name
    changed = [name for name, value in wanted.items() if getattr(version, name) != value]
    if not changed:
        return version, "unchanged"
    for name in changed:
        setattr(version, name, wanted[name])
    version.touch(user)
    version.save(update_fields=[*changed, "update_time", "updated_by"])
    return version, "updated"


def load_api_requirements(folder: str | Path, *, by, version_name: str = "1.2.0") -> LoadReport:
    """Create or update the API requirements version `version_name` from `folder`, in one transaction.

    Idempotent: requirements are matched by code and written only when a field or classification differs, so a
    second run writes nothing (same ids, same update_time). Requirements no longer in the folder are deleted.
    """
    actor = authorise(by, "registry.requirements.change")
    user = actor.user  # the rows' author
    folder = Path(folder)
    requirements = parse_requirements(folder, version_name=version_name)
    parsed_version = parse_version(folder, version_name)
    with transaction.atomic():
        version, version_state = _upsert_version(parsed_version, user)
        report = LoadReport(version=version, version_state=version_state)
        existing = {r.code: r for r in version.requirements.prefetch_related("classifications")}
        new_rows: list[ApiRequirement] = []
        new_classifications: list[ApiRequirementClassification] = []
        replaced_for: list[ApiRequirement] = []
        for parsed in requirements:
            wanted = {name: getattr(parsed, name) for name in REQUIREMENT_FIELDS}
            classifications = parsed.classifications()
            row = existing.pop(parsed.code, None)
            if row is None:
                row = ApiRequirement(version=version, code=parsed.code, created_by=user, updated_by=user, **wanted)
                new_rows.append(row)
                report.created += 1
            else:
                changed = [name for name, value in wanted.items() if getattr(row, name) != value]
                current = sorted((c.kind, c.value, c.position) for c in row.classifications.all())
                reclassify = current != sorted(classifications)
                if not changed and not reclassify:
                    report.unchanged += 1
                    continue
                for name in changed:
                    setattr(row, name, wanted[name])
                row.touch(user)
                row.save(update_fields=[*changed, "update_time", "updated_by"])
                report.updated += 1
                if not reclassify:
                    continue
                replaced_for.append(row)
            new_classifications.extend(
                ApiRequirementClassification(requirement=row, kind=kind, value=value, position=position)
                for kind, value, position in classifications
            )
        if replaced_for:
            ApiRequirementClassification.objects.filter(requirement__in=replaced_for).delete()
        ApiRequirement.objects.bulk_create(new_rows)
        ApiRequirementClassification.objects.bulk_create(new_classifications)
        if existing:
            report.deleted = len(existing)
            ApiRequirement.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
        if version_state != "unchanged" or report.created or report.updated or report.deleted:
            audit("requirements_version.load", version, actor, report=report)
    return report
