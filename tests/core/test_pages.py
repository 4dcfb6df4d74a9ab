"""Dashboard pages: a home page per role, error pages, headers every page carries."""

import json

import pytest
from django.urls import reverse
from django.views.defaults import server_error

from epdee.core.models import TenantMembership
from tests.core.factories import PASSWORD, MembershipFactory, UserFactory, give_totp
from tests.support import login


def test_visitors_see_the_product_and_a_sign_in_button(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "core/home_public.html"
    html = response.content.decode()
    assert reverse("account_login") in html and 'name="viewport"' in html


@pytest.mark.parametrize("role", TenantMembership.Role.values)
def test_tenant_members_get_their_organisation_home(client, db, role):
    membership = MembershipFactory(role=role)
    login(client, membership.user.email, PASSWORD)
    response = client.get("/")
    assert [t.name for t in response.templates][0] == "core/home_tenant.html"
    html = response.content.decode()
    assert membership.tenant.name in html and membership.get_role_display().lower() in html
    assert reverse("members") in html  # navigation of a member


def test_platform_staff_get_the_platform_home_with_a_2fa_reminder(client, db):
    staff = UserFactory(staff=True)
    login(client, staff.email, PASSWORD)
    response = client.get("/")
    assert [t.name for t in response.templates][0] == "core/home_platform.html"
    assert "requires two-factor authentication" in response.content.decode()


def test_platform_staff_with_2fa_see_the_admin_link_and_no_reminder(client, db):
    staff = UserFactory(superadmin=True)
    login(client, staff.email, PASSWORD, totp_secret=give_totp(staff))
    html = client.get("/").content.decode()
    assert "requires two-factor authentication" not in html
    assert reverse("admin:core_auditevent_changelist") in html


def test_users_without_an_organisation_are_told_what_to_do(client, db):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    assert "not linked to an organisation" in client.get("/").content.decode()


def test_unknown_pages_get_the_product_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()


def test_the_server_error_page_links_the_hashed_stylesheet(rf, tmp_path, settings):
    """Django renders 500.html without a request context; it links the stylesheet through {% static %}, so
    production serves its hashed copy (WHITENOISE_KEEP_ONLY_HASHED_FILES keeps no other)."""
    hashed = "vendor/bootstrap/css/bootstrap.min.0123456789ab.css"
    manifest = {"version": "1.1", "paths": {"vendor/bootstrap/css/bootstrap.min.css": hashed}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert f'href="/static/{hashed}"' in html


def test_every_page_carries_the_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_use_no_inline_script_or_style(client, db):
    """The CSP forbids inline code; a template that adds some would break in the browser."""
    pages = [client.get(reverse("account_login")), client.get(reverse("account_reset_password"))]
    user = UserFactory(staff=True)
    login(client, user.email, PASSWORD)
    pages += [client.get(url) for url in ["/", reverse("mfa_index"), reverse("account_change_password")]]
    for page in pages:
        assert page.status_code == 200, page.request["PATH_INFO"]
        html = page.content.decode()
        assert "<script>" not in html and " style=" not in html and "<style" not in html, page.request["PATH_INFO"]
