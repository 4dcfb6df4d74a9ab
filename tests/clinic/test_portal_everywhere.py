"""The portal's link request holds its rules on both surfaces, the /portaal/ page and POST
/api/portaal/request-link: bad input is refused alike, a host without a portal is a 404 on both, and the two
share one allowance per client address and per e-mail address."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from epdee.clinic.models import PortalLoginToken
from epdee.clinic.services import portal
from tests.clinic.support import PORTAL_HOST as HOST

SURFACES = ["page", "api"]
LIMIT = portal.LINK_RATE_LIMIT.limit


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(portal, "MIN_RESPONSE_SECONDS", 0)


def ask_through(surface: str, email, *, address="198.51.100.70", host=HOST):
    """Ask for a sign-in link through the page or the API; returns the response."""
    if surface == "page":
        return Client(HTTP_HOST=host).post("/portaal/", {"email": email}, REMOTE_ADDR=address)
    return APIClient().post(
        "/api/portaal/request-link", {"email": email}, format="json", HTTP_HOST=host, REMOTE_ADDR=address
    )


def accepted(response) -> bool:
    return response.status_code in (200, 202)


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("email", ["not-an-address", "", "a" * 250 + "@example.test"])
def test_bad_input_is_refused_alike(site, surface, email, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_through(surface, email)
    assert response.status_code == 400
    assert not mailoutbox and not PortalLoginToken.objects.exists()


@pytest.mark.parametrize("surface", SURFACES)
def test_a_host_without_a_portal_is_not_found_alike(site, surface):
    assert ask_through(surface, "jan@example.test", host="elsewhere.test").status_code == 404


@pytest.mark.parametrize("first", SURFACES)
def test_page_and_api_share_the_allowance_of_a_client_address(site, first):
    other = "api" if first == "page" else "page"
    for n in range(LIMIT):
        assert accepted(ask_through([first, other][n % 2], f"someone{n}@example.test"))
    for surface in SURFACES:
        refused = ask_through(surface, "jan@example.test")
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert accepted(ask_through(first, "jan@example.test", address="198.51.100.71"))  # another client


@pytest.mark.parametrize("first", SURFACES)
def test_page_and_api_share_the_allowance_of_an_e_mail_address(site, first):
    other = "api" if first == "page" else "page"
    for n in range(LIMIT):
        assert accepted(ask_through([first, other][n % 2], "jan@example.test", address=f"198.51.100.{80 + n}"))
    for surface in SURFACES:
        assert ask_through(surface, " JAN@example.test ", address="198.51.100.99").status_code == 429
        assert accepted(ask_through(surface, "nobody@example.test", address=f"198.51.100.{100 + len(surface)}"))


@pytest.mark.parametrize("surface", SURFACES)
def test_known_and_unknown_addresses_get_the_same_answer(site, surface):
    known = ask_through(surface, "jan@example.test", address="198.51.100.72")
    unknown = ask_through(surface, "nobody@example.test", address="198.51.100.73")
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
