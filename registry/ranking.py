"""Scoring a declaration of conformity against its API requirements version.

For each standardization level (open, technically standardized, fully standardized API) the requirements
that apply are those of that level, for the API's architectural style and the API_SPECIFICATION
perspective (a requirement that names no style or perspective applies to all), minus those declared
NOT_APPLICABLE. maximumScore is the sum of their scores, score the sum of the CONFORMANT ones.
The ranking level is the highest level — counted upwards from OPEN_API, each level needing the one
below — whose every applicable MUST and MUST_NOT requirement is CONFORMANT; NONE when OPEN_API fails.
"""

from dataclasses import dataclass, field

LEVELS = ("OPEN_API", "TECHNICALLY_STANDARDIZED_API", "FULLY_STANDARDIZED_API")
MANDATORY = ("MUST", "MUST_NOT")
PERSPECTIVE = "API_SPECIFICATION"


@dataclass(frozen=True)
class RequirementFacts:
    code: str
    level: str  # requirementLevel
    score: int
    standardization_levels: tuple[str, ...]
    architectural_styles: tuple[str, ...] = field(default=())
    perspective_types: tuple[str, ...] = field(default=())


def _applies(requirement: RequirementFacts, level: str, style: str) -> bool:
    return (
        level in requirement.standardization_levels
        and (not requirement.architectural_styles or style in requirement.architectural_styles)
        and (not requirement.perspective_types or PERSPECTIVE in requirement.perspective_types)
    )


def rank(requirements: list[RequirementFacts], declared: dict[str, str], style: str) -> tuple[str, dict]:
    """(rankingLevel, rankings) for conformity types declared per requirement code."""
    rankings = {}
    ranking_level = "NONE"
    still_climbing = True
    for level in LEVELS:
        applicable = [r for r in requirements if _applies(r, level, style) and declared.get(r.code) != "NOT_APPLICABLE"]
        conformant = [r for r in applicable if declared.get(r.code) == "CONFORMANT"]
        rankings[level] = {
            "score": sum(r.score for r in conformant),
            "maximumScore": sum(r.score for r in applicable),
        }
        mandatory_met = all(declared.get(r.code) == "CONFORMANT" for r in applicable if r.level in MANDATORY)
        if still_climbing and mandatory_met:
            ranking_level = level
        else:
            still_climbing = False
    return ranking_level, rankings
