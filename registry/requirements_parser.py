"""Read the Nictiz API requirements (markdown, ../shared/zorgapis/api-requirements-1.2.0) as registry fields.

Parsing only: a folder or a markdown text in, `ParsedRequirement`s out, no database. The service
`registry.services.requirements_loader.load_api_requirements()` upserts them as one `ApiRequirementsVersion`.

Where each field of the spec's `ApiRequirement` comes from (the quotes are from the documents):

- **code, description**: a heading of any level `### DR001: Interfaces MUST be defined in English`; codes may carry
  a style infix (`DR-S001`, `SC-R002`). Sub-requirements are the bullets `- **DR002.001**: HTTP GET method **MUST** ...`
  and are requirements in their own right. Markdown markup is removed ("**MUST**" -> "MUST", links -> their text).
- **explanation**: the prose between a requirement's heading and its attribute table (notational-conventions.md,
  "Rules for writing requirements": "The explanation text MUST be capitalized / MUST end with a period"); text after
  the table (examples, method tables) is illustration, not the explanation. A sub-requirement's explanation is its
  nested bullets (`    - Data is only retrieved and never modified.`). None when there is no such text.
- **requirementLevel**: the RFC 2119 key word of the title or bullet — the bold one in a bullet, else the first upper
  case one ("The key words "MUST", "MUST NOT", "REQUIRED", "SHALL", ... are to be interpreted as described in RFC 2119";
  REQUIRED/SHALL count as MUST, SHALL NOT as MUST NOT, RECOMMENDED as SHOULD, NOT RECOMMENDED as SHOULD NOT,
  OPTIONAL as MAY).
- **score**: the documents define no scoring. The spec's only example scores SD001 (a MUST) 1. We score by level:
  MUST, MUST NOT, SHOULD and SHOULD NOT score 1, since conforming to them is what the levels of standardization
  measure; MAY scores 0 because RFC 2119 calls such an item "truly optional", so conforming to it or not must not
  move an API's ranking.
- **category**: the file: `api-design-rules.md` -> `API_DESIGN_RULES` (file stem, upper case, `-` -> `_`); files
  whose stem is not an `ApiRequirementCategory` (definitions, conventions, changelog) hold no requirements.
- **url**: `https://nictiz.github.io/api-requirements-docs/v{version}/{file stem}/#{anchor}`, the anchor being the
  heading's id as MkDocs (Python-Markdown's toc extension, the site's default) makes it: ASCII, punctuation dropped,
  lower case, spaces to `-`, `_1`, `_2` for repeats on a page. Sub-requirements have no heading of their own and link
  to their parent's anchor.
- **roles** and **standardizationLevels**: the table rows "Applicable roles" ("API server developer" ->
  `API_SERVER_DEVELOPER`) and "Standardization levels" (OA, TSA, FSA -> `OPEN_API`, `TECHNICALLY_STANDARDIZED_API`,
  `FULLY_STANDARDIZED_API`, definitions-and-scope.md "API levels of standardization"). Sub-requirements have no table
  and inherit both from their parent: "A sub-requirement MUST NOT apply to other roles or standardization levels than
  the main requirement it belongs to" (notational-conventions.md).
- **perspectiveTypes**: not stated per requirement. definitions-and-scope.md says "this specification differentiates
  between API specifications, API implementations and API deployments" and gives each role its responsibility
  ("API specifier: ... technically specifying the API", "API server developer: ... supplying software", "API server
  deployer: ... deploying an API", likewise for clients), so the perspectives follow from the roles (ROLE_PERSPECTIVES).
  Requirements of api-agreements.md also get `API_AGREEMENT`: they are the terms of use ("API Service Levels MUST be
  documented in the form of an agreement between API server deployer, API client developer and/or API client
  deployer", AG001.001).
- **architecturalStyles**: not stated per requirement. api-design-rules.md and api-security.md group requirements
  under "## SOAP" and "## RESTful" sections (and give them the `-S`/`-R` code infix), so a requirement under such a
  section gets that one style. All others get every style: "This specification strives to provide requirements that
  apply to all flavours of WEB APIs" (definitions-and-scope.md, "API protocols and API styles").
- **status**: "Final", "Draft" and "Superseded" ("the requirement itself is not going away") are loaded;
  "Deprecated" ("no longer to be used for conformity assessment") and withdrawn/removed/retired requirements are
  skipped with their sub-requirements. Version 1.2.0 has only "Final" ones. Sub-requirements share their parent's.

Texts longer than the spec's maxLength (1000) are cut at a word boundary and end in "…".
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from epdee.core.errors import Invalid

from .models import ApiRequirementClassification
from .models.choices import (
    ApiArchitecturalStyle,
    ApiPerspectiveType,
    ApiRequirementCategory,
    ApiRole,
    ApiStandardizationLevel,
    RequirementLevel,
)

# The spec's enum strings ("MUST_NOT", "API_SPECIFIER") are the choices' member names, so the loader writes
# `Member.name`: that is the spec's string whatever display text registry/models/choices.py gives as the value.

DOCS_BASE_URL = "https://nictiz.github.io/api-requirements-docs/"
TEXT_MAX_LENGTH = 1000  # ApiRequirement.description / explanation and ApiRequirementsVersion.description
CODE_MAX_LENGTH = 50

Kind = ApiRequirementClassification.Kind

# notational-conventions.md: RFC 2119 key words. Longer phrases first so "MUST NOT" wins over "MUST".
KEYWORD_LEVELS = {
    "MUST NOT": RequirementLevel.MUST_NOT.name,
    "SHALL NOT": RequirementLevel.MUST_NOT.name,
    "SHOULD NOT": RequirementLevel.SHOULD_NOT.name,
    "NOT RECOMMENDED": RequirementLevel.SHOULD_NOT.name,
    "MUST": RequirementLevel.MUST.name,
    "SHALL": RequirementLevel.MUST.name,
    "REQUIRED": RequirementLevel.MUST.name,
    "SHOULD": RequirementLevel.SHOULD.name,
    "RECOMMENDED": RequirementLevel.SHOULD.name,
    "MAY": RequirementLevel.MAY.name,
    "OPTIONAL": RequirementLevel.MAY.name,
}
_KEYWORDS = "|".join(re.escape(k) for k in KEYWORD_LEVELS)
BOLD_KEYWORD = re.compile(rf"\*\*({_KEYWORDS})\*\*")
PLAIN_KEYWORD = re.compile(rf"\b({_KEYWORDS})\b")

# RFC 2119 "MAY ... truly optional" scores nothing; every other level scores 1 (see the module docstring).
LEVEL_SCORES = {"MUST": 1, "MUST_NOT": 1, "SHOULD": 1, "SHOULD_NOT": 1, "MAY": 0}

# definitions-and-scope.md, "API levels of standardization": "Valid values for this attribute are 'OA' (Open API),
# 'TSA' (Technically Standardized) and 'FSA' (Fully Standardized)."
STANDARDIZATION_LEVELS = {
    "OA": ApiStandardizationLevel.OPEN_API.name,
    "TSA": ApiStandardizationLevel.TECHNICALLY_STANDARDIZED_API.name,
    "FSA": ApiStandardizationLevel.FULLY_STANDARDIZED_API.name,
}

# definitions-and-scope.md, "Roles involved ...": each role's responsibility names the perspective it works on.
ROLE_PERSPECTIVES = {
    # "technically specifying the API" / "logically specifying both data and the operations"
    ApiRole.API_SPECIFIER: [ApiPerspectiveType.API_SPECIFICATION],
    ApiRole.API_LOGICAL_DESIGNER: [ApiPerspectiveType.API_SPECIFICATION],
    # "supplying software for the API server deployer" / "... for the API client deployer"
    ApiRole.API_SERVER_DEVELOPER: [ApiPerspectiveType.API_SERVER_IMPLEMENTATION],
    ApiRole.API_CLIENT_DEVELOPER: [ApiPerspectiveType.API_CLIENT_IMPLEMENTATION],
    # "deploying an API" / "employing an API, as deployed by the API server deployer"
    ApiRole.API_SERVER_DEPLOYER: [ApiPerspectiveType.API_SERVER_DEPLOYMENT],
    ApiRole.API_CLIENT_DEPLOYER: [ApiPerspectiveType.API_CLIENT_DEPLOYMENT],
    # "conveying specified APIs between API clients and API servers": part of both deployments.
    ApiRole.API_INFRASTRUCTURE: [ApiPerspectiveType.API_SERVER_DEPLOYMENT, ApiPerspectiveType.API_CLIENT_DEPLOYMENT],
    # "providing / using the value and meaning of an API, as agreed with API users / the API provider"
    ApiRole.API_PROVIDER: [ApiPerspectiveType.API_AGREEMENT],
    ApiRole.API_USER: [ApiPerspectiveType.API_AGREEMENT],
}
# api-agreements.md: service levels, access restriction and data processing policies, fees — the terms of use.
CATEGORY_PERSPECTIVES = {ApiRequirementCategory.API_AGREEMENTS: [ApiPerspectiveType.API_AGREEMENT]}

# Section headings that limit their requirements to one style (api-design-rules.md, api-security.md).
SECTION_STYLES = {
    "soap": ApiArchitecturalStyle.SOAP.name,
    "rest": ApiArchitecturalStyle.REST.name,
    "restful": ApiArchitecturalStyle.REST.name,
    "graphql": ApiArchitecturalStyle.GRAPHQL.name,
    "odata": ApiArchitecturalStyle.ODATA.name,
    "grpc": ApiArchitecturalStyle.GRPC.name,
}
ALL_STYLES = tuple(ApiArchitecturalStyle.names)

# notational-conventions.md, "Requirement status".
LOADED_STATUSES = {"final", "draft", "superseded"}
SKIPPED_STATUSES = {"deprecated", "withdrawn", "removed", "retired"}

_CODE = r"[A-Z]{2,}(?:-[A-Z]+)?\d{3}"
HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})\s+(?P<text>.+?)(?:\s+#+)?\s*$")
REQUIREMENT_TITLE = re.compile(rf"^(?P<code>{_CODE}):\s*(?P<title>.+)$")
SUB_REQUIREMENT = re.compile(rf"^[-*+]\s+\*\*(?P<code>{_CODE}\.\d{{3}})\*\*:\s*(?P<text>.*)$")
NESTED_BULLET = re.compile(r"^\s+[-*+]\s+(?P<text>.*)$")
TOP_LEVEL_BULLET = re.compile(r"^[-*+]\s+")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
SEM_VER = re.compile(
    r"^(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
    r"(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+(?P<build>[0-9A-Za-z.-]+))?$"
)


DOCUMENT_ERROR = "requirements_document"  # the code of the Invalid raised for a folder that cannot be read


def refused(message: str) -> Invalid:
    """The folder or a document cannot be loaded as API requirements; the message says where and why."""
    return Invalid(message, code=DOCUMENT_ERROR)


@dataclass(frozen=True)
class ParsedRequirement:
    code: str
    description: str
    explanation: str | None
    url: str
    requirement_level: str
    score: int
    category: str
    roles: tuple[str, ...]
    perspective_types: tuple[str, ...]
    architectural_styles: tuple[str, ...]
    standardization_levels: tuple[str, ...]
    status: str = "Final"
    since_version: str | None = None
    parent_code: str | None = None

    @property
    def in_force(self) -> bool:
        return self.status.strip().lower() not in SKIPPED_STATUSES

    def classifications(self) -> list[tuple[str, str, int]]:
        """(kind, value, position) rows, positions counted per kind in document order."""
        rows = []
        for kind, values in (
            (Kind.ROLE, self.roles),
            (Kind.PERSPECTIVE_TYPE, self.perspective_types),
            (Kind.ARCHITECTURAL_STYLE, self.architectural_styles),
            (Kind.STANDARDIZATION_LEVEL, self.standardization_levels),
        ):
            rows.extend((str(kind), value, position) for position, value in enumerate(values))
        return rows


@dataclass(frozen=True)
class ParsedVersion:
    name: str
    sem_ver: tuple[int, int, int, str, str]
    url: str
    publish_time: datetime | None
    description: str | None


# ----------------------------------------------------------------------------------------------- text helpers


def plain_text(markdown: str) -> str:
    """Inline markdown to one line of plain text: no emphasis, code ticks, links or images."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def truncate(text: str | None, limit: int = TEXT_MAX_LENGTH) -> str | None:
    """Cut at the last word boundary that leaves room for "…"; shorter texts pass unchanged."""
    if text is None or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    boundary = cut.rfind(" ")
    if boundary > 0:
        cut = cut[:boundary]
    return cut.rstrip(" ,;:-") + "…"


def slugify(value: str, separator: str = "-") -> str:
    """Python-Markdown's toc slugify, which MkDocs uses for heading ids."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, value)


def _unique_anchor(anchor: str, used: set[str]) -> str:
    # Python-Markdown toc's unique(): repeats on a page get _1, _2, ...
    while anchor in used or not anchor:
        match = re.match(r"^(.*)_([0-9]+)$", anchor)
        anchor = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{anchor}_1"
    used.add(anchor)
    return anchor


def requirement_level(text: str) -> str | None:
    """The RFC 2119 level of a requirement text: its bold key word, else its first upper case one."""
    match = BOLD_KEYWORD.search(text) or PLAIN_KEYWORD.search(plain_text(text))
    return KEYWORD_LEVELS[match.group(1)] if match else None


def category_of(path: Path) -> str | None:
    candidate = path.stem.upper().replace("-", "_")
    return candidate if candidate in ApiRequirementCategory.names else None


def version_url(version_name: str) -> str:
    return f"{DOCS_BASE_URL}v{version_name}/"


# ----------------------------------------------------------------------------------------------- parsing


@dataclass
class _Heading:
    index: int
    level: int
    text: str
    anchor: str


@dataclass
class _Sub:
    code: str
    text: list[str]
    notes: list[list[str]] = field(default_factory=list)


def _headings(lines: list[str]) -> list[_Heading]:
    headings, used, in_fence = [], set(), False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if match:
            text = match.group("text")
            anchor = _unique_anchor(slugify(plain_text(text)), used)
            headings.append(_Heading(index, len(match.group("hashes")), text, anchor))
    return headings


def _table_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _parse_block(lines: list[str], where: str):
    """A requirement's body: (explanation paragraphs, attribute rows, sub-requirements)."""
    paragraphs: list[list[str]] = [[]]
    attributes: dict[str, str] = {}
    subs: list[_Sub] = []
    table: list[list[str]] = []
    collecting_explanation = True
    current: _Sub | None = None
    after_blank = in_fence = False

    def close_table():
        rows = {plain_text(cells[0]).lower(): plain_text(cells[1]) for cells in table if len(cells) >= 2}
        if not attributes and "applicable roles" in rows:
            attributes.update(rows)
        table.clear()

    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
            collecting_explanation = False
            current = None
            continue
        if in_fence:
            continue
        stripped = line.strip()
        if stripped.startswith("|"):
            collecting_explanation = False
            current = None
            if not re.fullmatch(r"\|?[\s:|-]+\|?", stripped):  # not the |---|---| separator row
                table.append(_table_cells(stripped))
            continue
        if table:
            close_table()
        if HEADING.match(line):
            collecting_explanation = False
            current = None
            continue
        if not stripped:
            if collecting_explanation and paragraphs[-1]:
                paragraphs.append([])
            after_blank = True
            continue
        sub = SUB_REQUIREMENT.match(line)
        if sub:
            collecting_explanation = False
            current = _Sub(sub.group("code"), [sub.group("text")])
            subs.append(current)
        elif current is not None:
            nested = NESTED_BULLET.match(line)
            if nested:
                current.notes.append([nested.group("text")])
            elif TOP_LEVEL_BULLET.match(line) or (after_blank and not line.startswith((" ", "\t"))):
                current = None  # the list ended
            elif current.notes:
                current.notes[-1].append(stripped)
            else:
                current.text.append(stripped)  # also markdown's lazy continuation at column 0
        elif collecting_explanation:
            paragraphs[-1].append(re.sub(r"^>\s?", "", stripped))
        after_blank = False
    if table:
        close_table()
    if not attributes:
        raise refused(f"{where}: no attribute table with 'Applicable roles'")
    explanation = "\n\n".join(plain_text(" ".join(p)) for p in paragraphs if p) or None
    return explanation, attributes, subs


def _roles(value: str, where: str) -> tuple[str, ...]:
    roles = []
    for name in re.split(r",|\band\b", value):
        if not name.strip():
            continue
        role = re.sub(r"\s+", "_", name.strip()).upper()
        if role not in ApiRole.names:
            raise refused(f"{where}: unknown role {name.strip()!r}")
        if role not in roles:
            roles.append(role)
    if not roles:
        raise refused(f"{where}: no applicable roles")
    return tuple(roles)


def _levels(value: str, where: str) -> tuple[str, ...]:
    levels = []
    for abbreviation in re.split(r"[,\s]+", value):
        if not abbreviation:
            continue
        if abbreviation.upper() not in STANDARDIZATION_LEVELS:
            raise refused(f"{where}: unknown standardization level {abbreviation!r}")
        level = STANDARDIZATION_LEVELS[abbreviation.upper()]
        if level not in levels:
            levels.append(level)
    if not levels:
        raise refused(f"{where}: no standardization levels")
    return tuple(levels)


def _perspectives(roles: Iterable[str], category: str) -> tuple[str, ...]:
    wanted = {p.name for role in roles for p in ROLE_PERSPECTIVES[ApiRole[role]]}
    wanted.update(p.name for p in CATEGORY_PERSPECTIVES.get(ApiRequirementCategory[category], []))
    return tuple(p for p in ApiPerspectiveType.names if p in wanted)


def _styles(sections: list[str]) -> tuple[str, ...]:
    for title in reversed(sections):  # the innermost section decides
        style = SECTION_STYLES.get(re.sub(r"[^a-z]", "", plain_text(title).lower()))
        if style:
            return (style,)
    return ALL_STYLES


def _status(value: str, where: str) -> str:
    if value.strip().lower() not in LOADED_STATUSES | SKIPPED_STATUSES:
        raise refused(f"{where}: unknown status {value!r}")
    return value.strip()


def _level_of(text: str, where: str) -> str:
    level = requirement_level(text)
    if level is None:
        raise refused(f"{where}: no requirement key word (MUST, SHOULD, MAY, ...) in {plain_text(text)!r}")
    return level


def parse_markdown(text: str, *, category: str, page_url: str, source: str = "markdown") -> list[ParsedRequirement]:
    """Every requirement and sub-requirement of one document, withdrawn ones included (see `in_force`)."""
    lines = text.lstrip("\ufeff").splitlines()
    headings = _headings(lines)
    parsed: list[ParsedRequirement] = []
    sections: list[_Heading] = []  # the enclosing non-requirement headings
    for position, heading in enumerate(headings):
        while sections and sections[-1].level >= heading.level:
            sections.pop()
        match = REQUIREMENT_TITLE.match(heading.text)
        if not match:
            sections.append(heading)
            continue
        code, title = match.group("code"), match.group("title")
        where = f"{source}:{heading.index + 1} {code}"
        end = next(
            (h.index for h in headings[position + 1 :] if h.level <= heading.level or REQUIREMENT_TITLE.match(h.text)),
            len(lines),
        )
        explanation, attributes, subs = _parse_block(lines[heading.index + 1 : end], where)
        for label in ("applicable roles", "standardization levels", "status"):
            if label not in attributes:
                raise refused(f"{where}: the table has no {label!r} row")
        roles = _roles(attributes["applicable roles"], where)
        common = {
            "url": f"{page_url}#{heading.anchor}",
            "category": category,
            "roles": roles,
            "perspective_types": _perspectives(roles, category),
            "architectural_styles": _styles([s.text for s in sections]),
            "standardization_levels": _levels(attributes["standardization levels"], where),
            "status": _status(attributes["status"], where),
            "since_version": attributes.get("since version") or None,
        }
        level = _level_of(title, where)
        parsed.append(
            ParsedRequirement(
                code=code,
                description=truncate(plain_text(title)),
                explanation=truncate(explanation),
                requirement_level=level,
                score=LEVEL_SCORES[level],
                **common,
            )
        )
        for sub in subs:
            sub_where = f"{source} {sub.code}"
            if not sub.code.startswith(f"{code}."):
                raise refused(f"{sub_where}: listed under {code}")
            sub_text = " ".join(sub.text)
            sub_level = _level_of(sub_text, sub_where)
            notes = " ".join(plain_text(" ".join(note)) for note in sub.notes) or None
            parsed.append(
                ParsedRequirement(
                    code=sub.code,
                    description=truncate(plain_text(sub_text)),
                    explanation=truncate(notes),
                    requirement_level=sub_level,
                    score=LEVEL_SCORES[sub_level],
                    parent_code=code,
                    **common,  # "A sub-requirement MUST NOT apply to other roles or standardization levels"
                )
            )
    return parsed


def requirement_files(folder: Path) -> list[tuple[Path, str]]:
    """The folder's requirement documents with their category, in file-name order."""
    return [(path, category) for path in sorted(folder.glob("*.md")) if (category := category_of(path))]


def parse_requirements(folder: str | Path, *, version_name: str = "1.2.0") -> list[ParsedRequirement]:
    """The requirements in force in a folder of the Nictiz API requirements (withdrawn ones left out)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise refused(f"{folder} is not a folder")
    files = requirement_files(folder)
    if not files:
        raise refused(f"{folder} holds no API requirement documents (e.g. api-design-rules.md)")
    parsed: list[ParsedRequirement] = []
    for path, category in files:
        text = path.read_text(encoding="utf-8-sig")
        page_url = f"{version_url(version_name)}{path.stem}/"
        parsed.extend(parse_markdown(text, category=category, page_url=page_url, source=path.name))
    seen: set[str] = set()
    for requirement in parsed:
        if requirement.code in seen:
            raise refused(f"{folder}: requirement {requirement.code} appears twice")
        seen.add(requirement.code)
        if len(requirement.code) > CODE_MAX_LENGTH:
            raise refused(f"{folder}: code {requirement.code} is longer than {CODE_MAX_LENGTH}")
    withdrawn = {r.code for r in parsed if r.parent_code is None and not r.in_force}
    in_force = [r for r in parsed if r.in_force and r.parent_code not in withdrawn]
    if not in_force:
        raise refused(f"{folder} holds no API requirements")
    return in_force


def _paragraph_after(lines: list[str], heading: re.Pattern) -> str | None:
    """The first paragraph below the first heading matching `heading`."""
    for index, line in enumerate(lines):
        if heading.match(line):
            paragraph: list[str] = []
            for following in lines[index + 1 :]:
                if HEADING.match(following):
                    break
                if not following.strip():
                    if paragraph:
                        break
                    continue
                paragraph.append(following)
            return plain_text(" ".join(paragraph)) or None
    return None


def parse_version(folder: str | Path, version_name: str = "1.2.0") -> ParsedVersion:
    """The version's SemVer (its name), URL, publish date (CHANGELOG.md) and description (the documents)."""
    folder = Path(folder)
    sem_ver = SEM_VER.match(version_name)
    if not sem_ver:
        raise refused(f"version name {version_name!r} is not a SemVer such as 1.2.0")

    def read_lines(name):
        path = folder / name
        return path.read_text(encoding="utf-8-sig").splitlines() if path.is_file() else []

    # CHANGELOG.md (Keep a Changelog): "## [1.2.0] - 2023-07-12" followed by the release's summary paragraph.
    changelog = read_lines("CHANGELOG.md")
    entry = re.compile(rf"^##\s*\[{re.escape(version_name)}\](?:\s*-\s*(\d{{4}}-\d{{2}}-\d{{2}}))?")
    publish_time = None
    for line in changelog:
        match = entry.match(line)
        if match and match.group(1):
            publish_time = datetime.combine(date.fromisoformat(match.group(1)), datetime.min.time(), tzinfo=UTC)
            break
    release_summary = _paragraph_after(changelog, entry)

    # The site's overview (index.md) when present: "This specification sets out requirements for ...". The 1.2.0
    # folder lacks it, so: what the requirements are (definitions-and-scope.md) and what this release changed.
    description = _paragraph_after(read_lines("index.md"), re.compile(r"^#\s"))
    if description is None:
        what = _paragraph_after(read_lines("definitions-and-scope.md"), re.compile(r"^#+\s+What are API requirements"))
        first_sentence = re.split(r"(?<=\.)\s", what, maxsplit=1)[0] if what else None
        description = " ".join(part for part in (first_sentence, release_summary) if part) or None
    return ParsedVersion(
        name=version_name,
        sem_ver=(
            int(sem_ver.group("major")),
            int(sem_ver.group("minor")),
            int(sem_ver.group("patch")),
            sem_ver.group("pre") or "",
            sem_ver.group("build") or "",
        ),
        url=version_url(version_name),
        publish_time=publish_time,
        description=truncate(description),
    )
