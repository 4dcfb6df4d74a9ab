"""The `sort` parameter: `asc(field)` and `desc(function(field))`, comma-separated, to ORM orderings."""

from django.db.models import F, OrderBy

from .errors import QueryError
from .fields import QuerySpec
from .operands import Scope, resolve_operand
from .syntax import Call, parse

LOCATION = "sort"


def parse_sort(text: str, spec: QuerySpec) -> list[OrderBy]:
    """The ordering `text` asks for (the spec's default when empty), ending on the primary key.

    The spec orders NULL after everything ascending and before everything descending; the primary key
    last makes every page boundary stable.
    """
    nodes = parse(text if text.strip() else spec.default_sort, LOCATION)
    scope = Scope(spec.sorts)
    ordering = []
    for node in nodes:
        if not isinstance(node, Call) or node.name not in ("asc", "desc"):
            raise QueryError.at(LOCATION, f"asc(field) or desc(field) is expected at character {node.position}")
        if len(node.args) != 1:
            raise QueryError.at(LOCATION, f"{node.name}() at character {node.position} takes one field")
        operand = resolve_operand(node.args[0], scope, LOCATION)
        if node.name == "asc":
            ordering.append(OrderBy(operand.expression, nulls_last=True))
        else:
            ordering.append(OrderBy(operand.expression, descending=True, nulls_first=True))
    ordering.append(OrderBy(F("pk")))
    return ordering
