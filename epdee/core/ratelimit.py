"""Rate limits counted in the shared cache (Redis in production), keyed by client address.

A sliding-window counter: the current fixed window's count plus the previous window's, weighted by how much
of it the sliding window still covers. Unlike plain fixed windows it does not let a client spend two full
allowances around a window boundary (5 at 10:59 and 5 more at 11:00), at the cost of one extra cache read.
"""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache

from .errors import RateLimited
from .net import client_ip


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until a request would be allowed again (an estimate when refused)


def _count(cache_key: str, window: int) -> int:
    """Add one to the window's counter; cache.add then incr is atomic on Redis, so workers count correctly."""
    if cache.add(cache_key, 1, timeout=2 * window + 5):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=2 * window + 5)
        return 1


def _window(scope: str, key: str, window: int) -> tuple[float, int, str]:
    """(now, the start of the current fixed window, the cache key prefix of this scope and key)."""
    now = time.time()
    return now, int(now) // window * window, f"ratelimit:{scope}:{key}"


def _overlap(now: float, window_start: int, window: int) -> float:
    """The share of the previous fixed window still inside the sliding window."""
    return 1 - (now - window_start) / window


def hit(scope: str, key: str, *, limit: int, window: int) -> Verdict:
    """Count one request; allowed while the sliding window of `window` seconds holds at most `limit`
    allowed requests."""
    now, window_start, prefix = _window(scope, key, window)
    current = _count(f"{prefix}:{window_start}", window)
    previous = cache.get(f"{prefix}:{window_start - window}") or 0
    estimate = previous * _overlap(now, window_start, window) + current
    if estimate <= limit:
        return Verdict(allowed=True, retry_after=0)
    # A refused request does not count: Retry-After stays true however often the client knocks.
    try:
        cache.decr(f"{prefix}:{window_start}")
    except ValueError:  # the counter expired meanwhile: nothing to take back
        pass
    # When refused: the sooner of the previous window's weight dropping enough, or this window ending.
    until_end = window_start + window - now
    if previous and current <= limit:
        wait = (estimate - limit) / previous * window
        return Verdict(allowed=False, retry_after=max(1, math.ceil(min(wait, until_end))))
    return Verdict(allowed=False, retry_after=max(1, math.ceil(until_end)))


def spent(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Whether the allowance is used up already, without counting anything (for limits that count only
    failures: the attempt is checked first and counted only when it fails)."""
    now, window_start, prefix = _window(scope, key, window)
    current = cache.get(f"{prefix}:{window_start}") or 0
    previous = cache.get(f"{prefix}:{window_start - window}") or 0
    return previous * _overlap(now, window_start, window) + current >= limit


@dataclass(frozen=True)
class RateLimit:
    """A named allowance: at most `limit` attempts per `window` seconds per client address (and per any
    further key, such as a hashed e-mail address). The page and the API of one action share one RateLimit,
    so they share the count; the API applies it through `epdee.core.api.throttling.RateLimitThrottle`."""

    scope: str
    limit: int
    window: int
    message: str = "Too many attempts. Wait a while and try again."

    def check(self, request, *keys: str) -> Verdict:
        """Count one attempt against the client address, then against each key; the first refusal wins."""
        verdict = Verdict(allowed=True, retry_after=0)
        for scope, key in self._counters(request, keys):
            verdict = hit(scope, key, limit=self.limit, window=self.window)
            if not verdict.allowed:
                break
        return verdict

    def spent(self, request, *keys: str) -> bool:
        """Whether the client address or any key has used up the allowance (counts nothing)."""
        return any(
            spent(scope, key, limit=self.limit, window=self.window) for scope, key in self._counters(request, keys)
        )

    def _counters(self, request, keys) -> list[tuple[str, str]]:
        """(scope, key) of each counter: the client address first, then each further key."""
        return [(self.scope, client_ip(request) or "unknown")] + [
            (f"{self.scope}-{index}", key) for index, key in enumerate(keys)
        ]

    def enforce(self, request, *keys: str) -> None:
        """Count one attempt; raise RateLimited (429 with Retry-After) when over the allowance."""
        verdict = self.check(request, *keys)
        if not verdict.allowed:
            raise RateLimited(self.message, retry_after=verdict.retry_after)
