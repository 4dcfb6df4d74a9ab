"""Forms of the account area: tenant API tokens, webhooks, branding."""

from django import forms

from epdee.core.forms import ApplicationErrorFormMixin
from epdee.core.models import ApiToken

from ..models import WebhookEndpoint
from ..services.branding import FAVICON, LOGO
from ..services.tokens import EXPIRY_DAYS


class TenantTokenForm(ApplicationErrorFormMixin, forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. 'Reporting tool'.")
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ, label="Access")
    expires_in_days = forms.TypedChoiceField(
        label="Expires",
        choices=[("", "Never"), *((str(days), f"After {days} days") for days in EXPIRY_DAYS)],
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
    )


class WebhookEndpointForm(ApplicationErrorFormMixin, forms.Form):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "url"}),
        help_text="We POST each event here as JSON, signed with the endpoint's secret.",
    )
    description = forms.CharField(max_length=200, required=False, help_text="Optional: what receives it.")
    events = forms.MultipleChoiceField(
        choices=WebhookEndpoint.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event."},
    )


class BrandingForm(ApplicationErrorFormMixin, forms.Form):
    logo = forms.FileField(
        required=False,
        help_text=f"PNG, JPEG or WebP; at most {LOGO.max_bytes // (1024 * 1024)} MB, "
        f"{LOGO.min_side}–{LOGO.max_side} pixels wide and high.",
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    favicon = forms.FileField(
        required=False,
        help_text=f"PNG or ICO; at most {FAVICON.max_bytes // 1024} KB, {FAVICON.min_side}–{FAVICON.max_side} pixels.",
        widget=forms.FileInput(attrs={"accept": "image/png,image/x-icon,image/vnd.microsoft.icon,.ico"}),
    )
