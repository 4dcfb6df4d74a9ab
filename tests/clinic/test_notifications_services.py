"""Who reads and marks notifications, whoever calls the service: any member his own (viewers and read-only
tenants too, as that changes no practice data), never another person's, not with a read-only token."""

import pytest

from epdee.clinic.models import Notification
from epdee.clinic.selectors.notifications import notification_of, notifications_of, unread_count
from epdee.clinic.services import notifications
from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.models import ApiToken
from epdee.core.permissions import Actor
from epdee.core.services.tokens import create_api_token
from tests.clinic.clients import member
from tests.clinic.factories import NotificationFactory


def _read_only_token(membership):
    token, _ = create_api_token(membership.user, name="read", scope=ApiToken.Scope.READ, tenant=membership.tenant)
    return Actor(user=membership.user, token=token)


@pytest.mark.parametrize("kind", ["viewer", "staff", "admin", "read_only_tenant"])
def test_every_member_reads_and_marks_his_own(db, kind):
    membership = member("admin", read_only=True) if kind == "read_only_tenant" else member(kind)
    mine = NotificationFactory.create_batch(2, tenant=membership.tenant, recipient=membership.user)
    NotificationFactory(tenant=membership.tenant)  # a colleague's
    assert list(notifications_of(by=membership.user, tenant=membership.tenant)) == mine[::-1]
    notifications.mark_read(
        notification_of(mine[0].pk, by=membership.user, tenant=membership.tenant), by=membership.user
    )
    assert unread_count(by=membership.user, tenant=membership.tenant) == 1
    assert notifications.mark_all_read(membership.tenant, by=membership.user) == 1
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # the colleague's stays unread


def test_another_persons_notification_is_not_found(db):
    staff = member("staff")
    theirs = NotificationFactory(tenant=staff.tenant)
    with pytest.raises(NotFound):
        notification_of(theirs.pk, by=staff.user, tenant=staff.tenant)
    with pytest.raises(NotFound):
        notifications.mark_read(theirs, by=staff.user)
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("who", ["other_tenant_member", "anonymous", "certificate"])
def test_who_is_no_member_reads_and_marks_nothing(db, who):
    staff = member("staff")
    mine = NotificationFactory(tenant=staff.tenant, recipient=staff.user)
    by = {
        "other_tenant_member": member("admin").user,
        "anonymous": None,
        "certificate": Actor(label="a connector", tenant=staff.tenant, role="staff"),
    }[who]
    refusal = PermissionDenied if who == "certificate" else NotFound
    with pytest.raises(refusal):
        notifications_of(by=by, tenant=staff.tenant)
    with pytest.raises(refusal):
        notifications.mark_read(mine, by=by)
    with pytest.raises(refusal):
        notifications.mark_all_read(staff.tenant, by=by)
    mine.refresh_from_db()
    assert mine.read_at is None


def test_a_read_only_token_reads_but_does_not_mark(db):
    staff = member("staff")
    mine = NotificationFactory(tenant=staff.tenant, recipient=staff.user)
    by = _read_only_token(staff)
    assert unread_count(by=by, tenant=staff.tenant) == 1
    with pytest.raises(PermissionDenied):
        notifications.mark_read(mine, by=by)
    with pytest.raises(PermissionDenied):
        notifications.mark_all_read(staff.tenant, by=by)
    assert unread_count(by=staff.user, tenant=staff.tenant) == 1
