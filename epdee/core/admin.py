"""Staff screens of the shared kernel: users, tenants with codes, hosts and members, the audit log.

Saves and deletions go through the services (epdee.core.services), as the staff member who submits the form;
a refusal the form did not show already is rendered by ApplicationErrorMiddleware.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.db import transaction

from .audit import current_request
from .errors import ApplicationError
from .forms import ApplicationErrorFormMixin
from .models import AuditEvent, CustomerCode, Tenant, TenantHostname, TenantMembership, User
from .permissions import actor_of, allowed
from .services import accounts, tenants


def _adopt(obj, saved) -> None:
    """The admin goes on with the object its form built (for the change message and the redirect): give it
    what the service stored, the primary key of a new row included."""
    obj.__dict__.update(saved.__dict__)


# --- users ---------------------------------------------------------------------------------------------------


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class PasswordForm(AdminPasswordChangeForm):
    """Sets the password through the accounts service, as the staff member who submits the form."""

    def save(self, commit=True):
        password = self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        return accounts.set_password(self.user, password, by=actor_of(current_request.get()))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    change_password_form = PasswordForm
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

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not allowed(actor_of(request), "platform.superadmin"):
            readonly += accounts.PLATFORM_ROLE_FIELDS  # the service refuses them to staff: do not offer them
        return readonly

    def save_model(self, request, obj, form, change):
        by = actor_of(request)
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data if name in accounts.USER_FIELDS}
            user = accounts.change_user(User.objects.get(pk=obj.pk), by=by, **changes)
        else:
            password = form.cleaned_data["password1"] if form.cleaned_data["set_usable_password"] else None
            user = accounts.create_user(form.cleaned_data["email"], password=password, by=by)
        _adopt(obj, user)

    def save_related(self, request, form, formsets, change):
        """change_user set the groups and permissions already; a user has no inlines."""

    def delete_model(self, request, obj):
        accounts.delete_user(obj, by=actor_of(request))

    def delete_queryset(self, request, queryset):
        by = actor_of(request)
        for user in queryset:
            accounts.delete_user(user, by=by)

    def response_action(self, request, queryset):
        # An action is all or nothing, like the single delete: one refused account keeps every selected one
        # (and the admin's history of the deletion).
        with transaction.atomic():
            return super().response_action(request, queryset)


# --- tenants ---------------------------------------------------------------------------------------------------


class TenantRowForm(ApplicationErrorFormMixin, forms.ModelForm):
    """An inline row of the tenant, checked by its service's rule while the form is validated, so that a
    refusal shows on the row. `rule(tenant, value, replacing=)` returns the value normalised or raises."""

    value_field = ""
    rule = None

    def __init__(self, *args, parent_tenant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_tenant = parent_tenant  # the tenant being edited, or added (not saved yet)

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get(self.value_field)
        if self.rule and value and self.parent_tenant is not None and not cleaned.get("DELETE"):
            replacing = self.instance if self.instance.pk else None
            try:
                cleaned[self.value_field] = self.rule(self.parent_tenant, value, replacing=replacing)
            except ApplicationError as error:
                self.add_application_error(error)
        return cleaned


class CustomerCodeForm(TenantRowForm):
    value_field = "code"
    rule = staticmethod(tenants.check_customer_code)

    class Meta:
        model = CustomerCode
        fields = ["code"]


class TenantHostnameForm(TenantRowForm):
    value_field = "hostname"
    rule = staticmethod(tenants.check_hostname)

    class Meta:
        model = TenantHostname
        fields = ["hostname"]


class TenantMembershipForm(TenantRowForm):
    class Meta:
        model = TenantMembership
        fields = ["user", "role"]


class TenantRowsFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "parent_tenant": self.instance}


class TenantInline(admin.TabularInline):
    formset = TenantRowsFormSet
    extra = 0


class CustomerCodeInline(TenantInline):
    model = CustomerCode
    form = CustomerCodeForm


class TenantHostnameInline(TenantInline):
    model = TenantHostname
    form = TenantHostnameForm


class TenantMembershipInline(TenantInline):
    model = TenantMembership
    form = TenantMembershipForm
    autocomplete_fields = ["user"]


def _add_code(tenant, data, by):
    return tenants.add_customer_code(tenant, data["code"], by=by)


def _change_code(entry, data, by):
    return tenants.change_customer_code(entry, data["code"], by=by)


def _add_hostname(tenant, data, by):
    return tenants.add_hostname(tenant, data["hostname"], by=by)


def _change_hostname(entry, data, by):
    return tenants.change_hostname(entry, data["hostname"], by=by)


def _add_member(tenant, data, by):
    return tenants.add_member(tenant, data["user"], data["role"], by=by)


def _change_member(membership, data, by):
    if data["user"].pk == membership.user_id:
        return tenants.change_member_role(membership, data["role"], by=by)
    tenants.remove_member(membership, by=by)  # the row now names someone else
    return tenants.add_member(membership.tenant, data["user"], data["role"], by=by)


# The services behind each inline: (add, change, remove).
INLINE_SERVICES = {
    CustomerCode: (_add_code, _change_code, tenants.remove_customer_code),
    TenantHostname: (_add_hostname, _change_hostname, tenants.remove_hostname),
    TenantMembership: (_add_member, _change_member, tenants.remove_member),
}


def save_inline(formset, tenant, *, by) -> None:
    """Each added, changed and deleted row of an inline through its service; records what changed on the
    formset the way formset.save() does, for the admin's change message."""
    add, change, remove = INLINE_SERVICES[formset.model]
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = set(formset.deleted_forms)
    for form in formset.initial_forms:
        original = formset.model.objects.get(pk=form.instance.pk)  # the form changed its instance already
        if form in deleted:
            remove(original, by=by)
            formset.deleted_objects.append(original)
        elif form.has_changed():
            formset.changed_objects.append((change(original, form.cleaned_data, by), form.changed_data))
    for form in formset.extra_forms:
        if form.has_changed() and form not in deleted:
            formset.new_objects.append(add(tenant, form.cleaned_data, by))


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "status", "is_sandbox", "codes", "created_at"]
    list_filter = ["status", "is_sandbox"]
    search_fields = ["name", "slug", "customer_codes__code", "hostnames__hostname"]
    fields = ["name", "slug", "status", "is_sandbox", "time_zone"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CustomerCodeInline, TenantHostnameInline, TenantMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("customer_codes")

    @admin.display(description="Customer codes")
    def codes(self, tenant):
        return ", ".join(code.code for code in tenant.customer_codes.all())

    def save_model(self, request, obj, form, change):
        by = actor_of(request)
        data = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            changes = {name: data[name] for name in form.changed_data}
            tenant = tenants.change_tenant(Tenant.objects.get(pk=obj.pk), by=by, **changes)
        else:
            tenant = tenants.create_tenant(by=by, **data)
        _adopt(obj, tenant)

    def save_related(self, request, form, formsets, change):
        by = actor_of(request)
        for formset in formsets:
            save_inline(formset, form.instance, by=by)

    def has_delete_permission(self, request, obj=None):
        # A tenant's data leaves only through the data-exit flow (seed 003), never by a delete click.
        return False


# --- the audit log -------------------------------------------------------------------------------------------


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
