"""The /aanmelden/ page (same rules as the API) and the superadmin's screen to approve applications."""

import pytest
from django.urls import reverse

from epdee.core.errors import Conflict
from epdee.core.models import AuditEvent
from epdee.platform import services
from epdee.platform.models import TenantApplication
from tests.core.factories import PASSWORD, UserFactory, give_totp
from tests.platform.factories import TenantApplicationFactory
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
    page = client.get(reverse("platform:signup"))
    html = page.content.decode()
    assert page.status_code == 200 and page.request["PATH_INFO"] == "/aanmelden/"
    assert 'name="organisation_name"' in html and 'class="account-honeypot" aria-hidden="true"' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html


def test_an_application_from_the_page_is_stored_and_thanked(client, db):
    response = client.post(reverse("platform:signup"), FORM, REMOTE_ADDR="198.51.100.30")
    assert response.status_code == 302 and response.url == reverse("platform:signup-thanks") == "/aanmelden/bedankt/"
    application = TenantApplication.objects.get()
    assert (application.organisation_name, application.status, application.ip_address) == (
        "Huisartsen Oost",
        "pending",
        "198.51.100.30",
    )
    assert "we received your application" in client.get(response.url).content.decode()
    assert AuditEvent.objects.filter(action="tenant_application.submit", object_id=str(application.pk)).exists()


def test_the_page_shows_errors_and_keeps_the_input(client, db):
    response = client.post(reverse("platform:signup"), {**FORM, "kvk_number": "12"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "A KvK number has 8 digits." in html and "Huisartsen Oost" in html
    assert not TenantApplication.objects.exists()


def test_the_honeypot_and_the_limit_hold_on_the_page(client, db):
    bot = client.post(reverse("platform:signup"), {**FORM, "website": "spam"})
    assert bot.status_code == 302 and not TenantApplication.objects.exists()
    for _ in range(2):
        client.post(reverse("platform:signup"), FORM)
    refused = client.post(reverse("platform:signup"), FORM)  # the bot's try counted as well
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many applications" in refused.content.decode()
    assert TenantApplication.objects.count() == 2


def _staff_client(client):
    staff = UserFactory(superadmin=True)
    secret = give_totp(staff)
    login(client, staff.email, PASSWORD, totp_secret=secret)
    return staff


def test_the_superadmin_reads_and_approves_applications(client, db):
    staff = _staff_client(client)
    first, second = TenantApplicationFactory(), TenantApplicationFactory()
    changelist = reverse("admin:platform_tenantapplication_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(reverse("admin:platform_tenantapplication_change", args=[first.pk])).status_code == 200
    assert client.get(reverse("admin:platform_tenantapplication_add")).status_code == 403
    client.post(changelist, {"action": "approve", "_selected_action": [first.pk]})
    client.post(changelist, {"action": "reject", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "rejected")
    event = AuditEvent.objects.get(action="tenant_application.approved")
    assert event.actor == staff and event.object_id == str(first.pk)


def test_the_admin_changes_and_deletes_nothing(client, db):
    _staff_client(client)
    application = TenantApplicationFactory(organisation_name="Zoals verstuurd")
    change = reverse("admin:platform_tenantapplication_change", args=[application.pk])
    assert client.post(change, {"organisation_name": "Anders", "status": "approved"}).status_code == 403
    assert client.get(reverse("admin:platform_tenantapplication_delete", args=[application.pk])).status_code == 403
    application.refresh_from_db()
    assert (application.organisation_name, application.status) == ("Zoals verstuurd", "pending")


def test_the_admin_tells_which_application_was_already_decided(client, db):
    _staff_client(client)
    decided = TenantApplicationFactory(rejected=True)
    response = client.post(
        reverse("admin:platform_tenantapplication_changelist"),
        {"action": "approve", "_selected_action": [decided.pk]},
        follow=True,
    )
    assert "already rejected" in response.content.decode()
    decided.refresh_from_db()
    assert decided.status == "rejected"


def test_a_decided_application_is_not_decided_again(db):
    staff = UserFactory(staff=True)
    application = TenantApplicationFactory()
    services.approve_application(application, by=staff)
    services.approve_application(application, by=staff)  # the same decision twice: nothing new
    assert AuditEvent.objects.filter(action="tenant_application.approved").count() == 1
    with pytest.raises(Conflict, match="already approved"):
        services.reject_application(application, by=staff)
    application.refresh_from_db()
    assert application.status == "approved"
