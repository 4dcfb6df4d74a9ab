"""Reads of a person's own notifications in a tenant (the list, the navbar bell's count): any member, his own;
and the tenant's notifications for the connector gateway."""

from django.utils.translation import gettext as _

from epdee.core.errors import NotFound
from epdee.core.permissions import require

from ..models import Notification
from ..services.notifications import require_reader
from .patients import gateway_read


def notifications_of(*, by, tenant):
    """The actor's own notifications in this tenant, newest first."""
    actor = require_reader(by, tenant)
    return Notification.objects.for_tenant(tenant).filter(recipient_id=actor.user.pk)


def unread_count(*, by, tenant) -> int:
    return notifications_of(by=by, tenant=tenant).filter(read_at__isnull=True).count()


def notification_of(pk, *, by, tenant) -> Notification:
    """One of the actor's own notifications; another person's or another tenant's is not found."""
    notification = notifications_of(by=by, tenant=tenant).filter(pk=pk).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    return notification


def notifications_for_gateway(*, by, tenant):
    """Every notification of the tenant, for a connector's call; loading them records the call (see
    patients.GATEWAY_CALL)."""
    actor = require(by, "tenant.view", tenant)
    return gateway_read(Notification.objects.for_tenant(tenant), actor, tenant, one=False)
