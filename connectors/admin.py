"""Staff screens: suppliers and intake requests, the review queue of connector versions, the catalog, the news.

Every save, delete and action calls a service (the admin's own ModelAdmin.save_model never writes): a form
first asks the service's checks, so a refusal shows on the form; the service checks again when it writes.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from epdee.core.admin_site import ReadOnlyAdmin, ReadOnlyInline
from epdee.core.errors import ApplicationError
from epdee.core.forms import ApplicationErrorFormMixin

from . import selectors, services
from .models import (
    ApiModel,
    ApiModelField,
    Connector,
    ConnectorVersion,
    Endpoint,
    NewsPost,
    Supplier,
    SupplierIntakeRequest,
    SupplierMembership,
    VersionEvent,
)
from .news import render_body


def adopt(obj, saved) -> None:
    """Give the admin's instance what the service saved (its primary key above all, for the redirect)."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding, obj._state.db = False, saved._state.db


def nothing_saved(formset) -> None:
    """What Django's change message reads of a formset it saved; here the services saved (or nothing did)."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


def changes(form, names) -> dict:
    """The edited values of the form's changed fields among `names`."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in names}


# --- suppliers and intake ------------------------------------------------------------------------------


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

    def has_delete_permission(self, request, obj=None):
        return False  # a supplier with connectors stays; make it inactive instead

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.update_supplier(obj, by=request.user, **changes(form, services.suppliers.SUPPLIER_FIELDS))
        else:
            fields = {name: form.cleaned_data[name] for name in services.suppliers.SUPPLIER_FIELDS}
            saved = services.create_supplier(by=request.user, **fields)
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        """Members are added, changed and removed by the supplier services, one by one."""
        supplier = form.instance
        for formset in formsets:
            nothing_saved(formset)
            for inline_form in formset.deleted_forms:
                if inline_form.instance.pk:
                    membership = SupplierMembership.objects.select_related("supplier", "user").get(
                        pk=inline_form.instance.pk
                    )
                    services.remove_member(membership, by=request.user)
                    formset.deleted_objects.append(membership)
            for inline_form in formset.forms:
                if inline_form in formset.deleted_forms or not inline_form.has_changed():
                    continue
                data, membership = inline_form.cleaned_data, inline_form.instance
                if membership.pk:
                    before = SupplierMembership.objects.select_related("supplier", "user").get(pk=membership.pk)
                    if before.user_id != data["user"].pk:  # another person on this row: the first one leaves
                        services.remove_member(before, by=request.user)
                saved = services.add_member(supplier, data["user"], data["role"], by=request.user)
                if membership.pk:
                    formset.changed_objects.append((saved, inline_form.changed_data))
                else:
                    formset.new_objects.append(saved)


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

    def save_model(self, request, obj, form, change):
        adopt(obj, services.set_intake_notes(obj, form.cleaned_data["staff_notes"], by=request.user))

    def delete_model(self, request, obj):
        services.delete_intake(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for intake in queryset:
            services.delete_intake(intake, by=request.user)

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
            except ApplicationError as error:
                self.message_user(request, f"{intake.company_name}: {error.message}", messages.ERROR)


# --- connectors and the review of their versions ------------------------------------------------------------


class VersionInline(ReadOnlyInline):
    model = ConnectorVersion
    fields = ["number", "stage", "endpoint_mode", "submitted_at", "reviewed_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Connector)
class ConnectorAdmin(ReadOnlyAdmin):
    """Suppliers create and name their connectors in the dashboard; staff look here and review the versions."""

    list_display = ["name", "supplier", "created_at"]
    list_filter = ["supplier"]
    search_fields = ["name", "supplier__name"]
    readonly_fields = ["supplier", "created_by", "created_at", "updated_at"]
    inlines = [VersionInline]


class EventInline(ReadOnlyInline):
    model = VersionEvent
    fields = ["at", "from_stage", "to_stage", "actor", "notes"]
    readonly_fields = fields


class ReviewForm(ApplicationErrorFormMixin, forms.ModelForm):
    """The review page: the design is read-only; staff decide with notes. The endpoint mode changes only
    through services.update_design, which refuses it for a locked version (asked here first, to show it)."""

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
            except ApplicationError as error:
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

    def save_model(self, request, obj, form, change):
        if "endpoint_mode" in form.changed_data:
            adopt(obj, services.update_design(obj, by=request.user, endpoint_mode=form.cleaned_data["endpoint_mode"]))

    def save_related(self, request, form, formsets, change):
        """The history is written by the services only: nothing of the inline is saved."""
        for formset in formsets:
            nothing_saved(formset)

    @admin.display(description="Technical design")
    def design(self, version):
        design = selectors.design_of(version)
        if not design:
            return "No endpoints enabled."
        rows = [
            (str(endpoint), ", ".join(sorted(paths)) or ("—" if endpoint.filters_fields else "(no model)"))
            for endpoint, paths in sorted(design.items(), key=lambda item: item[0].path)
        ]
        return format_html_join("", "<div><code>{}</code><br><small>{}</small></div>", rows)

    @admin.display(description="Deprecated endpoints")
    def deprecations(self, version):
        warnings = selectors.deprecation_warnings(version)
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
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect("../")


# --- the endpoint catalog -----------------------------------------------------------------------------------


class FieldInline(ReadOnlyInline):
    model = ApiModelField
    fields = ["path", "type", "description", "position"]
    readonly_fields = fields


@admin.register(ApiModel)
class ApiModelAdmin(ReadOnlyAdmin):
    """The models and fields come from connectors/catalog_data.py (loaded by a migration)."""

    list_display = ["name", "description"]
    search_fields = ["name"]
    inlines = [FieldInline]


class DeprecationForm(ApplicationErrorFormMixin, forms.ModelForm):
    class Meta:
        model = Endpoint
        fields = ["deprecated_on", "removal_date", "replacement", "replacement_note"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.check_deprecation(
                    self.instance,
                    deprecated_on=data.get("deprecated_on"),
                    removal_date=data.get("removal_date"),
                    replacement=data.get("replacement"),
                )
            except ApplicationError as error:
                self.add_application_error(error)
        return data


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    """The catalog comes from connectors/catalog_data.py; staff set an endpoint's deprecation here."""

    form = DeprecationForm
    list_display = ["method", "path", "resource", "api_model", "deprecated_on", "removal_date", "replacement"]
    list_filter = ["method", "context", "resource", "deprecated_on"]
    search_fields = ["path", "resource"]
    list_select_related = ["api_model", "replacement"]
    raw_id_fields = ["replacement"]
    readonly_fields = ["method", "path", "context", "resource", "api_model", "returns_list", "description"]
    fields = [*readonly_fields, "deprecated_on", "removal_date", "replacement", "replacement_note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # connector versions and replacements refer to it

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.set_endpoint_deprecation(
            obj,
            by=request.user,
            deprecated_on=data["deprecated_on"],
            removal_date=data["removal_date"],
            replacement=data["replacement"],
            replacement_note=data["replacement_note"],
        )
        adopt(obj, saved)


# --- the news ---------------------------------------------------------------------------------------------

BODY_HELP = (
    "Markdown. A blank line starts a new paragraph; lines starting with “- ” make a bullet list and lines "
    "starting with “1. ” a numbered list; put code and endpoints in `backticks`; *emphasis*, **bold**, "
    "[text](https://…) and bare https:// addresses make links. HTML is shown as typed."
)


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    """Staff write the news and status posts of /news/; the preview shows the body as the public sees it."""

    list_display = ["date", "kind", "title", "resolved", "is_published"]
    list_display_links = ["title"]
    list_filter = ["kind", "resolved", "is_published"]
    search_fields = ["title", "body"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]
    readonly_fields = ["preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["date", "kind", "title", "body", "resolved", "is_published"]}),
        ("Preview (as saved)", {"fields": ["preview"]}),
        ("Bookkeeping", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "body" in form.base_fields:
            form.base_fields["body"].help_text = BODY_HELP
        return form

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.update_news_post(obj, by=request.user, **changes(form, services.news.POST_FIELDS))
        else:
            fields = {name: form.cleaned_data[name] for name in services.news.POST_FIELDS}
            saved = services.create_news_post(by=request.user, **fields)
        adopt(obj, saved)

    def delete_model(self, request, obj):
        services.delete_news_post(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for post in queryset:
            services.delete_news_post(post, by=request.user)

    @admin.display(description="Preview")
    def preview(self, obj):
        if obj is None or not obj.body:
            return "Save the post to see its body as the news page shows it."
        return format_html('<div class="news-preview">{}</div>', render_body(obj.body))

    def view_on_site(self, obj):
        # Unpublished posts answer 404 on the public page.
        return reverse("news:post", args=[obj.pk]) if obj.is_published else None
