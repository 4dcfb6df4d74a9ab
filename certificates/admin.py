"""Staff screens: certificate authorities, approval requests to forward, issued certificates to revoke or reissue.

Staff look at the rows here and act on them through the actions, which call the services; nothing is added,
edited or deleted through the admin's forms (the supplier, the care organisation and manage.py do that through
the same services)."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from epdee.core.admin_site import ReadOnlyAdmin
from epdee.core.errors import ApplicationError

from . import services
from .models import ApprovalRequest, CertificateAuthority, CertificateEnvironment, IssuedCertificate


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(choices=IssuedCertificate.RevocationReason.choices)


def _with_reason(modeladmin, request, queryset, *, title, apply):
    """An admin action that first asks for a revocation reason, then applies `apply(obj, reason)` to each."""
    if "apply" in request.POST:
        form = ReasonForm(request.POST)
        if form.is_valid():
            for obj in queryset:
                try:
                    result = apply(obj, form.cleaned_data["reason"])
                    modeladmin.message_user(request, f"{obj}: {result}", messages.SUCCESS)
                except ApplicationError as error:
                    modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
            return None
    else:
        form = ReasonForm()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": queryset,
        "form": form,
        "action": request.POST.get("action"),
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/certificates/choose_reason.html", context)


@admin.register(CertificateAuthority)
class CertificateAuthorityAdmin(ReadOnlyAdmin):
    """CAs are made by manage.py ca_init and ca_rotate (the same services)."""

    list_display = ["name", "is_current", "not_before", "not_after", "crl_number", "crl_updated_at"]
    readonly_fields = [
        "name",
        "certificate_pem",
        "serial",
        "fingerprint",
        "not_before",
        "not_after",
        "is_current",
        "predecessor",
        "crl_number",
        "crl_updated_at",
        "crl_pem",
    ]
    exclude = ["private_key_pem", "crl_der"]
    actions = ["revoke_all"]

    @admin.action(description="Revoke all certificates of this CA")
    def revoke_all(self, request, queryset):
        def apply(ca, reason):
            return f"{services.revoke_all_of_ca(ca, reason=reason, by=request.user)} certificates revoked"

        return _with_reason(self, request, queryset, title="Revoke every certificate of these CAs", apply=apply)


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyAdmin):
    list_display = ["environment", "tenant", "status", "requested_by", "requested_at", "forwarded_at", "decided_at"]
    list_filter = ["status", "environment__kind"]
    search_fields = ["environment__customer_code", "environment__version__connector__name"]
    list_select_related = ["environment__tenant", "environment__version__connector", "requested_by"]
    readonly_fields = [
        "environment",
        "csr_pem",
        "status",
        "requested_by",
        "requested_at",
        "forwarded_by",
        "forwarded_at",
        "decided_by",
        "decided_at",
        "notes",
        "certificate",
    ]
    actions = ["forward"]

    @admin.display(description="Care organisation")
    def tenant(self, request_obj):
        return request_obj.environment.tenant

    @admin.action(description="Forward to the care organisation for approval")
    def forward(self, request, queryset):
        for approval in queryset:
            try:
                services.forward_request(approval, by=request.user)
                self.message_user(request, f"{approval}: forwarded.", messages.SUCCESS)
            except ApplicationError as error:
                self.message_user(request, f"{approval}: {error.message}", messages.ERROR)


@admin.register(IssuedCertificate)
class IssuedCertificateAdmin(ReadOnlyAdmin):
    list_display = ["subject", "environment", "authority", "not_after", "enabled", "revoked_at"]
    list_filter = ["enabled", "authority", "environment__kind", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "serial", "fingerprint", "environment__customer_code"]
    list_select_related = ["environment__version__connector", "authority"]
    readonly_fields = [field.name for field in IssuedCertificate._meta.fields]
    actions = ["disable", "enable", "revoke", "reissue"]

    def _each(self, request, queryset, apply):
        for certificate in queryset:
            try:
                apply(certificate)
                self.message_user(request, f"{certificate}: done.", messages.SUCCESS)
            except ApplicationError as error:
                self.message_user(request, f"{certificate}: {error.message}", messages.ERROR)

    @admin.action(description="Disable")
    def disable(self, request, queryset):
        self._each(request, queryset, lambda c: services.set_enabled(c, False, by=request.user))

    @admin.action(description="Enable")
    def enable(self, request, queryset):
        self._each(request, queryset, lambda c: services.set_enabled(c, True, by=request.user))

    @admin.action(description="Revoke (choose a reason)")
    def revoke(self, request, queryset):
        def apply(certificate, reason):
            services.revoke(certificate, reason=reason, by=request.user)
            return "revoked"

        return _with_reason(self, request, queryset, title="Revoke certificates", apply=apply)

    @admin.action(description="Reissue under the current CA (from the last CSR)")
    def reissue(self, request, queryset):
        self._each(request, queryset, lambda c: services.reissue_under_current_ca(c, by=request.user))


@admin.register(CertificateEnvironment)
class CertificateEnvironmentAdmin(ReadOnlyAdmin):
    list_display = ["version", "customer_code", "kind", "tenant", "approved_at"]
    list_filter = ["kind"]
    search_fields = ["customer_code", "version__connector__name", "tenant__name"]
    readonly_fields = ["version", "customer_code", "kind", "tenant", "approved_at", "created_by", "created_at"]
