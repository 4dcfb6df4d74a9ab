"""The sliding-window rate limit: no double allowance around a window boundary, and a usable Retry-After."""

import pytest

from epdee.core import ratelimit

HOUR = 3600
START = 1_800_000_000 // HOUR * HOUR  # the start of some hour


@pytest.fixture
def clock(monkeypatch):
    now = {"t": START}
    monkeypatch.setattr(ratelimit.time, "time", lambda: now["t"])
    return now


def hits(n, scope="test"):
    return [ratelimit.hit(scope, "203.0.113.7", limit=5, window=HOUR) for _ in range(n)]


def test_five_an_hour_then_refused_until_the_window_slides(clock):
    assert all(v.allowed for v in hits(5))
    refused = hits(1)[0]
    assert not refused.allowed and 0 < refused.retry_after <= HOUR


def test_the_allowance_is_not_spent_twice_around_the_boundary(clock):
    clock["t"] = START + HOUR - 60  # 5 in the last minute of the hour…
    assert all(v.allowed for v in hits(5))
    clock["t"] = START + HOUR + 60  # …and two minutes later the previous five still count
    refused = hits(1)[0]
    assert not refused.allowed
    # The previous window weighs less as it slides away: after most of the hour one more is allowed.
    clock["t"] = START + 2 * HOUR - 300
    assert hits(1)[0].allowed


def test_keys_and_scopes_are_counted_apart(clock):
    assert all(v.allowed for v in hits(5, scope="a"))
    assert hits(1, scope="b")[0].allowed
    assert ratelimit.hit("a", "198.51.100.1", limit=5, window=HOUR).allowed


def test_retry_after_says_when_a_request_is_allowed_again(clock):
    clock["t"] = START + HOUR - 60
    hits(5)
    clock["t"] = START + HOUR + 60
    refused = hits(1)[0]
    assert not refused.allowed
    clock["t"] += refused.retry_after + 60  # the estimate plus the refused request's own weight
    assert hits(1)[0].allowed


def test_spent_looks_without_counting_and_slides_like_hit(clock):
    def spent():
        return ratelimit.spent("test", "203.0.113.7", limit=5, window=HOUR)

    assert not any(spent() for _ in range(20))  # looking counts nothing
    hits(4)
    assert not spent()
    hits(1)
    assert spent()
    clock["t"] = START + 2 * HOUR - 300  # the five slide out of the window as they do for hit
    assert not spent()
