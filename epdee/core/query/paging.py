"""The `skip`, `limit` and `count` parameters."""

from collections.abc import Mapping

from .errors import QueryError

MAX_SKIP = 2**31 - 1  # the spec's int32
MAX_LIMIT = 100


def parse_skip(params: Mapping[str, str]) -> int:
    return _integer(params, "skip", default=0, lowest=0, highest=MAX_SKIP)


def parse_limit(params: Mapping[str, str]) -> int:
    return _integer(params, "limit", default=MAX_LIMIT, lowest=1, highest=MAX_LIMIT)


def parse_count(params: Mapping[str, str]) -> bool:
    text = params.get("count") or "false"
    if text not in ("true", "false"):
        raise QueryError.at("count", f"true or false is expected, not '{text[:40]}'")
    return text == "true"


def _integer(params: Mapping[str, str], name: str, *, default: int, lowest: int, highest: int) -> int:
    text = params.get(name) or ""
    if not text:
        return default
    # Digits only (int() would also take "+1", " 1" and "1_000"), and no more than int32 can hold.
    digits = text.lstrip("0") or "0"
    if not (text.isascii() and text.isdigit()) or len(digits) > 10 or not lowest <= int(digits) <= highest:
        raise QueryError.at(name, f"an integer from {lowest} to {highest} is expected, not '{text[:40]}'")
    return int(digits)
