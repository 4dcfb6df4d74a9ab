"""A time-bounded REGEXP for SQLite, so that `reg` with a catastrophic pattern cannot hold a worker.

Django's own SQLite REGEXP uses `re`, which cannot be interrupted; this one uses the `regex` module's
timeout, bounded by query_timeout() (or DEFAULT_SECONDS per call outside it). PostgreSQL has its
statement_timeout instead.
"""

import threading
import time
from contextlib import contextmanager

import regex
from django.db.backends.signals import connection_created
from django.dispatch import receiver

DEFAULT_SECONDS = 2.0
_state = threading.local()  # SQLite runs the function in the thread that runs the query


@contextmanager
def deadline(seconds: float):
    """Bounds the time REGEXP may take, all calls together, in this thread until the block ends."""
    previous = getattr(_state, "deadline", None)
    _state.deadline, _state.timed_out = time.monotonic() + seconds, False
    try:
        yield
    finally:
        _state.deadline = previous


def timed_out() -> bool:
    """Whether REGEXP ran out of time since the innermost deadline() began."""
    return getattr(_state, "timed_out", False)


def regexp(pattern, value):
    if pattern is None or value is None:
        return None
    until = getattr(_state, "deadline", None)
    remaining = DEFAULT_SECONDS if until is None else until - time.monotonic()
    try:
        if remaining <= 0:
            raise TimeoutError("regex timed out")
        return regex.search(pattern, str(value), timeout=remaining) is not None
    except TimeoutError:
        _state.timed_out = True
        raise  # SQLite aborts the query: "user-defined function raised exception"


@receiver(connection_created, dispatch_uid="epdee_query_sqlite_regexp")
def install_regexp(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        # Deterministic, as Django declares its own: CHECK constraints may call REGEXP.
        connection.connection.create_function("REGEXP", 2, regexp, deterministic=True)
