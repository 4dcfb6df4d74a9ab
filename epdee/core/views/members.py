"""The organisation's members: a sortable, paginated table with a role filter."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..models import TenantMembership
from ..permissions import actor_of
from ..selectors import members_of
from ..tables import Column, build_table

MEMBER_COLUMNS = [
    Column("name", _("Name"), "user__full_name"),
    Column("email", _("E-mail"), "user__email"),
    Column("role", _("Role"), "role"),
    Column("since", _("Member since"), "created_at"),
]


@login_required
def members(request):
    role = request.GET.get("role")
    queryset = members_of(request.tenant, by=actor_of(request), role=role)
    table = build_table(request, queryset, MEMBER_COLUMNS, default_sort="name")
    return render(
        request,
        "core/members.html",
        {"table": table, "roles": TenantMembership.Role.choices, "selected_role": role or ""},
    )
