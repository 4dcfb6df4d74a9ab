"""The query language on registry rows: what each filter and sort selects, on SQLite and on PostgreSQL."""

import copy
import json
import time
from datetime import datetime
from operator import attrgetter
from types import SimpleNamespace

import pytest
import regex
from django.db.models import ExpressionWrapper, F, FloatField
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epdee.core.query import Field, ListField, QueryError, QuerySpec, ValueType, apply_query, query_timeout
from registry.api.queries import QUERY_SPECS
from registry.models import (
    ApiRequirement,
    ApiRequirementClassification,
    ApiRequirementsVersion,
    ApiSpecification,
    ApiSpecificationVersion,
    ApiSpecificationVersionUrl,
    CommunicationStandard,
    CommunicationStandardVersion,
    DeclarationOfConformity,
    InformationStandard,
    InformationStandardVersion,
    InformationStandardVersionCareType,
    Invitation,
    Organization,
    OrganizationMembership,
    TrustFramework,
    TrustFrameworkVersion,
)
from tests.core.factories import UserFactory
from tests.core.test_query_parser import filter_expressions, sort_expressions
from tests.support import rows_for_the_module

# A description on which `^(.*)(.*)(.*)\1\2\3$` backtracks for minutes, in Python's regex and in PostgreSQL.
CATASTROPHIC_TEXT = "ab" * 400 + "cab"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _rows(model, by, **fields):
    return model.objects.create(created_by=by, updated_by=by, **fields)


@pytest.fixture(scope="module")
def registry(django_db_setup, django_db_blocker):
    with rows_for_the_module(django_db_blocker):
        yield small_registry()


@pytest.fixture
def data(registry, db):
    return copy.deepcopy(registry)


def small_registry():
    """A small registry: six organizations, four API specifications, standards, requirements, invitations."""
    user, other = UserFactory(), UserFactory()
    d = SimpleNamespace(user=user, other=other)

    def organization(name, created, city=None, street=None, postal_code=None, country=None):
        return _rows(
            Organization,
            user,
            name=name,
            email_address="info@example.test",
            create_time=at(created),
            has_address=city is not None,
            address_city=city,
            address_street=street,
            address_postal_code=postal_code,
            address_country=country,
        )

    d.nictiz = organization("Nictiz", "2023-10-05T08:30:15.250Z", "Den Haag", "Oude Middenweg 55", "2491 AC", "NL")
    d.medmij = organization("MedMij", "2023-10-31T23:59:59.999Z", "Den Haag", "Waldorpstraat 17", "2521 CA", "NL")
    d.vzvz = organization("VZVZ", "2022-01-01T00:00:00Z", "Amsterdam", "Wilhelminaplein 1", "1062 HG", "NL")
    d.labs = organization("nictiz labs", "2024-03-16T14:15:30.500750Z", "Utrecht", "Science Park 2", "3584CH", "BE")
    d.zorg = organization("Zorg & Co", "2024-03-16T14:15:30.500Z")
    d.open_data = organization("100% Open_Data", "2024-06-01T12:00:00.001Z")

    # Standards, each with versions.
    d.fhir = _rows(CommunicationStandard, user, organization=d.nictiz, name="HL7 FHIR", url="https://hl7.org/fhir")
    d.r4, d.stu3 = (
        _rows(
            CommunicationStandardVersion,
            user,
            communication_standard=d.fhir,
            name=name,
            publish_time=at(published),
            lifecycle_state=state,
            sem_ver_major=major,
            sem_ver_minor=minor,
            sem_ver_patch=patch,
        )
        for name, published, state, (major, minor, patch) in [
            ("R4", "2019-10-30T00:00:00Z", "PUBLISHED", (4, 0, 1)),
            ("STU3", "2017-03-21T00:00:00Z", "DEPRECATED", (3, 0, 2)),
        ]
    )
    d.afsprakenstelsel = _rows(
        TrustFramework, user, organization=d.medmij, name="MedMij Afsprakenstelsel", url="https://medmij.nl"
    )
    d.framework_2 = _rows(
        TrustFrameworkVersion,
        user,
        trust_framework=d.afsprakenstelsel,
        name="2.0",
        publish_time=at("2022-01-01T00:00:00Z"),
        lifecycle_state="PUBLISHED",
        sem_ver_major=2,
        sem_ver_minor=0,
        sem_ver_patch=0,
    )

    def information_standard(name, created):
        return _rows(
            InformationStandard,
            user,
            organization=d.nictiz,
            name=name,
            url="https://nictiz.nl",
            create_time=at(created),
        )

    def information_version(standard, name, published, care_types, communication=(), frameworks=()):
        version = _rows(
            InformationStandardVersion,
            user,
            information_standard=standard,
            name=name,
            publish_time=at(published),
            lifecycle_state="PUBLISHED",
            sem_ver_major=int(name[:1]),
            sem_ver_minor=0,
            sem_ver_patch=0,
        )
        for position, value in enumerate(care_types):
            InformationStandardVersionCareType.objects.create(version=version, value=value, position=position)
        version.communication_standard_versions.set(communication)
        version.trust_framework_versions.set(frameworks)
        return version

    d.bgz = information_standard("BgZ", "2020-01-01T00:00:00Z")
    d.overdracht = information_standard("eOverdracht", "2021-01-01T00:00:00Z")
    d.medicatie = information_standard("Medicatie", "2022-01-01T00:00:00Z")
    d.bgz_2017 = information_version(
        d.bgz, "2017", "2017-06-01T00:00:00Z", ["GENERAL_PRACTITIONERS", "HOSPITALS"], [d.r4]
    )
    d.bgz_2020 = information_version(d.bgz, "2020", "2020-06-01T00:00:00Z", [], [d.r4, d.stu3], [d.framework_2])
    d.medicatie_9 = information_version(d.medicatie, "9.0", "2021-06-01T00:00:00Z", ["PHARMACISTS"])
    InformationStandard.objects.filter(pk=d.bgz.pk).update(main_version=d.bgz_2017)
    InformationStandard.objects.filter(pk=d.medicatie.pk).update(main_version=d.medicatie_9)

    # API requirements 1.2.0, with the list fields as classification rows.
    d.requirements_1_1, d.requirements_1_2 = (
        _rows(
            ApiRequirementsVersion,
            user,
            name=name,
            url="https://example.test/requirements",
            publish_time=at(published),
            lifecycle_state="PUBLISHED",
            sem_ver_major=1,
            sem_ver_minor=minor,
            sem_ver_patch=0,
        )
        for name, published, minor in [("1.1.0", "2022-06-01T00:00:00Z", 1), ("1.2.0", "2023-06-01T00:00:00Z", 2)]
    )
    requirements = [
        # code, level, score, category, description, roles, perspective types, styles, standardization levels
        ("SD001", "MUST", 3, "API_SPECIFICATION_AND_DOCUMENTATION", "Describe the API in OpenAPI 3",
         ["API_SPECIFIER", "API_PROVIDER"], ["API_SPECIFICATION"], ["REST"], ["OPEN_API"]),
        ("SD002", "SHOULD", 2, "API_SPECIFICATION_AND_DOCUMENTATION", "Publish a changelog",
         ["API_SPECIFIER"], ["API_SPECIFICATION", "API_AGREEMENT"], ["SOAP"], []),
        ("SD003", "MUST", 4, "API_SPECIFICATION_AND_DOCUMENTATION", "Version the API (SemVer)",
         [], ["API_SPECIFICATION"], ["REST"], ["TECHNICALLY_STANDARDIZED_API"]),
        ("SEC001", "MUST", 5, "API_SECURITY", "Use TLS 1.3",
         ["API_PROVIDER"], ["API_SERVER_IMPLEMENTATION"], ["REST", "GRAPHQL"], []),
        ("TST001", "MAY", 1, "API_TESTABILITY", "Offer a sandbox",
         [], [], [], []),
    ]  # fmt: skip
    for code, level, score, category, description, *lists in requirements:
        requirement = _rows(
            ApiRequirement,
            user,
            version=d.requirements_1_2,
            code=code,
            description=description,
            url=f"https://example.test/{code}",
            requirement_level=level,
            score=score,
            category=category,
        )
        kinds = ["roles", "perspectiveTypes", "architecturalStyles", "standardizationLevels"]
        for kind, values in zip(kinds, lists, strict=True):
            for position, value in enumerate(values):
                ApiRequirementClassification.objects.create(
                    requirement=requirement, kind=kind, value=value, position=position
                )

    # API specifications; a main version with its lists and its newest declaration of conformity.
    def specification(name, owner, style, created, description):
        return _rows(
            ApiSpecification,
            user,
            organization=owner,
            name=name,
            architectural_style=style,
            create_time=at(created),
            description=description,
        )

    def version(spec, name, semver, state, published, urls=(), communication=(), information=(), frameworks=()):
        major, minor, patch, pre_release = semver
        row = _rows(
            ApiSpecificationVersion,
            user,
            api_specification=spec,
            name=name,
            publish_time=at(published),
            lifecycle_state=state,
            sem_ver_major=major,
            sem_ver_minor=minor,
            sem_ver_patch=patch,
            sem_ver_pre_release=pre_release,
        )
        for url_type in urls:
            _rows(ApiSpecificationVersionUrl, user, version=row, type=url_type, url="https://example.test/u")
        row.communication_standard_versions.set(communication)
        row.information_standard_versions.set(information)
        row.trust_framework_versions.set(frameworks)
        return row

    def declare(row, requirements_version, ranking_level):
        declaration = _rows(
            DeclarationOfConformity,
            user,
            version=row,
            requirements_version=requirements_version,
            ranking_level=ranking_level,
        )
        ApiSpecificationVersion.objects.filter(pk=row.pk).update(last_declaration=declaration)

    d.bgz_api = specification("BgZ API", d.nictiz, "REST", "2023-01-01T10:00:00Z", "Basisgegevensset Zorg")
    d.pdf_api = specification("PDF/A API", d.medmij, "SOAP", "2023-06-01T00:00:00Z", None)
    d.overdracht_api = specification("eOverdracht", d.nictiz, "REST", "2024-01-01T00:00:00Z", "Overdracht van zorg")
    d.medicatie_api = specification("Medicatieproces", d.vzvz, "GRAPHQL", "2024-02-01T00:00:00Z", CATASTROPHIC_TEXT)
    d.bgz_1 = version(
        d.bgz_api,
        "1.0.0",
        (1, 0, 0, ""),
        "PUBLISHED",
        "2023-02-01T00:00:00Z",
        urls=["OPENAPI_SPECIFICATION", "FUNCTIONAL_DESIGN"],
        communication=[d.r4],
        information=[d.bgz_2017],
        frameworks=[d.framework_2],
    )
    d.bgz_2 = version(
        d.bgz_api,
        "2.0.0-beta.1",
        (2, 0, 0, "beta.1"),
        "PROTOTYPED",
        "2024-05-01T00:00:00Z",
        urls=["FUNCTIONAL_DESIGN"],
        communication=[d.r4, d.stu3],
    )
    d.pdf_1 = version(d.pdf_api, "0.1.0", (0, 1, 0, ""), "CREATED", "2023-06-02T00:00:00Z")
    d.medicatie_1 = version(
        d.medicatie_api,
        "3.1.4",
        (3, 1, 4, ""),
        "DEPRECATED",
        "2024-02-02T00:00:00Z",
        urls=["OTHER"],
        communication=[d.r4, d.stu3],
    )
    declare(d.bgz_1, d.requirements_1_2, "OPEN_API")
    declare(d.pdf_1, d.requirements_1_1, "NONE")
    declare(d.medicatie_1, d.requirements_1_2, "FULLY_STANDARDIZED_API")
    for spec, main in [(d.bgz_api, d.bgz_1), (d.pdf_api, d.pdf_1), (d.medicatie_api, d.medicatie_1)]:
        ApiSpecification.objects.filter(pk=spec.pk).update(main_version=main)

    # Invitations to Nictiz: pending, accepted by the user, declined by the other; the user's membership.
    def invitation(email, status, created, invitee=None, responded=None):
        return _rows(
            Invitation,
            user,
            organization=d.nictiz,
            email_address=email,
            status=status,
            user=invitee,
            response_time=at(responded) if responded else None,
            create_time=at(created),
        )

    invitation("a@example.test", "PENDING", "2024-01-01T00:00:00Z")
    invitation("b@example.test", "ACCEPTED", "2024-01-02T00:00:00Z", user, "2024-01-05T10:00:00Z")
    invitation("c@example.test", "DECLINED", "2024-01-03T00:00:00Z", other, "2024-01-06T10:00:00Z")
    _rows(OrganizationMembership, user, organization=d.nictiz, user=user, create_time=at("2024-01-05T10:00:00Z"))
    _rows(OrganizationMembership, user, organization=d.medmij, user=other, create_time=at("2024-01-07T10:00:00Z"))
    return d


# Test-only declarations for what the spec's tables lack: a boolean, a number, and a list inside a list.
ORGANIZATIONS_WITH_BOOLEAN = QuerySpec(
    filters={**QUERY_SPECS["listOrganizations"].filters, "hasAddress": Field("has_address", ValueType.BOOLEAN)},
    sorts=QUERY_SPECS["listOrganizations"].sorts,
    default_sort="asc(name)",
)
REQUIREMENTS_WITH_NUMBER = QuerySpec(
    filters={
        **QUERY_SPECS["listApiRequirementsVersionApiRequirements"].filters,
        "ratio": Field("ratio", ValueType.NUMBER),
    },
    sorts={"code": Field("code", ValueType.STRING), "ratio": Field("ratio", ValueType.NUMBER)},
    default_sort="asc(code)",
)
URLS = ListField(
    ApiSpecificationVersionUrl,
    link="version",
    fields={
        "type": Field(
            "type", ValueType.ENUM, enum=("FUNCTIONAL_DESIGN", "TECHNICAL_DESIGN", "OPENAPI_SPECIFICATION", "OTHER")
        )
    },
)
SPECIFICATIONS_WITH_VERSIONS = QuerySpec(
    filters={
        "name": Field("name", ValueType.STRING),
        "versions": ListField(
            ApiSpecificationVersion,
            link="api_specification",
            fields={
                "name": Field("name", ValueType.STRING),
                "semVer.major": Field("sem_ver_major", ValueType.INTEGER),
                "urls": URLS,
            },
        ),
    },
    sorts={"createTime": Field("create_time", ValueType.DATETIME)},
    default_sort="desc(createTime)",
)

# What each list shows of a row, and the rows it lists.
LISTS = {
    "listOrganizations": (QUERY_SPECS["listOrganizations"], lambda: Organization.objects.all(), "name"),
    "organizationsWithBoolean": (ORGANIZATIONS_WITH_BOOLEAN, lambda: Organization.objects.all(), "name"),
    "listOrganizationInvitations": (
        QUERY_SPECS["listOrganizationInvitations"], lambda: Invitation.objects.all(), "email_address"),
    "listUserMemberships": (
        QUERY_SPECS["listUserMemberships"], lambda: OrganizationMembership.objects.all(), "organization_id"),
    "listOrganizationMemberships": (
        QUERY_SPECS["listOrganizationMemberships"], lambda: OrganizationMembership.objects.all(), "organization_id"),
    "listApiRequirementsVersions": (
        QUERY_SPECS["listApiRequirementsVersions"], lambda: ApiRequirementsVersion.objects.all(), "name"),
    "listApiRequirementsVersionApiRequirements": (
        QUERY_SPECS["listApiRequirementsVersionApiRequirements"], lambda: ApiRequirement.objects.all(), "code"),
    "requirementsWithNumber": (
        REQUIREMENTS_WITH_NUMBER,
        lambda: ApiRequirement.objects.annotate(ratio=ExpressionWrapper(F("score") / 4.0, output_field=FloatField())),
        "code",
    ),
    "listApiSpecifications": (QUERY_SPECS["listApiSpecifications"], lambda: ApiSpecification.objects.all(), "name"),
    "specificationsWithVersions": (SPECIFICATIONS_WITH_VERSIONS, lambda: ApiSpecification.objects.all(), "name"),
    "listApiSpecificationVersions": (
        QUERY_SPECS["listApiSpecificationVersions"], lambda: ApiSpecificationVersion.objects.all(), "name"),
    "listCommunicationStandardVersions": (
        QUERY_SPECS["listCommunicationStandardVersions"], lambda: CommunicationStandardVersion.objects.all(), "name"),
    "listInformationStandards": (
        QUERY_SPECS["listInformationStandards"], lambda: InformationStandard.objects.all(), "name"),
    "listInformationStandardVersions": (
        QUERY_SPECS["listInformationStandardVersions"], lambda: InformationStandardVersion.objects.all(), "name"),
    "listUserInvitations": (QUERY_SPECS["listUserInvitations"], lambda: Invitation.objects.all(), "email_address"),
    "listApiSpecificationVersionUrls": (
        QUERY_SPECS["listApiSpecificationVersionUrls"], lambda: ApiSpecificationVersionUrl.objects.all(), "type"),
    "listApiSpecificationVersionDeclarationsOfConformity": (
        QUERY_SPECS["listApiSpecificationVersionDeclarationsOfConformity"],
        lambda: DeclarationOfConformity.objects.all(),
        "ranking_level",
    ),
    "listCommunicationStandards": (
        QUERY_SPECS["listCommunicationStandards"], lambda: CommunicationStandard.objects.all(), "name"),
    "listTrustFrameworks": (QUERY_SPECS["listTrustFrameworks"], lambda: TrustFramework.objects.all(), "name"),
    "listTrustFrameworkVersions": (
        QUERY_SPECS["listTrustFrameworkVersions"], lambda: TrustFrameworkVersion.objects.all(), "name"),
}  # fmt: skip

PLACEHOLDER = regex.compile(r"<([\w.]+)>")


def filled(data, text: str) -> str:
    """`text` with each <name> replaced by data.name: the id of a row, or the value of an attribute."""

    def value(match):
        found = attrgetter(match[1])(data)
        return str(getattr(found, "pk", found))

    return PLACEHOLDER.sub(value, text)


def listed(data, operation: str, **params) -> list[str]:
    """The labels of the rows on the page that `params` (with placeholders filled) ask for."""
    spec, queryset, label = LISTS[operation]
    page = apply_query(queryset(), spec, {key: filled(data, value) for key, value in params.items()}).page
    return [str(getattr(row, label)) for row in page]


ORGANIZATIONS = ["100% Open_Data", "MedMij", "Nictiz", "VZVZ", "Zorg & Co", "nictiz labs"]  # asc(name), bytewise
SPECIFICATIONS = ["Medicatieproces", "eOverdracht", "PDF/A API", "BgZ API"]  # desc(createTime)
VERSIONS = ["2.0.0-beta.1", "3.1.4", "0.1.0", "1.0.0"]  # desc(publishTime)
REQUIREMENTS = ["SD001", "SD002", "SD003", "SEC001", "TST001"]  # asc(code)


def but(everything: list[str], *left_out: str) -> list[str]:
    return [name for name in everything if name not in left_out]


FILTERS = [
    # The spec's own examples.
    ("listOrganizations", 'stw(name,"Nictiz")', ["Nictiz"]),
    ("listOrganizations", 'or(eq(name,"Nictiz"),eq(name,"MedMij"))', ["MedMij", "Nictiz"]),
    ("listOrganizations", "and(eq(year(createTime),2023),eq(month(createTime),10))", ["MedMij", "Nictiz"]),
    ("listOrganizations", 'not(enw(name,"Mij"))', but(ORGANIZATIONS, "MedMij")),
    ("listApiRequirementsVersionApiRequirements", 'any(perspectiveTypes,eq($it,"API_SPECIFICATION"))',
     ["SD001", "SD002", "SD003"]),
    ("listApiRequirementsVersionApiRequirements",
     'and(eq(requirementLevel,"MUST"),any(perspectiveTypes,eq($it,"API_SPECIFICATION")),'
     'any(architecturalStyles,eq($it,"REST")))', ["SD001", "SD003"]),
    ("specificationsWithVersions", 'all(versions,any($it.urls,eq($it.type,"FUNCTIONAL_DESIGN")))',
     ["eOverdracht", "BgZ API"]),
    # eq / neq on every kind of value, and null.
    ("listOrganizations", 'eq(name,"nictiz labs")', ["nictiz labs"]),
    ("listOrganizations", 'neq(name,"Nictiz")', but(ORGANIZATIONS, "Nictiz")),
    ("listOrganizations", 'eq(address.country,"NL")', ["MedMij", "Nictiz", "VZVZ"]),
    ("listOrganizations", 'neq(address.country,"NL")', ["100% Open_Data", "Zorg & Co", "nictiz labs"]),
    ("listOrganizations", "eq(address.city,null)", ["100% Open_Data", "Zorg & Co"]),
    ("listOrganizations", "neq(address.city,null)", ["MedMij", "Nictiz", "VZVZ", "nictiz labs"]),
    ("listOrganizations", 'neq(address.city,"Den Haag")', ["100% Open_Data", "VZVZ", "Zorg & Co", "nictiz labs"]),
    ("listOrganizations", 'not(eq(address.city,"Den Haag"))', ["100% Open_Data", "VZVZ", "Zorg & Co", "nictiz labs"]),
    ("listOrganizations", 'eq(id,"<vzvz>")', ["VZVZ"]),
    ("listOrganizations", 'neq(id,"<vzvz>")', but(ORGANIZATIONS, "VZVZ")),
    ("organizationsWithBoolean", "eq(hasAddress,true)", ["MedMij", "Nictiz", "VZVZ", "nictiz labs"]),
    ("organizationsWithBoolean", "neq(hasAddress,true)", ["100% Open_Data", "Zorg & Co"]),
    ("listApiRequirementsVersionApiRequirements", "eq(score,5)", ["SEC001"]),
    ("listApiRequirementsVersionApiRequirements", "neq(score,5)", but(REQUIREMENTS, "SEC001")),
    ("listApiRequirementsVersionApiRequirements", 'eq(requirementLevel,"MUST")', ["SD001", "SD003", "SEC001"]),
    ("listApiRequirementsVersionApiRequirements", 'neq(category,"API_SPECIFICATION_AND_DOCUMENTATION")',
     ["SEC001", "TST001"]),
    # gt gte lt lte on integers and (to the millisecond) on date-times, offsets included.
    ("listApiRequirementsVersionApiRequirements", "gt(score,3)", ["SD003", "SEC001"]),
    ("listApiRequirementsVersionApiRequirements", "gte(score,3)", ["SD001", "SD003", "SEC001"]),
    ("listApiRequirementsVersionApiRequirements", "lt(score,2)", ["TST001"]),
    ("listApiRequirementsVersionApiRequirements", "lte(score,2)", ["SD002", "TST001"]),
    ("listApiRequirementsVersionApiRequirements", "gt(score,-9223372036854775808)", REQUIREMENTS),
    ("listOrganizations", 'eq(createTime,"2024-03-16T14:15:30.500Z")', ["Zorg & Co", "nictiz labs"]),
    ("listOrganizations", 'eq(createTime,"2024-03-16T15:15:30.5+01:00")', ["Zorg & Co", "nictiz labs"]),
    ("listOrganizations", 'eq(createTime,"2023-10-31T23:59:59.999Z")', ["MedMij"]),
    ("listOrganizations", 'eq(createTime,"2023-10-31T23:59:59.998Z")', []),
    ("listOrganizations", 'eq(createTime,"2022-01-01T00:00:00Z")', ["VZVZ"]),
    ("listOrganizations", 'neq(createTime,"2024-03-16T14:15:30.500Z")', ["100% Open_Data", "MedMij", "Nictiz", "VZVZ"]),
    ("listOrganizations", 'gt(createTime,"2024-03-16T14:15:30.500Z")', ["100% Open_Data"]),
    ("listOrganizations", 'gte(createTime,"2024-03-16T14:15:30.500Z")', ["100% Open_Data", "Zorg & Co", "nictiz labs"]),
    ("listOrganizations", 'lt(createTime,"2024-03-16T14:15:30.500Z")', ["MedMij", "Nictiz", "VZVZ"]),
    ("listOrganizations", 'lte(createTime,"2024-03-16T14:15:30.500Z")', but(ORGANIZATIONS, "100% Open_Data")),
    ("listOrganizations", 'lte(createTime,"2023-11-01T00:59:59.999+01:00")', ["MedMij", "Nictiz", "VZVZ"]),
    ("listOrganizations", 'lt(createTime,"2023-11-01T00:59:59.999+01:00")', ["Nictiz", "VZVZ"]),
    # has / stw / enw are case-sensitive, and take % and _ literally.
    ("listOrganizations", 'has(name,"nictiz")', ["nictiz labs"]),
    ("listOrganizations", 'has(name,"Nictiz")', ["Nictiz"]),
    ("listOrganizations", 'stw(name,"nictiz")', ["nictiz labs"]),
    ("listOrganizations", 'enw(name,"MIJ")', []),
    ("listOrganizations", 'enw(name,"Mij")', ["MedMij"]),
    ("listOrganizations", 'has(name,"%")', ["100% Open_Data"]),
    ("listOrganizations", 'has(name,"n_D")', ["100% Open_Data"]),
    ("listOrganizations", 'has(name,"a_D")', []),
    ("listOrganizations", 'stw(name,"1%")', []),
    ("listOrganizations", 'enw(name,"_Data")', ["100% Open_Data"]),
    ("listOrganizations", 'has(name,"&")', ["Zorg & Co"]),
    ("listOrganizations", 'has(name,"")', ORGANIZATIONS),
    ("listOrganizations", 'enw(name,"")', ORGANIZATIONS),
    ("listOrganizations", 'enw(name,"xnictiz labs")', []),
    ("listOrganizations", 'has(address.city,"Haag")', ["MedMij", "Nictiz"]),
    ("listOrganizations", 'not(has(address.city,"Haag"))', ["100% Open_Data", "VZVZ", "Zorg & Co", "nictiz labs"]),
    ("listOrganizations", 'stw(address.postalCode,"25")', ["MedMij"]),
    ("listApiSpecifications", 'not(has(description,"zorg"))', ["Medicatieproces", "PDF/A API", "BgZ API"]),
    ("listApiSpecifications", "eq(description,null)", ["PDF/A API"]),
    # reg: case-sensitive, and never true for NULL.
    ("listOrganizations", 'reg(name,"^[A-Z]{4}$")', ["VZVZ"]),
    ("listOrganizations", 'reg(name,"^[a-z]")', ["nictiz labs"]),
    ("listOrganizations", 'reg(address.postalCode,"^[0-9]{4} [A-Z]{2}$")', ["MedMij", "Nictiz", "VZVZ"]),
    ("listOrganizations", 'not(reg(address.postalCode,"^[0-9]{4} [A-Z]{2}$"))',
     ["100% Open_Data", "Zorg & Co", "nictiz labs"]),
    ("listOrganizations", 'reg(name,"\\\\d")', ["100% Open_Data"]),
    # Functions, nested ones included.
    ("listOrganizations", 'eq(lower(name),"nictiz")', ["Nictiz"]),
    ("listOrganizations", 'stw(lower(name),"nictiz")', ["Nictiz", "nictiz labs"]),
    ("listOrganizations", 'has(upper(name),"ZORG")', ["Zorg & Co"]),
    ("listOrganizations", 'eq(lower(upper(name)),"vzvz")', ["VZVZ"]),
    ("listOrganizations", 'reg(upper(address.city),"^DEN")', ["MedMij", "Nictiz"]),
    ("listOrganizations", "eq(year(createTime),2024)", ["100% Open_Data", "Zorg & Co", "nictiz labs"]),
    ("listOrganizations", "eq(day(createTime),31)", ["MedMij"]),
    ("listOrganizations", "eq(hour(createTime),23)", ["MedMij"]),
    ("listOrganizations", "eq(minute(createTime),30)", ["Nictiz"]),
    ("listOrganizations", "gte(second(createTime),30)", ["MedMij", "Zorg & Co", "nictiz labs"]),
    ("listOrganizations", "eq(millisecond(createTime),500)", ["Zorg & Co", "nictiz labs"]),
    ("listOrganizations", "eq(millisecond(createTime),0)", ["VZVZ"]),
    ("listOrganizations", "gt(millisecond(createTime),900)", ["MedMij"]),
    ("listOrganizations", "eq(millisecond(createTime),1)", ["100% Open_Data"]),
    ("requirementsWithNumber", "eq(floor(ratio),0)", ["SD001", "SD002", "TST001"]),
    ("requirementsWithNumber", "eq(ceiling(ratio),1)", ["SD001", "SD002", "SD003", "TST001"]),
    ("requirementsWithNumber", "eq(round(ratio),1)", ["SD001", "SD002", "SD003", "SEC001"]),
    ("requirementsWithNumber", "gt(ratio,0.9)", ["SD003", "SEC001"]),
    ("requirementsWithNumber", "eq(floor(score),3)", ["SD001"]),
    ("requirementsWithNumber", "eq(ceiling(floor(ratio)),1)", ["SD003", "SEC001"]),
    # not / and / or.
    ("listOrganizations", 'and(has(name,"i"),has(name,"c"),neq(name,"Nictiz"))', ["nictiz labs"]),
    ("listOrganizations", 'or(eq(name,"VZVZ"),eq(address.city,null),has(name,"labs"))',
     ["100% Open_Data", "VZVZ", "Zorg & Co", "nictiz labs"]),
    ("listOrganizations", 'not(or(eq(address.city,null),eq(address.country,"NL")))', ["nictiz labs"]),
    ("listOrganizations", 'not(not(eq(name,"VZVZ")))', ["VZVZ"]),
    ("listOrganizations", 'and(not(eq(address.country,"NL")),or(eq(year(createTime),2024),eq(name,"VZVZ")))',
     ["100% Open_Data", "Zorg & Co", "nictiz labs"]),
    # any / all: empty lists, lists of objects, a list of a main version that may be absent.
    ("listApiRequirementsVersionApiRequirements", 'all(perspectiveTypes,eq($it,"API_SPECIFICATION"))',
     ["SD001", "SD003", "TST001"]),
    ("listApiRequirementsVersionApiRequirements", 'all(roles,neq($it,"API_SPECIFIER"))', ["SD003", "SEC001", "TST001"]),
    ("listApiRequirementsVersionApiRequirements", 'not(any(architecturalStyles,eq($it,"REST")))', ["SD002", "TST001"]),
    ("listApiRequirementsVersionApiRequirements", 'any(architecturalStyles,or(eq($it,"SOAP"),eq($it,"GRAPHQL")))',
     ["SD002", "SEC001"]),
    ("listApiRequirementsVersionApiRequirements",
     'and(any(architecturalStyles,eq($it,"REST")),any(architecturalStyles,eq($it,"GRAPHQL")))', ["SEC001"]),
    ("listApiRequirementsVersionApiRequirements", 'any(roles,not(eq($it,"API_SPECIFIER")))', ["SD001", "SEC001"]),
    ("listApiRequirementsVersionApiRequirements", 'any(standardizationLevels,neq($it,"OPEN_API"))', ["SD003"]),
    ("listApiRequirementsVersionApiRequirements", "any(standardizationLevels,eq($it,null))", []),
    ("listApiSpecifications", 'any(mainVersion.communicationStandardVersions,eq($it.id,"<r4>"))',
     ["Medicatieproces", "BgZ API"]),
    ("listApiSpecifications", 'all(mainVersion.communicationStandardVersions,eq($it.id,"<r4>"))',
     ["eOverdracht", "PDF/A API", "BgZ API"]),
    ("listApiSpecifications",
     'any(mainVersion["communicationStandardVersions"],eq($it["communicationStandardId"],"<fhir>"))',
     ["Medicatieproces", "BgZ API"]),
    ("listApiSpecifications", 'any(mainVersion.informationStandardVersions,eq($it.informationStandardId,"<bgz>"))',
     ["BgZ API"]),
    ("listApiSpecifications", 'any(mainVersion.trustFrameworkVersions,neq($it.trustFrameworkId,"<bgz>"))',
     ["BgZ API"]),
    ("listApiSpecificationVersions", 'any(urls,eq($it.type,"FUNCTIONAL_DESIGN"))', ["2.0.0-beta.1", "1.0.0"]),
    ("listApiSpecificationVersions", 'all(urls,eq($it.type,"FUNCTIONAL_DESIGN"))', ["2.0.0-beta.1", "0.1.0"]),
    ("listApiSpecificationVersions", 'any(communicationStandardVersions,eq($it.id,"<stu3>"))',
     ["2.0.0-beta.1", "3.1.4"]),
    ("listApiSpecificationVersions", 'all(trustFrameworkVersions,eq($it.id,"<framework_2>"))', VERSIONS),
    ("listInformationStandards", 'any(mainVersion.careTypes,eq($it,"HOSPITALS"))', ["BgZ"]),
    ("listInformationStandards", 'all(mainVersion.careTypes,eq($it,"PHARMACISTS"))', ["Medicatie", "eOverdracht"]),
    ("listInformationStandards",
     'any(mainVersion.communicationStandardVersions,eq($it.communicationStandardId,"<fhir>"))', ["BgZ"]),
    ("listInformationStandardVersions", 'not(any(careTypes,neq($it,"HOSPITALS")))', ["2020"]),
    ("listInformationStandardVersions", 'any(trustFrameworkVersions,eq($it.trustFrameworkId,"<afsprakenstelsel>"))',
     ["2020"]),
    ("specificationsWithVersions", 'any(versions,any($it.urls,eq($it.type,"OTHER")))', ["Medicatieproces"]),
    ("specificationsWithVersions", 'any(versions,and(gt($it.semVer.major,1),all($it.urls,neq($it.type,"OTHER"))))',
     ["BgZ API"]),
    ("specificationsWithVersions", 'all(versions,has($it.name,"."))', SPECIFICATIONS),
    # Fields through a main version or the last declaration, which may be absent (NULL).
    ("listApiSpecifications", 'eq(mainVersion.lifecycleState,"PUBLISHED")', ["BgZ API"]),
    ("listApiSpecifications", 'neq(mainVersion.lifecycleState,"PUBLISHED")',
     ["Medicatieproces", "eOverdracht", "PDF/A API"]),
    ("listApiSpecifications", "eq(mainVersion.lifecycleState,null)", ["eOverdracht"]),
    ("listApiSpecifications", 'eq(mainVersion.lastDeclarationOfConformity.rankingLevel,"OPEN_API")', ["BgZ API"]),
    ("listApiSpecifications", 'stw(mainVersion.lastDeclarationOfConformity.requirementsVersion,"1.2")',
     ["Medicatieproces", "BgZ API"]),
    ("listApiSpecifications", 'neq(mainVersion.lastDeclarationOfConformity.requirementsVersion,"1.2.0")',
     ["eOverdracht", "PDF/A API"]),
    ("listApiSpecifications", 'eq(organizationId,"<nictiz>")', ["eOverdracht", "BgZ API"]),
    ("listApiSpecifications", 'eq(architecturalStyle,"GRAPHQL")', ["Medicatieproces"]),
    ("listApiSpecificationVersions", "eq(lastDeclarationOfConformity.requirementsVersion,null)", ["2.0.0-beta.1"]),
    ("listApiSpecificationVersions", 'eq(lastDeclarationOfConformity["rankingLevel"],"NONE")', ["0.1.0"]),
    ("listApiSpecificationVersions", 'eq(apiSpecificationId,"<bgz_api>")', ["2.0.0-beta.1", "1.0.0"]),
    ("listApiSpecificationVersions", 'eq(semVer.preRelease,"")', ["3.1.4", "0.1.0", "1.0.0"]),
    ("listApiSpecificationVersions", 'and(gt(semVer["major"],0),lte(semVer.minor,0))', ["2.0.0-beta.1", "1.0.0"]),
    ("listApiSpecificationVersions", 'eq(lifecycleState,"DEPRECATED")', ["3.1.4"]),
    ("listApiSpecificationVersions", 'gt(publishTime,"2024-01-01T00:00:00Z")', ["2.0.0-beta.1", "3.1.4"]),
    # A nullable foreign key (the invitee) and a nullable date-time (the response).
    ("listOrganizationInvitations", 'eq(userId,"<user.uuid>")', ["b@example.test"]),
    ("listOrganizationInvitations", 'neq(userId,"<user.uuid>")', ["c@example.test", "a@example.test"]),
    ("listOrganizationInvitations", "eq(userId,null)", ["a@example.test"]),
    ("listOrganizationInvitations", 'gt(responseTime,"2024-01-05T10:00:00Z")', ["c@example.test"]),
    ("listOrganizationInvitations", 'not(gt(responseTime,"2024-01-05T10:00:00Z"))',
     ["b@example.test", "a@example.test"]),
    ("listOrganizationInvitations", 'eq(status,"PENDING")', ["a@example.test"]),
    ("listOrganizationInvitations", 'stw(emailAddress,"b@")', ["b@example.test"]),
    ("listOrganizationMemberships", 'eq(userId,"<other.uuid>")', ["<medmij>"]),
    ("listUserMemberships", 'eq(organizationId,"<nictiz>")', ["<nictiz>"]),
    ("listCommunicationStandardVersions", 'eq(communicationStandardId,"<fhir>")', ["R4", "STU3"]),
    ("listApiRequirementsVersions", 'eq(semVer.minor,1)', ["1.1.0"]),
]  # fmt: skip


@pytest.mark.parametrize(("operation", "expression", "expected"), FILTERS, ids=[case[1] for case in FILTERS])
def test_filter_selects(data, operation, expression, expected):
    assert listed(data, operation, filter=expression) == [filled(data, name) for name in expected]


SORTS = [
    ("listOrganizations", "", ORGANIZATIONS),
    ("listOrganizations", "desc(name)", list(reversed(ORGANIZATIONS))),
    ("listOrganizations", "asc(createTime)",
     ["VZVZ", "Nictiz", "MedMij", "Zorg & Co", "nictiz labs", "100% Open_Data"]),
    # NULL last ascending, first descending.
    ("listOrganizations", "asc(address.city),asc(name)",
     ["VZVZ", "MedMij", "Nictiz", "nictiz labs", "100% Open_Data", "Zorg & Co"]),
    ("listOrganizations", 'desc(address["city"]),asc(name)',
     ["100% Open_Data", "Zorg & Co", "nictiz labs", "MedMij", "Nictiz", "VZVZ"]),
    ("listOrganizations", "desc(address.city), desc(name)",
     ["Zorg & Co", "100% Open_Data", "nictiz labs", "Nictiz", "MedMij", "VZVZ"]),
    ("listOrganizations", "desc(year(createTime)),asc(name)",
     ["100% Open_Data", "Zorg & Co", "nictiz labs", "MedMij", "Nictiz", "VZVZ"]),
    ("listOrganizations", "asc(lower(name))",
     ["100% Open_Data", "MedMij", "Nictiz", "nictiz labs", "VZVZ", "Zorg & Co"]),
    ("listOrganizations", "asc(millisecond(createTime)),asc(name)",
     ["VZVZ", "100% Open_Data", "Nictiz", "Zorg & Co", "nictiz labs", "MedMij"]),
    ("listOrganizationInvitations", "", ["c@example.test", "b@example.test", "a@example.test"]),
    ("listOrganizationInvitations", "asc(responseTime)", ["b@example.test", "c@example.test", "a@example.test"]),
    ("listOrganizationInvitations", "desc(responseTime)", ["a@example.test", "c@example.test", "b@example.test"]),
    ("listApiSpecifications", "", SPECIFICATIONS),
    ("listApiSpecifications", "asc(createTime)", list(reversed(SPECIFICATIONS))),
    ("listApiSpecificationVersions", "", VERSIONS),
    ("listApiSpecificationVersions", "asc(semVer.major),desc(semVer.minor)",
     ["0.1.0", "1.0.0", "2.0.0-beta.1", "3.1.4"]),
    ("listApiSpecificationVersions", "desc(semVer.preRelease),asc(name)", ["2.0.0-beta.1", "0.1.0", "1.0.0", "3.1.4"]),
    ("listApiRequirementsVersionApiRequirements", "", REQUIREMENTS),
    ("listApiRequirementsVersionApiRequirements", "asc(category),desc(code)",
     ["SEC001", "SD003", "SD002", "SD001", "TST001"]),
    ("requirementsWithNumber", "desc(round(ratio)),asc(code)", ["SD001", "SD002", "SD003", "SEC001", "TST001"]),
    ("requirementsWithNumber", "desc(ceiling(ratio)),desc(code)", ["SEC001", "TST001", "SD003", "SD002", "SD001"]),
]  # fmt: skip


@pytest.mark.parametrize(("operation", "sort", "expected"), SORTS, ids=[f"{c[0]}:{c[1]}" for c in SORTS])
def test_sort_orders(data, operation, sort, expected):
    assert listed(data, operation, sort=sort) == expected


def test_skip_and_limit_take_a_slice_of_the_sorted_rows(data):
    assert listed(data, "listOrganizations", skip="1", limit="2") == ORGANIZATIONS[1:3]
    assert listed(data, "listOrganizations", skip="5", limit="100") == ORGANIZATIONS[5:]
    assert listed(data, "listOrganizations", skip="6") == []
    assert listed(data, "listOrganizations", skip="2147483647") == []


def test_pages_of_equal_sort_keys_neither_repeat_nor_skip_rows(data):
    """Two organizations share a city and two have none: the primary key breaks ties the same way on every page."""
    pages = [listed(data, "listOrganizations", sort="asc(address.city)", skip=str(n), limit="1") for n in range(6)]
    assert sorted(name for page in pages for name in page) == sorted(ORGANIZATIONS)


def test_count_is_the_size_of_the_filtered_set_not_of_the_page(data):
    spec, queryset, _ = LISTS["listOrganizations"]
    result = apply_query(queryset(), spec, {"filter": 'has(address.city,"Haag")', "count": "true", "limit": "1"})
    assert (result.total, [row.name for row in result.page]) == (2, ["MedMij"])
    assert apply_query(queryset(), spec, {"count": "true"}).total == 6
    assert apply_query(queryset(), spec, {"count": "false"}).total is None
    assert apply_query(queryset(), spec, {}).total is None


ERRORS = [
    ("listOrganizations", {"filter": "eq(nam,1)"}, "filter", "unknown field 'nam' at character 4"),
    ("listOrganizations", {"filter": 'gt(name,"a")'}, "filter", "'gt' at character 1 is not allowed on 'name'"),
    ("listOrganizations", {"filter": 'has(year(createTime),"2")'}, "filter", "not allowed on 'createTime'"),
    ("listOrganizations", {"filter": "eq(id,\"nope\")"}, "filter", '"nope" is not a UUID'),
    ("listOrganizations", {"filter": 'eq(address.country,"XX")'}, "filter", '"XX" is not one of AD, AE'),
    ("listOrganizations", {"filter": 'eq(createTime,"2024-03-16")'}, "filter", "is not an ISO 8601 date-time"),
    ("listOrganizations", {"filter": 'eq(createTime,"2024-02-30T00:00:00Z")'}, "filter", "not a valid date-time"),
    ("listOrganizations", {"filter": "eq(year(createTime),2023.5)"}, "filter", "an integer is expected, not 2023.5"),
    ("listOrganizations", {"filter": "eq(name,1)"}, "filter", "a string is expected, not 1"),
    ("listOrganizations", {"filter": "gt(createTime,null)"}, "filter", "null at character 15 can only be compared"),
    ("listOrganizations", {"filter": "eq(lower(createTime),1)"}, "filter",
     "lower() at character 4 applies to string fields"),
    ("listOrganizations", {"filter": f'reg(name,"{"a" * 201}")'}, "filter", "longer than 200 characters"),
    ("listOrganizations", {"filter": 'reg(name,"(")'}, "filter", "invalid regular expression at character 10"),
    ("listOrganizations", {"filter": "eq(name,"}, "filter", "unexpected end of input at character 9"),
    ("listOrganizations", {"filter": "and(eq(name,\"a\"))"}, "filter", "and() at character 1 takes two or more"),
    ("listApiRequirementsVersionApiRequirements", {"filter": 'eq(roles,"API_USER")'}, "filter",
     "'roles' at character 4 is a list"),
    ("listApiRequirementsVersionApiRequirements", {"filter": 'any(code,eq($it,"x"))'}, "filter",
     "'code' at character 5 is not a list"),
    ("listApiRequirementsVersionApiRequirements", {"filter": 'any(roles,eq($it,"ROLE"))'}, "filter",
     '"ROLE" is not one of API_CLIENT_DEPLOYER'),
    ("listApiRequirementsVersionApiRequirements", {"filter": 'any(roles,gt($it,"API_USER"))'}, "filter",
     "'gt' at character 11 is not allowed on '$it'"),
    ("listApiSpecifications", {"filter": 'any(mainVersion.trustFrameworkVersions,eq($it,"x"))'}, "filter",
     "the items of 'mainVersion.trustFrameworkVersions' are objects: use one of $it.id, $it.trustFrameworkId"),
    ("listOrganizations", {"sort": "asc(description)"}, "sort", "unknown field 'description' at character 5"),
    ("listOrganizations", {"sort": "up(name)"}, "sort", "asc(field) or desc(field) is expected at character 1"),
    ("listOrganizations", {"sort": "asc(year(name))"}, "sort", "year() at character 5 applies to date-time fields"),
    ("listOrganizations", {"skip": "-1"}, "skip", "an integer from 0 to 2147483647 is expected, not '-1'"),
    ("listOrganizations", {"skip": "2147483648"}, "skip", "an integer from 0"),
    ("listOrganizations", {"limit": "0"}, "limit", "an integer from 1 to 100 is expected, not '0'"),
    ("listOrganizations", {"limit": "101"}, "limit", "an integer from 1 to 100"),
    ("listOrganizations", {"limit": "ten"}, "limit", "not 'ten'"),
    ("listOrganizations", {"count": "yes"}, "count", "true or false is expected, not 'yes'"),
]  # fmt: skip


@pytest.mark.parametrize(("operation", "params", "location", "message"), ERRORS, ids=[str(c[1]) for c in ERRORS])
def test_bad_parameters_are_a_query_error_naming_the_parameter(data, operation, params, location, message):
    spec, queryset, _ = LISTS[operation]
    with pytest.raises(QueryError) as raised:
        apply_query(queryset(), spec, params)
    assert [detail["location"] for detail in raised.value.details] == [location]
    assert message in raised.value.details[0]["message"]
    assert raised.value.message.startswith(f"Invalid {location}: ")


def test_every_bad_parameter_is_reported_at_once(data):
    spec, queryset, _ = LISTS["listOrganizations"]
    with pytest.raises(QueryError) as raised:
        apply_query(queryset(), spec, {"filter": "eq(", "sort": "asc(x)", "skip": "a", "limit": "0", "count": "1"})
    assert [detail["location"] for detail in raised.value.details] == ["filter", "sort", "skip", "limit", "count"]


@pytest.mark.parametrize(
    "expression",
    [
        "",
        'eq(name,"BgZ API")',
        'and(any(mainVersion.communicationStandardVersions,eq($it.id,"<r4>")),'
        'all(mainVersion.trustFrameworkVersions,neq($it.trustFrameworkId,"<bgz>")),'
        'or(neq(mainVersion.lastDeclarationOfConformity.rankingLevel,"NONE"),eq(year(createTime),2023)),'
        'has(lower(name),"a"),not(reg(description,"^x")))',
    ],
)
def test_a_page_is_one_query_and_counting_one_more(data, django_assert_num_queries, expression):
    spec, queryset, _ = LISTS["listApiSpecifications"]
    params = {"filter": filled(data, expression), "sort": "desc(year(createTime)),asc(name)"}
    with django_assert_num_queries(1):
        list(apply_query(queryset(), spec, params).page)
    with django_assert_num_queries(2):
        list(apply_query(queryset(), spec, {**params, "count": "true"}).page)


CATASTROPHIC_FILTER = r'reg(description,"^(.*)(.*)(.*)\\1\\2\\3$")'


def test_a_catastrophic_regular_expression_times_out_as_a_query_error(data):
    spec, queryset, _ = LISTS["listApiSpecifications"]
    started = time.monotonic()
    with pytest.raises(QueryError) as raised, query_timeout(seconds=0.5):
        list(apply_query(queryset(), spec, {"filter": CATASTROPHIC_FILTER}).page)
    assert time.monotonic() - started < 5
    assert raised.value.details == [
        {
            "location": "filter",
            "message": "the filter took longer than 0.5 s to evaluate; make it simpler or more selective",
        }
    ]
    # The connection and the transaction it ran in carry on.
    with query_timeout():
        assert listed(data, "listApiSpecifications", filter='eq(name,"BgZ API")') == ["BgZ API"]


def test_statement_timeout_is_restored_after_the_block(postgres, data):
    with postgres.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()
        with query_timeout(seconds=1.5):
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone() == ("1500ms",)
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == before


def test_a_regular_expression_postgresql_rejects_is_a_query_error(postgres, data):
    """Python accepts a{300}; PostgreSQL allows at most 255 repetitions."""
    spec, queryset, _ = LISTS["listOrganizations"]
    with pytest.raises(QueryError, match="the database rejected the regular expression: invalid regular expression"):
        with query_timeout():
            list(apply_query(queryset(), spec, {"filter": 'reg(name,"a{300}")'}).page)


def test_case_sensitive_matching_does_not_depend_on_the_database(data):
    """LIKE ignores ASCII case on SQLite; has/stw/enw must not (they use INSTR/SUBSTR there)."""
    for expression, expected in [
        ('has(name,"NICTIZ")', []),
        ('stw(name,"NIC")', []),
        ('enw(name,"LABS")', []),
        ('has(name,"é")', []),
        ('stw(name,"")', ORGANIZATIONS),
    ]:
        assert listed(data, "listOrganizations", filter=expression) == expected


SAMPLES = {
    ValueType.STRING: '"1.2"',
    ValueType.INTEGER: "1",
    ValueType.NUMBER: "0.5",
    ValueType.BOOLEAN: "true",
    ValueType.DATETIME: '"2024-01-01T00:00:00Z"',
    ValueType.UUID: '"533d3fe3-bccc-405a-9904-4f516e892856"',
}


def _every_comparison(names, item=None, in_list=False):
    """One filter per declared field and operator, lists through any() and all()."""
    fields = {**names, **({"": item} if item else {})}
    for name, declared in fields.items():
        path = ("$it." + name if name else "$it") if in_list else name
        if isinstance(declared, ListField):
            for body in _every_comparison(declared.fields, declared.item, True):
                yield f"any({path},{body})"
                yield f"all({path},{body})"
            continue
        value = json.dumps(declared.enum[0]) if declared.enum else SAMPLES[declared.type]
        for operator in sorted(declared.operators):
            yield f"{operator}({path},{value})"


@pytest.mark.parametrize("operation", sorted(QUERY_SPECS))
def test_every_declared_field_filters_and_sorts_on_its_list(data, operation):
    """Each lookup of the declarations names a real column: no filter or sort can fail in the database."""
    spec, queryset, _ = LISTS[operation]
    for expression in _every_comparison(spec.filters):
        _run(queryset(), spec, {"filter": expression})
    for name in spec.sorts:
        _run(queryset(), spec, {"sort": f"asc({name}),desc({name})"})


GENERATED = [
    "listOrganizations",
    "organizationsWithBoolean",
    "listOrganizationInvitations",
    "listApiRequirementsVersionApiRequirements",
    "requirementsWithNumber",
    "listApiSpecifications",
    "specificationsWithVersions",
    "listApiSpecificationVersions",
    "listInformationStandards",
    "listInformationStandardVersions",
]


def _run(queryset, spec, params):
    with query_timeout(seconds=5):
        result = apply_query(queryset, spec, params)
        return list(result.page), result.total


@pytest.mark.parametrize("operation", GENERATED)
def test_generated_well_formed_queries_execute(data, operation):
    spec, queryset, _ = LISTS[operation]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(filter_expressions(spec.filters), sort_expressions(spec), st.integers(0, 10), st.integers(1, 100))
    def execute(filter_text, sort_text, skip, limit):
        page, total = _run(queryset(), spec, {"filter": filter_text, "sort": sort_text, "skip": str(skip),
                                              "limit": str(limit), "count": "true"})  # fmt: skip
        assert len(page) <= limit and total >= len(page)

    execute()


@pytest.mark.parametrize("operation", ["listOrganizations", "listApiSpecifications"])
def test_random_parameters_only_ever_raise_query_error(data, operation):
    spec, queryset, _ = LISTS[operation]
    texts = st.one_of(st.text(max_size=40), st.sampled_from(["", "true", "1", "eq(name,", 'reg(name,"(")']))

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(["filter", "sort", "skip", "limit", "count"]), texts))
    def execute(params):
        try:
            _run(queryset(), spec, params)
        except QueryError:
            pass

    execute()
