"""Switching the organisation a signed-in member works in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..tenancy import choose_tenant


@login_required
@require_POST
def switch_tenant(request):
    membership = choose_tenant(request, request.POST.get("tenant_id"))
    if membership is None:
        raise Http404(_("No such organisation."))
    messages.success(request, _("You are now working in %(tenant)s.") % {"tenant": membership.tenant.name})
    return redirect("home")
