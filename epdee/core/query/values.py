"""Filter values: JSON-like literals checked against the type of the field they are compared with."""

import re
import uuid
from datetime import UTC, datetime, timedelta, timezone

from .fields import Field, ValueType

INT64 = range(-(2**63), 2**63)
# ISO 8601 date and time with a zone (Z or an offset); fractions beyond milliseconds are ignored.
DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))", re.ASCII
)
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# One millisecond short of the ends, so the next millisecond is always representable (see filters).
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


class BadValueError(ValueError):
    """A value that does not fit the field; the caller adds where it was."""


def convert(value, field: Field, value_type: ValueType):
    """The Python value to compare with; `value_type` is the operand's (a function may have changed it)."""
    if value_type is ValueType.STRING:
        return _string(value, "a string")
    if value_type is ValueType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValueError(f"an integer is expected, not {_show(value)}")
        if value not in INT64:
            raise BadValueError(f"the integer {value} is out of range")
        return value
    if value_type is ValueType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadValueError(f"a number is expected, not {_show(value)}")
        if isinstance(value, int) and value not in INT64:
            raise BadValueError(f"the number {value} is out of range")
        return value
    if value_type is ValueType.BOOLEAN:
        if not isinstance(value, bool):
            raise BadValueError(f"true or false is expected, not {_show(value)}")
        return value
    if value_type is ValueType.DATETIME:
        return parse_datetime(_string(value, 'an ISO 8601 date-time string such as "2024-03-16T14:15:30.500Z"'))
    if value_type is ValueType.UUID:
        text = _string(value, "a UUID string")
        if not UUID.fullmatch(text):
            raise BadValueError(f"{_show(text)} is not a UUID")
        return uuid.UUID(text)
    text = _string(value, "a string with one of the values of the enumeration")
    if text not in field.enum:
        raise BadValueError(f"{_show(text)} is not one of {_some(field.enum)}")
    return text


def parse_datetime(text: str) -> datetime:
    """An aware UTC datetime, truncated to the millisecond: the resolution the API compares at."""
    match = DATETIME.fullmatch(text)
    if not match:
        raise BadValueError(f'{_show(text)} is not an ISO 8601 date-time such as "2024-03-16T14:15:30.500Z"')
    year, month, day, hour, minute, second, fraction, utc, sign, offset_hours, offset_minutes = match.groups()
    try:
        zone = UTC
        if not utc:
            offset = timedelta(hours=int(offset_hours), minutes=int(offset_minutes))
            zone = timezone(offset if sign == "+" else -offset)
        milliseconds = int((fraction or "0")[:3].ljust(3, "0"))
        moment = datetime(*map(int, (year, month, day, hour, minute, second)), milliseconds * 1000, tzinfo=zone)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise BadValueError(f"{_show(text)} is not a valid date-time") from None
    if not EARLIEST <= moment <= LATEST:
        raise BadValueError(f"{_show(text)} is out of range")
    return moment


def _string(value, expected: str) -> str:
    if not isinstance(value, str):
        raise BadValueError(f"{expected} is expected, not {_show(value)}")
    return value


def _show(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + (value if len(value) <= 40 else value[:39] + "…") + '"'
    return str(value)


def _some(values, shown: int = 10) -> str:
    listed = ", ".join(values[:shown])
    return listed if len(values) <= shown else f"{listed} (and {len(values) - shown} more)"
