"""Staff screens of the shared kernel: users, tenants with codes, hosts and members, the audit log."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from .models import AuditEvent, CustomerCode, Tenant, TenantHostname, TenantMembership, User
from .services import check_customer_code


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_superuser", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name"]}),
        ("Platform roles", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]


class CustomerCodeForm(forms.ModelForm):
    class Meta:
        model = CustomerCode
        fields = ["code"]

    def clean(self):
        cleaned = super().clean()
        tenant = self.instance.tenant if self.instance.tenant_id else getattr(self, "parent_tenant", None)
        if cleaned.get("code") and tenant is not None:
            cleaned["code"] = check_customer_code(tenant, cleaned["code"])
            self.instance.code = cleaned["code"]
        return cleaned


class CustomerCodeInline(admin.TabularInline):
    model = CustomerCode
    form = CustomerCodeForm
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.parent_tenant = obj
        return formset


class TenantHostnameInline(admin.TabularInline):
    model = TenantHostname
    extra = 0


class TenantMembershipInline(admin.TabularInline):
    model = TenantMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "status", "is_sandbox", "codes", "created_at"]
    list_filter = ["status", "is_sandbox"]
    search_fields = ["name", "slug", "customer_codes__code", "hostnames__hostname"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CustomerCodeInline, TenantHostnameInline, TenantMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("customer_codes")

    @admin.display(description="Customer codes")
    def codes(self, tenant):
        return ", ".join(code.code for code in tenant.customer_codes.all())

    def has_delete_permission(self, request, obj=None):
        # A tenant's data leaves only through the data-exit flow (seed 003), never by a delete click.
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "sequence",
        "occurred_at",
        "actor_label",
        "tenant",
        "action",
        "object_type",
        "object_id",
        "result",
        "ip_address",
    ]
    list_filter = ["result", "action", "occurred_at"]
    search_fields = ["actor_label", "action", "object_id", "patient_id", "ip_address"]
    date_hierarchy = "occurred_at"
    list_select_related = ["tenant"]
    show_full_result_count = False  # counting millions of rows on every page view is slow

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
