"""The one DRF throttle: a RateLimit of epdee.core.ratelimit (Redis-backed, shared with the pages)."""

from rest_framework.throttling import BaseThrottle

from ..errors import RateLimited
from ..ratelimit import RateLimit, Verdict


class RateLimitThrottle(BaseThrottle):
    """Set `rate_limit` on a subclass (or the view's `rate_limit`); `keys()` may add per-request keys.

    Only the methods in `methods` count (default: the ones that change something), so reading a form's
    configuration never spends a booking attempt.
    """

    rate_limit: RateLimit | None = None
    methods = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def keys(self, request, view) -> tuple[str, ...]:
        return ()

    def allow_request(self, request, view):
        rate_limit = self.rate_limit or getattr(view, "rate_limit", None)
        if rate_limit is None or request.method not in self.methods:
            self.verdict = Verdict(allowed=True, retry_after=0)
            return True
        self.verdict = rate_limit.check(request, *self.keys(request, view))
        if not self.verdict.allowed:
            # The limit's own message, answered by the one exception handler (429 with Retry-After).
            raise RateLimited(rate_limit.message, retry_after=self.verdict.retry_after)
        return True

    def wait(self):
        return self.verdict.retry_after
