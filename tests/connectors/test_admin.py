"""Staff review connector versions in the admin: a queue, approve or reject with notes, full history."""

from django.urls import reverse

from connectors.models import ConnectorVersion, SupplierIntakeRequest
from tests.connectors.factories import connector_in
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
