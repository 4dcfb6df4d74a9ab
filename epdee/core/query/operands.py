"""Field references and the functions around them, resolved against the declared fields."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Expression, F

from .errors import QueryError
from .fields import Field, ListField, ValueType
from .functions import FUNCTIONS
from .syntax import Literal, Path


@dataclass(frozen=True)
class Scope:
    """The names a path may take: the spec's fields at the top level, `$it…` inside any()/all()."""

    names: Mapping[str, Field | ListField]
    item: Field | None = None
    list_name: str | None = None  # the list iterated over; None at the top level

    @classmethod
    def of_list(cls, list_field: ListField, list_name: str) -> "Scope":
        return cls(names=list_field.fields, item=list_field.item, list_name=list_name)


@dataclass(frozen=True)
class Operand:
    expression: Expression
    field: Field  # the declared field under any functions: its operators apply
    name: str  # the field as written, e.g. "createTime"
    text: str  # the operand as written, e.g. "year(createTime)"
    type: ValueType  # after the functions


def resolve_path(path: Path, scope: Scope, location: str) -> Field | ListField:
    where = f"at character {path.position}"
    if scope.list_name is None:
        if path.is_item:
            raise QueryError.at(location, f"$it {where} can only be used inside any() or all()")
        declared = scope.names.get(path.name)
        if declared is None:
            raise QueryError.at(location, f"unknown field '{path.name}' {where}; known fields: {_names(scope.names)}")
        return declared
    if not path.is_item:
        raise QueryError.at(
            location, f"'{path.name}' {where}: inside any()/all() on '{scope.list_name}' refer to the item as $it"
        )
    if not path.parts:
        if scope.item is None:
            raise QueryError.at(
                location,
                f"the items of '{scope.list_name}' are objects: use one of {_names(scope.names, '$it.')} ({where})",
            )
        return scope.item
    declared = scope.names.get(".".join(path.parts))
    if declared is None:
        known = _names(scope.names, "$it.") if scope.names else "$it"
        raise QueryError.at(
            location, f"unknown field '{path.name}' {where} in the items of '{scope.list_name}'; known: {known}"
        )
    return declared


def resolve_operand(node, scope: Scope, location: str) -> Operand:
    """The field, or a function of it, that an operator compares or a direction sorts."""
    if isinstance(node, Path):
        declared = resolve_path(node, scope, location)
        if isinstance(declared, ListField):
            raise QueryError.at(
                location,
                f"'{node.name}' at character {node.position} is a list: filter it with any({node.name},…) "
                f"or all({node.name},…)",
            )
        return Operand(F(declared.lookup), declared, node.name, node.name, declared.type)
    if isinstance(node, Literal):
        raise QueryError.at(location, f"a field is expected at character {node.position}, not a value")
    function = FUNCTIONS.get(node.name)
    if function is None:
        raise QueryError.at(
            location,
            f"unknown function '{node.name}' at character {node.position}; functions: {', '.join(FUNCTIONS)}",
        )
    if len(node.args) != 1:
        raise QueryError.at(location, f"{node.name}() at character {node.position} takes one field")
    inner = resolve_operand(node.args[0], scope, location)
    if inner.type not in function.accepts:
        accepts = " or ".join(sorted(kind.value for kind in function.accepts))
        raise QueryError.at(
            location,
            f"{node.name}() at character {node.position} applies to {accepts} fields, "
            f"not to {inner.text} ({inner.type.value})",
        )
    return Operand(
        function.build(inner.expression), inner.field, inner.name, f"{node.name}({inner.text})", function.returns
    )


def _names(names: Mapping, prefix: str = "") -> str:
    return ", ".join(prefix + name for name in names)
