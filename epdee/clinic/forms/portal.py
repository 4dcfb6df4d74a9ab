"""The patient portal's form: asking for a sign-in link."""

from django import forms


class PortalLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text="The address the practice knows you by.",
    )
