"""Dashboard pages of the shared kernel: home per role, the organisation's members, tenant switch."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .mfa import has_totp, mfa_satisfied
from .models import AuditEvent, Tenant, TenantMembership, User
from .tables import Column, build_table
from .tenancy import choose_tenant, open_memberships


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "core/home_public.html")
    if user.is_staff or user.is_superuser:
        return _platform_home(request)
    if request.membership is not None:
        return _tenant_home(request)
    return render(request, "core/home_unlinked.html")


def _platform_home(request):
    since = timezone.now() - timedelta(hours=24)
    tenant_counts = dict(Tenant.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    context = {
        "has_totp": has_totp(request.user),
        "mfa_ok": mfa_satisfied(request),
        "tenant_counts": [(label, tenant_counts.get(value, 0)) for value, label in Tenant.Status.choices],
        "user_count": User.objects.filter(is_active=True).count(),
        "events_today": AuditEvent.objects.filter(occurred_at__gte=since).count(),
        "failed_logins_today": AuditEvent.objects.filter(occurred_at__gte=since, action="auth.login_failed").count(),
        "recent_events": AuditEvent.objects.all()[:8],
    }
    return render(request, "core/home_platform.html", context)


def _tenant_home(request):
    tenant = request.tenant
    context = {
        "customer_codes": tenant.customer_codes.all(),
        "member_count": TenantMembership.objects.for_tenant(tenant).count(),
        "other_memberships": open_memberships(request.user).exclude(tenant=tenant),
    }
    return render(request, "core/home_tenant.html", context)


MEMBER_COLUMNS = [
    Column("name", "Name", "user__full_name"),
    Column("email", "E-mail", "user__email"),
    Column("role", "Role", "role"),
    Column("since", "Member since", "created_at"),
]


@login_required
def members(request):
    if request.membership is None:
        raise Http404("You are not a member of an organisation.")
    queryset = TenantMembership.objects.for_tenant(request.tenant).select_related("user")
    role = request.GET.get("role")
    if role in TenantMembership.Role.values:
        queryset = queryset.filter(role=role)
    table = build_table(request, queryset, MEMBER_COLUMNS, default_sort="name")
    return render(
        request,
        "core/members.html",
        {"table": table, "roles": TenantMembership.Role.choices, "selected_role": role or ""},
    )


@login_required
@require_POST
def switch_tenant(request):
    membership = choose_tenant(request, request.POST.get("tenant_id"))
    if membership is None:
        raise Http404("No such organisation.")
    messages.success(request, f"You are now working in {membership.tenant.name}.")
    return redirect("home")
