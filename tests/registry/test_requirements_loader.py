"""The Nictiz API requirements loader: markdown parsing, the real 1.2.0 folder, idempotent loading by platform
staff, the command."""

import re
import shutil
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper

from epdee.core.errors import Invalid
from registry.demo import seed_api_requirements
from registry.models import ApiRequirement, ApiRequirementClassification, ApiRequirementsVersion
from registry.models.choices import (
    ApiArchitecturalStyle,
    ApiPerspectiveType,
    ApiRequirementCategory,
    ApiRole,
    ApiStandardizationLevel,
    RequirementLevel,
)
from registry.requirements_parser import (
    parse_markdown,
    parse_requirements,
    parse_version,
    slugify,
    truncate,
)
from registry.services import load_api_requirements
from tests.core.factories import UserFactory

PAGE = "https://nictiz.github.io/api-requirements-docs/v1.2.0/api-design-rules/"
ALL_STYLES = ("REST", "SOAP", "GRAPHQL", "ODATA", "GRPC", "OTHER")


def table(roles="API server developer", levels="TSA, FSA", status="Final", extra=""):
    return f"""
|                            |          |
|----------------------------|----------|
| **Applicable roles**       | {roles}  |
| **Standardization levels** | {levels} |
| **Status**                 | {status} |
| **Since version**          | 1.0.0    |
{extra}"""


def parse(text, category="API_DESIGN_RULES"):
    return {r.code: r for r in parse_markdown(text, category=category, page_url=PAGE)}


# ----------------------------------------------------------------------------------------------- parsing snippets


def test_requirement_headings_of_any_level_are_found():
    text = f"""# API design rules

## XX001: First level two requirement MUST hold
{table()}
### XX002: A level three requirement SHOULD hold
{table()}
#### XX003: A level four requirement MAY hold
{table()}
"""
    parsed = parse(text)
    assert list(parsed) == ["XX001", "XX002", "XX003"]
    assert [r.requirement_level for r in parsed.values()] == ["MUST", "SHOULD", "MAY"]
    assert parsed["XX002"].description == "A level three requirement SHOULD hold"


def test_negative_key_words_give_the_negative_levels():
    text = f"""## XX001: Clients MUST NOT cache responses
{table()}
## XX002: Servers SHOULD NOT redirect
{table()}
## XX003: Servers SHALL NOT and NOT RECOMMENDED words are RFC 2119 too
{table()}
"""
    parsed = parse(text)
    assert parsed["XX001"].requirement_level == "MUST_NOT"
    assert parsed["XX002"].requirement_level == "SHOULD_NOT"
    assert parsed["XX003"].requirement_level == "MUST_NOT"


def test_score_is_one_except_for_optional_requirements():
    text = f"""## XX001: A MUST requirement
{table()}
## XX002: A SHOULD requirement
{table()}
## XX003: A requirement that MAY be met
{table()}
"""
    parsed = parse(text)
    assert [parsed[c].score for c in ("XX001", "XX002", "XX003")] == [1, 1, 0]


def test_sub_requirements_are_requirements_that_inherit_from_their_parent():
    text = f"""## Generic

### XX002: Developers MUST only apply standard HTTP methods

The HTTP specification ([RFC 7231](https://datatracker.ietf.org/doc/html/rfc7231)) offers standard methods.
Adhering to it is **crucial**.

Second paragraph.
{table(roles="API server developer, API client developer", levels="OA, FSA")}
#### Sub-requirements

- **XX002.001**: HTTP `GET` method **MUST** be used to retrieve a resource representation for the given URI
    - Data is only retrieved and never modified.
- **XX002.002**: HTTP PUT method **MUST** be used to create a resource with the given URI or replace (full update) a
resource when the resource already exists
- **XX002.003**: HTTP `POST` method **MUST NOT** behave as safe, before it MAY be retried
    - First note, wrapped
      over two lines.
    - Second note.

| Method | Operation |
|--------|-----------|
| `GET`  | Read      |
"""
    parsed = parse(text)
    assert list(parsed) == ["XX002", "XX002.001", "XX002.002", "XX002.003"]
    parent = parsed["XX002"]
    assert parent.explanation == (
        "The HTTP specification (RFC 7231) offers standard methods. Adhering to it is crucial.\n\nSecond paragraph."
    )
    assert parent.url == f"{PAGE}#xx002-developers-must-only-apply-standard-http-methods"

    first, wrapped, negative = parsed["XX002.001"], parsed["XX002.002"], parsed["XX002.003"]
    assert first.description == "HTTP GET method MUST be used to retrieve a resource representation for the given URI"
    assert first.explanation == "Data is only retrieved and never modified."
    # A continuation line at column 0 (markdown's lazy continuation) belongs to the bullet.
    assert wrapped.description.endswith("replace (full update) a resource when the resource already exists")
    assert wrapped.explanation is None
    # The bold key word decides, not a later plain one.
    assert negative.requirement_level == "MUST_NOT"
    assert negative.explanation == "First note, wrapped over two lines. Second note."
    for sub in (first, wrapped, negative):
        assert sub.parent_code == "XX002"
        assert sub.url == parent.url  # no heading of their own: the parent's anchor
        assert sub.roles == ("API_SERVER_DEVELOPER", "API_CLIENT_DEVELOPER")
        assert sub.standardization_levels == ("OPEN_API", "FULLY_STANDARDIZED_API")
        assert sub.perspective_types == parent.perspective_types
        assert sub.architectural_styles == ALL_STYLES
        assert sub.category == "API_DESIGN_RULES"


def test_table_rows_map_to_roles_and_standardization_levels():
    roles = "API specifier, API server deployer, API client deployer"
    extra = "| **Dutch National API strategy** | API-03 |"
    text = f"## XX001: Everyone MUST comply\n{table(roles=roles, levels='OA, TSA, FSA', extra=extra)}"
    requirement = parse(text)["XX001"]
    assert requirement.roles == ("API_SPECIFIER", "API_SERVER_DEPLOYER", "API_CLIENT_DEPLOYER")
    assert requirement.standardization_levels == (
        "OPEN_API",
        "TECHNICALLY_STANDARDIZED_API",
        "FULLY_STANDARDIZED_API",
    )
    assert requirement.perspective_types == ("API_SPECIFICATION", "API_SERVER_DEPLOYMENT", "API_CLIENT_DEPLOYMENT")
    assert requirement.since_version == "1.0.0"
    assert requirement.status == "Final"


def test_requirements_of_api_agreements_also_have_the_agreement_perspective():
    text = f"""## AG001: API Service Levels MUST be openly and freely available
{table(roles="API server deployer")}
"""
    requirement = parse(text, category="API_AGREEMENTS")["AG001"]
    assert requirement.perspective_types == ("API_SERVER_DEPLOYMENT", "API_AGREEMENT")


def test_soap_and_restful_sections_limit_the_architectural_style():
    text = f"""# API design rules

## Generic

### DR001: Interfaces MUST be defined in English
{table()}
## SOAP

### DR-S001: APIs MAY use MTOM/XOP for formatting binary data
{table()}
## RESTful

Prose about resources.

### DR-R001: APIs MUST use nouns to name resources
{table()}
#### Sub-requirements

- **DR-R001.001**: Nouns **MUST** be used
"""
    parsed = parse(text)
    assert parsed["DR001"].architectural_styles == ALL_STYLES
    assert parsed["DR-S001"].architectural_styles == ("SOAP",)
    assert parsed["DR-R001"].architectural_styles == ("REST",)
    assert parsed["DR-R001.001"].architectural_styles == ("REST",)
    assert parsed["DR-S001"].url == f"{PAGE}#dr-s001-apis-may-use-mtomxop-for-formatting-binary-data"


@pytest.mark.parametrize(
    "title, anchor",
    [
        (
            "SD001: API documentation MUST be publicly and freely available",
            "sd001-api-documentation-must-be-publicly-and-freely-available",
        ),
        (
            "AG004: When an API server deployer charges API client developers and/or API client deployers",
            "ag004-when-an-api-server-deployer-charges-api-client-developers-andor-api-client-deployers",
        ),
        (
            "LM008: An API specification MUST comply with Semantic Versioning specification (SemVer) version 2.0.0",
            "lm008-an-api-specification-must-comply-with-semantic-versioning-specification-semver-version-200",
        ),
        ("SC006: Specifications for 'System APIs' MUST use", "sc006-specifications-for-system-apis-must-use"),
    ],
)
def test_anchors_are_slugified_like_mkdocs(title, anchor):
    assert slugify(title) == anchor


def test_a_repeated_anchor_gets_a_number_like_mkdocs():
    # A plain heading takes "xx001-must-hold" first; the requirement's identical slug becomes "_1" (toc's unique()).
    text = f"""## XX001 MUST hold

## XX001: MUST hold
{table()}
"""
    assert parse(text)["XX001"].url == f"{PAGE}#xx001-must-hold_1"


def test_malformed_requirements_are_refused_with_their_code():
    with pytest.raises(Invalid, match="XX001.*no attribute table"):
        parse("## XX001: No table MUST fail\n\nJust prose.\n")
    with pytest.raises(Invalid, match="unknown role 'API tester'"):
        parse(f"## XX001: Odd role MUST fail\n{table(roles='API tester')}")
    with pytest.raises(Invalid, match="unknown standardization level 'XSA'"):
        parse(f"## XX001: Odd level MUST fail\n{table(levels='OA, XSA')}")
    with pytest.raises(Invalid, match="no requirement key word"):
        parse(f"## XX001: Without a key word\n{table()}")
    with pytest.raises(Invalid, match="XX002.001: listed under XX001"):
        parse(f"## XX001: Parent MUST hold\n{table()}\n- **XX002.001**: Stray **MUST** fail\n")


def test_long_texts_are_cut_at_a_word_boundary():
    text = " ".join(["requirement"] * 200)
    cut = truncate(text, 1000)
    assert len(cut) <= 1000
    assert cut.endswith("requirement…")
    assert truncate("short", 1000) == "short"
    assert truncate(None) is None
    parsed = parse(f"## XX001: Long explanation MUST be cut\n\n{text}.\n{table()}")
    assert len(parsed["XX001"].explanation) <= 1000


def test_deprecated_requirements_are_skipped_with_their_sub_requirements(tmp_path):
    (tmp_path / "api-design-rules.md").write_text(
        f"""# API design rules

## DR001: Kept MUST hold
{table()}
## DR002: Dropped MUST hold
{table(status="Deprecated")}
### Sub-requirements

- **DR002.001**: Dropped too **MUST** hold
"""
    )
    assert [r.code for r in parse_requirements(tmp_path)] == ["DR001"]


def test_files_that_are_not_requirement_categories_are_ignored(tmp_path):
    (tmp_path / "notational-conventions.md").write_text(f"## XX001: Not a category file MUST be ignored\n{table()}")
    with pytest.raises(Invalid, match="no API requirement documents"):
        parse_requirements(tmp_path)
    (tmp_path / "api-testability.md").write_text(
        f"\ufeff# API testability\n\n## TS001: Test tooling MUST exist\n{table()}"
    )
    assert [(r.code, r.category) for r in parse_requirements(tmp_path)] == [("TS001", "API_TESTABILITY")]


def test_version_comes_from_the_name_and_the_changelog(tmp_path):
    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## [Unreleased]\n\n"
        "## [2.1.0] - 2024-02-29\n\nThis release adds things.\n\n"
        "## [2.0.0] - 2023-01-01\n"
    )
    version = parse_version(tmp_path, "2.1.0")
    assert version.sem_ver == (2, 1, 0, "", "")
    assert version.url == "https://nictiz.github.io/api-requirements-docs/v2.1.0/"
    assert version.publish_time == datetime(2024, 2, 29, tzinfo=UTC)
    assert version.description == "This release adds things."
    assert parse_version(tmp_path, "3.0.0-rc.1").publish_time is None
    with pytest.raises(Invalid, match="not a SemVer"):
        parse_version(tmp_path, "latest")


# ----------------------------------------------------------------------------------------------- the real 1.2.0 folder


@pytest.fixture
def requirements_dir(shared_dir):
    folder = shared_dir / "zorgapis" / "api-requirements-1.2.0"
    assert folder.is_dir(), f"{folder} is missing from the shared reference data"
    return folder


@pytest.fixture
def parsed(requirements_dir):
    return {r.code: r for r in parse_requirements(requirements_dir)}


def count_with_a_plain_regex(folder: Path) -> tuple[int, int]:
    requirements = sub_requirements = 0
    for path in folder.glob("*.md"):
        text = path.read_text(encoding="utf-8-sig")
        requirements += len(re.findall(r"(?m)^#+ [A-Z]{2}(?:-[A-Z])?\d{3}: ", text))
        sub_requirements += len(re.findall(r"(?m)^- \*\*[A-Z]{2}(?:-[A-Z])?\d{3}\.\d{3}\*\*: ", text))
    return requirements, sub_requirements


def test_every_requirement_and_sub_requirement_of_the_folder_is_parsed(requirements_dir, parsed):
    requirements, sub_requirements = count_with_a_plain_regex(requirements_dir)
    assert requirements > 50 and sub_requirements > 100
    assert sum(r.parent_code is None for r in parsed.values()) == requirements
    assert sum(r.parent_code is not None for r in parsed.values()) == sub_requirements
    # 1.2.0 withdraws nothing, so nothing was skipped: every status is Final.
    statuses = re.findall(r"\*\*Status\*\*\s*\|\s*(\w+)", "".join(p.read_text() for p in requirements_dir.glob("*.md")))
    assert set(statuses) == {"Final"} and len(statuses) == requirements


def test_known_requirements_have_their_level_category_and_classifications(parsed):
    dr001 = parsed["DR001"]
    assert (dr001.description, dr001.requirement_level, dr001.category) == (
        "Interfaces MUST be defined in English",
        "MUST",
        "API_DESIGN_RULES",
    )
    assert dr001.roles == ("API_SPECIFIER",)
    assert dr001.standardization_levels == ("TECHNICALLY_STANDARDIZED_API", "FULLY_STANDARDIZED_API")
    assert dr001.explanation.startswith("Healthcare APIs are used internationally")

    dr002_001 = parsed["DR002.001"]
    assert dr002_001.description.startswith("HTTP GET method MUST be used")
    assert (dr002_001.requirement_level, dr002_001.parent_code, dr002_001.roles) == (
        "MUST",
        "DR002",
        ("API_SERVER_DEVELOPER",),
    )
    assert dr002_001.explanation == "Data is only retrieved and never modified."
    assert parsed["DR003.007"].requirement_level == "MUST_NOT"

    # The spec's own example of an ApiRequirement (v1beta2.yaml, components.schemas.ApiRequirement).
    sd001 = parsed["SD001"]
    assert sd001.description == "API documentation MUST be publicly and freely available"
    assert sd001.url == (
        "https://nictiz.github.io/api-requirements-docs/v1.2.0/api-specification-and-documentation/"
        "#sd001-api-documentation-must-be-publicly-and-freely-available"
    )
    assert (sd001.requirement_level, sd001.score, sd001.category) == ("MUST", 1, "API_SPECIFICATION_AND_DOCUMENTATION")
    assert sd001.roles == ("API_SPECIFIER",) and sd001.perspective_types == ("API_SPECIFICATION",)
    assert sd001.architectural_styles == ALL_STYLES
    assert parsed["SD001.002"].requirement_level == "MAY" and parsed["SD001.002"].score == 0
    assert parsed["SD001.002"].url == sd001.url

    assert parsed["DR-S001"].architectural_styles == ("SOAP",)
    assert parsed["SC-R001"].architectural_styles == ("REST",)
    assert parsed["AG002.002"].requirement_level == "MUST_NOT"
    assert "API_AGREEMENT" in parsed["AG001"].perspective_types
    assert parsed["IS003"].standardization_levels == ("FULLY_STANDARDIZED_API",)
    assert parsed["LM007"].roles == ("API_CLIENT_DEPLOYER",)
    assert parsed["LM007"].perspective_types == ("API_CLIENT_DEPLOYMENT",)


def test_style_infixes_of_codes_agree_with_their_sections(parsed):
    for code, requirement in parsed.items():
        if re.match(r"^[A-Z]{2}-S", code):
            assert requirement.architectural_styles == ("SOAP",), code
        elif re.match(r"^[A-Z]{2}-R", code):
            assert requirement.architectural_styles == ("REST",), code
        else:
            assert requirement.architectural_styles == ALL_STYLES, code


def test_every_value_is_one_of_the_spec_enums(shared_dir, parsed):
    schemas = yaml.safe_load((shared_dir / "zorgapis" / "v1beta2.yaml").read_text())["components"]["schemas"]
    fields = {
        "requirement_level": ("RequirementLevel", RequirementLevel),
        "category": ("ApiRequirementCategory", ApiRequirementCategory),
        "roles": ("ApiRole", ApiRole),
        "perspective_types": ("ApiPerspectiveType", ApiPerspectiveType),
        "architectural_styles": ("ApiArchitecturalStyle", ApiArchitecturalStyle),
        "standardization_levels": ("ApiStandardizationLevel", ApiStandardizationLevel),
    }
    for field_name, (schema, choices) in fields.items():
        produced = set()
        for requirement in parsed.values():
            value = getattr(requirement, field_name)
            produced.update(value if isinstance(value, tuple) else [value])
        assert produced, field_name
        assert produced <= set(schemas[schema]["enum"]), field_name
        # registry/models/choices.py knows each of them (as a member named like the spec's value).
        assert produced <= set(choices.names), field_name


def test_texts_fit_the_spec_lengths(shared_dir, parsed):
    schema = yaml.safe_load((shared_dir / "zorgapis" / "v1beta2.yaml").read_text())["components"]["schemas"]
    limits = {
        name: schema["ApiRequirement"]["properties"][name]["maxLength"] for name in ("code", "description", "url")
    }
    limits["explanation"] = schema["ApiRequirement"]["properties"]["explanation"]["maxLength"]
    for requirement in parsed.values():
        for name, limit in limits.items():
            value = getattr(requirement, name)
            assert value is None or 0 < len(value) <= limit, (requirement.code, name)
        assert requirement.description and requirement.score >= 0


# ----------------------------------------------------------------------------------------------- loading


@pytest.fixture
def superadmin(db):
    return UserFactory(superadmin=True)


def snapshot(version_name="1.2.0"):
    requirements = ApiRequirement.objects.filter(version__name=version_name)
    return {
        "version": list(ApiRequirementsVersion.objects.values_list("id", "update_time")),
        "requirements": sorted(requirements.values_list("code", "id", "update_time")),
        "classifications": sorted(
            ApiRequirementClassification.objects.filter(requirement__version__name=version_name).values_list(
                "id", "requirement__code", "kind", "value", "position"
            )
        ),
    }


def test_loading_creates_the_version_and_every_requirement(requirements_dir, parsed, superadmin):
    report = load_api_requirements(requirements_dir, by=superadmin)

    assert (report.version_state, report.created, report.updated, report.deleted) == ("created", len(parsed), 0, 0)
    version = ApiRequirementsVersion.objects.get(name="1.2.0")
    assert (version.sem_ver_major, version.sem_ver_minor, version.sem_ver_patch) == (1, 2, 0)
    assert version.lifecycle_state == "PUBLISHED"
    assert version.url == "https://nictiz.github.io/api-requirements-docs/v1.2.0/"
    assert version.publish_time == datetime(2023, 7, 12, tzinfo=UTC)  # CHANGELOG.md: "## [1.2.0] - 2023-07-12"
    assert "non-FHIR REST APIs" in version.description and len(version.description) <= 1000
    assert version.created_by == superadmin == version.updated_by
    assert ApiRequirement.objects.filter(version=version).count() == len(parsed)

    dr002_001 = ApiRequirement.objects.get(version=version, code="DR002.001")
    assert (dr002_001.requirement_level, dr002_001.score, dr002_001.category) == ("MUST", 1, "API_DESIGN_RULES")
    assert dr002_001.values_of("roles") == ["API_SERVER_DEVELOPER"]
    assert dr002_001.values_of("standardizationLevels") == ["TECHNICALLY_STANDARDIZED_API", "FULLY_STANDARDIZED_API"]
    assert dr002_001.values_of("architecturalStyles") == list(ALL_STYLES)  # in order, by position
    assert dr002_001.values_of("perspectiveTypes") == ["API_SERVER_IMPLEMENTATION"]
    assert dr002_001.created_by == superadmin


def test_loading_twice_changes_nothing(requirements_dir, parsed, superadmin, django_assert_max_num_queries):
    load_api_requirements(requirements_dir, by=superadmin)
    before = snapshot()

    someone_else = UserFactory(superadmin=True)

    with django_assert_max_num_queries(10):  # reads only: no write per requirement
        report = load_api_requirements(requirements_dir, by=someone_else)

    assert (report.version_state, report.created, report.updated, report.unchanged, report.deleted) == (
        "unchanged",
        0,
        0,
        len(parsed),
        0,
    )
    assert snapshot() == before


def test_reloading_an_edited_folder_updates_and_deletes_only_what_changed(requirements_dir, superadmin, tmp_path):
    load_api_requirements(requirements_dir, by=superadmin)
    before = dict(ApiRequirement.objects.values_list("code", "update_time"))
    folder = tmp_path / "api-requirements-1.2.0"
    shutil.copytree(requirements_dir, folder)
    path = folder / "api-specification-and-documentation.md"
    text = path.read_text(encoding="utf-8-sig")
    # Drop SD014 (the file's last requirement) and one sub-requirement; reword another and change SD013's roles.
    text = text[: text.index("## SD014:")]
    text = re.sub(r"(?m)^- \*\*SD004\.004\*\*:.*\n(?:  .*\n)*", "", text)
    text = text.replace("SD004.001**: A FAQ **SHOULD**", "SD004.001**: A FAQ **MUST**")
    sd013 = text.index("## SD013:")
    text = text[:sd013] + text[sd013:].replace("| API specifier |", "| API server deployer |", 1)
    path.write_text(text)
    second_user = UserFactory(superadmin=True)

    report = load_api_requirements(folder, by=second_user)

    assert (report.created, report.updated, report.deleted) == (0, 2, 2)
    after = dict(ApiRequirement.objects.values_list("code", "update_time"))
    assert set(before) - set(after) == {"SD014", "SD004.004"}
    changed = {code for code in after if after[code] != before[code]}
    assert changed == {"SD004.001", "SD013"}
    sd004_001 = ApiRequirement.objects.get(code="SD004.001")
    assert (sd004_001.requirement_level, sd004_001.updated_by, sd004_001.created_by) == (
        "MUST",
        second_user,
        superadmin,
    )
    sd013 = ApiRequirement.objects.get(code="SD013")
    assert sd013.values_of("roles") == ["API_SERVER_DEPLOYER"]
    assert sd013.values_of("perspectiveTypes") == ["API_SERVER_DEPLOYMENT"]
    assert ApiRequirementClassification.objects.filter(requirement__code="SD014").count() == 0


def test_a_later_deprecation_of_the_version_survives_a_reload(requirements_dir, superadmin):
    report = load_api_requirements(requirements_dir, by=superadmin)
    ApiRequirementsVersion.objects.filter(pk=report.version.pk).update(lifecycle_state="DEPRECATED")

    assert load_api_requirements(requirements_dir, by=superadmin).version_state == "unchanged"
    assert ApiRequirementsVersion.objects.get(pk=report.version.pk).lifecycle_state == "DEPRECATED"


# ----------------------------------------------------------------------------------------------- command and demo


def test_the_command_loads_as_the_first_superuser_and_prints_counts(requirements_dir, parsed, superadmin):
    UserFactory(superadmin=True)
    out = StringIO()
    call_command("load_api_requirements", str(requirements_dir), stdout=out)
    assert f"{len(parsed)} created, 0 updated, 0 unchanged, 0 deleted" in out.getvalue()
    assert ApiRequirementsVersion.objects.get(name="1.2.0").created_by == superadmin

    out = StringIO()
    call_command("load_api_requirements", str(requirements_dir), "--version-name", "1.2.0", stdout=out)
    assert f"0 created, 0 updated, {len(parsed)} unchanged, 0 deleted" in out.getvalue()


def test_the_command_acts_as_the_given_user(requirements_dir, db):
    user = UserFactory(staff=True)
    call_command("load_api_requirements", str(requirements_dir), "--as-user", user.email.upper(), stdout=StringIO())
    assert ApiRequirementsVersion.objects.get(name="1.2.0").created_by == user
    with pytest.raises(CommandError, match="No active user with e-mail address nobody@example.test"):
        call_command("load_api_requirements", str(requirements_dir), "--as-user", "nobody@example.test")


def test_the_command_refuses_a_user_who_is_not_platform_staff(requirements_dir, db):
    with pytest.raises(CommandError, match="Only platform staff may publish API requirements versions"):
        call_command("load_api_requirements", str(requirements_dir), "--as-user", UserFactory().email)
    assert not ApiRequirementsVersion.objects.exists()


def test_the_command_refuses_a_missing_or_empty_folder(superadmin, tmp_path):
    with pytest.raises(CommandError, match="No such folder: .*does-not-exist"):
        call_command("load_api_requirements", str(tmp_path / "does-not-exist"))
    with pytest.raises(CommandError, match="holds no API requirement documents"):
        call_command("load_api_requirements", str(tmp_path))
    assert not ApiRequirementsVersion.objects.exists()


def test_the_command_needs_someone_to_act_as(requirements_dir, db):
    UserFactory(superadmin=True, is_active=False)
    with pytest.raises(CommandError, match="No active superuser"):
        call_command("load_api_requirements", str(requirements_dir))


def test_the_demo_seeder_loads_the_requirements_as_the_demo_superadmin(shared_dir, monkeypatch, db):
    monkeypatch.setenv("EPDEE_SHARED_DIR", str(shared_dir))
    superadmin = UserFactory(superadmin=True, email="superadmin@epdee.example")
    out = StringIO()
    seed_api_requirements(OutputWrapper(out))  # as seed_demo calls its DEMO_SEEDERS
    assert "API requirements version 1.2.0 created" in out.getvalue()
    assert ApiRequirementsVersion.objects.get(name="1.2.0").created_by == superadmin
    seed_api_requirements(OutputWrapper(out))
    assert "version 1.2.0 unchanged" in out.getvalue()


def test_the_demo_seeder_skips_quietly_without_the_shared_folder(tmp_path, monkeypatch, db):
    monkeypatch.setenv("EPDEE_SHARED_DIR", str(tmp_path))
    out = StringIO()
    seed_api_requirements(OutputWrapper(out))
    assert out.getvalue().count("\n") == 1 and "skipped" in out.getvalue()
    assert not ApiRequirementsVersion.objects.exists()
