"""Registry data for tests, made through the services (the same rules as the API)."""

from datetime import UTC, datetime

from registry import services
from registry.models import Organization

REQUIREMENTS = [
    # code, level, score, standardization levels, architectural styles
    ("SD001", "MUST", 3, ["OPEN_API", "TECHNICALLY_STANDARDIZED_API", "FULLY_STANDARDIZED_API"], []),
    ("SD001.001", "MUST", 1, ["OPEN_API", "TECHNICALLY_STANDARDIZED_API", "FULLY_STANDARDIZED_API"], []),
    ("SD002", "SHOULD", 2, ["OPEN_API"], []),
    ("DR001", "MUST", 2, ["TECHNICALLY_STANDARDIZED_API", "FULLY_STANDARDIZED_API"], []),
    ("DR002", "MUST", 2, ["TECHNICALLY_STANDARDIZED_API", "FULLY_STANDARDIZED_API"], ["REST"]),
    ("DR003", "MUST", 5, ["TECHNICALLY_STANDARDIZED_API", "FULLY_STANDARDIZED_API"], ["SOAP"]),
    ("HS001", "MUST", 4, ["FULLY_STANDARDIZED_API"], []),
]


def requirements_version(staff, name="1.2.0", *, published=datetime(2024, 6, 1, tzinfo=UTC)):
    requirements = [
        (
            {
                "code": code,
                "description": f"{code} description",
                "url": f"https://example.test/requirements#{code.lower()}",
                "requirement_level": level,
                "score": score,
                "category": "API_DESIGN_RULES" if code.startswith("DR") else "API_SPECIFICATION_AND_DOCUMENTATION",
            },
            {
                "roles": ["API_SPECIFIER"],
                "perspectiveTypes": ["API_SPECIFICATION"],
                "architecturalStyles": styles,
                "standardizationLevels": levels,
            },
        )
        for code, level, score, levels, styles in REQUIREMENTS
    ]
    major, minor, patch = (int(part) for part in name.split("."))
    return services.create_requirements_version(
        {
            "name": name,
            "url": f"https://example.test/v{name}/",
            "publish_time": published,
            "lifecycle_state": "PUBLISHED",
            "sem_ver_major": major,
            "sem_ver_minor": minor,
            "sem_ver_patch": patch,
        },
        requirements,
        by=staff,
    )


def organization(user, name="Nictiz", **fields) -> Organization:
    return services.create_organization({"name": name, "email_address": "info@example.test", **fields}, by=user)


def api_specification(member, org, name="Verzamelen Huisartsgegevens", *, style="REST", versions=("1.0.0",)):
    """An API specification with versions (each with its first declaration); needs a published requirements
    version. Returns (specification, [versions])."""
    specification = services.create_api_specification(
        {"organization": org, "name": name, "architectural_style": style}, by=member
    )
    made = []
    for version_name in versions:
        major, minor, patch = (int(part) for part in version_name.split("."))
        made.append(
            services.create_api_specification_version(
                {
                    "api_specification": specification,
                    "name": version_name,
                    "publish_time": datetime(2024, 3, 16, tzinfo=UTC),
                    "lifecycle_state": "PUBLISHED",
                    "sem_ver_major": major,
                    "sem_ver_minor": minor,
                    "sem_ver_patch": patch,
                },
                by=member,
            )
        )
    return specification, made


def standard(member, org, model, name="FHIR", *, version="R4"):
    """A standard of `model`'s kind with one version. Returns (standard, version)."""
    made = services.create_standard(
        model, {"organization": org, "name": name, "url": "https://example.test"}, by=member
    )
    version_model = made.versions.model
    created = services.create_standard_version(
        version_model,
        {
            version_model.PARENT_FIELD: made,
            "name": version,
            "publish_time": datetime(2020, 1, 1, tzinfo=UTC),
            "lifecycle_state": "PUBLISHED",
            "sem_ver_major": 4,
            "sem_ver_minor": 0,
            "sem_ver_patch": 1,
        },
        by=member,
    )
    return made, created
