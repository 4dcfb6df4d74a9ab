"""Staff screen for applications from the public signup (seed 004 POST /api/signup): read, approve, reject.

Applications are read-only records: nobody adds, edits or deletes them here. The decisions are admin actions
that call the signup service, which checks that the actor is platform staff and audits the decision.
"""

from django.contrib import admin, messages

from epdee.core.errors import ApplicationError

from . import services
from .models import TenantApplication


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

    def has_change_permission(self, request, obj=None):
        return False  # what the applicant sent stays as sent; a decision is an action

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who applied stays

    def has_decide_permission(self, request):
        """Who is offered the actions: staff with the change permission on applications (the service checks
        that the actor is platform staff)."""
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}")

    def _decide(self, request, queryset, decide, verb):
        done = 0
        for application in queryset:
            try:
                decide(application, by=request.user)
            except ApplicationError as error:
                self.message_user(request, f"{application.organisation_name}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} application(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Approve the selected applications", permissions=["decide"])
    def approve(self, request, queryset):
        self._decide(request, queryset, services.approve_application, "approved")

    @admin.action(description="Reject the selected applications", permissions=["decide"])
    def reject(self, request, queryset):
        self._decide(request, queryset, services.reject_application, "rejected")
