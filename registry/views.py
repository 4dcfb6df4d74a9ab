"""Dashboard pages of the ZorgAPIs registry: the browsable API library, organizations and invitations."""

from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epdee.core.errors import Conflict, Invalid
from epdee.core.permissions import actor_of
from epdee.core.tables import Column, build_table

from . import selectors, services
from .forms import InviteForm
from .models import (
    ApiRequirement,
    ApiRequirementClassification,
    ApiRequirementsVersion,
    ApiSpecification,
    CommunicationStandard,
    CommunicationStandardVersion,
    DeclarationOfConformity,
    InformationStandard,
    InformationStandardVersion,
    Invitation,
    Organization,
    TrustFramework,
    TrustFrameworkVersion,
)
from .models.choices import (
    ApiArchitecturalStyle,
    ApiLifecycleState,
    ApiPerspectiveType,
    ApiRankingLevel,
    ApiRequirementCategory,
    ApiRole,
    ApiSpecificationVersionUrlType,
    ApiStandardizationLevel,
    ConformityType,
    InvitationStatus,
    ProductLifecycleState,
    RequirementLevel,
)
from .ranking import LEVELS

# --- Labels: the spec's enum values as people read them ------------------------------------------

ACRONYMS = {
    "api": "API",
    "openapi": "OpenAPI",
    "rest": "REST",
    "soap": "SOAP",
    "graphql": "GraphQL",
    "odata": "OData",
    "grpc": "gRPC",
}


def label(value: str) -> str:
    """FULLY_STANDARDIZED_API → "Fully standardized API"."""
    words = value.lower().split("_")
    words = [ACRONYMS.get(word, word) for word in words]
    if words[0] == words[0].lower():
        words[0] = words[0].capitalize()
    return " ".join(words)


_ENUMS = (
    ApiArchitecturalStyle,
    ApiLifecycleState,
    ApiPerspectiveType,
    ApiRankingLevel,
    ApiRequirementCategory,
    ApiRole,
    ApiSpecificationVersionUrlType,
    ApiStandardizationLevel,
    ConformityType,
    InvitationStatus,
    ProductLifecycleState,
)
LABELS = {value: label(value) for enum in _ENUMS for value in enum.values}
LABELS |= {value: value.replace("_", " ") for value in RequirementLevel.values}  # RFC 2119 keywords stay upper case

# The labels templates look up, in small groups: a template finds a label by looping over its group.
LABEL_GROUPS = {
    group: {value: LABELS[value] for enum in enums for value in enum.values}
    for group, enums in {
        "style": [ApiArchitecturalStyle],
        "level": [ApiRankingLevel, ApiStandardizationLevel],
        "state": [ApiLifecycleState, ProductLifecycleState, InvitationStatus],
        "conformity": [ConformityType],
        "category": [ApiRequirementCategory],
        "url_type": [ApiSpecificationVersionUrlType],
        "requirement_level": [RequirementLevel],
    }.items()
}


def options(values) -> list[tuple[str, str]]:
    return [(value, LABELS[value]) for value in values]


# --- Reading the query string --------------------------------------------------------------------


@dataclass
class SelectFilter:
    name: str
    label: str
    options: list[tuple[str, str]]
    selected: str


def _search(request) -> str:
    return request.GET.get("q", "").strip()[:200]


def _select(request, name: str, text: str, choices: list[tuple[str, str]]) -> SelectFilter:
    """A drop-down filter; a value that is not one of its options counts as no filter."""
    selected = request.GET.get(name, "")
    if selected not in {value for value, _ in choices}:
        selected = ""
    return SelectFilter(name, text, choices, selected)


def _render(request, template: str, context: dict, *, section: str, status: int = 200):
    context = {
        **context,
        "section": section,
        "labels": LABEL_GROUPS,
        "pending_invitation_count": selectors.own_pending_invitations(by=actor_of(request)).count(),
    }
    return render(request, template, context, status=status)


def ranking_rows(declaration) -> list[dict]:
    """The three rankings of a declaration, lowest level first (jsonb does not keep key order)."""
    if declaration is None:
        return []
    reached = LEVELS.index(declaration.ranking_level) + 1 if declaration.ranking_level in LEVELS else 0
    rows = []
    for position, level in enumerate(LEVELS):
        ranking = declaration.rankings.get(level) or {}
        score, maximum = int(ranking.get("score", 0)), int(ranking.get("maximumScore", 0))
        # The bar's width in steps of 5% (CSS classes registry-bar-0 … registry-bar-20: no inline styles).
        step = min(20, max(0, round(20 * score / maximum))) if maximum else 0
        rows.append(
            {
                "level": level,
                "label": LABELS[level],
                "score": score,
                "maximum": maximum,
                "step": step,
                "percent": step * 5,
                "reached": position < reached,
            }
        )
    return rows


# --- API specifications --------------------------------------------------------------------------

SPECIFICATION_COLUMNS = [
    Column("name", "Name", "name"),
    Column("organization", "Organization", "organization__name"),
    Column("style", "Style", "architectural_style"),
    Column("version", "Main version", "main_version__name"),
    Column("ranking", "Ranking", "ranking_order"),
    Column("updated", "Updated", "update_time"),
]
RANKING_ORDER = Case(
    *[
        When(main_version__last_declaration__ranking_level=level, then=Value(position))
        for position, level in enumerate(ApiRankingLevel.values)
    ],
    default=Value(-1),
    output_field=IntegerField(),
)


@login_required
def library(request):
    organization_choices = [
        (str(pk), name)
        for pk, name in Organization.objects.filter(api_specifications__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    ]
    query = _search(request)
    style = _select(request, "style", "Style", options(ApiArchitecturalStyle.values))
    lifecycle = _select(request, "lifecycle", "Lifecycle", options(ApiLifecycleState.values))
    owner = _select(request, "organization", "Organization", organization_choices)

    specifications = ApiSpecification.objects.select_related("organization", "main_version__last_declaration").annotate(
        ranking_order=RANKING_ORDER
    )
    if query:
        specifications = specifications.filter(Q(name__icontains=query) | Q(description__icontains=query))
    if style.selected:
        specifications = specifications.filter(architectural_style=style.selected)
    if lifecycle.selected:
        specifications = specifications.filter(main_version__lifecycle_state=lifecycle.selected)
    if owner.selected:
        specifications = specifications.filter(organization_id=owner.selected)
    table = build_table(request, specifications, SPECIFICATION_COLUMNS, default_sort="name")
    context = {
        "table": table,
        "query": query,
        "filters": [style, lifecycle, owner],
        "filtered": bool(query or style.selected or lifecycle.selected or owner.selected),
    }
    return _render(request, "registry/library.html", context, section="library")


@login_required
def specification(request, specification_id):
    api = get_object_or_404(ApiSpecification.objects.select_related("organization"), pk=specification_id)
    versions = (
        api.versions.select_related("last_declaration__requirements_version")
        .prefetch_related(
            "urls",
            Prefetch(
                "communication_standard_versions",
                CommunicationStandardVersion.objects.select_related("communication_standard"),
            ),
            Prefetch(
                "information_standard_versions",
                InformationStandardVersion.objects.select_related("information_standard"),
            ),
            Prefetch("trust_framework_versions", TrustFrameworkVersion.objects.select_related("trust_framework")),
        )
        .order_by("-publish_time", "-create_time")
    )
    context = {
        "api": api,
        "versions": [(version, ranking_rows(version.last_declaration)) for version in versions],
    }
    return _render(request, "registry/specification.html", context, section="library")


@login_required
def declaration(request, declaration_id):
    declared = get_object_or_404(
        DeclarationOfConformity.objects.select_related(
            "version__api_specification__organization", "requirements_version"
        ),
        pk=declaration_id,
    )
    conformity = _select(request, "conformity", "Conformity", options(ConformityType.values))
    requirements = {
        requirement.code: requirement
        for requirement in ApiRequirement.objects.filter(
            version=declared.requirements_version, code__in=list(declared.requirements)
        )
    }
    rows = [
        {
            "code": code,
            "conformity": item.get("conformityType", ""),
            "remarks": item.get("remarks") or "",
            "requirement": requirements.get(code),
        }
        for code, item in sorted(declared.requirements.items())
    ]
    counts = Counter(row["conformity"] for row in rows)
    context = {
        "declaration": declared,
        "version": declared.version,
        "api": declared.version.api_specification,
        "is_last": declared.version.last_declaration_id == declared.pk,
        "rankings": ranking_rows(declared),
        "conformity": conformity,
        "counts": [(value, counts[value]) for value in ConformityType.values],
        "rows": [row for row in rows if not conformity.selected or row["conformity"] == conformity.selected],
        "declared_count": len(rows),
    }
    return _render(request, "registry/declaration.html", context, section="library")


# --- API requirements ----------------------------------------------------------------------------

REQUIREMENTS_VERSION_COLUMNS = [
    Column("name", "Version", "name"),
    Column("lifecycle", "Lifecycle", "lifecycle_state"),
    Column("published", "Published", "publish_time"),
    Column("requirements", "Requirements", "requirement_count"),
]
REQUIREMENT_COLUMNS = [
    Column("code", "Code", "code"),
    Column("description", "Requirement"),
    Column("category", "Category", "category"),
    Column("level", "Level", "requirement_level"),
    Column("score", "Score", "score"),
]
# query parameter → the classification rows it filters on
CLASSIFICATION_FILTERS = [
    ("standardization", "Standardization level", ApiRequirementClassification.Kind.STANDARDIZATION_LEVEL),
    ("style", "Architectural style", ApiRequirementClassification.Kind.ARCHITECTURAL_STYLE),
    ("role", "Role", ApiRequirementClassification.Kind.ROLE),
    ("perspective", "Perspective", ApiRequirementClassification.Kind.PERSPECTIVE_TYPE),
]


@login_required
def requirements_versions(request):
    versions = ApiRequirementsVersion.objects.annotate(requirement_count=Count("requirements"))
    table = build_table(request, versions, REQUIREMENTS_VERSION_COLUMNS, default_sort="-published")
    return _render(request, "registry/requirements_versions.html", {"table": table}, section="requirements")


def _classified(kind: str, value: str):
    """Requirements that name this value — or name none of this kind, as those apply to all (ranking.py)."""
    rows = ApiRequirementClassification.objects.filter(requirement=OuterRef("pk"), kind=kind)
    return Exists(rows.filter(value=value)) | ~Exists(rows)


@login_required
def requirements_version(request, version_name):
    version = get_object_or_404(ApiRequirementsVersion, name=version_name)
    query = _search(request)
    category = _select(request, "category", "Category", options(ApiRequirementCategory.values))
    level = _select(request, "level", "Requirement level", options(RequirementLevel.values))
    classifications = [
        (kind, _select(request, name, text, options(ApiRequirementClassification.VALUES[kind])))
        for name, text, kind in CLASSIFICATION_FILTERS
    ]

    requirements = version.requirements.prefetch_related("classifications")
    if query:
        requirements = requirements.filter(Q(code__icontains=query) | Q(description__icontains=query))
    if category.selected:
        requirements = requirements.filter(category=category.selected)
    if level.selected:
        requirements = requirements.filter(requirement_level=level.selected)
    for kind, select in classifications:
        if select.selected:
            requirements = requirements.filter(_classified(kind, select.selected))
    table = build_table(request, requirements, REQUIREMENT_COLUMNS, default_sort="code")
    filters = [category, level, *(select for _, select in classifications)]
    context = {
        "version": version,
        "table": table,
        "query": query,
        "filters": filters,
        "filtered": bool(query or any(select.selected for select in filters)),
    }
    return _render(request, "registry/requirements_version.html", context, section="requirements")


# --- Standards -----------------------------------------------------------------------------------

STANDARD_KINDS = [
    ("communication", "Communication standards", CommunicationStandard, CommunicationStandardVersion),
    ("information", "Information standards", InformationStandard, InformationStandardVersion),
    ("trust", "Trust frameworks", TrustFramework, TrustFrameworkVersion),
]


def _standard_sections(query: str = "", **filters) -> list[dict]:
    sections = []
    for key, title, model, version_model in STANDARD_KINDS:
        found = model.objects.filter(**filters)
        if query:
            found = found.filter(Q(name__icontains=query) | Q(description__icontains=query))
        newest_first = version_model.objects.order_by("-publish_time", "-create_time")
        found = found.select_related("organization").prefetch_related(Prefetch("versions", newest_first))
        sections.append({"key": key, "title": title, "standards": list(found.order_by("name"))})
    return sections


@login_required
def standards(request):
    query = _search(request)
    sections = _standard_sections(query)
    context = {"sections": sections, "query": query, "total": sum(len(section["standards"]) for section in sections)}
    return _render(request, "registry/standards.html", context, section="standards")


# --- Organizations, members and invitations ------------------------------------------------------

ORGANIZATION_COLUMNS = [
    Column("name", "Name", "name"),
    Column("city", "City", "address_city"),
    Column("specifications", "API specifications", "specification_count"),
    Column("website", "Website"),
]


@login_required
def organizations(request):
    query = _search(request)
    listed = Organization.objects.annotate(
        specification_count=Count("api_specifications"),
        is_mine=Exists(selectors.own_memberships(by=actor_of(request)).filter(organization=OuterRef("pk"))),
    )
    if query:
        listed = listed.filter(Q(name__icontains=query) | Q(description__icontains=query))
    table = build_table(request, listed, ORGANIZATION_COLUMNS, default_sort="name")
    return _render(request, "registry/organizations.html", {"table": table, "query": query}, section="organizations")


def _organization_page(request, organization, *, invite_form=None, status=200):
    actor = actor_of(request)
    member = selectors.is_member(organization, by=actor)
    context = {
        "organization": organization,
        "is_member": member,
        "specifications": organization.api_specifications.select_related("main_version__last_declaration").order_by(
            "name"
        ),
        "standard_sections": _standard_sections(organization=organization),
    }
    if member:
        invitations = selectors.organization_invitations(organization, by=actor).select_related("created_by")
        context |= {
            "memberships": selectors.organization_memberships(organization, by=actor)
            .select_related("user")
            .order_by("create_time"),
            "invitations": selectors.pending_first(invitations)[:50],
            "invite_form": invite_form or InviteForm(),
        }
    return _render(request, "registry/organization.html", context, section="organizations", status=status)


@login_required
def organization(request, organization_id):
    return _organization_page(request, get_object_or_404(Organization, pk=organization_id))


def _invitations_url(organization) -> str:
    return reverse("library:organization", args=[organization.pk]) + "#invitations"


@login_required
@require_POST
def invite(request, organization_id):
    """The service refuses someone outside the organization (the 403 page), or an address that is already
    invited or a member's (on the form)."""
    organization = get_object_or_404(Organization, pk=organization_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        email_address = form.cleaned_data["email_address"]
        try:
            services.invite(organization, email_address, by=actor_of(request))
        except (Conflict, Invalid) as error:
            form.add_application_error(error)
        else:
            messages.success(
                request,
                _("%(email)s is invited to %(organization)s.")
                % {"email": email_address, "organization": organization.name},
            )
            return redirect(_invitations_url(organization))
    return _organization_page(request, organization, invite_form=form, status=400)


def _button(request, action) -> object | None:
    """A button's action (no input to show a refusal next to): a refusal becomes a message on the next page.
    Not a member (403) and not found (404) are left to the error pages."""
    try:
        return action()
    except (Conflict, Invalid) as error:
        messages.error(request, error.message)
        return None


@login_required
@require_POST
def cancel_invitation(request, organization_id, invitation_id):
    organization = get_object_or_404(Organization, pk=organization_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organization=organization)
    if _button(request, lambda: services.cancel_invitation(invitation, by=actor_of(request))):
        messages.success(request, _("The invitation of %(email)s is canceled.") % {"email": invitation.email_address})
    return redirect(_invitations_url(organization))


@login_required
def invitations(request):
    actor = actor_of(request)
    context = {
        "invitations": selectors.own_pending_invitations(by=actor)
        .select_related("organization", "created_by")
        .order_by("-create_time"),
        "memberships": selectors.own_memberships(by=actor)
        .select_related("organization")
        .order_by("organization__name"),
    }
    return _render(request, "registry/invitations.html", context, section="invitations")


def _answer(request, answer, invitation_id):
    return _button(request, lambda: answer(invitation_id, by=actor_of(request)))


@login_required
@require_POST
def accept_invitation(request, invitation_id):
    invitation = _answer(request, services.accept_invitation, invitation_id)
    if invitation is None:
        return redirect("library:invitations")
    messages.success(
        request,
        _("Welcome to %(organization)s: you are now a member.") % {"organization": invitation.organization.name},
    )
    return redirect("library:organization", invitation.organization_id)


@login_required
@require_POST
def decline_invitation(request, invitation_id):
    invitation = _answer(request, services.decline_invitation, invitation_id)
    if invitation is not None:
        messages.info(
            request,
            _("You declined the invitation to %(organization)s.") % {"organization": invitation.organization.name},
        )
    return redirect("library:invitations")
