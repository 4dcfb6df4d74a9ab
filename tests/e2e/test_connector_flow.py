"""In a real browser: a supplier designs a connector version and submits it, staff approve it in the admin
with two-factor sign-in, and the supplier then finds the design read-only; the pages fit a phone.

Set EPDEE_SCREENSHOTS=<directory> to keep screenshots of the version page on desktop and phone."""

import re

import pytest
from playwright.sync_api import expect

from connectors.models import ApiModel, ApiModelField, ConnectorVersion, Endpoint, Supplier, SupplierMembership
from connectors.selectors import design_of
from connectors.services.catalog import sync_catalog
from epdee.core.permissions import SYSTEM
from tests.browser import screenshot, sign_in
from tests.core.factories import UserFactory, give_totp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog():
    """The real endpoint catalog (migration 0002); loaded again when an earlier browser test flushed it."""
    if not Endpoint.objects.filter(method="GET", path="/t/clients").exists():
        sync_catalog(ApiModel, ApiModelField, Endpoint, by=SYSTEM)
    return {path: Endpoint.objects.get(method="GET", path=path) for path in ["/t/clients", "/t/clients/{id}"]}


def test_a_supplier_designs_and_submits_a_version_and_staff_approve_it(page, browser, live_server, catalog):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    supplier = Supplier.objects.create(name="Zorgsoft BV", slug="zorgsoft", contact_email="info@zorgsoft.example")
    developer = UserFactory(email="dev@zorgsoft.example")
    SupplierMembership.objects.create(supplier=supplier, user=developer)
    clients, client = catalog["/t/clients"], catalog["/t/clients/{id}"]

    # The supplier creates a connector and lands on the design of version 1.
    sign_in(page, f"{live_server.url}/connectors/", developer.email)
    page.wait_for_url("**/connectors/")
    expect(page.get_by_role("heading", name="No connectors yet")).to_be_visible()
    page.get_by_label("Name").fill("Care planner")
    page.get_by_label("Description").fill("Plans home care visits.")
    page.get_by_role("button", name="Create connector").click()
    page.wait_for_url(re.compile(r".*/connectors/versions/\d+/$"))
    version = ConnectorVersion.objects.get(connector__name="Care planner")
    assert page.locator(".connectors-stage").first.inner_text() == "Development"

    # The search box filters rows as you type; nothing is allowed by default.
    employees = page.locator("[data-endpoint]", has=page.locator("code", has_text=re.compile(r"^/t/employees$")))
    expect(employees).to_be_visible()
    page.get_by_label("Search endpoints").fill("t/clients")
    assert employees.is_hidden()
    fields = page.locator("[data-endpoint]", has=page.locator(f"#endpoint-{clients.pk}")).locator("[data-field-picker]")
    assert fields.is_hidden()  # a field picker shows once its endpoint is ticked
    page.locator(f"#endpoint-{clients.pk}").check()
    expect(fields).to_be_visible()
    field = lambda path: fields.locator(f'input[data-path="{path}"]')  # noqa: E731
    field("firstName").check()
    field("lastName").check()
    field("address").check()  # an object ticks its fields
    assert field("address.city").is_checked() and field("address.street").is_checked()
    assert fields.locator("[data-allowed-count]").inner_text() == "9"
    assert page.locator("[data-design-totals]").inner_text().startswith("1 endpoint enabled · 9 fields allowed")
    page.locator(f"#endpoint-{client.pk}").check()
    page.locator(f'input[name="field-{client.pk}"][data-path="birthDate"]').check()
    screenshot(page, "version-design-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, "version-design-phone")
    fields.scroll_into_view_if_needed()
    screenshot(page, "version-fields-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save design").click()
    page.wait_for_url(f"**/connectors/versions/{version.pk}/")
    expect(page.get_by_text("is saved")).to_be_visible()
    design = {str(e): sorted(paths) for e, paths in design_of(version).items()}
    assert design["GET /t/clients"][:3] == ["address", "address.city", "address.country"]
    assert "firstName" in design["GET /t/clients"] and design["GET /t/clients/{id}"] == ["birthDate"]
    assert len(design) == 2

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    expect(page.get_by_text("submitted for review")).to_be_visible()
    version.refresh_from_db()
    assert version.stage == ConnectorVersion.Stage.IN_REVIEW

    # Staff sign in with their authenticator and approve it from the review queue.
    staff = UserFactory(superadmin=True, email="review@epdee.example")
    secret = give_totp(staff)
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = staff_context.new_page()
    admin.set_default_timeout(15000)
    sign_in(admin, f"{live_server.url}/admin/connectors/connectorversion/", staff.email, totp_secret=secret)
    admin.wait_for_url("**/admin/connectors/connectorversion/?stage__exact=IN_REVIEW")
    admin.get_by_role("link", name="Care planner v1").click()
    admin.wait_for_url(re.compile(rf".*/admin/connectors/connectorversion/{version.pk}/change/.*"))
    admin.get_by_role("button", name="Approve").click()
    admin.wait_for_url("**/admin/connectors/connectorversion/**")
    staff_context.close()
    version.refresh_from_db()
    assert version.stage == ConnectorVersion.Stage.APPROVED and version.reviewed_by == staff

    # Back as the supplier: approved, read-only, and a direct save is refused.
    page.goto(f"{live_server.url}/connectors/versions/{version.pk}/")
    assert page.locator("h1 .connectors-stage").inner_text() == "Approved"
    assert page.get_by_role("button", name="Save design").count() == 0
    expect(page.get_by_text("This design is read-only")).to_be_visible()
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        f"{live_server.url}/connectors/versions/{version.pk}/design/",
        form={"csrfmiddlewaretoken": token, "endpoint_mode": "ALLOW_ALL", "endpoint": str(clients.pk)},
        headers={"Referer": page.url},
    )
    assert response.status == 409 and "cannot be changed" in response.text()
    assert {str(e): sorted(paths) for e, paths in design_of(version).items()} == design
    screenshot(page, "version-approved-desktop")
    page.goto(f"{live_server.url}/connectors/")
    screenshot(page, "list-desktop")

    # The pages fit a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    pages = {"connector": f"/connectors/{version.connector_id}/", "list": "/connectors/", "apply": "/suppliers/apply/"}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        screenshot(page, f"{name}-phone")
    page.goto(f"{live_server.url}/connectors/versions/{version.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, "version-approved-phone")
    assert violations == []
