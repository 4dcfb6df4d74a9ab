"""In a real browser: sign in, search the API library, open a specification and read its ranking;
the library fits a phone."""

import pytest
from playwright.sync_api import expect

from registry import services
from tests.core.factories import PASSWORD, UserFactory
from tests.registry.factories import organization, requirements_version
from tests.registry.test_pages import DECLARED, add_specification

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def member():
    member = UserFactory(email="member@nictiz.example")
    requirements_version(UserFactory(staff=True))
    org = organization(member)
    _, version = add_specification(member, org, "Verzamelen Huisartsgegevens", description="Collects GP data")
    services.add_declaration(version, "1.2.0", DECLARED, by=member)
    for name in ["Medicatieoverdracht", "Afsprakenbeheer met een heel erg lange naam voor een smal scherm"]:
        add_specification(member, org, name, style="SOAP")
    return member


def sign_in(page, live_server, user, path):
    page.goto(f"{live_server.url}{path}")
    assert "/accounts/login/" in page.url  # the library is for signed-in users
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{path}")


def test_search_the_library_and_read_a_specifications_ranking(page, live_server, member):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, live_server, member, "/library/")
    expect(page.get_by_role("heading", name="API library")).to_be_visible()
    page.get_by_label("Search").fill("huisarts")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/library/?q=huisarts*")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    rows.get_by_role("link", name="Verzamelen Huisartsgegevens").click()
    page.wait_for_url("**/library/specifications/**")
    expect(page.get_by_role("heading", name="Verzamelen Huisartsgegevens", level=1)).to_be_visible()
    declaration = page.get_by_role("region", name="Declaration of conformity of 1.0.0")
    assert declaration.locator(".registry-ranking-level").inner_text() == "Open API"
    bar = declaration.get_by_role("progressbar", name="Open API score")
    assert bar.get_attribute("aria-valuenow") == "4" and bar.get_attribute("aria-valuemax") == "6"
    width = bar.locator(".progress-bar").evaluate("e => e.getBoundingClientRect().width / e.parentElement.clientWidth")
    assert 0.6 < width < 0.7  # 4 of 6, drawn by a CSS class since the CSP forbids style attributes
    declaration.get_by_role("link", name="Full declaration").click()
    page.wait_for_url("**/library/declarations/**")
    expect(page.get_by_role("cell", name="No examples yet")).to_be_visible()
    assert violations == []


def test_the_library_fits_a_phone(phone, live_server, member):
    org = member.registry_organizations.get()
    services.invite(org, "colleague@example.test", by=member)  # the member's page lists it with a Cancel button
    sign_in(phone, live_server, member, "/library/")
    paths = [
        "/library/",
        "/library/requirements/1.2.0/",
        "/library/standards/",
        "/library/organizations/",
        f"/library/organizations/{org.pk}/",
        "/library/invitations/",
    ]
    for path in paths:
        phone.goto(f"{live_server.url}{path}")
        # clientWidth, not innerWidth: a mobile browser widens its layout viewport to fit content that overflows.
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    phone.goto(f"{live_server.url}/library/")
    phone.get_by_role("link", name="Verzamelen Huisartsgegevens").click()
    phone.wait_for_url("**/library/specifications/**")
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    expect(phone.locator(".registry-ranking-level").first).to_be_visible()
