"""The registry API's rate limit: REGISTRY_RATE_LIMIT requests per user, whatever the method."""

from dataclasses import dataclass

from django.conf import settings

from epdee.core.api.throttling import RateLimitThrottle
from epdee.core.net import client_ip
from epdee.core.ratelimit import RateLimit, Verdict, hit

from .errors import QUOTA_EXHAUSTED

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """DRF's rate notation: "1200/min" → (1200, 60); the period's first letter counts (s, m, h, d)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period.strip()[0]]


@dataclass(frozen=True)
class PerUserRateLimit(RateLimit):
    """Counted per user only, not per client address: an organization's people and jobs often share one
    proxy address, and each had the whole allowance (as DRF's UserRateThrottle counted before)."""

    def check(self, request, *keys: str) -> Verdict:
        verdict = Verdict(allowed=True, retry_after=0)
        for key in keys:
            verdict = hit(self.scope, key, limit=self.limit, window=self.window)
            if not verdict.allowed:
                break
        return verdict


class RegistryThrottle(RateLimitThrottle):
    """Every request counts, reads included, per user (per client address before signing in, as DRF did)."""

    methods = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})

    @property
    def rate_limit(self) -> RateLimit:
        # Read per request, so that settings (and tests) can change the rate without a restart of the module.
        limit, window = parse_rate(settings.REGISTRY_RATE_LIMIT)
        return PerUserRateLimit("registry", limit, window, message=QUOTA_EXHAUSTED)

    def keys(self, request, view) -> tuple[str, ...]:
        user = request.user
        if user and user.is_authenticated:
            return (f"user-{user.pk}",)
        return (f"address-{client_ip(request) or 'unknown'}",)
