"""Staff screens for the registry: look things up, correct mistakes; OAuth clients are under "Django OAuth Toolkit".

Every save and delete goes through the registry's services, so the rules the API keeps (a main version belongs
to its own specification, a new version gets its first declaration of conformity, …) hold here too. A refusal
is shown on the form (or, for a delete, as a message) and changes nothing.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from epdee.core.admin_site import ReadOnlyAdmin, ReadOnlyInline
from epdee.core.errors import ApplicationError
from epdee.core.forms import ApplicationErrorFormMixin

from . import services
from .models import (
    ApiRequirement,
    ApiRequirementsVersion,
    ApiSpecification,
    ApiSpecificationVersion,
    CommunicationStandard,
    DeclarationOfConformity,
    InformationStandard,
    Invitation,
    Organization,
    OrganizationMembership,
    TrustFramework,
)

BOOKKEEPING = ["id", "create_time", "created_by", "update_time", "updated_by"]


class RefusedForm(ApplicationErrorFormMixin):
    """The admin form again, with the service's refusal on the field it names (set as `refusal`)."""

    refusal: ApplicationError | None = None

    def clean(self):
        cleaned = super().clean()
        self.add_application_error(self.refusal)
        return cleaned


def _adopt(obj, saved) -> None:
    """Give the admin's object the row a service saved (the admin logs and redirects with its own object)."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


class ServiceAdmin(admin.ModelAdmin):
    """Saves with add_row()/change_row() and deletes with delete_row(), which call services as the signed-in staff
    member.

    A service's refusal rolls the attempt back; the form is shown again with the refusal on it.
    """

    readonly_fields = BOOKKEEPING
    list_select_related = ["created_by"]
    show_full_result_count = False

    def add_row(self, request, fields: dict, relations: dict):
        raise NotImplementedError

    def change_row(self, request, obj, fields: dict) -> None:
        raise NotImplementedError

    def delete_row(self, request, obj) -> None:
        raise NotImplementedError

    def change_relations(self, request, obj, relations: dict) -> None:
        """Many-to-many fields of the form (changed ones), after change_row(); none by default."""

    # --- Django's hooks --------------------------------------------------------------------------------

    def _submitted(self, form, names) -> tuple[dict, dict]:
        """The form's (model field → value) and (many-to-many field → values) among `names`."""
        meta = self.model._meta
        columns = {field.name for field in meta.concrete_fields}
        relations = {field.name for field in meta.many_to_many}
        values = {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}
        return (
            {name: value for name, value in values.items() if name in columns},
            {name: list(value) for name, value in values.items() if name in relations},
        )

    def save_model(self, request, obj, form, change):
        if change:
            fields, _relations = self._submitted(form, form.changed_data)
            stored = self.model._default_manager.get(pk=obj.pk)  # obj already holds the form's values
            self.change_row(request, stored, fields)
            _adopt(obj, stored)
        else:
            fields, relations = self._submitted(form, form.fields)
            _adopt(obj, self.add_row(request, fields, relations))

    def save_related(self, request, form, formsets, change):
        # The service saved the row; inlines are read-only; changed many-to-many fields go through services too.
        for formset in formsets:  # nothing saved: the change message lists no inline rows
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if change:
            _fields, relations = self._submitted(form, form.changed_data)
            if relations:
                self.change_relations(request, form.instance, relations)

    def get_deleted_objects(self, objs, request):
        # What goes with the row (a version's declarations, which staff may not delete by themselves) is the
        # service's to delete and to authorise; protected rows still stop the delete on the confirmation page.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        self.delete_row(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_row(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_registry_refusal", None)
        if refusal is None:
            return form
        return type(form.__name__, (RefusedForm, form), {"refusal": refusal})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as error:
            # Rolled back by the view's transaction; now the same form again, with the refusal on it.
            request._registry_refusal = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id]))

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            with transaction.atomic():  # a bulk delete is all or nothing
                return super().changelist_view(request, extra_context)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ViewOnlyAdmin(ReadOnlyAdmin):
    """Staff look; the people concerned act (members invite, a declaration is a signed statement)."""

    list_select_related = ["created_by"]
    show_full_result_count = False


class MembershipInline(ReadOnlyInline):
    model = OrganizationMembership
    fk_name = "organization"
    fields = ["user", "create_time"]
    readonly_fields = ["user", "create_time"]


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    list_display = ["name", "email_address", "address_city", "create_time"]
    search_fields = ["name", "email_address", "address_city"]
    inlines = [MembershipInline]

    def add_row(self, request, fields, relations):
        return services.create_organization(fields, by=request.user)  # the staff member is its first member

    def change_row(self, request, obj, fields):
        services.update_organization(obj, fields, by=request.user)

    def delete_row(self, request, obj):
        services.delete_organization(obj, by=request.user)


@admin.register(Invitation)
class InvitationAdmin(ViewOnlyAdmin):
    list_display = ["email_address", "organization", "status", "create_time", "response_time"]
    list_filter = ["status"]
    search_fields = ["email_address", "organization__name"]
    list_select_related = ["organization", "created_by"]


@admin.register(ApiRequirementsVersion)
class ApiRequirementsVersionAdmin(ServiceAdmin):
    list_display = ["name", "lifecycle_state", "publish_time"]
    list_filter = ["lifecycle_state"]

    def add_row(self, request, fields, relations):
        return services.create_requirements_version(fields, [], by=request.user)

    def change_row(self, request, obj, fields):
        services.update_requirements_version(obj, fields, by=request.user)

    def delete_row(self, request, obj):
        services.delete_requirements_version(obj, by=request.user)


@admin.register(ApiRequirement)
class ApiRequirementAdmin(ServiceAdmin):
    list_display = ["code", "version", "requirement_level", "category", "score"]
    list_filter = ["version", "requirement_level", "category"]
    search_fields = ["code", "description"]
    list_select_related = ["version", "created_by"]

    def add_row(self, request, fields, relations):
        version = fields.pop("version")
        return services.add_requirement(version, fields, by=request.user)

    def change_row(self, request, obj, fields):
        services.update_requirement(obj, fields, by=request.user)

    def delete_row(self, request, obj):
        services.delete_requirement(obj, by=request.user)


class VersionInline(ReadOnlyInline):
    model = ApiSpecificationVersion
    fk_name = "api_specification"
    fields = ["name", "lifecycle_state", "publish_time"]
    readonly_fields = fields
    show_change_link = True


@admin.register(ApiSpecification)
class ApiSpecificationAdmin(ServiceAdmin):
    list_display = ["name", "organization", "architectural_style", "main_version", "create_time"]
    list_filter = ["architectural_style"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization", "main_version", "created_by"]
    raw_id_fields = ["organization", "main_version"]
    inlines = [VersionInline]

    def add_row(self, request, fields, relations):
        return services.create_api_specification(fields, by=request.user)

    def change_row(self, request, obj, fields):
        services.update_api_specification(obj, fields, by=request.user)

    def delete_row(self, request, obj):
        services.delete_api_specification(obj, by=request.user)


@admin.register(ApiSpecificationVersion)
class ApiSpecificationVersionAdmin(ServiceAdmin):
    list_display = ["name", "api_specification", "lifecycle_state", "publish_time"]
    list_filter = ["lifecycle_state"]
    search_fields = ["name", "api_specification__name"]
    list_select_related = ["api_specification", "created_by"]
    raw_id_fields = ["api_specification"]
    readonly_fields = [*BOOKKEEPING, "last_declaration"]  # kept by the declaration service
    filter_horizontal = ["communication_standard_versions", "information_standard_versions", "trust_framework_versions"]

    def get_readonly_fields(self, request, obj=None):
        # A version stays with its specification (its declarations were scored for that specification's style).
        return [*self.readonly_fields, "api_specification"] if obj is not None else self.readonly_fields

    def add_row(self, request, fields, relations):
        return services.create_api_specification_version(fields, links=relations, by=request.user)

    def change_row(self, request, obj, fields):
        services.update_api_specification_version(obj, fields, by=request.user)

    def change_relations(self, request, obj, relations):
        for relation, items in relations.items():
            services.set_standard_versions(obj, relation, items, by=request.user)

    def delete_row(self, request, obj):
        services.delete_api_specification_version(obj, by=request.user)


@admin.register(DeclarationOfConformity)
class DeclarationAdmin(ViewOnlyAdmin):
    # A declaration is a signed statement: staff may look, not rewrite or remove it (a version keeps its last one).
    list_display = ["id", "version", "requirements_version", "ranking_level", "create_time"]
    list_filter = ["ranking_level"]
    list_select_related = ["version", "requirements_version", "created_by"]


@admin.register(CommunicationStandard, InformationStandard, TrustFramework)
class StandardAdmin(ServiceAdmin):
    list_display = ["name", "organization", "url", "create_time"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization", "created_by"]
    raw_id_fields = ["organization", "main_version"]

    def add_row(self, request, fields, relations):
        return services.create_standard(self.model, fields, by=request.user)

    def change_row(self, request, obj, fields):
        services.update_standard(obj, fields, by=request.user)

    def delete_row(self, request, obj):
        services.delete_standard(obj, by=request.user)
