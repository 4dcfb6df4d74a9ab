"""Marking a notification read holds the same rules on the page and the API: a member marks his own (a viewer
too), another person's is not found and stays unread."""

import pytest
from django.urls import reverse

from tests.clinic.clients import api_client, member, signed_in
from tests.clinic.factories import NotificationFactory

SURFACES = ["page", "api"]


def mark_through(surface: str, client, membership, notification) -> int:
    """Mark the notification read as the member, through the page or the API; returns the status."""
    if surface == "page":
        signed_in(client, membership)
        return client.post(reverse("clinic:notification-read", args=[notification.pk])).status_code
    return api_client(membership).post(f"/api/notifications/{notification.pk}/read").status_code


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_a_member_marks_his_own_read(client, db, surface, role):
    membership = member(role)
    mine = NotificationFactory(tenant=membership.tenant, recipient=membership.user)
    assert mark_through(surface, client, membership, mine) in (200, 302)
    mine.refresh_from_db()
    assert mine.read_at is not None


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("whose", ["colleague", "other_tenant"])
def test_another_persons_notification_is_not_found_and_stays_unread(client, db, surface, whose):
    membership = member("staff")
    tenant = membership.tenant if whose == "colleague" else member("staff").tenant
    theirs = NotificationFactory(tenant=tenant)
    assert mark_through(surface, client, membership, theirs) == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
