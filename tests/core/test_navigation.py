"""The navigation registry: the menu each person sees, the active entry, the navbar widgets and footer links
the apps registered, all rendered by the base layout (which names no app)."""

import copy

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from epdee.core import navigation
from epdee.core.models import TenantMembership
from tests.connectors.factories import SupplierMemberFactory
from tests.core.factories import PASSWORD, MembershipFactory, UserFactory
from tests.support import login


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test, the apps' registrations restored afterwards."""
    for name in ("_menus", "_items", "_widgets", "_footer"):
        monkeypatch.setattr(navigation, name, {})
    return navigation


def request_for(path="/", *, user=None, membership=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    request.membership = membership
    request.tenant = membership.tenant if membership else None
    return request


def labels(menu) -> list[str]:
    return [label for label, *_ in menu] + [child for *_, children in menu for child, *_ in children]


def fill(registry):
    registry.register_item("Home", "home", order=0)
    registry.register_menu("practice", "Practice", order=40)
    registry.register_item("Members", "members", order=10, menu="practice", visible=navigation.in_tenant)
    registry.register_item("Tokens", "api-tokens", order=20, menu="practice", visible=navigation.tenant_admin)
    registry.register_item("Mine", "api-docs", order=50, visible=navigation.signed_in)
    registry.register_item("Admin", "admin:index", order=70, visible=navigation.platform_staff)


def test_items_appear_by_role(registry, db):
    fill(registry)
    viewer = MembershipFactory(role=TenantMembership.Role.VIEWER)
    admin = MembershipFactory(role=TenantMembership.Role.ADMIN)
    staff = UserFactory(staff=True)
    assert labels(registry.main_menu(request_for())) == ["Home"]
    assert labels(registry.main_menu(request_for(user=viewer.user, membership=viewer))) == [
        "Home",
        "Practice",
        "Mine",
        "Members",
    ]
    assert labels(registry.main_menu(request_for(user=admin.user, membership=admin))) == [
        "Home",
        "Practice",
        "Mine",
        "Members",
        "Tokens",
    ]
    assert labels(registry.main_menu(request_for(user=staff))) == ["Home", "Mine", "Admin"]


def test_entries_are_ordered_and_a_menu_is_active_when_a_child_is(registry, db):
    fill(registry)
    admin = MembershipFactory(role=TenantMembership.Role.ADMIN)
    menu = registry.main_menu(request_for(reverse("api-tokens"), user=admin.user, membership=admin))
    home, practice, mine = menu
    assert home == ("Home", "/", False, [])  # "/" is active on the home page only
    assert practice[:3] == ("Practice", None, True)
    assert practice[3] == [("Members", reverse("members"), False), ("Tokens", reverse("api-tokens"), True)]
    assert mine[2] is False
    assert registry.main_menu(request_for("/", user=admin.user, membership=admin))[0][2] is True


def test_a_url_that_is_not_installed_is_skipped(registry, db):
    registry.register_item("Home", "home", order=0)
    registry.register_item("Ghost", "no-such-page", order=1)
    registry.register_footer_link("Ghost", "ghosts:index", order=1)
    registry.register_footer_link("Status", "api-status", order=2)
    assert labels(registry.main_menu(request_for())) == ["Home"]
    assert registry.footer_links() == [("Status", reverse("api-status"))]


@pytest.fixture
def widget_template(tmp_path):
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "test_widget.html").write_text('<li id="test-widget">Bell of {{ user.email }}</li>')
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    with override_settings(TEMPLATES=templates):
        yield "includes/test_widget.html"


def test_the_base_layout_renders_the_registered_widgets_and_footer_links(registry, widget_template, client, db):
    registry.register_widget(widget_template, order=10, visible=navigation.signed_in)
    registry.register_footer_link("Colophon", "api-docs", order=5)
    html = client.get("/").content.decode()
    assert "test-widget" not in html  # not for visitors
    assert f'<a href="{reverse("api-docs")}">Colophon</a>' in html
    user = UserFactory()
    login(client, user.email, PASSWORD)
    assert f'<li id="test-widget">Bell of {user.email}</li>' in client.get("/").content.decode()


def _hrefs(client, user) -> str:
    client.logout()
    if user is not None:
        login(client, user.email, PASSWORD)
    return client.get("/").content.decode()


def test_the_apps_registrations_show_each_person_his_menu(client, db):
    """The registry as the apps fill it in their ready(), seen through the site."""
    members, tokens, admin, connectors = (
        f'href="{reverse(name)}"' for name in ("members", "clinic:api-tokens", "admin:index", "connectors:index")
    )
    visitor = _hrefs(client, None)
    assert not any(link in visitor for link in (members, tokens, admin, connectors))
    viewer = _hrefs(client, MembershipFactory(role=TenantMembership.Role.VIEWER).user)
    assert members in viewer and tokens not in viewer and admin not in viewer
    tenant_admin = _hrefs(client, MembershipFactory(role=TenantMembership.Role.ADMIN).user)
    assert members in tenant_admin and tokens in tenant_admin
    supplier = _hrefs(client, SupplierMemberFactory().user)
    assert connectors in supplier and members not in supplier
    staff = _hrefs(client, UserFactory(staff=True))
    assert admin in staff and members not in staff and connectors not in staff
