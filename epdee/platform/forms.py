"""The /aanmelden/ page's form; the signup service checks the same rules again for the page and the API."""

from django import forms

from epdee.core.forms import ApplicationErrorFormMixin, HoneypotField, without_honeypots

from . import services


class SignupForm(ApplicationErrorFormMixin, forms.Form):
    """`website` is a honeypot that people never see (as in POST /api/signup)."""

    organisation_name = forms.CharField(label="Name of the organisation", max_length=services.MAX_NAME_LENGTH)
    contact_name = forms.CharField(label="Your name", max_length=services.MAX_NAME_LENGTH)
    email = forms.EmailField(label="E-mail address", max_length=services.MAX_EMAIL_LENGTH)
    phone = forms.CharField(
        label="Phone", max_length=services.MAX_PHONE_LENGTH, required=False, validators=[services.PHONE]
    )
    kvk_number = forms.CharField(
        label="KvK number",
        max_length=8,
        required=False,
        validators=[services.KVK_NUMBER],
        help_text="8 digits (optional)",
    )
    message = forms.CharField(
        label="What would you like to use Epdee for?",
        max_length=services.MAX_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = HoneypotField(max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {"organisation_name": "organization", "contact_name": "name", "email": "email", "phone": "tel"}
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        self.fields["kvk_number"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{8}"})

    def service_fields(self) -> dict:
        return without_honeypots(self)
