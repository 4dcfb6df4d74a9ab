"""Template context of the clinic for every page: the unread-notifications badge in the navbar."""

from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property

from epdee.core.permissions import actor_of

from .selectors.notifications import unread_count


class UnreadNotifications:
    """The bell's link and the user's unread count in his current tenant, counted only when a page shows it."""

    def __init__(self, tenant, actor, url: str):
        self.tenant, self.actor, self.url = tenant, actor, url

    @cached_property
    def count(self) -> str:
        count = unread_count(by=self.actor, tenant=self.tenant)
        return "99+" if count > 99 else (str(count) if count else "")


def notifications(request):
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    if membership is None or user is None or not user.is_authenticated:
        return {}
    try:
        url = reverse("clinic:notifications")
    except NoReverseMatch:
        return {}
    return {"unread_notifications": UnreadNotifications(membership.tenant, actor_of(request), url)}
