"""The grammar of filter and sort expressions: text to a small syntax tree, with size limits.

The grammar only knows calls, paths and JSON-like values; which names are operators, functions or
fields is decided later against a QuerySpec, so errors can name the field or operator at fault.
Parsing is LALR with the tree built during reduction: no recursion, whatever the nesting.
"""

import json
import math
from dataclasses import dataclass
from functools import cache

from lark import Lark, Transformer, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .errors import QueryError

MAX_LENGTH = 4000
MAX_DEPTH = 32
MAX_CALLS = 100

GRAMMAR = r"""
filter: term
sort: term ("," term)*
?term: call | path | literal
call: NAME "(" [term ("," term)*] ")"
path: (NAME | IT) segment*
?segment: "." NAME | "[" STRING "]"
literal: STRING | NUMBER | TRUE | FALSE | NULL

IT: "$it"
TRUE: "true"
FALSE: "false"
NULL: "null"
NAME: /[A-Za-z_][A-Za-z0-9_]*/
STRING: /"(?:[^"\\\x00-\x1f]|\\(?:["\\\/bfnrt]|u[0-9a-fA-F]{4}))*"/
NUMBER: /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/
%ignore /[ \t\r\n]+/
"""

# How lark's terminal names read in "expected ..." messages.
TERMINALS = {
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "DOT": "'.'",
    "LSQB": "'['",
    "RSQB": "']'",
    "NAME": "a name",
    "IT": "$it",
    "STRING": "a value",
    "NUMBER": "a value",
    "TRUE": "a value",
    "FALSE": "a value",
    "NULL": "a value",
    "$END": "the end",
}


@dataclass(frozen=True)
class Literal:
    value: object  # str, int, float, bool or None
    position: int  # 1-based character position in the parameter


@dataclass(frozen=True)
class Path:
    """A field reference: `a.b`, `a["b"]` or `$it.b`; `parts` excludes the `$it` root."""

    parts: tuple[str, ...]
    is_item: bool
    position: int

    @property
    def name(self) -> str:
        return ".".join(("$it", *self.parts) if self.is_item else self.parts)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple
    position: int
    depth: int  # nesting of calls, this one included
    calls: int  # calls in this subtree, this one included


class _Builder(Transformer):
    """Builds the syntax tree bottom-up while the parser reduces (lark's inline transformer)."""

    def __init__(self, location: str):
        super().__init__()
        self.location = location

    def filter(self, children):
        return children[0]

    def sort(self, children):
        return list(children)

    def call(self, children):
        name, *args = children
        args = tuple(arg for arg in args if arg is not None)  # lark's placeholder for "no arguments"
        nested = [arg for arg in args if isinstance(arg, Call)]
        return Call(
            name=str(name),
            args=args,
            position=name.start_pos + 1,
            depth=1 + max((arg.depth for arg in nested), default=0),
            calls=1 + sum(arg.calls for arg in nested),
        )

    def path(self, children):
        root, *segments = children
        parts = tuple(self._segment(segment) for segment in segments)
        if root.type == "IT":
            return Path(parts, is_item=True, position=root.start_pos + 1)
        return Path((str(root), *parts), is_item=False, position=root.start_pos + 1)

    def literal(self, children):
        token = children[0]
        position = token.start_pos + 1
        if token.type == "STRING":
            return Literal(self._string(token, position), position)
        if token.type == "NUMBER":
            return Literal(self._number(token, position), position)
        return Literal({"TRUE": True, "FALSE": False, "NULL": None}[token.type], position)

    def _segment(self, token) -> str:
        return self._string(token, token.start_pos + 1) if token.type == "STRING" else str(token)

    def _string(self, token, position: int) -> str:
        text = json.loads(token)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            message = f"invalid \\u escape (a lone surrogate) at character {position}"
            raise QueryError.at(self.location, message) from None
        if "\x00" in text:
            raise QueryError.at(self.location, f"a string may not contain \\u0000 (character {position})")
        return text

    def _number(self, token, position: int) -> int | float:
        if token.lstrip("-").isdigit():
            return int(token)
        number = float(token)
        if not math.isfinite(number):
            raise QueryError.at(self.location, f"number out of range at character {position}")
        return number


@cache
def _parser(location: str) -> Lark:
    return Lark(GRAMMAR, parser="lalr", start=location, transformer=_Builder(location))


def parse(text: str, location: str):
    """Parses the `filter` parameter to one node, or the `sort` parameter to a list of nodes."""
    if len(text) > MAX_LENGTH:
        raise QueryError.at(location, f"the {location} is longer than {MAX_LENGTH} characters")
    try:
        tree = _parser(location).parse(text)
    except UnexpectedInput as error:
        raise QueryError.at(location, _describe(error, text)) from None
    calls = [node for node in (tree if isinstance(tree, list) else [tree]) if isinstance(node, Call)]
    if any(node.depth > MAX_DEPTH for node in calls):
        raise QueryError.at(location, f"the {location} nests deeper than {MAX_DEPTH} levels")
    if sum(node.calls for node in calls) > MAX_CALLS:
        raise QueryError.at(location, f"the {location} has more than {MAX_CALLS} operators and functions")
    return tree


def _describe(error: UnexpectedInput, text: str) -> str:
    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream + 1
        if error.char == '"':
            return f"unterminated or invalid string at character {position}"
        return f"unexpected character {error.char!r} at character {position}"
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        found, position = f"'{_shorten(error.token)}'", error.token.start_pos + 1
    else:
        found, position = "end of input", len(text) + 1
    expected = sorted({TERMINALS.get(name, name) for name in getattr(error, "expected", ())})
    hint = f"; expected {_one_of(expected)}" if expected else ""
    return f"unexpected {found} at character {position}{hint}"


def _shorten(value: str, limit: int = 30) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _one_of(options: list[str]) -> str:
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]
