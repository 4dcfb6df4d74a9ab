"""The functions callers may apply to a field (`year(createTime)`, `lower(name)`), as ORM expressions."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC

from django.db.models import Func, IntegerField
from django.db.models.functions import (
    Ceil,
    ExtractDay,
    ExtractHour,
    ExtractMinute,
    ExtractMonth,
    ExtractSecond,
    ExtractYear,
    Floor,
    Lower,
    Upper,
)

from .fields import ValueType


class Millisecond(Func):
    """The milliseconds (0-999) of a date-time, truncated like the other parts; no Extract covers it."""

    arity = 1
    output_field = IntegerField()
    template = "MOD(CAST(FLOOR(EXTRACT(MILLISECONDS FROM %(expressions)s)) AS INTEGER), 1000)"

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: the milliseconds are characters 21-23,
        # and absent (0) on a whole second.
        return self.as_sql(compiler, connection, template="CAST(SUBSTR(%(expressions)s, 21, 3) AS INTEGER)")


class Round(Func):
    """Rounds half away from zero on both databases (PostgreSQL rounds a double precision half to even).

    Django's Round passes a precision, and PostgreSQL has no round(double precision, integer).
    """

    function = "ROUND"
    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="ROUND(CAST(%(expressions)s AS NUMERIC))")


@dataclass(frozen=True)
class Function:
    accepts: frozenset[ValueType]
    returns: ValueType
    build: Callable


def _part(extract):
    # The spec's examples read parts in UTC ("...T14:15:30.500Z" has hour 14), not in TIME_ZONE.
    return Function(frozenset({ValueType.DATETIME}), ValueType.INTEGER, lambda field: extract(field, tzinfo=UTC))


_NUMBERS = frozenset({ValueType.NUMBER, ValueType.INTEGER})
_STRINGS = frozenset({ValueType.STRING})

FUNCTIONS = {
    "year": _part(ExtractYear),
    "month": _part(ExtractMonth),
    "day": _part(ExtractDay),
    "hour": _part(ExtractHour),
    "minute": _part(ExtractMinute),
    "second": _part(ExtractSecond),
    "millisecond": Function(frozenset({ValueType.DATETIME}), ValueType.INTEGER, Millisecond),
    "floor": Function(_NUMBERS, ValueType.INTEGER, Floor),
    "ceiling": Function(_NUMBERS, ValueType.INTEGER, Ceil),
    "round": Function(_NUMBERS, ValueType.INTEGER, Round),
    "lower": Function(_STRINGS, ValueType.STRING, Lower),
    "upper": Function(_STRINGS, ValueType.STRING, Upper),
}
