"""In a real browser: staff sign in with password and authenticator code and reach the admin;
the pages fit a phone."""

import pytest
from playwright.sync_api import expect

from tests.core.factories import PASSWORD, UserFactory, give_totp
from tests.support import totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_sign_in_with_two_factor_and_open_the_admin(page, live_server):
    staff = UserFactory(staff=True, email="ops@epdee.example")
    secret = give_totp(staff)
    page.goto(f"{live_server.url}/admin/")
    assert "/accounts/login/" in page.url  # the admin sends people to the real sign-in
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/")
    expect(page.get_by_role("heading", name="Platform administration")).to_be_visible()


def test_console_shows_no_content_security_policy_violations(page, live_server):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    for path in ["/", "/accounts/login/", "/api/docs/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert violations == []
    assert page.locator(".swagger-ui").count() == 1  # Swagger UI rendered from the installed package


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/password/reset/"])
def test_pages_fit_a_phone(phone, live_server, path):
    phone.goto(f"{live_server.url}{path}")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    expect(phone.locator(".navbar-toggler")).to_be_visible()  # the menu collapses behind a button
