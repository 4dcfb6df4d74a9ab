"""QUERY_SPECS allow exactly what the spec's tables say: fields, types, operators, sort fields, default sort.

Every list operation of ../shared/zorgapis/v1beta2.yaml describes in its description a table of sort fields,
a default sort expression, and a table of filter fields; this test reads them and compares.
"""

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from epdee.core.query import Field, ListField, ValueType, parse_sort
from registry.api.queries import QUERY_SPECS

SCALAR_TYPES = {
    "uuid": ValueType.UUID,
    "string": ValueType.STRING,
    "integer": ValueType.INTEGER,
    "date-time": ValueType.DATETIME,
}
DEFAULT_SORT = re.compile(r"### Default sort expression.*?```\s*\?sort=(\S+)\s*```", re.DOTALL)


def _table(section: str) -> dict[str, tuple[str, set[str]]]:
    """{field: (type, {operators or directions})} from the first markdown table of a section."""
    rows, field = {}, None
    lines = [line for line in section.splitlines() if line.startswith("|")]
    for line in lines[2:]:  # after the header and the |---| line
        name, value_type, word = (cell.strip().strip("`") for cell in line.strip("|").split("|")[:3])
        if name:
            field = name
            rows[field] = (value_type, set())
        rows[field][1].add(word)
    return rows


@pytest.fixture
def documented(shared_dir):
    return _read(shared_dir / "zorgapis" / "v1beta2.yaml")


@cache
def _read(path: Path):
    """The schemas, and per list operation its sort table, filter table and default sort."""
    document = yaml.safe_load(path.read_text())
    operations = {}
    for path_item in document["paths"].values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "## Filter expressions" in operation.get("description", ""):
                description = operation["description"]
                sorts, filters = description.split("## Filter expressions")
                operations[operation["operationId"]] = {
                    "sorts": _table(sorts.split("## Sort expressions")[1]),
                    "filters": _table(filters),
                    "default": DEFAULT_SORT.search(description)[1],
                }
    return document["components"]["schemas"], operations


def _flattened(filters, prefix="") -> dict[str, Field]:
    """Declared filter fields named as the spec's tables name them: `roles.$it`, `urls.$it.type`."""
    flat = {}
    for name, declared in filters.items():
        if isinstance(declared, ListField):
            if declared.item is not None:
                flat[f"{prefix}{name}.$it"] = declared.item
            flat.update(_flattened(declared.fields, f"{prefix}{name}.$it."))
        else:
            flat[f"{prefix}{name}"] = declared
    return flat


def _mistyped(fields: dict[str, Field], table: dict, schemas) -> list[str]:
    """Fields whose declared type is not the documented one (an enum must have the schema's values)."""
    wrong = []
    for name, field in fields.items():
        documented_type = table[name][0]
        if documented_type in SCALAR_TYPES:
            right = field.type is SCALAR_TYPES[documented_type]
        else:
            right = field.type is ValueType.ENUM and set(field.enum) == set(schemas[documented_type]["enum"])
        if not right:
            wrong.append(name)
    return wrong


def test_every_list_operation_has_a_declaration(documented):
    _, operations = documented
    assert sorted(QUERY_SPECS) == sorted(operations)


@pytest.mark.parametrize("operation", sorted(QUERY_SPECS))
def test_filters_allow_exactly_the_documented_fields_types_and_operators(documented, operation):
    schemas, operations = documented
    table, fields = operations[operation]["filters"], _flattened(QUERY_SPECS[operation].filters)
    assert {name: set(field.operators) for name, field in fields.items()} == {
        name: operators for name, (_, operators) in table.items()
    }
    assert _mistyped(fields, table, schemas) == []


@pytest.mark.parametrize("operation", sorted(QUERY_SPECS))
def test_sorts_allow_exactly_the_documented_fields_with_the_documented_default(documented, operation):
    schemas, operations = documented
    table, spec = operations[operation]["sorts"], QUERY_SPECS[operation]
    assert sorted(spec.sorts) == sorted(table)
    assert all(directions == {"asc", "desc"} for _, directions in table.values())
    assert _mistyped(spec.sorts, table, schemas) == []
    assert spec.default_sort == operations[operation]["default"]
    assert parse_sort("", spec) == parse_sort(spec.default_sort, spec)
