"""The supplier dashboard: connectors, versions and their technical design, the public intake form."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connectors import services, tabs
from connectors.models import (
    ApiModel,
    ApiModelField,
    Connector,
    ConnectorVersion,
    EnabledEndpoint,
    Endpoint,
    Supplier,
    SupplierIntakeRequest,
    SupplierMembership,
)
from connectors.selectors import design_of
from connectors.tabs import version_tabs
from tests.core.factories import PASSWORD, UserFactory
from tests.support import login

Stage = ConnectorVersion.Stage
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.fixture
def catalog(db):
    """A small catalog of our own, next to whatever the catalog migration loaded."""
    widget = ApiModel.objects.create(name="PageTestWidget", description="A widget.")
    for position, (path, kind) in enumerate(
        [
            ("id", "integer"),
            ("name", "string"),
            ("address", "object"),
            ("address.street", "string"),
            ("address.city", "string"),
        ]
    ):
        ApiModelField.objects.create(api_model=widget, path=path, type=kind, position=position)
    gadget = ApiModel.objects.create(name="PageTestGadget")
    ApiModelField.objects.create(api_model=gadget, path="serial", type="string")

    def endpoint(method, path, model=None, **extra):
        return Endpoint.objects.create(
            method=method, path=path, context="t", resource="pagetest", api_model=model, **extra
        )

    widgets = endpoint("GET", "/t/pagetest/widgets", widget, returns_list=True, description="All widgets.")
    widget_one = endpoint("GET", "/t/pagetest/widgets/{id}", widget, description="One widget.")
    return SimpleNamespace(
        widget=widget,
        gadget=gadget,
        widgets=widgets,
        widget_one=widget_one,
        create=endpoint("POST", "/t/pagetest/widgets", description="Add a widget."),
        gadgets=endpoint("GET", "/t/pagetest/gadgets", gadget, returns_list=True),
        by_code=endpoint(
            "GET",
            "/t/pagetest/widgets/by_code/{code}",
            widget,
            description="A widget by its code.",
            deprecated_on=date(2020, 7, 29),
            removal_date=date(2099, 12, 31),
            replacement=widget_one,
        ),
    )


def member(role=SupplierMembership.Role.DEVELOPER, supplier=None, name="Zorgsoft"):
    supplier = supplier or Supplier.objects.create(name=name, slug=name.lower(), contact_email=f"info@{name}.example")
    user = UserFactory()
    SupplierMembership.objects.create(supplier=supplier, user=user, role=role)
    return user, supplier


@pytest.fixture
def developer(db):
    user, _ = member()
    return user


@pytest.fixture
def signed_in(client, developer):
    login(client, developer.email, PASSWORD)
    return client


def connector_of(user, name="Planning sync"):
    supplier = user.supplier_memberships.get().supplier
    connector = services.create_connector(supplier, name=name, description="Syncs appointments.", by=user)
    return connector, connector.versions.get()


def design_post(mode="FILTERED", endpoints=None):
    """The form body of the design picker: {endpoint: [paths]}."""
    data = {"endpoint_mode": mode, "endpoint": [str(e.pk) for e in (endpoints or {})]}
    for endpoint, paths in (endpoints or {}).items():
        data[f"field-{endpoint.pk}"] = paths
    return data


def design_by_path(version) -> dict:
    return {str(e): sorted(paths) for e, paths in design_of(version).items()}


def to_stage(version, stage, user):
    """Walk a version through the services to `stage`."""
    staff = UserFactory(staff=True)
    if stage == Stage.DEVELOPMENT:
        return version
    if not version.enabled_endpoints.exists():
        widgets = Endpoint.objects.get(method="GET", path="/t/pagetest/widgets")
        services.update_design(version, by=user, endpoints={widgets: []})
    services.submit_for_review(version, by=user)
    if stage == Stage.APPROVED:
        services.approve(version, by=staff)
    elif stage == Stage.REJECTED:
        services.reject(version, by=staff, notes="Ask for fewer fields.")
    version.refresh_from_db()
    return version


def move(client, version, action):
    return client.post(reverse("connectors:move-version", args=[version.pk]), {"action": action})


def row_classes(html, search):
    """The classes of the picker row whose search text starts with `search`."""
    row = rf'<div class="list-group-item connectors-endpoint([^"]*)"[^>]*data-search="{re.escape(search)}'
    return re.search(row, html).group(1)


def version_url(version, tab=None):
    url = reverse("connectors:version", args=[version.pk])
    return f"{url}?tab={tab}" if tab else url


# --- who gets in -------------------------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("connectors:index"))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_users_without_a_supplier_are_told_to_ask_epdee_or_apply(client, db):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    response = client.get(reverse("connectors:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "not a member of a software supplier" in html and reverse("suppliers:apply") in html
    assert f'href="{reverse("connectors:index")}"' not in html  # no Connectors item in the navigation


def test_supplier_members_find_connectors_in_the_navigation(signed_in):
    html = signed_in.get("/").content.decode()
    assert f'href="{reverse("connectors:index")}">Connectors<' in html


# --- the list ------------------------------------------------------------------------------------------


def test_the_empty_list_explains_the_flow(signed_in):
    response = signed_in.get(reverse("connectors:index"))
    html = response.content.decode()
    assert "No connectors yet" in html
    for step in ["TE1002", "Submit the version for review", "CF####", "Nothing is allowed by default"]:
        assert step in html


def test_the_list_shows_each_connectors_newest_version_and_stage(signed_in, developer, catalog):
    connector, version = connector_of(developer)
    to_stage(version, Stage.APPROVED, developer)
    newest = services.new_version(connector, by=developer)
    connector_of(developer, name="Invoices export")
    html = signed_in.get(reverse("connectors:index")).content.decode()
    assert "Planning sync" in html and "Invoices export" in html
    assert f'href="{version_url(newest)}">Version 2</a>' in html
    assert "connectors-stage-development" in html and "connectors-stage-approved" not in html


def test_the_list_sorts_and_paginates(signed_in, developer):
    for number in range(30):
        connector_of(developer, name=f"Connector {number:02d}")
    first = signed_in.get(reverse("connectors:index")).content.decode()
    assert "Connector 00" in first and "Connector 29" not in first and "1–25 of 30" in first
    backwards = signed_in.get(reverse("connectors:index") + "?sort=-name").content.decode()
    assert "Connector 29" in backwards and "Connector 00" not in backwards


def test_the_list_needs_the_same_number_of_queries_for_more_connectors(signed_in, developer):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(reverse("connectors:index")).status_code == 200
        return len(captured)

    connector_of(developer, name="First")
    few = queries()
    for number in range(12):
        connector, version = connector_of(developer, name=f"More {number}")
        services.new_version(connector, by=developer)
    assert queries() == few


def test_a_member_of_two_suppliers_chooses_whose_connector_it_is(client, developer):
    other = Supplier.objects.create(name="Tweede BV", slug="tweede", contact_email="a@tweede.example")
    SupplierMembership.objects.create(supplier=other, user=developer)
    login(client, developer.email, PASSWORD)
    html = client.get(reverse("connectors:index")).content.decode()
    assert '<select name="supplier"' in html and "Tweede BV" in html
    response = client.post(reverse("connectors:index"), {"supplier": other.pk, "name": "Mine", "description": ""})
    assert response.status_code == 302
    assert Connector.objects.get(name="Mine").supplier == other


def test_a_duplicate_name_is_refused_inline(signed_in, developer):
    connector_of(developer)
    response = signed_in.post(reverse("connectors:index"), {"name": "Planning sync", "description": ""})
    assert response.status_code == 400
    assert "already has a connector named" in response.content.decode()
    assert Connector.objects.count() == 1


# --- the whole flow ------------------------------------------------------------------------------------


def test_a_member_creates_a_connector_designs_two_endpoints_and_submits_it(signed_in, developer, catalog):
    response = signed_in.post(reverse("connectors:index"), {"name": "Widget sync", "description": "Widgets."})
    connector = Connector.objects.get(name="Widget sync")
    version = connector.versions.get()
    assert response.status_code == 302 and response.url == version_url(version)

    page = signed_in.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200 and "Save design" in html and "/t/pagetest/widgets/{id}" in html
    assert f'name="field-{catalog.widgets.pk}" value="address.street"' in html  # the field picker

    body = design_post(endpoints={catalog.widgets: ["id", "address"], catalog.widget_one: ["name"]})
    response = signed_in.post(reverse("connectors:save-design", args=[version.pk]), body)
    assert response.status_code == 302
    assert design_by_path(version) == {
        "GET /t/pagetest/widgets": ["address", "address.city", "address.street", "id"],  # an object brings its fields
        "GET /t/pagetest/widgets/{id}": ["name"],
    }
    html = signed_in.get(response.url).content.decode()
    assert "is saved" in html and "2 endpoints enabled · 5 fields allowed" in html

    response = signed_in.post(reverse("connectors:move-version", args=[version.pk]), {"action": "submit"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.stage == Stage.IN_REVIEW and version.submitted_at is not None
    html = signed_in.get(version_url(version)).content.decode()
    assert "Save design" not in html and "Withdraw from review" in html and "This design is read-only" in html
    assert "address" in html and "connectors-history" in html


def test_the_connector_page_lists_versions_with_the_last_reviewers_notes(signed_in, developer, catalog):
    connector, version = connector_of(developer)
    services.update_design(version, by=developer, endpoints={catalog.widgets: ["id"]})
    to_stage(version, Stage.REJECTED, developer)
    response = signed_in.get(reverse("connectors:connector", args=[connector.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Version 1" in html and "connectors-stage-rejected" in html and "Ask for fewer fields." in html
    assert "New version" in html


def test_a_new_version_copies_the_design_of_the_version_chosen(signed_in, developer, catalog):
    connector, first = connector_of(developer)
    services.update_design(first, by=developer, endpoints={catalog.widgets: ["id", "name"]})
    to_stage(first, Stage.APPROVED, developer)
    second = services.new_version(connector, by=developer)
    services.update_design(second, by=developer, endpoints={catalog.create: []})
    response = signed_in.post(reverse("connectors:new-version", args=[connector.pk]), {"based_on": first.pk})
    third = connector.versions.get(number=3)
    assert response.status_code == 302 and response.url == version_url(third)
    assert design_by_path(third) == design_by_path(first) == {"GET /t/pagetest/widgets": ["id", "name"]}
    assert third.stage == Stage.DEVELOPMENT and third.based_on == first


def test_a_new_version_cannot_copy_another_connectors_version(signed_in, developer):
    connector, _ = connector_of(developer)
    _, foreign = connector_of(developer, name="Other")
    response = signed_in.post(reverse("connectors:new-version", args=[connector.pk]), {"based_on": foreign.pk})
    assert response.status_code == 400 and connector.versions.count() == 1


@pytest.mark.parametrize("stage", [Stage.IN_REVIEW, Stage.APPROVED, Stage.REJECTED])
def test_editing_a_locked_version_through_the_page_is_refused_and_changes_nothing(signed_in, developer, catalog, stage):
    _, version = connector_of(developer)
    services.update_design(version, by=developer, endpoints={catalog.widgets: ["id"]})
    version = to_stage(version, stage, developer)
    before = design_by_path(version)
    html = signed_in.get(version_url(version)).content.decode()
    assert "Save design" not in html and "This design is read-only" in html
    body = design_post(endpoints={catalog.widgets: ["id", "name"], catalog.widget_one: ["id"]})
    response = signed_in.post(reverse("connectors:save-design", args=[version.pk]), body)
    assert response.status_code == 409
    assert "its technical design cannot be changed" in response.content.decode()
    assert design_by_path(version) == before


def test_allow_all_is_refused_outside_development(signed_in, developer, catalog):
    _, version = connector_of(developer)
    services.update_design(version, by=developer, endpoints={catalog.widgets: ["id"]})
    version = to_stage(version, Stage.IN_REVIEW, developer)
    body = design_post(mode="ALLOW_ALL", endpoints={catalog.widgets: ["id"]})
    response = signed_in.post(reverse("connectors:save-design", args=[version.pk]), body)
    assert response.status_code == 409
    version.refresh_from_db()
    assert version.endpoint_mode == ConnectorVersion.EndpointMode.FILTERED


def test_allow_all_in_development_must_be_switched_off_before_submitting(signed_in, developer, catalog):
    _, version = connector_of(developer)
    body = design_post(mode="ALLOW_ALL", endpoints={catalog.widgets: ["id"]})
    assert signed_in.post(reverse("connectors:save-design", args=[version.pk]), body).status_code == 302
    version.refresh_from_db()
    assert version.endpoint_mode == ConnectorVersion.EndpointMode.ALLOW_ALL
    html = signed_in.get(version_url(version)).content.decode()
    assert 'value="ALLOW_ALL" id="mode-allow-all" checked' in html and "development only" in html
    response = signed_in.post(reverse("connectors:move-version", args=[version.pk]), {"action": "submit"})
    assert response.status_code == 400 and "Switch the endpoint mode to filtered" in response.content.decode()
    version.refresh_from_db()
    assert version.stage == Stage.DEVELOPMENT


def test_a_deprecated_endpoint_cannot_be_enabled_through_the_page(signed_in, developer, catalog):
    _, version = connector_of(developer)
    html = signed_in.get(version_url(version)).content.decode()
    checkbox = re.search(rf'<input[^>]*id="endpoint-{catalog.by_code.pk}"[^>]*>', html).group(0)
    assert "disabled" in checkbox and "Deprecated" in html and "Cannot be newly enabled" in html
    assert "31 Dec 2099" in html and "GET /t/pagetest/widgets/{id}" in html  # removal date and replacement
    body = design_post(endpoints={catalog.widgets: ["id"], catalog.by_code: ["id"]})
    response = signed_in.post(reverse("connectors:save-design", args=[version.pk]), body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deprecated endpoints cannot be enabled" in html and "Nothing was saved" in html
    assert design_of(version) == {}


def test_an_enabled_deprecated_endpoint_is_warned_about_and_can_stay_or_go(signed_in, developer, catalog):
    _, version = connector_of(developer)
    EnabledEndpoint.objects.create(version=version, endpoint=catalog.by_code)  # enabled before its deprecation
    html = signed_in.get(version_url(version)).content.decode()
    assert "1 deprecated endpoint in this design" in html and "will be removed on" in html
    checkbox = re.search(rf'<input[^>]*id="endpoint-{catalog.by_code.pk}"[^>]*>', html).group(0)
    assert "disabled" not in checkbox and "checked" in checkbox
    body = design_post(endpoints={catalog.by_code: ["name"]})
    assert signed_in.post(reverse("connectors:save-design", args=[version.pk]), body).status_code == 302
    assert design_by_path(version) == {"GET /t/pagetest/widgets/by_code/{code}": ["name"]}
    assert signed_in.post(reverse("connectors:save-design", args=[version.pk]), design_post()).status_code == 302
    assert design_of(version) == {}


def test_a_field_not_of_the_endpoints_model_is_refused(signed_in, developer, catalog):
    _, version = connector_of(developer)
    body = design_post(endpoints={catalog.widgets: ["id", "serial"]})
    response = signed_in.post(reverse("connectors:save-design", args=[version.pk]), body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "serial is not a field of PageTestWidget" in html
    assert f'href="{version_url(version, "certificates")}"' in html  # the tabs lead back from the POST address
    assert re.search(rf'<input[^>]*id="endpoint-{catalog.widgets.pk}"[^>]*checked', html)  # choices kept on screen
    assert design_of(version) == {}


def test_an_unknown_endpoint_is_refused(signed_in, developer):
    _, version = connector_of(developer)
    response = signed_in.post(
        reverse("connectors:save-design", args=[version.pk]), {"endpoint_mode": "FILTERED", "endpoint": ["999999"]}
    )
    assert response.status_code == 400 and design_of(version) == {}


def test_the_search_hides_other_endpoints_but_keeps_them_in_the_form(signed_in, developer, catalog):
    _, version = connector_of(developer)
    services.update_design(version, by=developer, endpoints={catalog.create: []})
    html = signed_in.get(version_url(version, "design") + "&q=gadgets").content.decode()
    assert "d-none" not in row_classes(html, "get /t/pagetest/gadgets")
    assert "d-none" in row_classes(html, "post /t/pagetest/widgets")
    assert re.search(rf'<input[^>]*value="{catalog.create.pk}"[^>]*checked', html)  # still posted when saving
    assert "Showing the endpoints that match" in html


# --- stage buttons -------------------------------------------------------------------------------------


def test_withdraw_and_reopen_bring_a_version_back_to_development(signed_in, developer, catalog):
    _, version = connector_of(developer)
    services.update_design(version, by=developer, endpoints={catalog.widgets: ["id"]})
    version = to_stage(version, Stage.IN_REVIEW, developer)
    assert move(signed_in, version, "withdraw").status_code == 302
    version.refresh_from_db()
    assert version.stage == Stage.DEVELOPMENT
    version = to_stage(version, Stage.REJECTED, developer)
    assert "Reopen for changes" in signed_in.get(version_url(version)).content.decode()
    assert move(signed_in, version, "reopen").status_code == 302
    version.refresh_from_db()
    assert version.stage == Stage.DEVELOPMENT


def test_only_supplier_admins_retire_an_approved_version(client, db, catalog):
    admin, supplier = member(SupplierMembership.Role.ADMIN)
    developer, _ = member(supplier=supplier)
    _, version = connector_of(developer)
    services.update_design(version, by=developer, endpoints={catalog.widgets: ["id"]})
    version = to_stage(version, Stage.APPROVED, developer)
    login(client, developer.email, PASSWORD)
    assert "Retire" not in client.get(version_url(version)).content.decode()
    response = client.post(reverse("connectors:move-version", args=[version.pk]), {"action": "retire"})
    assert response.status_code == 403
    client.logout()
    login(client, admin.email, PASSWORD)
    assert 'value="retire"' in client.get(version_url(version)).content.decode()
    assert client.post(reverse("connectors:move-version", args=[version.pk]), {"action": "retire"}).status_code == 302
    version.refresh_from_db()
    assert version.stage == Stage.RETIRED


def test_an_unknown_move_is_refused(signed_in, developer):
    _, version = connector_of(developer)
    response = signed_in.post(reverse("connectors:move-version", args=[version.pk]), {"action": "approve"})
    assert response.status_code == 400
    version.refresh_from_db()
    assert version.stage == Stage.DEVELOPMENT


def test_the_version_page_shows_the_registered_tabs(signed_in, developer):
    _, version = connector_of(developer)
    html = signed_in.get(version_url(version)).content.decode()
    assert [tab.key for tab in version_tabs()][:2] == ["design", "certificates"]  # certificates registers its own
    for tab in version_tabs():
        assert f'href="{version_url(version, tab.key)}">{tab.label}</a>' in html
    response = signed_in.get(version_url(version, "certificates"))
    names = [template.name for template in response.templates]
    assert "certificates/includes/version_certificates.html" in names and "Save design" not in response.content.decode()
    assert not any(name.startswith("connectors/version_certificates") for name in names)  # no shadowing template
    unknown = signed_in.get(version_url(version, "nonsense"))
    assert "connectors/includes/version_design_tab.html" in [template.name for template in unknown.templates]


def test_a_registered_tab_brings_its_template_and_context(signed_in, developer, monkeypatch):
    monkeypatch.setattr(tabs, "_TABS", dict(tabs._TABS))
    seen = []

    def context(request, version, **state):
        seen.append(version.pk)
        return {"stage": "APPROVED", "label": f"Extra for version {version.number}"}

    tabs.register_version_tab("extra", "Extra tab", "connectors/includes/stage_badge.html", order=99, context=context)
    _, version = connector_of(developer)
    html = signed_in.get(version_url(version, "extra")).content.decode()
    assert "Extra for version 1" in html and seen == [version.pk]
    assert 'aria-current="page" href="' + version_url(version, "extra") + '">Extra tab</a>' in html


# --- another supplier's ----------------------------------------------------------------------------------


def test_another_suppliers_connector_and_version_are_not_found(client, developer, catalog):
    stranger, _ = member(name="Concurrent")
    connector, version = connector_of(stranger)
    login(client, developer.email, PASSWORD)
    assert client.get(reverse("connectors:connector", args=[connector.pk])).status_code == 404
    assert client.get(version_url(version)).status_code == 404
    assert client.post(reverse("connectors:new-version", args=[connector.pk])).status_code == 404
    body = design_post(endpoints={catalog.widgets: ["id"]})
    assert client.post(reverse("connectors:save-design", args=[version.pk]), body).status_code == 404
    assert client.post(reverse("connectors:move-version", args=[version.pk]), {"action": "submit"}).status_code == 404
    assert "Planning sync" not in client.get(reverse("connectors:index")).content.decode()
    assert design_of(version) == {} and connector.versions.count() == 1


# --- the intake form -----------------------------------------------------------------------------------

INTAKE = {
    "company_name": "Zorgkoppeling BV",
    "contact_name": "Anna de Vries",
    "contact_email": "anna@zorgkoppeling.example",
    "phone": "+31 20 123 4567",
    "website": "https://zorgkoppeling.example",
    "message": "A planning connector for home care.",
    "fax": "",
}


def test_a_software_party_applies(client, db):
    page = client.get(reverse("suppliers:apply"))
    assert page.status_code == 200 and "connectors-honeypot" in page.content.decode()
    response = client.post(reverse("suppliers:apply"), INTAKE)
    assert response.status_code == 302 and response.url == reverse("suppliers:apply-thanks")
    intake = SupplierIntakeRequest.objects.get()
    assert intake.company_name == "Zorgkoppeling BV" and intake.status == SupplierIntakeRequest.Status.PENDING
    assert "we received your request" in client.get(response.url).content.decode()


def test_a_bot_that_fills_the_honeypot_is_thanked_and_forgotten(client, db):
    response = client.post(reverse("suppliers:apply"), {**INTAKE, "fax": "+31 20 000 0000"})
    assert response.status_code == 302 and response.url == reverse("suppliers:apply-thanks")
    assert not SupplierIntakeRequest.objects.exists()


def test_an_invalid_email_address_is_refused_inline(client, db):
    response = client.post(reverse("suppliers:apply"), {**INTAKE, "contact_email": "anna-at-example"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert not SupplierIntakeRequest.objects.exists()


def test_the_sixth_request_within_an_hour_from_one_address_is_refused(client, db):
    for _ in range(5):
        assert client.post(reverse("suppliers:apply"), INTAKE, REMOTE_ADDR="198.51.100.7").status_code == 302
    response = client.post(reverse("suppliers:apply"), INTAKE, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 3600
    assert "Too many requests" in response.content.decode()
    assert SupplierIntakeRequest.objects.count() == 5
    assert client.post(reverse("suppliers:apply"), INTAKE, REMOTE_ADDR="198.51.100.8").status_code == 302


# --- every page --------------------------------------------------------------------------------------------


def test_pages_use_no_inline_script_or_style(client, db, catalog):
    nobody = UserFactory()
    login(client, nobody.email, PASSWORD)
    pages = [client.get(reverse("connectors:index"))]
    client.logout()
    developer, _ = member(SupplierMembership.Role.ADMIN)
    connector, version = connector_of(developer)
    services.update_design(version, by=developer, endpoints={catalog.widgets: ["address"]})
    EnabledEndpoint.objects.create(version=version, endpoint=catalog.by_code)
    approved = services.new_version(connector, by=developer)
    to_stage(approved, Stage.APPROVED, developer)
    pages += [client.get(reverse("suppliers:apply")), client.get(reverse("suppliers:apply-thanks"))]
    login(client, developer.email, PASSWORD)
    pages += [
        client.get(reverse("connectors:index")),
        client.get(reverse("connectors:connector", args=[connector.pk])),
        client.get(version_url(version)),
        client.get(version_url(version, "certificates")),
        client.get(version_url(approved)),
        client.get(reverse("connectors:index") + "?sort=-stage"),
    ]
    for page in pages:
        assert page.status_code == 200, page.request["PATH_INFO"]
        html = page.content.decode()
        assert not INLINE_SCRIPT.search(html), page.request["PATH_INFO"]
        assert " style=" not in html and "<style" not in html, page.request["PATH_INFO"]
    assert '<script src="/static/js/connectors.js">' in pages[-3].content.decode()
