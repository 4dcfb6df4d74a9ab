"""Declarations of what a list operation lets callers filter and sort on, and how that maps to the ORM."""

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models


class ValueType(enum.Enum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATETIME = "date-time"
    UUID = "uuid"
    ENUM = "enum"


EQUALITY = frozenset({"eq", "neq"})
ORDERING = EQUALITY | {"gt", "gte", "lt", "lte"}
TEXT = EQUALITY | {"has", "stw", "enw", "reg"}

# The comparison operators that make sense for a type (the spec's operator table).
OPERATORS_BY_TYPE = {
    ValueType.STRING: TEXT,
    ValueType.INTEGER: ORDERING,
    ValueType.NUMBER: ORDERING,
    ValueType.BOOLEAN: EQUALITY,
    ValueType.DATETIME: ORDERING,
    ValueType.UUID: EQUALITY,
    ValueType.ENUM: EQUALITY,
}


@dataclass(frozen=True)
class Field:
    """A scalar the caller names in the API, e.g. "mainVersion.lifecycleState".

    `lookup` is the ORM path from the listed model ("main_version__lifecycle_state") or an annotation.
    `operators` defaults to every operator of the type; `enum` lists the values of an ENUM.
    """

    lookup: str
    type: ValueType
    operators: frozenset[str] | None = None
    enum: tuple[str, ...] = ()

    def __post_init__(self):
        allowed = OPERATORS_BY_TYPE[self.type]
        operators = allowed if self.operators is None else frozenset(self.operators)
        if not operators <= allowed:
            raise ValueError(f"{sorted(operators - allowed)} do not apply to {self.type.value} fields")
        if (self.type is ValueType.ENUM) != bool(self.enum):
            raise ValueError("an ENUM field lists its values, and only an ENUM field does")
        object.__setattr__(self, "operators", operators)
        object.__setattr__(self, "enum", tuple(self.enum))


@dataclass(frozen=True)
class ListField:
    """A list the caller filters with any()/all(): rows of `model` whose `link` points at the owner's `owner`.

    `item` describes `$it` for lists of scalars (the value column of the row); `fields` describes
    `$it.<name>` for lists of objects (and may hold nested ListFields); `where` narrows the rows, e.g.
    {"kind": "roles"} when several lists share one table.
    """

    model: type[models.Model]
    link: str
    owner: str = "pk"
    fields: Mapping[str, "Field | ListField"] = field(default_factory=dict)
    item: Field | None = None
    where: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self):
        if self.item is None and not self.fields:
            raise ValueError("a ListField declares its item, its fields, or both")


@dataclass(frozen=True)
class QuerySpec:
    """What one list operation allows: filter fields, sort fields, and the sort used when none is given."""

    filters: Mapping[str, Field | ListField]
    sorts: Mapping[str, Field]
    default_sort: str
