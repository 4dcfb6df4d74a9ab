"""Browser fixtures (a plugin loaded by tests/conftest.py, for every folder): Playwright driving the system
Chromium (no browser download). One browser per test session: Playwright's sync API allows one at a time."""

import os
import shutil
from pathlib import Path

import pytest

from tests.support import needs, totp_code

CHROMIUM = os.environ.get("EPDEE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser():
    needs(shutil.which(CHROMIUM) is not None, f"Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    # As long as the pages' own timeout: under a full parallel run (schemathesis beside it) a form's answer
    # took longer than expect's default five seconds.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


# --- helpers for the browser tests ---------------------------------------------------------------------------

SCREENSHOTS = os.environ.get("EPDEE_SCREENSHOTS")  # a directory: keep screenshots of the pages tests visit


def screenshot(tab, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def sign_in(tab, url: str, email: str, *, password: str | None = None, totp_secret: str | None = None) -> None:
    """Open a page that needs a sign-in and sign in through the real form (and its 2FA step); the password
    defaults to the factories' one."""
    from tests.core.factories import PASSWORD  # not at import: this plugin loads before Django is set up

    tab.goto(url)
    assert "/accounts/login/" in tab.url
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(password or PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    if totp_secret:
        tab.wait_for_url("**/accounts/2fa/authenticate/")
        tab.get_by_label("Code").fill(totp_code(totp_secret))
        tab.get_by_role("button", name="Sign In").click()


def watch_csp(tab) -> list:
    """Collects the tab's Content-Security-Policy violations; a test asserts the list stays empty."""
    violations = []
    tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return violations


def fits(tab) -> bool:
    """No horizontal scrolling: the page fits the viewport's width (a phone's)."""
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
