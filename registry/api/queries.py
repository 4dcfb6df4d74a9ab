"""What each list operation of the ZorgAPIs spec lets callers filter and sort on (the tables in its descriptions).

Keyed by operationId; tests/registry/test_query_declarations.py holds these against the spec's tables.
"""

from epdee.core.query import Field, ListField, QuerySpec, ValueType

from ..models import (
    ApiRequirementClassification,
    ApiSpecificationVersionUrl,
    CommunicationStandardVersion,
    InformationStandardVersion,
    InformationStandardVersionCareType,
    TrustFrameworkVersion,
)
from ..models.choices import (
    COUNTRY_CODES,
    ApiArchitecturalStyle,
    ApiLifecycleState,
    ApiPerspectiveType,
    ApiRankingLevel,
    ApiRequirementCategory,
    ApiRole,
    ApiSpecificationVersionUrlType,
    ApiStandardizationLevel,
    CareType,
    InvitationStatus,
    ProductLifecycleState,
    RequirementLevel,
)


def _uuid(lookup: str) -> Field:
    return Field(lookup, ValueType.UUID)


def _string(lookup: str) -> Field:
    return Field(lookup, ValueType.STRING)


def _integer(lookup: str) -> Field:
    return Field(lookup, ValueType.INTEGER)


def _datetime(lookup: str) -> Field:
    return Field(lookup, ValueType.DATETIME)


def _enum(lookup: str, values) -> Field:
    return Field(lookup, ValueType.ENUM, enum=tuple(values))


ID = {"id": _uuid("id")}
TIMES = {"createTime": _datetime("create_time"), "updateTime": _datetime("update_time")}
NAME = {"name": _string("name")}
DESCRIBED = {"name": _string("name"), "description": _string("description")}
SEM_VER = {
    "semVer.major": _integer("sem_ver_major"),
    "semVer.minor": _integer("sem_ver_minor"),
    "semVer.patch": _integer("sem_ver_patch"),
    "semVer.preRelease": _string("sem_ver_pre_release"),
    "semVer.build": _string("sem_ver_build"),
}
PUBLISHED = {"publishTime": _datetime("publish_time"), **SEM_VER}
VERSION_SORTS = {**ID, **NAME, **PUBLISHED, **TIMES}


def _version_list(model, link: str, owner: str, standard_id: str, standard_lookup: str) -> ListField:
    """A many-to-many list of standard versions: objects with their id and the id of their standard."""
    return ListField(model, link=link, owner=owner, fields={"id": _uuid("id"), standard_id: _uuid(standard_lookup)})


def _communication_standard_versions(link: str, owner: str = "pk") -> ListField:
    return _version_list(
        CommunicationStandardVersion, link, owner, "communicationStandardId", "communication_standard_id"
    )


def _information_standard_versions(link: str, owner: str = "pk") -> ListField:
    return _version_list(InformationStandardVersion, link, owner, "informationStandardId", "information_standard_id")


def _trust_framework_versions(link: str, owner: str = "pk") -> ListField:
    return _version_list(TrustFrameworkVersion, link, owner, "trustFrameworkId", "trust_framework_id")


def _care_types(owner: str = "pk") -> ListField:
    return ListField(
        InformationStandardVersionCareType, link="version", owner=owner, item=_enum("value", CareType.values)
    )


def _classifications(kind: str, values) -> ListField:
    """One of a requirement's lists (roles, perspectiveTypes, …), rows of one table told apart by kind."""
    return ListField(
        ApiRequirementClassification, link="requirement", item=_enum("value", values), where={"kind": kind}
    )


def _last_declaration(name: str, lookup: str) -> dict:
    """The filterable fields of a version's newest declaration of conformity."""
    return {
        f"{name}.requirementsVersion": _string(f"{lookup}__requirements_version__name"),
        f"{name}.rankingLevel": _enum(f"{lookup}__ranking_level", ApiRankingLevel.values),
    }


def _standard() -> QuerySpec:
    """listCommunicationStandards and listTrustFrameworks; listInformationStandards adds its lists."""
    return QuerySpec(
        filters={
            **ID,
            **DESCRIBED,
            "organizationId": _uuid("organization_id"),
            "mainVersion.lifecycleState": _enum("main_version__lifecycle_state", ProductLifecycleState.values),
            **TIMES,
        },
        sorts={**ID, **NAME, **TIMES},
        default_sort="desc(createTime)",
    )


def _standard_version(standard_id: str, standard_lookup: str, lists: dict | None = None) -> QuerySpec:
    return QuerySpec(
        filters={
            **ID,
            **DESCRIBED,
            standard_id: _uuid(standard_lookup),
            **PUBLISHED,
            "lifecycleState": _enum("lifecycle_state", ProductLifecycleState.values),
            **(lists or {}),
            **TIMES,
        },
        sorts=VERSION_SORTS,
        default_sort="desc(publishTime)",
    )


INVITATION_SORTS = {
    **ID,
    "emailAddress": _string("email_address"),
    "responseTime": _datetime("response_time"),
    **TIMES,
}
INVITATION_FILTERS = {
    "emailAddress": _string("email_address"),
    "status": _enum("status", InvitationStatus.values),
}

QUERY_SPECS = {
    "listUserInvitations": QuerySpec(
        filters={
            **ID,
            "organizationId": _uuid("organization_id"),
            **INVITATION_FILTERS,
            "responseTime": _datetime("response_time"),
            **TIMES,
        },
        sorts=INVITATION_SORTS,
        default_sort="desc(createTime)",
    ),
    "listUserMemberships": QuerySpec(
        filters={**ID, "organizationId": _uuid("organization_id"), **TIMES},
        sorts={**ID, **TIMES},
        default_sort="desc(createTime)",
    ),
    "listOrganizations": QuerySpec(
        filters={
            **ID,
            **NAME,
            "address.street": _string("address_street"),
            "address.postalCode": _string("address_postal_code"),
            "address.city": _string("address_city"),
            "address.country": _enum("address_country", COUNTRY_CODES),
            **TIMES,
        },
        sorts={**ID, **NAME, "address.city": _string("address_city"), **TIMES},
        default_sort="asc(name)",
    ),
    "listOrganizationInvitations": QuerySpec(
        filters={
            **ID,
            **INVITATION_FILTERS,
            "userId": _uuid("user__uuid"),
            "responseTime": _datetime("response_time"),
            **TIMES,
        },
        sorts=INVITATION_SORTS,
        default_sort="desc(createTime)",
    ),
    "listOrganizationMemberships": QuerySpec(
        filters={**ID, "userId": _uuid("user__uuid"), **TIMES},
        sorts={**ID, **TIMES},
        default_sort="desc(createTime)",
    ),
    "listApiRequirementsVersions": QuerySpec(
        filters={
            **ID,
            **NAME,
            **PUBLISHED,
            "lifecycleState": _enum("lifecycle_state", ProductLifecycleState.values),
            **TIMES,
        },
        sorts=VERSION_SORTS,
        default_sort="desc(publishTime)",
    ),
    "listApiRequirementsVersionApiRequirements": QuerySpec(
        filters={
            **ID,
            "code": _string("code"),
            "description": _string("description"),
            "requirementLevel": _enum("requirement_level", RequirementLevel.values),
            "score": _integer("score"),
            "category": _enum("category", ApiRequirementCategory.values),
            "roles": _classifications("roles", ApiRole.values),
            "perspectiveTypes": _classifications("perspectiveTypes", ApiPerspectiveType.values),
            "architecturalStyles": _classifications("architecturalStyles", ApiArchitecturalStyle.values),
            "standardizationLevels": _classifications("standardizationLevels", ApiStandardizationLevel.values),
            **TIMES,
        },
        sorts={**ID, "code": _string("code"), "category": _enum("category", ApiRequirementCategory.values), **TIMES},
        default_sort="asc(code)",
    ),
    "listApiSpecifications": QuerySpec(
        filters={
            **ID,
            **DESCRIBED,
            "organizationId": _uuid("organization_id"),
            "architecturalStyle": _enum("architectural_style", ApiArchitecturalStyle.values),
            "mainVersion.lifecycleState": _enum("main_version__lifecycle_state", ApiLifecycleState.values),
            "mainVersion.communicationStandardVersions": _communication_standard_versions(
                "api_specification_versions", owner="main_version"
            ),
            "mainVersion.informationStandardVersions": _information_standard_versions(
                "api_specification_versions", owner="main_version"
            ),
            "mainVersion.trustFrameworkVersions": _trust_framework_versions(
                "api_specification_versions", owner="main_version"
            ),
            **_last_declaration("mainVersion.lastDeclarationOfConformity", "main_version__last_declaration"),
            **TIMES,
        },
        sorts={**ID, **NAME, **TIMES},
        default_sort="desc(createTime)",
    ),
    "listApiSpecificationVersions": QuerySpec(
        filters={
            **ID,
            **DESCRIBED,
            "apiSpecificationId": _uuid("api_specification_id"),
            **PUBLISHED,
            "lifecycleState": _enum("lifecycle_state", ApiLifecycleState.values),
            "urls": ListField(
                ApiSpecificationVersionUrl,
                link="version",
                fields={"type": _enum("type", ApiSpecificationVersionUrlType.values)},
            ),
            "communicationStandardVersions": _communication_standard_versions("api_specification_versions"),
            "informationStandardVersions": _information_standard_versions("api_specification_versions"),
            "trustFrameworkVersions": _trust_framework_versions("api_specification_versions"),
            **_last_declaration("lastDeclarationOfConformity", "last_declaration"),
            **TIMES,
        },
        sorts=VERSION_SORTS,
        default_sort="desc(publishTime)",
    ),
    "listApiSpecificationVersionUrls": QuerySpec(
        filters={**ID, "type": _enum("type", ApiSpecificationVersionUrlType.values), **TIMES},
        sorts={**ID, **TIMES},
        default_sort="asc(createTime)",
    ),
    "listApiSpecificationVersionDeclarationsOfConformity": QuerySpec(
        filters={
            **ID,
            "requirementsVersion": _string("requirements_version__name"),
            "rankingLevel": _enum("ranking_level", ApiRankingLevel.values),
            **TIMES,
        },
        sorts={**ID, **TIMES},
        default_sort="desc(createTime)",
    ),
    "listCommunicationStandards": _standard(),
    "listCommunicationStandardVersions": _standard_version("communicationStandardId", "communication_standard_id"),
    "listInformationStandards": QuerySpec(
        filters={
            **_standard().filters,
            "mainVersion.careTypes": _care_types(owner="main_version"),
            "mainVersion.communicationStandardVersions": _communication_standard_versions(
                "information_standard_versions", owner="main_version"
            ),
            "mainVersion.trustFrameworkVersions": _trust_framework_versions(
                "information_standard_versions", owner="main_version"
            ),
        },
        sorts={**ID, **NAME, **TIMES},
        default_sort="desc(createTime)",
    ),
    "listInformationStandardVersions": _standard_version(
        "informationStandardId",
        "information_standard_id",
        lists={
            "careTypes": _care_types(),
            "communicationStandardVersions": _communication_standard_versions("information_standard_versions"),
            "trustFrameworkVersions": _trust_framework_versions("information_standard_versions"),
        },
    ),
    "listTrustFrameworks": _standard(),
    "listTrustFrameworkVersions": _standard_version("trustFrameworkId", "trust_framework_id"),
}
