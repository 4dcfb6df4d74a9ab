"""What the clinic's dashboard pages share: the signed-in member's practice and its time zone.

Roles are not checked here: the selectors and services a page calls check them (ARCHITECTURE.md).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone

from ..services.local_time import tenant_zone


def practice_page(view):
    """A page of the signed-in member's practice: 404 without a membership, times in the tenant's zone."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.membership is None or request.tenant is None:
            # 404, not 403: the dashboard does not confirm that an organisation or its data exists.
            raise Http404("You are not a member of a care organisation.")
        with timezone.override(tenant_zone(request.tenant)):
            return view(request, *args, **kwargs)

    return wrapper
