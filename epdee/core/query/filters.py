"""The `filter` parameter: parsed, checked against a QuerySpec, and translated to one Q of ORM expressions.

Every atomic predicate is two-valued (true or false, never SQL NULL), so not(), neq and all() mean
what they say: a comparison with a NULL field is false, and its negation true.
"""

from datetime import timedelta

import regex
from django.db.models import Exists, OuterRef, Q, lookups

from . import lookups as case_sensitive
from .errors import QueryError
from .fields import OPERATORS_BY_TYPE, ListField, QuerySpec, ValueType
from .functions import FUNCTIONS
from .operands import Operand, Scope, resolve_operand, resolve_path
from .syntax import Call, Literal, Path, parse
from .values import BadValueError, convert

LOCATION = "filter"
MAX_PATTERN_LENGTH = 200

LOOKUPS = {
    "eq": lookups.Exact,
    "gt": lookups.GreaterThan,
    "gte": lookups.GreaterThanOrEqual,
    "lt": lookups.LessThan,
    "lte": lookups.LessThanOrEqual,
    "has": case_sensitive.Contains,
    "stw": case_sensitive.StartsWith,
    "enw": case_sensitive.EndsWith,
    "reg": lookups.Regex,
}
COMPARISONS = ("eq", "neq", "gt", "gte", "lt", "lte", "has", "stw", "enw", "reg")
CONNECTIVES = ("not", "and", "or")
QUANTIFIERS = ("any", "all")
MILLISECOND = timedelta(milliseconds=1)


def parse_filter(text: str, spec: QuerySpec) -> Q:
    """The Q selecting what `text` asks for; an empty filter selects everything."""
    if not text.strip():
        return Q()
    return _predicate(parse(text, LOCATION), Scope(spec.filters))


def _predicate(node, scope: Scope) -> Q:
    if not isinstance(node, Call):
        what = "a value" if isinstance(node, Literal) else f"the field '{node.name}'"
        raise _error(f"an operator such as eq(field,value) is expected at character {node.position}, not {what}")
    name, args = node.name, node.args
    if name == "not":
        _arity(node, 1, "one expression")
        return ~_predicate(args[0], scope)
    if name in ("and", "or"):
        if len(args) < 2:
            raise _error(f"{name}() at character {node.position} takes two or more expressions")
        combined = _predicate(args[0], scope)
        for arg in args[1:]:
            combined = combined & _predicate(arg, scope) if name == "and" else combined | _predicate(arg, scope)
        return combined
    if name in QUANTIFIERS:
        _arity(node, 2, "a list field and an expression")
        return _quantifier(node, scope)
    if name in COMPARISONS:
        _arity(node, 2, "a field and a value")
        return _comparison(node, scope)
    if name in FUNCTIONS:
        raise _error(
            f"{name}() at character {node.position} is a function: compare it with an operator, "
            f"e.g. eq({name}(field),value)"
        )
    operators = ", ".join((*COMPARISONS, *CONNECTIVES, *QUANTIFIERS))
    raise _error(f"unknown operator '{name}' at character {node.position}; operators: {operators}")


def _quantifier(node: Call, scope: Scope) -> Q:
    target, body = node.args
    if not isinstance(target, Path):
        raise _error(f"{node.name}() at character {node.position} takes a list field first")
    list_field = resolve_path(target, scope, LOCATION)
    if not isinstance(list_field, ListField):
        raise _error(f"'{target.name}' at character {target.position} is not a list: {node.name}() takes a list")
    condition = _predicate(body, Scope.of_list(list_field, target.name))
    items = list_field.model._default_manager.filter(**{list_field.link: OuterRef(list_field.owner)})
    items = items.filter(**list_field.where)
    if node.name == "any":
        return Q(Exists(items.filter(condition)))
    # all(): no item fails the condition, which also holds for an empty list.
    return ~Q(Exists(items.filter(~condition)))


def _comparison(node: Call, scope: Scope) -> Q:
    operator = node.name
    target, value = node.args
    operand = resolve_operand(target, scope, LOCATION)
    where = f"at character {node.position}"
    if operator not in operand.field.operators:
        allowed = ", ".join(sorted(operand.field.operators))
        raise _error(f"operator '{operator}' {where} is not allowed on '{operand.name}'; allowed: {allowed}")
    if operator not in OPERATORS_BY_TYPE[operand.type]:
        usable = ", ".join(sorted(OPERATORS_BY_TYPE[operand.type] & operand.field.operators))
        raise _error(
            f"operator '{operator}' {where} does not apply to {operand.text} ({operand.type.value}); use {usable}"
        )
    if not isinstance(value, Literal):
        raise _error(f"{operator}() {where} compares with a value (a string, number, true, false or null)")
    if value.value is None:
        if operator not in ("eq", "neq"):
            raise _error(f"null at character {value.position} can only be compared with eq or neq")
        return Q(lookups.IsNull(operand.expression, operator == "eq"))
    try:
        converted = convert(value.value, operand.field, operand.type)
    except BadValueError as error:
        raise _error(f"{error} at character {value.position} (compared with {operand.text})") from None
    if operator == "reg":
        _check_pattern(converted, value.position)
    return _compare(operator, operand, converted)


def _compare(operator: str, operand: Operand, value) -> Q:
    expression, base = operand.expression, "eq" if operator == "neq" else operator
    if operand.type is ValueType.DATETIME:
        # Compared at millisecond resolution: as if the stored time were truncated to its millisecond.
        after = value + MILLISECOND
        condition = {
            "eq": Q(lookups.GreaterThanOrEqual(expression, value)) & Q(lookups.LessThan(expression, after)),
            "gt": Q(lookups.GreaterThanOrEqual(expression, after)),
            "gte": Q(lookups.GreaterThanOrEqual(expression, value)),
            "lt": Q(lookups.LessThan(expression, value)),
            "lte": Q(lookups.LessThan(expression, after)),
        }[base]
    else:
        condition = Q(LOOKUPS[base](expression, value))
    known = condition & Q(lookups.IsNull(expression, False))
    return ~known if operator == "neq" else known


def _check_pattern(pattern: str, position: int):
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise _error(f"the regular expression at character {position} is longer than {MAX_PATTERN_LENGTH} characters")
    try:
        regex.compile(pattern)
    except (regex.error, ValueError, OverflowError, RecursionError) as error:
        raise _error(f"invalid regular expression at character {position}: {error}") from None


def _arity(node: Call, count: int, what: str):
    if len(node.args) != count:
        raise _error(f"{node.name}() at character {node.position} takes {what}")


def _error(message: str) -> QueryError:
    return QueryError.at(LOCATION, message)
