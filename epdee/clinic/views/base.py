"""What the clinic's dashboard pages share: who may open them, and times shown in the practice's time zone."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from ..services.local_time import tenant_zone


def _page(view, *, admin: bool):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.membership is None or request.tenant is None:
            # 404, not 403: the dashboard does not confirm that an organisation or its data exists.
            raise Http404("You are not a member of a care organisation.")
        if admin and not request.membership.is_admin:
            raise PermissionDenied("Only an administrator of this care organisation may open this page.")
        with timezone.override(tenant_zone(request.tenant)):
            return view(request, *args, **kwargs)

    return wrapper


def practice_page(view):
    """A page of the signed-in member's practice: 404 without a membership, times in the tenant's zone."""
    return _page(view, admin=False)


def admin_page(view):
    """A page for the practice's administrators: 404 without a membership, 403 for other roles."""
    return _page(view, admin=True)


def require_write(request) -> None:
    """Viewers and read-only (inzage) organisations may look, not change."""
    if not request.membership.can_write:
        if not request.tenant.is_writable:
            raise PermissionDenied(f"{request.tenant.name} has a read-only (inzage) licence.")
        raise PermissionDenied("Your role in this care organisation is read-only.")
