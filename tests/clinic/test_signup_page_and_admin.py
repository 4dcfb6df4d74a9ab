"""The /aanmelden/ page (same rules as the API) and the superadmin's screen to approve applications."""

import importlib
from importlib import import_module

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

import epdee.clinic.admin_signup  # noqa: F401 - registers the admin screen (epdee/clinic/admin.py imports it too)
from epdee.clinic.services import signup
from epdee.core.models import AuditEvent, TenantApplication
from tests.core.factories import PASSWORD, UserFactory, give_totp
from tests.support import login

FORM = {
    "organisation_name": "Huisartsen Oost",
    "contact_name": "Piet Jansen",
    "email": "piet@oost.test",
    "phone": "+31 20 123 4567",
    "kvk_number": "87654321",
    "message": "",
}


def test_the_page_shows_the_form_with_a_hidden_honeypot(client, db):
    page = client.get(reverse("clinic-public:signup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="organisation_name"' in html and 'class="account-honeypot" aria-hidden="true"' in html


def test_an_application_from_the_page_is_stored_and_thanked(client, db):
    response = client.post(reverse("clinic-public:signup"), FORM, REMOTE_ADDR="198.51.100.30")
    assert response.status_code == 302 and response.url == reverse("clinic-public:signup-thanks")
    application = TenantApplication.objects.get()
    assert (application.organisation_name, application.status, application.ip_address) == (
        "Huisartsen Oost",
        "pending",
        "198.51.100.30",
    )
    assert "we received your application" in client.get(response.url).content.decode()


def test_the_page_shows_errors_and_keeps_the_input(client, db):
    response = client.post(reverse("clinic-public:signup"), {**FORM, "kvk_number": "12"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "A KvK number has 8 digits." in html and "Huisartsen Oost" in html
    assert not TenantApplication.objects.exists()


def test_the_honeypot_and_the_limit_hold_on_the_page(client, db):
    bot = client.post(reverse("clinic-public:signup"), {**FORM, "website": "spam"})
    assert bot.status_code == 302 and not TenantApplication.objects.exists()
    for _ in range(2):
        client.post(reverse("clinic-public:signup"), FORM)
    refused = client.post(reverse("clinic-public:signup"), FORM)  # the bot's try counted as well
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many applications" in refused.content.decode()
    assert TenantApplication.objects.count() == 2


@pytest.fixture
def admin_urls(settings):
    """The screen registers when epdee.clinic.admin_signup is imported. Until epdee/clinic/admin.py imports it
    (so that it is there before the URLconf is built), a URLconf built earlier in the run lacks its routes."""
    try:
        reverse("admin:core_tenantapplication_changelist")
    except NoReverseMatch:
        importlib.reload(import_module(settings.ROOT_URLCONF))
        clear_url_caches()


def _staff_client(client):
    staff = UserFactory(superadmin=True)
    secret = give_totp(staff)
    login(client, staff.email, PASSWORD, totp_secret=secret)
    return staff


def test_the_superadmin_reads_and_approves_applications(client, db, admin_urls):
    staff = _staff_client(client)
    first = TenantApplication.objects.create(organisation_name="A", contact_name="a", email="a@a.test")
    second = TenantApplication.objects.create(organisation_name="B", contact_name="b", email="b@b.test")
    changelist = reverse("admin:core_tenantapplication_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(reverse("admin:core_tenantapplication_change", args=[first.pk])).status_code == 200
    assert client.get(reverse("admin:core_tenantapplication_add")).status_code == 403
    client.post(changelist, {"action": "approve", "_selected_action": [first.pk]})
    client.post(changelist, {"action": "reject", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "rejected")
    event = AuditEvent.objects.get(action="tenant_application.approved")
    assert event.actor == staff and event.object_id == str(first.pk)


def test_a_decided_application_is_not_decided_again(db):
    staff = UserFactory(staff=True)
    application = TenantApplication.objects.create(organisation_name="A", contact_name="a", email="a@a.test")
    signup.approve_application(application, by=staff)
    signup.approve_application(application, by=staff)  # the same decision twice: nothing new
    assert AuditEvent.objects.filter(action="tenant_application.approved").count() == 1
    try:
        signup.reject_application(application, by=staff)
    except signup.SignupError as exc:
        assert "already approved" in str(exc)
    else:
        raise AssertionError("an approved application was rejected")
