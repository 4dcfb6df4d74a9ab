"""Staff screens: suppliers and intake requests, the review queue of connector versions, the catalog."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.html import format_html_join

from . import (
    admin_news,  # noqa: F401  (registers the news posts' admin)
    services,
)
from .exceptions import ConnectorError
from .models import (
    ApiModel,
    ApiModelField,
    Connector,
    ConnectorVersion,
    Endpoint,
    Supplier,
    SupplierIntakeRequest,
    SupplierMembership,
    VersionEvent,
)


class MembershipInline(admin.TabularInline):
    model = SupplierMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_email", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_email"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(SupplierIntakeRequest)
class IntakeAdmin(admin.ModelAdmin):
    list_display = ["company_name", "contact_name", "contact_email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["company_name", "contact_email"]
    readonly_fields = [
        "company_name",
        "contact_name",
        "contact_email",
        "phone",
        "website",
        "message",
        "status",
        "created_at",
        "handled_at",
        "handled_by",
        "supplier",
    ]
    fields = [*readonly_fields, "staff_notes"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Approve: create the supplier and invite its contact")
    def approve(self, request, queryset):
        self._handle(
            request, queryset, lambda intake: services.approve_intake(intake, by=request.user, request=request)
        )

    @admin.action(description="Reject")
    def reject(self, request, queryset):
        self._handle(request, queryset, lambda intake: services.reject_intake(intake, by=request.user))

    def _handle(self, request, queryset, handle):
        for intake in queryset:
            try:
                handle(intake)
                self.message_user(request, f"{intake.company_name}: done.", messages.SUCCESS)
            except ConnectorError as error:
                self.message_user(request, f"{intake.company_name}: {error.message}", messages.ERROR)


class VersionInline(admin.TabularInline):
    model = ConnectorVersion
    fields = ["number", "stage", "endpoint_mode", "submitted_at", "reviewed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Connector)
class ConnectorAdmin(admin.ModelAdmin):
    list_display = ["name", "supplier", "created_at"]
    list_filter = ["supplier"]
    search_fields = ["name", "supplier__name"]
    readonly_fields = ["supplier", "created_by", "created_at", "updated_at"]
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False  # suppliers create connectors in the dashboard


class EventInline(admin.TabularInline):
    model = VersionEvent
    fields = ["at", "from_stage", "to_stage", "actor", "notes"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReviewForm(forms.ModelForm):
    """The review page: the design is read-only; staff decide with notes (the design changes only through
    services, which refuse it for a locked version)."""

    review_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Required when rejecting."
    )

    class Meta:
        model = ConnectorVersion
        fields = ["endpoint_mode"]

    def clean_endpoint_mode(self):
        mode = self.cleaned_data["endpoint_mode"]
        if self.instance.pk and mode != self.instance.endpoint_mode:
            try:
                services.ensure_editable(self.instance)
            except ConnectorError as error:
                raise forms.ValidationError(error.message) from error
        return mode


@admin.register(ConnectorVersion)
class ConnectorVersionAdmin(admin.ModelAdmin):
    form = ReviewForm
    list_display = ["__str__", "connector", "stage", "endpoint_mode", "submitted_at", "reviewed_by"]
    list_filter = ["stage", "connector__supplier"]
    search_fields = ["connector__name", "connector__supplier__name"]
    list_select_related = ["connector__supplier", "reviewed_by"]
    readonly_fields = [
        "connector",
        "number",
        "stage",
        "design",
        "deprecations",
        "notes",
        "reviewer_notes",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
    ]
    fields = [*readonly_fields[:2], "endpoint_mode", *readonly_fields[2:], "review_notes"]
    inlines = [EventInline]
    change_form_template = "admin/connectors/connectorversion/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # The review queue: versions in review first, unless staff filter otherwise.
        if not request.GET and request.method == "GET":
            return HttpResponseRedirect(f"{request.path}?stage__exact=IN_REVIEW")
        return super().changelist_view(request, extra_context)

    @admin.display(description="Technical design")
    def design(self, version):
        design = services.design_of(version)
        if not design:
            return "No endpoints enabled."
        rows = [
            (str(endpoint), ", ".join(sorted(paths)) or ("—" if endpoint.filters_fields else "(no model)"))
            for endpoint, paths in sorted(design.items(), key=lambda item: item[0].path)
        ]
        return format_html_join("", "<div><code>{}</code><br><small>{}</small></div>", rows)

    @admin.display(description="Deprecated endpoints")
    def deprecations(self, version):
        warnings = services.deprecation_warnings(version)
        if not warnings:
            return "None."
        return format_html_join(
            "",
            "<div>{} — removed {}; use {}</div>",
            (
                (str(w["endpoint"]), w["removal_date"] or "(no date)", w["replacement"] or w["note"] or "nothing")
                for w in warnings
            ),
        )

    def response_change(self, request, obj):
        decision = next((key for key in ("_approve", "_reject", "_retire") if key in request.POST), None)
        if decision is None:
            return super().response_change(request, obj)
        notes = request.POST.get("review_notes", "")
        action = {"_approve": services.approve, "_reject": services.reject, "_retire": services.retire}[decision]
        try:
            action(obj, by=request.user, notes=notes)
            self.message_user(request, f"{obj}: {decision.strip('_')}d.", messages.SUCCESS)
        except ConnectorError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect("../")


class FieldInline(admin.TabularInline):
    model = ApiModelField
    extra = 0


@admin.register(ApiModel)
class ApiModelAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]
    inlines = [FieldInline]


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["method", "path", "resource", "api_model", "deprecated_on", "removal_date", "replacement"]
    list_filter = ["method", "context", "resource", "deprecated_on"]
    search_fields = ["path", "resource"]
    list_select_related = ["api_model", "replacement"]
    raw_id_fields = ["replacement"]
