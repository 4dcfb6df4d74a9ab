"""The notifications page (mark read, open, mark all read) and the unread badge in the navbar."""

import pytest
from django.urls import reverse

from epdee.clinic.services.notifications import notify
from tests.clinic.clients import member, signed_in
from tests.clinic.factories import NotificationFactory


@pytest.fixture
def staff(db):
    return member("staff")


def test_the_page_lists_the_users_notifications_with_buttons(client, staff):
    notification = notify(staff.tenant, staff.user, "Factuur betaald", "F2026-00001", "/praktijk/facturen/")
    NotificationFactory(tenant=staff.tenant, title="Voor een collega")
    signed_in(client, staff)
    page = client.get(reverse("clinic:notifications"))
    html = page.content.decode()
    assert list(page.context["table"].rows) == [notification] and "Voor een collega" not in html
    assert "Mark read" in html and "Mark all read" in html and "1 unread" in html


def test_marking_read_and_opening(client, staff):
    plain = notify(staff.tenant, staff.user, "Gewoon")
    linked = notify(staff.tenant, staff.user, "Met link", link="/praktijk/facturen/")
    signed_in(client, staff)
    assert client.post(reverse("clinic:notification-read", args=[plain.pk])).url == reverse("clinic:notifications")
    response = client.post(reverse("clinic:notification-read", args=[linked.pk]), {"open": "1"})
    assert response.url == "/praktijk/facturen/"
    plain.refresh_from_db()
    linked.refresh_from_db()
    assert plain.read_at and linked.read_at


def test_marking_all_read(client, staff):
    for title in ("Een", "Twee"):
        notify(staff.tenant, staff.user, title)
    signed_in(client, staff)
    response = client.post(reverse("clinic:notifications-read-all"), follow=True)
    assert "2 notifications marked read" in response.content.decode()
    assert "all read" in response.content.decode()


def test_another_users_notification_is_not_found(client, staff):
    theirs = NotificationFactory(tenant=staff.tenant)
    signed_in(client, staff)
    assert client.post(reverse("clinic:notification-read", args=[theirs.pk])).status_code == 404


def test_a_viewer_marks_his_own_read(client, db):
    viewer = member("viewer")
    notification = notify(viewer.tenant, viewer.user, "Hallo")
    signed_in(client, viewer)
    client.post(reverse("clinic:notification-read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_empty_state(client, staff):
    signed_in(client, staff)
    assert "No notifications" in client.get(reverse("clinic:notifications")).content.decode()


def test_the_navbar_shows_the_unread_count(client, staff):
    for _ in range(3):
        notify(staff.tenant, staff.user, "Nieuw")
    signed_in(client, staff)
    html = client.get(reverse("home")).content.decode()
    assert 'class="nav-link notification-bell"' in html and ">3</span>" in html
    client.post(reverse("clinic:notifications-read-all"))
    html = client.get(reverse("home")).content.decode()
    assert "notification-bell" in html and "notification-count" not in html


def test_no_bell_without_a_practice(client, db):
    html = client.get(reverse("home")).content.decode()
    assert "notification-bell" not in html


def test_the_badge_counts_only_when_shown(rf, staff, django_assert_num_queries):
    from epdee.clinic.context_processors import notifications

    request = rf.get("/")
    request.user, request.membership = staff.user, staff
    with django_assert_num_queries(0):
        context = notifications(request)
    with django_assert_num_queries(1):  # the count; his role comes with the request's membership
        assert context["unread_notifications"].count == ""
    with django_assert_num_queries(0):
        assert context["unread_notifications"].count == ""
