"""GET /api/notifications (seed 004: "in-app notificaties + unread count"), marking read, and notify()."""

import pytest

from epdee.clinic.models import Notification
from epdee.clinic.services.notifications import notify
from tests.clinic.clients import api_client, member, token_client
from tests.clinic.factories import NotificationFactory

URL = "/api/notifications"


@pytest.fixture
def staff(db):
    return member("staff")


def mine(membership, count=1, **kwargs):
    return NotificationFactory.create_batch(count, tenant=membership.tenant, recipient=membership.user, **kwargs)


def test_the_user_sees_his_own_notifications_and_his_unread_count(staff):
    read, unread = mine(staff)[0], notify(staff.tenant, staff.user, "Nieuwe afspraak", "Morgen 10:00", "/praktijk/")
    Notification.objects.filter(pk=read.pk).update(read_at="2026-01-01T10:00:00Z")
    NotificationFactory(tenant=staff.tenant)  # a colleague's
    other_tenant = member("staff")
    NotificationFactory(tenant=other_tenant.tenant, recipient=staff.user)  # his own, in another tenant
    data = api_client(staff).get(URL).json()
    assert data["unreadCount"] == 1 and data["count"] == 2
    assert [row["id"] for row in data["results"]] == [unread.pk, read.pk]
    first = data["results"][0]
    assert (first["title"], first["body"], first["link"], first["isRead"]) == (
        "Nieuwe afspraak",
        "Morgen 10:00",
        "/praktijk/",
        False,
    )


def test_marking_one_and_all_read(staff):
    first, second, third = mine(staff, 3)
    client = api_client(staff)
    response = client.post(f"{URL}/{first.pk}/read")
    assert response.status_code == 200 and response.json()["isRead"] is True
    assert client.post(f"{URL}/{first.pk}/read").status_code == 200  # again: no change
    assert client.get(URL).json()["unreadCount"] == 2
    assert client.post(f"{URL}/read-all").json() == {"marked": 2, "unreadCount": 0}
    assert client.get(URL).json()["unreadCount"] == 0


def test_another_users_notification_is_not_found(staff):
    colleague = member("staff", tenant=staff.tenant)
    theirs = mine(colleague)[0]
    client = api_client(staff)
    assert client.post(f"{URL}/{theirs.pk}/read").status_code == 404
    client.post(f"{URL}/read-all")
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("kind", ["viewer", "read_only"])
def test_viewers_and_read_only_tenants_still_mark_their_own_read(db, kind):
    membership = member("viewer") if kind == "viewer" else member("admin", read_only=True)
    notification = mine(membership)[0]
    assert api_client(membership).post(f"{URL}/{notification.pk}/read").status_code == 200
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_read_token_reads_but_does_not_mark(staff):
    notification = mine(staff)[0]
    client = token_client(staff, scope="read")
    assert client.get(URL).json()["unreadCount"] == 1
    assert client.post(f"{URL}/{notification.pk}/read").status_code == 403


def test_the_list_is_paginated_with_constant_queries(staff, django_assert_max_num_queries):
    client = api_client(staff)
    mine(staff)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    mine(staff, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get(URL).json()
    assert data["count"] == 61 and data["unreadCount"] == 61 and len(data["results"]) == 50 and data["next"]


@pytest.mark.parametrize(
    ("link", "kept"),
    [
        ("/praktijk/facturen/1/", "/praktijk/facturen/1/"),
        ("https://evil.example/", ""),
        ("//evil.example/", ""),
        ("javascript:alert(1)", ""),
        ("/\\evil.example", ""),
        ("/" + "a" * 400, ""),
    ],
)
def test_notify_keeps_only_links_on_this_site(staff, link, kept):
    assert notify(staff.tenant, staff.user, "Let op", link=link).link == kept


def test_notify_tidies_the_title(staff):
    assert notify(staff.tenant, staff.user, "  Twee\n regels  ").title == "Twee regels"
    assert notify(staff.tenant, staff.user, "").title == "Notification"
    assert len(notify(staff.tenant, staff.user, "x" * 500).title) == 200
