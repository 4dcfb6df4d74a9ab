"""The one DRF throttle on core.ratelimit: it counts what changes something, per client and per key, and says
when to try again; a page enforces the same RateLimit and is refused the same way."""

import pytest
from django.test import RequestFactory
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from epdee.core import ratelimit
from epdee.core.api.throttling import RateLimitThrottle
from epdee.core.errors import RateLimited
from epdee.core.ratelimit import RateLimit

HOUR = 3600
START = 1_800_000_000 // HOUR * HOUR


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: START + 600)


SIGNUP = RateLimit("test-signup", limit=2, window=HOUR, message="Too many sign-ups from here.")


class SignupThrottle(RateLimitThrottle):
    rate_limit = SIGNUP


class PerAddressThrottle(SignupThrottle):
    def keys(self, request, view):
        return (request.META.get("HTTP_X_EMAIL", ""),)


def request(method="POST", ip="203.0.113.7", email="a@example.test"):
    return getattr(RequestFactory(), method.lower())("/", REMOTE_ADDR=ip, HTTP_X_EMAIL=email)


def allowed(throttle, *requests) -> list[bool]:
    """Whether each request passes; a refusal is the one application error, with the limit's message."""
    answers = []
    for req in requests:
        try:
            answers.append(throttle.allow_request(req, view=None))
        except RateLimited as refusal:
            assert refusal.message == SIGNUP.message and refusal.retry_after == throttle.wait()
            answers.append(False)
    return answers


def test_only_writing_methods_count():
    throttle = SignupThrottle()
    assert allowed(throttle, *(request(method) for method in ("GET", "HEAD", "OPTIONS") * 3)) == [True] * 9
    assert allowed(throttle, request(), request(), request()) == [True, True, False]
    assert allowed(throttle, request("GET")) == [True]  # reading stays possible when writing is refused
    assert allowed(throttle, request("PUT"), request("PATCH"), request("DELETE")) == [False, False, False]


def test_the_client_address_is_counted_apart():
    throttle = SignupThrottle()
    assert allowed(throttle, request(ip="203.0.113.1"), request(ip="203.0.113.1"), request(ip="203.0.113.1")) == [
        True,
        True,
        False,
    ]
    assert allowed(throttle, request(ip="203.0.113.2")) == [True]


def test_keys_add_a_count_per_key():
    # Three addresses, one e-mail address: the key's own count refuses the third.
    same_address = [request(ip=f"203.0.113.{n}", email="a@example.test") for n in range(3)]
    assert allowed(PerAddressThrottle(), *same_address) == [True, True, False]
    assert allowed(SignupThrottle(), *[request(ip=f"198.51.100.{n}") for n in range(3)]) == [True, True, True]


def test_wait_is_the_retry_after_of_the_refusal():
    throttle = SignupThrottle()
    allowed(throttle, request(), request())
    assert throttle.wait() == 0
    assert allowed(throttle, request()) == [False]
    assert throttle.wait() == HOUR - 600  # the window ends then


class SignupView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [RateLimitThrottle]
    rate_limit = SIGNUP  # the throttle takes the view's RateLimit when it has none of its own

    def post(self, request):
        return Response(status=201)


def test_the_api_answers_429_with_retry_after():
    view = SignupView.as_view()
    answers = [view(APIRequestFactory().post("/", REMOTE_ADDR="192.0.2.9")) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert answers[2]["Retry-After"] == str(HOUR - 600)
    assert answers[2].data["code"] == "rate_limited"


def test_a_page_enforcing_the_same_limit_shares_the_count_and_is_refused():
    SIGNUP.enforce(request())
    assert allowed(SignupThrottle(), request()) == [True]  # the API's attempt is the second
    with pytest.raises(RateLimited) as refused:
        SIGNUP.enforce(request())
    assert refused.value.message == "Too many sign-ups from here."
    assert refused.value.retry_after == HOUR - 600
