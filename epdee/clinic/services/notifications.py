"""In-app notifications: any area tells a member of a tenant something with notify(); he marks it read."""

from django.db import transaction
from django.utils import timezone

from ..models import Notification

MAX_TITLE_LENGTH = 200
MAX_LINK_LENGTH = 300


def safe_link(link: str) -> str:
    """Only a path on this site: a notification must not send anyone to another site or a javascript: URL."""
    link = (link or "").strip()
    if not link.startswith("/") or link.startswith("//") or "\\" in link or len(link) > MAX_LINK_LENGTH:
        return ""
    return link


def notify(tenant, user, title: str, body: str = "", link: str = "") -> Notification:
    """Leave a notification for `user` in `tenant`; `link` is a path on this site (anything else is dropped)."""
    title = " ".join((title or "").split())[:MAX_TITLE_LENGTH] or "Notification"
    return Notification.objects.create(
        tenant=tenant, recipient=user, title=title, body=body or "", link=safe_link(link)
    )


def notifications_of(tenant, user):
    """The user's notifications in this tenant, newest first."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.for_tenant(tenant).filter(recipient=user)


def unread_count(tenant, user) -> int:
    return notifications_of(tenant, user).filter(read_at__isnull=True).count()


@transaction.atomic
def mark_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(tenant, user) -> int:
    """Mark every unread notification of the user in this tenant read; returns how many."""
    return notifications_of(tenant, user).filter(read_at__isnull=True).update(read_at=timezone.now())
