"""query_timeout(): a time bound on evaluating a list query, and its failure as a QueryError (400)."""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, DataError, OperationalError, connections, transaction

from . import regexp
from .errors import QueryError

QUERY_CANCELED = "57014"  # PostgreSQL SQLSTATEs
INVALID_REGULAR_EXPRESSION = "2201B"


@contextmanager
def query_timeout(seconds: float = 2, using: str = DEFAULT_DB_ALIAS):
    """Runs the block's queries with a time limit; a query over it raises QueryError.

    PostgreSQL: statement_timeout, set locally in a transaction (or savepoint) around the block.
    SQLite: a deadline for the REGEXP function, the one way a filter can run away there.
    A regular expression PostgreSQL rejects (its dialect differs a little from Python's) is a
    QueryError too.
    """
    connection = connections[using]
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic(using=using), _statement_timeout(connection, seconds):
                yield
        else:
            with regexp.deadline(seconds):
                yield
    except (OperationalError, DataError) as error:
        sqlstate = getattr(error.__cause__, "sqlstate", None)
        if sqlstate == QUERY_CANCELED or (connection.vendor == "sqlite" and regexp.timed_out()):
            message = f"the filter took longer than {seconds:g} s to evaluate; make it simpler or more selective"
        elif sqlstate == INVALID_REGULAR_EXPRESSION:
            message = f"the database rejected the regular expression: {error.__cause__.diag.message_primary}"
        else:
            raise
        raise QueryError.at("filter", message) from error


@contextmanager
def _statement_timeout(connection, seconds: float):
    outermost = not connection.in_atomic_block
    with connection.cursor() as cursor:
        if not outermost:
            cursor.execute("SELECT current_setting('statement_timeout')")
            (previous,) = cursor.fetchone()
        # At least 1 ms: 0 would mean no timeout at all.
        milliseconds = max(1, round(seconds * 1000))
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{milliseconds}ms"])
    yield
    if not outermost:
        # A released savepoint keeps SET LOCAL: give the enclosing transaction its own timeout back.
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
