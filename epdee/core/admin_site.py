"""The platform admin site: allauth signs people in, two-factor authentication is required,
and every change made through it lands in the audit log; and the read-only bases of screens whose rows only
services change."""

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .audit import record_event
from .mfa import mfa_satisfied


class AuditedAdminMixin:
    """Writes an audit event next to each admin LogEntry (including bulk deletions)."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        record_event("admin.add", request=request, obj=obj, details={"message": str(message)[:1000]})
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        record_event("admin.change", request=request, obj=obj, details={"message": str(message)[:1000]})
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            record_event("admin.delete", request=request, obj=obj, details={"repr": str(obj)[:200]})
        return entries


class _RefusesEdits:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(_RefusesEdits, admin.ModelAdmin):
    """Staff look; the rows change only through the services (the dashboard, the API, admin actions)."""


class ReadOnlyInline(_RefusesEdits, admin.TabularInline):
    extra = 0
    can_delete = False


class EpdeeAdminSite(admin.AdminSite):
    site_header = "Epdee platform administration"
    site_title = "Epdee admin"
    index_title = "Platform administration"

    def has_permission(self, request):
        return super().has_permission(request) and mfa_satisfied(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(admin_class.__name__, (AuditedAdminMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    def login(self, request, extra_context=None):
        """The admin has no password form of its own: allauth's login applies lockout and 2FA."""
        next_url = request.GET.get("next") or reverse("admin:index")
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("account_login"))
        if not (user.is_active and user.is_staff):
            messages.error(request, "The platform admin is for platform staff only.")
            return redirect("home")
        if not mfa_satisfied(request):
            messages.warning(
                request,
                "The platform admin requires two-factor authentication. Set up an authenticator app, "
                "or sign in again with your authentication code.",
            )
            return redirect("mfa_index")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index")
        return redirect(next_url)

    def logout(self, request, extra_context=None):
        return redirect("account_logout")
