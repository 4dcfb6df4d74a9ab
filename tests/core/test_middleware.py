"""A page whose service refused and that did not show the refusal itself: the 404, 403 or message page."""

import pytest
from django.urls import include, path

from epdee.core.errors import Conflict, Invalid, Locked, NotFound, PermissionDenied, RateLimited, ServiceUnavailable

REFUSALS = {
    "not-found": NotFound("No such patient."),
    "forbidden": PermissionDenied("Your role in this care organisation is read-only."),
    "conflict": Conflict("This time slot was just taken; choose another."),
    "locked": Locked("A sent invoice cannot change."),
    "invalid": Invalid("The file is empty.", field="upload"),
    "rate-limited": RateLimited("Too many attempts. Wait a while and try again.", retry_after=42),
    "unavailable": ServiceUnavailable("The mail server is down; nothing was sent."),
}


def refuse(request, kind):
    raise REFUSALS[kind]


urlpatterns = [path("refuse/<slug:kind>/", refuse), path("", include("epdee.urls"))]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_not_found_is_the_404_page(client):
    response = client.get("/refuse/not-found/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()


def test_permission_denied_is_the_403_page_with_the_reason(client):
    response = client.get("/refuse/forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You are not allowed to do this" in html
    assert "Your role in this care organisation is read-only." in html
    assert "Your role does not give access to this page" not in html  # the reason replaces the guess


@pytest.mark.parametrize(
    ("kind", "status"),
    [("conflict", 409), ("locked", 409), ("invalid", 400), ("unavailable", 503), ("rate-limited", 429)],
)
def test_other_refusals_are_the_message_page_with_their_status(client, kind, status):
    response = client.get(f"/refuse/{kind}/")
    assert response.status_code == status
    assert [t.name for t in response.templates][0] == "application_error.html"
    assert REFUSALS[kind].message in response.content.decode()


def test_a_rate_limit_says_when_to_try_again(client):
    assert client.get("/refuse/rate-limited/")["Retry-After"] == "42"
    assert not client.get("/refuse/conflict/").has_header("Retry-After")


def test_an_error_that_is_no_refusal_is_left_to_django(rf):
    from epdee.core.middleware import ApplicationErrorMiddleware

    middleware = ApplicationErrorMiddleware(lambda request: None)
    assert middleware.process_exception(rf.get("/"), ValueError("a bug")) is None
