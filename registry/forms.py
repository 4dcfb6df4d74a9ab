"""Forms of the registry's dashboard pages."""

from django import forms


class InviteForm(forms.Form):
    email_address = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"placeholder": "name@example.org", "autocomplete": "off"}),
    )
