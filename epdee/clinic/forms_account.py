"""Forms of the account area: signup, portal sign-in, tenant API tokens, webhooks, branding."""

from django import forms
from django.core.validators import RegexValidator

from epdee.core.models import ApiToken

from .models import WebhookEndpoint
from .services.branding import FAVICON, LOGO
from .services.tokens import EXPIRY_DAYS

KVK = RegexValidator(r"^[0-9]{8}$", "A KvK number has 8 digits.")
PHONE = RegexValidator(r"^[0-9+() -]{6,30}$", "Enter a phone number (digits, spaces, +, - and brackets).")


class SignupForm(forms.Form):
    """The /aanmelden/ page; `website` is a honeypot that people never see (as in POST /api/signup)."""

    organisation_name = forms.CharField(label="Name of the organisation", max_length=200)
    contact_name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(label="E-mail address", max_length=254)
    phone = forms.CharField(label="Phone", max_length=30, required=False, validators=[PHONE])
    kvk_number = forms.CharField(
        label="KvK number", max_length=8, required=False, validators=[KVK], help_text="8 digits (optional)"
    )
    message = forms.CharField(
        label="What would you like to use Epdee for?",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.CharField(label="Leave this field empty", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {"organisation_name": "organization", "contact_name": "name", "email": "email", "phone": "tel"}
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        self.fields["kvk_number"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{8}"})
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website", "").strip())

    def service_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "website"}


class PortalLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text="The address the practice knows you by.",
    )


class TenantTokenForm(forms.Form):
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


class WebhookEndpointForm(forms.Form):
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


class BrandingForm(forms.Form):
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

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("logo") and not cleaned.get("favicon"):
            raise forms.ValidationError("Choose a logo, a favicon or both.")
        return cleaned
