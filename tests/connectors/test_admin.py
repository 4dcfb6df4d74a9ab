"""Staff review connector versions in the admin: a queue, approve or reject with notes, full history."""

from datetime import date

from django.urls import reverse

from connectors import services
from connectors.models import Connector, ConnectorVersion, Endpoint, Supplier, SupplierIntakeRequest
from epdee.core.models import AuditEvent
from tests.connectors.factories import connector_in, endpoint
from tests.core.factories import PASSWORD, UserFactory, give_totp
from tests.support import login


def _staff(client):
    staff = UserFactory(staff=True, superadmin=True)
    login(client, staff.email, PASSWORD, totp_secret=give_totp(staff))
    return staff


def _change_url(version):
    return reverse("admin:connectors_connectorversion_change", args=[version.pk])


def _review(client, version, **data):
    """POST the review page as the browser does (with the history inline's management form)."""
    events = version.events.count()
    form = {
        "endpoint_mode": "FILTERED",
        "review_notes": "",
        "events-TOTAL_FORMS": events,
        "events-INITIAL_FORMS": events,
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 1000,
    }
    for index, event in enumerate(version.events.all()):
        form[f"events-{index}-id"] = event.pk
        form[f"events-{index}-version"] = version.pk
    return client.post(_change_url(version), {**form, **data})


def test_the_queue_opens_on_versions_in_review(client, db):
    _staff(client)
    _, _, in_review = connector_in("IN_REVIEW")
    _, _, developing = connector_in("DEVELOPMENT", name="Other")
    response = client.get(reverse("admin:connectors_connectorversion_changelist"), follow=True)
    assert response.redirect_chain[-1][0].endswith("?stage__exact=IN_REVIEW")
    html = response.content.decode()
    assert _change_url(in_review) in html and _change_url(developing) not in html


def test_staff_approve_with_the_review_page(client, db, mailoutbox, django_capture_on_commit_callbacks):
    staff = _staff(client)
    member, _, version = connector_in("IN_REVIEW")
    page = client.get(_change_url(version)).content.decode()
    assert 'name="_approve"' in page and "GET /t/clients" in page  # the design is shown for review
    with django_capture_on_commit_callbacks(execute=True):
        response = _review(client, version, review_notes="OK", _approve="1")
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.stage, version.reviewed_by, version.reviewer_notes) == ("APPROVED", staff, "OK")
    assert member.user.email in [mail.to[0] for mail in mailoutbox]
    assert "APPROVED" in client.get(_change_url(version)).content.decode()


def test_rejecting_needs_notes(client, db):
    _staff(client)
    _, _, version = connector_in("IN_REVIEW")
    _review(client, version, _reject="1")
    version.refresh_from_db()
    assert version.stage == "IN_REVIEW"
    _review(client, version, review_notes="Too much.", _reject="1")
    version.refresh_from_db()
    assert version.stage == "REJECTED" and version.reviewer_notes == "Too much."


def test_the_admin_refuses_to_change_a_locked_versions_design(client, db):
    _staff(client)
    _, _, version = connector_in("APPROVED")
    response = _review(client, version, endpoint_mode="ALLOW_ALL", _continue="1")
    assert response.status_code == 200 and "cannot be changed" in response.content.decode()
    assert ConnectorVersion.objects.get(pk=version.pk).endpoint_mode == "FILTERED"


def test_intake_requests_are_approved_by_an_action(client, db):
    _staff(client)
    intake = SupplierIntakeRequest.objects.create(
        company_name="Koppelaar BV", contact_name="Kees", contact_email="kees@koppelaar.test", message="hello"
    )
    client.post(
        reverse("admin:connectors_supplierintakerequest_changelist"),
        {"action": "approve", "_selected_action": [intake.pk]},
    )
    intake.refresh_from_db()
    assert intake.status == "approved" and intake.supplier.memberships.get().user.email == "kees@koppelaar.test"


# --- Every save of the admin goes through a service ------------------------------------------------------


def test_a_development_versions_endpoint_mode_is_saved_by_the_design_service(client, db):
    staff = _staff(client)
    _, _, version = connector_in("DEVELOPMENT")
    response = _review(client, version, endpoint_mode="ALLOW_ALL", _continue="1")
    assert response.status_code == 302
    assert ConnectorVersion.objects.get(pk=version.pk).endpoint_mode == "ALLOW_ALL"
    event = AuditEvent.objects.get(action="connector.version.design", object_id=str(version.pk))
    assert event.actor == staff and event.details == {"endpoint_mode": ["FILTERED", "ALLOW_ALL"]}


def test_suppliers_and_their_members_are_saved_by_the_supplier_services(client, db):
    staff = _staff(client)
    person = UserFactory()
    form = {
        "name": "Koppelaar BV",
        "slug": "koppelaar",
        "contact_email": "info@koppelaar.test",
        "website": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": 1,
        "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        "memberships-0-user": person.pk,
        "memberships-0-role": "admin",
    }
    response = client.post(reverse("admin:connectors_supplier_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    supplier = Supplier.objects.get(slug="koppelaar")
    assert supplier.memberships.get().user == person
    assert AuditEvent.objects.filter(action="supplier.create", actor=staff, object_id=str(supplier.pk)).exists()
    assert AuditEvent.objects.filter(action="supplier.member", actor=staff).exists()
    membership = supplier.memberships.get()
    change = {
        **form,
        "name": "Koppelaar B.V.",
        "memberships-INITIAL_FORMS": 1,
        "memberships-0-id": membership.pk,
        "memberships-0-supplier": supplier.pk,
        "memberships-0-DELETE": "on",
    }
    response = client.post(reverse("admin:connectors_supplier_change", args=[supplier.pk]), change)
    assert response.status_code == 302, response.content.decode()[:3000]
    supplier.refresh_from_db()
    assert supplier.name == "Koppelaar B.V." and not supplier.memberships.exists()
    assert AuditEvent.objects.filter(action="supplier.change", object_id=str(supplier.pk)).exists()
    assert AuditEvent.objects.filter(action="supplier.member.remove").exists()
    assert client.get(reverse("admin:connectors_supplier_delete", args=[supplier.pk])).status_code == 403


def test_intake_notes_and_deletions_go_through_the_intake_services(client, db):
    _staff(client)
    intake = services.submit_intake(
        company_name="Spam BV", contact_name="Spam", contact_email="spam@spam.test", message="Buy now"
    )
    url = reverse("admin:connectors_supplierintakerequest_change", args=[intake.pk])
    assert client.post(url, {"staff_notes": "Looks like spam."}).status_code == 302
    assert SupplierIntakeRequest.objects.get(pk=intake.pk).staff_notes == "Looks like spam."
    assert AuditEvent.objects.filter(action="supplier.intake.notes", object_id=str(intake.pk)).exists()
    changelist = reverse("admin:connectors_supplierintakerequest_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [intake.pk], "post": "yes"})
    assert not SupplierIntakeRequest.objects.exists()
    assert AuditEvent.objects.filter(action="supplier.intake.delete", object_id=str(intake.pk)).exists()


def test_deprecations_are_set_by_the_catalog_service_with_its_rules(client, db):
    staff = _staff(client)
    teams, replacement = endpoint("GET", "/t/teams"), endpoint("GET", "/t/clients/by_bsn/{bsn}")
    url = reverse("admin:connectors_endpoint_change", args=[teams.pk])
    form = {"deprecated_on": "2024-06-01", "removal_date": "", "replacement": replacement.pk, "replacement_note": ""}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "is deprecated itself" in refused.content.decode()
    assert not Endpoint.objects.get(pk=teams.pk).is_deprecated
    assert client.post(url, {**form, "replacement": "", "removal_date": "2099-01-01"}).status_code == 302
    teams.refresh_from_db()
    assert (teams.deprecated_on, teams.removal_date) == (date(2024, 6, 1), date(2099, 1, 1))
    event = AuditEvent.objects.get(action="connector.endpoint.deprecation", object_id=str(teams.pk))
    assert event.actor == staff


def test_connectors_and_the_catalogs_models_are_read_only_in_the_admin(client, db):
    _staff(client)
    _, connector, _ = connector_in("DEVELOPMENT")
    model = endpoint("GET", "/t/clients").api_model
    for name, pk in (("connector", connector.pk), ("apimodel", model.pk)):
        page = client.get(reverse(f"admin:connectors_{name}_change", args=[pk]))
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.post(reverse(f"admin:connectors_{name}_change", args=[pk]), {"name": "x"}).status_code == 403
    assert Connector.objects.get(pk=connector.pk).name == "Planning-koppeling"
