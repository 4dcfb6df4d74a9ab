"""Staff screens for the registry: look things up, correct mistakes; OAuth clients are under "Django OAuth Toolkit"."""

from django.contrib import admin

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


class RegistryAdmin(admin.ModelAdmin):
    readonly_fields = BOOKKEEPING
    list_select_related = ["created_by"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.touch(request.user)
        super().save_model(request, obj, form, change)


class MembershipInline(admin.TabularInline):
    model = OrganizationMembership
    fk_name = "organization"
    fields = ["user", "create_time"]
    readonly_fields = ["user", "create_time"]
    extra = 0
    can_delete = False


@admin.register(Organization)
class OrganizationAdmin(RegistryAdmin):
    list_display = ["name", "email_address", "address_city", "create_time"]
    search_fields = ["name", "email_address", "address_city"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(RegistryAdmin):
    list_display = ["email_address", "organization", "status", "create_time", "response_time"]
    list_filter = ["status"]
    search_fields = ["email_address", "organization__name"]
    list_select_related = ["organization", "created_by"]
    readonly_fields = [*BOOKKEEPING, "status", "user", "response_time"]


@admin.register(ApiRequirementsVersion)
class ApiRequirementsVersionAdmin(RegistryAdmin):
    list_display = ["name", "lifecycle_state", "publish_time"]
    list_filter = ["lifecycle_state"]


@admin.register(ApiRequirement)
class ApiRequirementAdmin(RegistryAdmin):
    list_display = ["code", "version", "requirement_level", "category", "score"]
    list_filter = ["version", "requirement_level", "category"]
    search_fields = ["code", "description"]
    list_select_related = ["version", "created_by"]


class VersionInline(admin.TabularInline):
    model = ApiSpecificationVersion
    fk_name = "api_specification"
    fields = ["name", "lifecycle_state", "publish_time"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(ApiSpecification)
class ApiSpecificationAdmin(RegistryAdmin):
    list_display = ["name", "organization", "architectural_style", "main_version", "create_time"]
    list_filter = ["architectural_style"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization", "main_version", "created_by"]
    raw_id_fields = ["organization", "main_version"]
    inlines = [VersionInline]


@admin.register(ApiSpecificationVersion)
class ApiSpecificationVersionAdmin(RegistryAdmin):
    list_display = ["name", "api_specification", "lifecycle_state", "publish_time"]
    list_filter = ["lifecycle_state"]
    search_fields = ["name", "api_specification__name"]
    list_select_related = ["api_specification", "created_by"]
    raw_id_fields = ["api_specification"]
    readonly_fields = [*BOOKKEEPING, "last_declaration"]  # kept by the declaration service
    filter_horizontal = ["communication_standard_versions", "information_standard_versions", "trust_framework_versions"]


@admin.register(DeclarationOfConformity)
class DeclarationAdmin(RegistryAdmin):
    list_display = ["id", "version", "requirements_version", "ranking_level", "create_time"]
    list_filter = ["ranking_level"]
    list_select_related = ["version", "requirements_version", "created_by"]
    # A declaration is a signed statement: staff may look, not rewrite it.
    readonly_fields = [*BOOKKEEPING, "version", "requirements_version", "ranking_level", "rankings", "requirements"]


@admin.register(CommunicationStandard, InformationStandard, TrustFramework)
class StandardAdmin(RegistryAdmin):
    list_display = ["name", "organization", "url", "create_time"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization", "created_by"]
    raw_id_fields = ["organization", "main_version"]
