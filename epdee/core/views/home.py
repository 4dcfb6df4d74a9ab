"""The home page: what a visitor, platform staff, a member of an organisation or an unlinked user sees."""

from django.shortcuts import render

from ..mfa import has_totp, mfa_satisfied
from ..permissions import actor_of, allowed
from ..selectors import platform_overview, tenant_overview
from ..tenancy import open_memberships


def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/home_public.html")
    actor = actor_of(request)
    if allowed(actor, "platform.staff"):
        context = {
            "has_totp": has_totp(request.user),
            "mfa_ok": mfa_satisfied(request),
            **platform_overview(by=actor),
        }
        return render(request, "core/home_platform.html", context)
    if request.membership is not None:
        context = {
            **tenant_overview(request.tenant, by=actor),
            "other_memberships": open_memberships(request.user).exclude(tenant=request.tenant),
        }
        return render(request, "core/home_tenant.html", context)
    return render(request, "core/home_unlinked.html")
