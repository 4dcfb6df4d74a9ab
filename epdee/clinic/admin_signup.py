"""Staff screen for applications from the public signup (seed 004 POST /api/signup): read, approve, reject.

Imported by epdee/clinic/admin.py. Applications are read-only records; the decisions go through the
signup service, which audits them.
"""

from django.contrib import admin, messages

from epdee.core.models import TenantApplication

from .services import signup


@admin.register(TenantApplication)
class TenantApplicationAdmin(admin.ModelAdmin):
    list_display = ["organisation_name", "contact_name", "email", "kvk_number", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["organisation_name", "contact_name", "email", "kvk_number"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    readonly_fields = [
        "organisation_name",
        "contact_name",
        "email",
        "phone",
        "kvk_number",
        "message",
        "status",
        "ip_address",
        "created_at",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # applications come from the public form only

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who applied stays

    def _decide(self, request, queryset, decide, verb):
        done = 0
        for application in queryset:
            try:
                decide(application, by=request.user)
            except signup.SignupError as exc:
                self.message_user(request, f"{application.organisation_name}: {exc}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} application(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Approve the selected applications", permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, signup.approve_application, "approved")

    @admin.action(description="Reject the selected applications", permissions=["change"])
    def reject(self, request, queryset):
        self._decide(request, queryset, signup.reject_application, "rejected")
