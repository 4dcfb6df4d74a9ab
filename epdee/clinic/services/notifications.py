"""In-app notifications: any area tells a member of a tenant something with notify(); he marks it read.

Every member reads and marks his own notifications, viewers and members of a read-only (inzage) tenant too:
marking one read changes no practice data. A read-only API token only reads. Nobody touches another's.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.permissions import Actor, require

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
    """Leave a notification for `user` in `tenant`; `link` is a path on this site (anything else is dropped).

    The platform's own message to a person (no actor: areas call it after their own service checked theirs).
    """
    title = " ".join((title or "").split())[:MAX_TITLE_LENGTH] or "Notification"
    return Notification.objects.create(
        tenant=tenant, recipient=user, title=title, body=body or "", link=safe_link(link)
    )


def require_reader(by, tenant) -> Actor:
    """A person who is a member of the tenant (any role, a read-only tenant too): notifications are his own."""
    actor = require(by, "tenant.view", tenant)
    if not actor.is_person:
        raise PermissionDenied(_("Notifications belong to a person; sign in to read yours."))
    return actor


def _require_marker(by, tenant) -> Actor:
    actor = require_reader(by, tenant)
    if actor.read_only:
        raise PermissionDenied(_("This API token is read-only: create a read-write token to make changes."))
    return actor


@transaction.atomic
def mark_read(notification: Notification, *, by) -> Notification:
    """Mark one of the actor's own notifications read (again: no change)."""
    actor = _require_marker(by, notification.tenant)
    if notification.recipient_id != actor.user.pk:
        raise NotFound(_("No such notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(tenant, *, by) -> int:
    """Mark every unread notification of the actor in this tenant read; returns how many."""
    actor = _require_marker(by, tenant)
    unread = Notification.objects.for_tenant(tenant).filter(recipient_id=actor.user.pk, read_at__isnull=True)
    return unread.update(read_at=timezone.now())
