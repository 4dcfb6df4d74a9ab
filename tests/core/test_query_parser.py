"""The query language without a database: grammar, checks against declarations, error messages, limits.

The strategies at the end generate well-formed filters and sorts for any QuerySpec; the registry tests
reuse them to execute generated queries on SQLite and PostgreSQL.
"""

import json
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
import regex
from django.db.models import Exists, OrderBy, Q, functions
from hypothesis import given, settings
from hypothesis import strategies as st

from epdee.core.models import CustomerCode, Tenant, TenantMembership
from epdee.core.query import Field, ListField, QueryError, QuerySpec, ValueType, parse_filter, parse_sort, regexp
from epdee.core.query.fields import OPERATORS_BY_TYPE
from epdee.core.query.functions import FUNCTIONS, Function
from epdee.core.query.paging import parse_count, parse_limit, parse_skip
from epdee.core.query.syntax import Call, Literal, Path, parse
from epdee.core.query.values import parse_datetime

ROLES = tuple(TenantMembership.Role.values)
SPEC = QuerySpec(
    filters={
        "id": Field("uuid", ValueType.UUID),
        "name": Field("name", ValueType.STRING),
        "slug": Field("slug", ValueType.STRING, operators={"eq", "neq"}),
        "status": Field("status", ValueType.ENUM, enum=Tenant.Status.values),
        "sandbox": Field("is_sandbox", ValueType.BOOLEAN),
        "size": Field("size", ValueType.INTEGER),
        "ratio": Field("ratio", ValueType.NUMBER),
        "createTime": Field("created_at", ValueType.DATETIME),
        "address.city": Field("city", ValueType.STRING),
        "codes": ListField(CustomerCode, link="tenant", item=Field("code", ValueType.STRING)),
        "members": ListField(
            TenantMembership,
            link="tenant",
            fields={
                "role": Field("role", ValueType.ENUM, enum=ROLES),
                "joinTime": Field("created_at", ValueType.DATETIME),
                "user.memberships": ListField(
                    TenantMembership,
                    link="user",
                    owner="user",
                    fields={"role": Field("role", ValueType.ENUM, enum=ROLES)},
                ),
            },
        ),
    },
    sorts={"name": Field("name", ValueType.STRING), "createTime": Field("created_at", ValueType.DATETIME)},
    default_sort="desc(createTime)",
)


def error_of(text: str, parser=parse_filter, spec=SPEC) -> str:
    with pytest.raises(QueryError) as raised:
        parser(text, spec)
    (detail,) = raised.value.details
    assert raised.value.message == f"Invalid {detail['location']}: {detail['message']}"
    return detail["message"]


# --- Grammar --------------------------------------------------------------------------------------------


def test_a_filter_parses_to_calls_paths_and_values():
    assert parse('and(eq(a.b["c d"],1),not(has($it.x,"é\\n")))', "filter") == Call(
        "and",
        (
            Call("eq", (Path(("a", "b", "c d"), False, 8), Literal(1, 19)), 5, 1, 1),
            Call("not", (Call("has", (Path(("x",), True, 30), Literal("é\n", 36)), 26, 1, 1),), 22, 2, 2),
        ),
        1,
        3,
        4,
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('"a\\"b\\\\c\\/\\u00e9\\ud83d\\ude00"', 'a"b\\c/é😀'),
        ("0", 0),
        ("-12", -12),
        ("1.5", 1.5),
        ("-2.5e3", -2500.0),
        ("1E-2", 0.01),
        ("true", True),
        ("false", False),
        ("null", None),
    ],
)
def test_values_are_json(text, value):
    literal = parse(f"eq(a,{text})", "filter").args[1]
    assert literal.value == value and type(literal.value) is type(value)


def test_whitespace_between_tokens_is_ignored():
    assert parse_filter(' and ( eq( name , "a" ) ,\n eq(name,"b") ) ', SPEC) == parse_filter(
        'and(eq(name,"a"),eq(name,"b"))', SPEC
    )


def test_bracket_notation_is_dot_notation():
    assert parse_filter('eq(address["city"],"Utrecht")', SPEC) == parse_filter('eq(address.city,"Utrecht")', SPEC)
    # Exists() does not compare equal to itself: compare the SQL.
    bracketed, dotted = (
        str(Tenant.objects.filter(parse_filter(text, SPEC)).query)
        for text in ('any(members,eq($it["role"],"admin"))', 'any(members,eq($it.role,"admin"))')
    )
    assert bracketed == dotted


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("eq(name,", "unexpected end of input at character 9; expected $it, a name or a value"),
        ('eq(name,,"a")', "unexpected ',' at character 9; expected $it, a name or a value"),
        ('eq(name "a")', "unexpected '\"a\"' at character 9; expected '(', ')', ',', '.' or '['"),
        ('eq(name,"a"))', "unexpected ')' at character 13; expected the end"),
        ('eq(name,"a)', "unterminated or invalid string at character 9"),
        ('eq(name,"\\x")', "unterminated or invalid string at character 9"),
        ("eq(name,'a')", 'unexpected character "\'" at character 9'),
        ("eq(name,01)", "unexpected '1' at character 10; expected ')' or ','"),
        ("eq(name.,1)", "unexpected ',' at character 9; expected a name"),
        ('eq(name,"\\ud800")', "invalid \\u escape (a lone surrogate) at character 9"),
        ('eq(name,"\\u0000")', "a string may not contain \\u0000 (character 9)"),
        ("eq(size,1e999)", "number out of range at character 9"),
    ],
)
def test_a_syntax_error_says_what_was_unexpected_and_where(text, message):
    assert error_of(text) == message


def test_a_sort_syntax_error_is_reported_on_the_sort():
    assert (
        error_of("asc(name),", parse_sort) == "unexpected end of input at character 11; expected $it, a name or a value"
    )


# --- Filters against the declarations ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("eq(nam,1)", "unknown field 'nam' at character 4; known fields: id, name, slug, status, sandbox, size,"),
        ('eq(address.town,"x")', "unknown field 'address.town' at character 4"),
        ('gt(name,"a")', "operator 'gt' at character 1 is not allowed on 'name'; allowed: enw, eq, has, neq, reg, stw"),
        ('has(slug,"a")', "operator 'has' at character 1 is not allowed on 'slug'; allowed: eq, neq"),
        ('has(lower(slug),"a")', "operator 'has' at character 1 is not allowed on 'slug'; allowed: eq, neq"),
        ('gt(lower(name),"a")', "operator 'gt' at character 1 is not allowed on 'name'"),
        ('eq(year(name),1)', "year() at character 4 applies to date-time fields, not to name (string)"),
        ('eq(lower(year(createTime)),"1")',
         "lower() at character 4 applies to string fields, not to year(createTime) (integer)"),
        ('eq(floor(name),1)', "floor() at character 4 applies to integer or number fields, not to name (string)"),
        ('has(year(createTime),"1")', "operator 'has' at character 1 is not allowed on 'createTime'"),
        ('eq(month(createTime),"3")', 'an integer is expected, not "3" at character 22 (compared with month('),
        ('eq(createTime,"2024-03-16")', '"2024-03-16" is not an ISO 8601 date-time such as "2024-03-16T14:15:30.500Z"'),
        ('eq(createTime,"2024-03-16T14:15:30")', "is not an ISO 8601 date-time"),
        ('eq(createTime,"2024-13-01T00:00:00Z")', '"2024-13-01T00:00:00Z" is not a valid date-time'),
        ('eq(createTime,"0001-01-01T00:00:00Z")', "is out of range"),
        ('eq(createTime,"2024-01-01T00:00:00+24:00")', "is not a valid date-time"),
        ("eq(createTime,1)", "an ISO 8601 date-time string such as"),
        ('eq(id,"533d3fe3bccc405a99044f516e892856")', '"533d3fe3bccc405a99044f516e892856" is not a UUID'),
        ('eq(status,"ACTIVE")', '"ACTIVE" is not one of active, read_only, closed'),
        ("eq(status,1)", "a string with one of the values of the enumeration is expected, not 1"),
        ('eq(sandbox,"true")', 'true or false is expected, not "true"'),
        ("eq(size,1.0)", "an integer is expected, not 1.0"),
        ("eq(size,true)", "an integer is expected, not true"),
        ("eq(size,9223372036854775808)", "the integer 9223372036854775808 is out of range"),
        ('eq(ratio,"1")', 'a number is expected, not "1"'),
        ("eq(name,1)", "a string is expected, not 1"),
        ("gt(size,null)", "null at character 9 can only be compared with eq or neq"),
        ("has(name,null)", "null at character 10 can only be compared with eq or neq"),
        ('eq("name","a")', "a field is expected at character 4, not a value"),
        ("eq(name,size)", "eq() at character 1 compares with a value"),
        ('eq(name,"a","b")', "eq() at character 1 takes a field and a value"),
        ('eq(name)', "eq() at character 1 takes a field and a value"),
        ('like(name,"a")', "unknown operator 'like' at character 1; operators: eq, neq, gt, gte, lt, lte, has, stw,"),
        ('year(createTime)', "year() at character 1 is a function: compare it with an operator"),
        ('eq(trim(name),"a")', "unknown function 'trim' at character 4; functions: year, month, day, hour,"),
        ('eq(lower(name,name),"a")', "lower() at character 4 takes one field"),
        ("name", "an operator such as eq(field,value) is expected at character 1, not the field 'name'"),
        ('"name"', "an operator such as eq(field,value) is expected at character 1, not a value"),
        ('not(eq(name,"a"),eq(name,"b"))', "not() at character 1 takes one expression"),
        ('and(eq(name,"a"))', "and() at character 1 takes two or more expressions"),
        ("or()", "or() at character 1 takes two or more expressions"),
        ('eq($it,"a")', "$it at character 4 can only be used inside any() or all()"),
        ('eq(codes,"a")', "'codes' at character 4 is a list: filter it with any(codes,…) or all(codes,…)"),
        ('any(name,eq($it,"a"))', "'name' at character 5 is not a list: any() takes a list"),
        ('any(lower(codes),eq($it,"a"))', "any() at character 1 takes a list field first"),
        ('any(codes)', "any() at character 1 takes a list field and an expression"),
        ('any(codes,eq(name,"a"))', "'name' at character 14: inside any()/all() on 'codes' refer to the item as $it"),
        ('any(codes,eq($it.code,"a"))', "unknown field '$it.code' at character 14 in the items of 'codes'; known: $it"),
        ('all(members,eq($it,"admin"))', "the items of 'members' are objects: use one of $it.role, $it.joinTime,"),
        ('all(members,eq($it.rol,"admin"))', "unknown field '$it.rol' at character 16 in the items of 'members'"),
        ('all(members,eq($it.role,"ADMIN"))', '"ADMIN" is not one of admin, staff, viewer'),
        ('all(members,any($it.user.memberships,eq($it.joinTime,"2024-01-01T00:00:00Z")))',
         "unknown field '$it.joinTime' at character 41 in the items of '$it.user.memberships'; known: $it.role"),
        ('all(members,any(members,eq($it.role,"admin")))',
         "'members' at character 17: inside any()/all() on 'members' refer to the item as $it"),
    ],
)  # fmt: skip
def test_a_filter_the_declarations_do_not_allow_is_refused_with_a_reason(text, message):
    assert message in error_of(text)


def test_operators_in_error_messages_follow_the_declaration_and_the_type():
    spec = QuerySpec(
        filters={"createTime": Field("created_at", ValueType.DATETIME, operators={"eq", "gt"})},
        sorts={},
        default_sort="",
    )
    assert error_of("lt(createTime,1)", spec=spec).endswith("allowed: eq, gt")


def test_an_operator_must_also_fit_what_a_function_returns(monkeypatch):
    """A function may turn a string into a number; has() then no longer applies, though the field allows it."""
    monkeypatch.setitem(
        FUNCTIONS, "length", Function(frozenset({ValueType.STRING}), ValueType.INTEGER, functions.Length)
    )
    assert parse_filter("eq(length(name),3)", SPEC) is not None
    assert error_of('has(length(name),"3")') == (
        "operator 'has' at character 1 does not apply to length(name) (integer); use eq, neq"
    )


def test_a_regular_expression_is_checked_and_bounded():
    assert parse_filter(f'reg(name,"{"a" * 200}")', SPEC)
    assert (
        error_of(f'reg(name,"{"a" * 201}")') == "the regular expression at character 10 is longer than 200 characters"
    )
    assert error_of('reg(name,"(a")').startswith("invalid regular expression at character 10: missing )")


def test_limits_on_length_depth_and_size():
    assert error_of('eq(name,"' + "a" * 4000 + '")') == "the filter is longer than 4000 characters"
    deep = "not(" * 31 + 'eq(name,"a")' + ")" * 31
    assert parse_filter(deep, SPEC)
    assert error_of("not(" + deep + ")") == "the filter nests deeper than 32 levels"
    wide = "or(" + ",".join(['eq(name,"a")'] * 99) + ")"
    assert parse_filter(wide, SPEC)
    assert (
        error_of("or(" + ",".join(['eq(name,"a")'] * 100) + ")")
        == "the filter has more than 100 operators and functions"
    )


def test_deep_nesting_parses_without_recursion():
    with pytest.raises(QueryError, match="unexpected end of input"):
        parse_filter("not(" * 1000, SPEC)
    with pytest.raises(QueryError, match="nests deeper than 32 levels"):
        parse_filter("not(" * 790 + 'eq(name,"a")' + ")" * 790, SPEC)


def test_an_empty_filter_selects_everything():
    assert parse_filter("", SPEC) == Q()
    assert parse_filter("  ", SPEC) == Q()


def test_list_operators_become_exists_subqueries():
    condition = parse_filter('any(codes,eq($it,"TE2000"))', SPEC)
    assert isinstance(condition.children[0], Exists) and not condition.negated
    every = parse_filter('all(codes,eq($it,"TE2000"))', SPEC)
    assert every.negated and isinstance(every.children[0], Exists)


def test_eq_null_is_is_null_and_neq_null_is_is_not_null():
    (is_null,) = parse_filter("eq(name,null)", SPEC).children
    (is_not_null,) = parse_filter("neq(name,null)", SPEC).children
    assert (is_null.lookup_name, is_null.rhs, is_not_null.rhs) == ("isnull", True, False)


# --- Values ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-16T14:15:30.500Z", datetime(2024, 3, 16, 14, 15, 30, 500000, tzinfo=UTC)),
        ("2024-03-16T14:15:30Z", datetime(2024, 3, 16, 14, 15, 30, tzinfo=UTC)),
        ("2024-03-16T14:15:30.5Z", datetime(2024, 3, 16, 14, 15, 30, 500000, tzinfo=UTC)),
        ("2024-03-16T14:15:30.123999Z", datetime(2024, 3, 16, 14, 15, 30, 123000, tzinfo=UTC)),
        ("2024-03-16T15:15:30.500+01:00", datetime(2024, 3, 16, 14, 15, 30, 500000, tzinfo=UTC)),
        ("2024-03-16T10:45:30-0330", datetime(2024, 3, 16, 14, 15, 30, tzinfo=UTC)),
        ("2024-03-16t14:15:30z", datetime(2024, 3, 16, 14, 15, 30, tzinfo=UTC)),
    ],
)
def test_date_times_are_iso_8601_with_a_zone_read_to_the_millisecond(text, expected):
    assert parse_datetime(text) == expected


def test_the_sqlite_regexp_deadline_covers_the_whole_block_not_each_call():
    with regexp.deadline(0.2):
        assert regexp.regexp("a", "a") is True
        time.sleep(0.25)
        with pytest.raises(TimeoutError):
            regexp.regexp("a", "a")
        assert regexp.timed_out()
    assert regexp.regexp("a", "b") is False
    assert regexp.regexp("a", None) is None


# --- Sorts ----------------------------------------------------------------------------------------------


def test_a_sort_orders_nulls_as_the_spec_says_and_ends_on_the_primary_key():
    ordering = parse_sort("asc(name), desc(year(createTime))", SPEC)
    assert [(o.descending, o.nulls_first, o.nulls_last) for o in ordering] == [
        (False, None, True),
        (True, True, None),
        (False, None, None),
    ]
    assert ordering[-1].expression.name == "pk"
    assert all(isinstance(o, OrderBy) for o in ordering)


def test_an_empty_sort_is_the_default_sort():
    assert parse_sort("", SPEC) == parse_sort("desc(createTime)", SPEC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name", "asc(field) or desc(field) is expected at character 1"),
        ("up(name)", "asc(field) or desc(field) is expected at character 1"),
        ("asc(name,createTime)", "asc() at character 1 takes one field"),
        ("asc(status)", "unknown field 'status' at character 5; known fields: name, createTime"),
        ("desc(upper(createTime))", "upper() at character 6 applies to string fields, not to createTime (date-time)"),
        ('asc("name")', "a field is expected at character 5, not a value"),
        ("asc($it)", "$it at character 5 can only be used inside any() or all()"),
    ],
)
def test_a_bad_sort_is_refused_with_a_reason(text, message):
    assert error_of(text, parse_sort) == message


# --- skip, limit, count ---------------------------------------------------------------------------------


def test_skip_limit_and_count_have_the_spec_defaults_and_bounds():
    assert (parse_skip({}), parse_limit({}), parse_count({})) == (0, 100, False)
    assert (parse_skip({"skip": "0"}), parse_skip({"skip": "2147483647"}), parse_skip({"skip": "007"})) == (
        0,
        2**31 - 1,
        7,
    )
    assert (parse_limit({"limit": "1"}), parse_limit({"limit": "100"})) == (1, 100)
    assert (parse_count({"count": "true"}), parse_count({"count": "false"})) == (True, False)
    for name, parser, bad in [
        ("skip", parse_skip, ["-1", "+1", " 1", "1_0", "1.0", "2147483648", "9" * 5000, "١"]),
        ("limit", parse_limit, ["0", "101", "ten"]),
        ("count", parse_count, ["True", "1", "yes"]),
    ]:
        for text in bad:
            with pytest.raises(QueryError) as raised:
                parser({name: text})
            assert raised.value.details[0]["location"] == name


# --- Declarations ---------------------------------------------------------------------------------------


def test_a_declaration_cannot_allow_an_operator_its_type_lacks():
    with pytest.raises(ValueError, match="do not apply to date-time fields"):
        Field("created_at", ValueType.DATETIME, operators={"has"})
    with pytest.raises(ValueError, match="an ENUM field lists its values"):
        Field("status", ValueType.ENUM)
    with pytest.raises(ValueError, match="declares its item, its fields, or both"):
        ListField(CustomerCode, link="tenant")


# --- Generated input ------------------------------------------------------------------------------------

STRINGS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
DATETIMES = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=11))]),
)
INTEGERS = st.integers(-(2**63), 2**63 - 1)


def _values(field: Field, value_type: ValueType):
    """JSON text of values that fit the type."""
    return {
        ValueType.STRING: STRINGS.map(json.dumps),
        ValueType.INTEGER: INTEGERS.map(str),
        ValueType.NUMBER: st.one_of(INTEGERS, st.floats(allow_nan=False, allow_infinity=False)).map(json.dumps),
        ValueType.BOOLEAN: st.sampled_from(["true", "false"]),
        ValueType.DATETIME: DATETIMES.map(lambda moment: json.dumps(moment.isoformat(timespec="milliseconds"))),
        ValueType.UUID: st.uuids().map(lambda value: json.dumps(str(value))),
        ValueType.ENUM: st.sampled_from(field.enum).map(json.dumps),
    }[value_type]


# A portable regular expression: literal text (escaped), maybe anchored, maybe with a wildcard.
PATTERNS = st.tuples(st.sampled_from(["", "^"]), STRINGS.map(regex.escape), st.sampled_from(["", ".*", "$", ".+"])).map(
    lambda parts: json.dumps("".join(parts))
)


def _chains(value_type: ValueType, depth: int = 2):
    """Every function chain applicable to a type, innermost first, with the type it ends with."""
    found = [((), value_type)]
    for name, function in FUNCTIONS.items():
        if depth and value_type in function.accepts:
            found += [((name, *chain), ending) for chain, ending in _chains(function.returns, depth - 1)]
    return found


def _spellings(name: str, item: bool):
    """A field name in dot notation and in bracket notation, under $it inside a list."""
    parts = name.split(".")
    head, rest = ("$it", parts) if item else (parts[0], parts[1:])
    return st.sampled_from([".".join([head, *rest]), head + "".join(f'["{part}"]' for part in rest)])


def _comparisons(path, field: Field):
    options = []
    for chain, ending in _chains(field.type):
        operand = path
        for name in chain:
            operand = operand.map(lambda text, name=name: f"{name}({text})")
        for operator in sorted(field.operators & OPERATORS_BY_TYPE[ending]):
            values = PATTERNS if operator == "reg" else _values(field, ending)
            if operator in ("eq", "neq"):
                values = st.one_of(values, st.just("null"))
            options.append(st.tuples(operand, values).map(lambda pair, op=operator: f"{op}({pair[0]},{pair[1]})"))
    return st.one_of(options)


def filter_expressions(names, item: Field | None = None, in_list: bool = False):
    """Well-formed filters over declared fields: comparisons, functions, not/and/or, any/all."""
    atoms = []
    for name, declared in names.items():
        path = _spellings(name, in_list)
        if isinstance(declared, ListField):
            body = st.deferred(lambda d=declared: filter_expressions(d.fields, d.item, True))
            atoms.append(st.tuples(st.sampled_from(["any", "all"]), path, body).map(lambda t: f"{t[0]}({t[1]},{t[2]})"))
        else:
            atoms.append(_comparisons(path, declared))
    if item is not None:
        atoms.append(_comparisons(st.just("$it"), item))
    return st.recursive(
        st.one_of(atoms),
        lambda inner: st.one_of(
            inner.map(lambda text: f"not({text})"),
            st.tuples(st.sampled_from(["and", "or"]), st.lists(inner, min_size=2, max_size=3)).map(
                lambda t: f"{t[0]}({','.join(t[1])})"
            ),
        ),
        max_leaves=6,
    )


def sort_expressions(spec: QuerySpec):
    keys = []
    for name, field in spec.sorts.items():
        for chain, _ in _chains(field.type):
            operand = name
            for function in chain:
                operand = f"{function}({operand})"
            keys += [f"asc({operand})", f"desc({operand})"]
    return st.lists(st.sampled_from(keys), min_size=0, max_size=3).map(",".join)


UNDECLARED = st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,8}", fullmatch=True).filter(
    lambda name: name not in SPEC.filters and name not in ("true", "false", "null")
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.text(max_size=30))
def test_random_text_only_ever_raises_query_error(filter_text, sort_text):
    for parser, text in [(parse_filter, filter_text), (parse_sort, sort_text)]:
        try:
            parser(text, SPEC)
        except QueryError:
            pass


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[a-z]{2,4}\((\$it|[a-zA-Z.]{1,12}|\[\"[a-z]\"\]|[\"a-z0-9,()\-.\[\]]){0,12}\)", fullmatch=True))
def test_text_that_looks_like_a_filter_only_ever_raises_query_error(text):
    try:
        parse_filter(text, SPEC)
    except QueryError:
        pass


@settings(max_examples=300, deadline=None)
@given(filter_expressions(SPEC.filters), sort_expressions(SPEC))
def test_generated_well_formed_filters_and_sorts_parse(filter_text, sort_text):
    assert isinstance(parse_filter(filter_text, SPEC), Q)
    assert all(isinstance(key, OrderBy) for key in parse_sort(sort_text, SPEC))


@settings(max_examples=200, deadline=None)
@given(
    filter_expressions(SPEC.filters),
    UNDECLARED,
    st.sampled_from(["eq", "neq", "gt", "has", "reg"]),
    st.sampled_from(["1", '"a"', "null", "true"]),
    st.booleans(),
)
def test_generated_filters_over_undeclared_fields_are_refused(valid, undeclared, operator, value, first):
    bad = f"{operator}({undeclared},{value})"
    with pytest.raises(QueryError, match=f"unknown field '{undeclared}'"):
        parse_filter(f"or({bad},{valid})" if first else f"and({valid},{bad})", SPEC)
    with pytest.raises(QueryError, match=f"unknown field '\\$it.{undeclared}'"):
        parse_filter(f"any(members,{operator}($it.{undeclared},{value}))", SPEC)
