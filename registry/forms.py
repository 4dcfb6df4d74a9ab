"""Forms of the registry's dashboard pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from epdee.core.forms import ServiceForm


class InviteForm(ServiceForm):
    """services.invite() checks the address against the organization (already a member, already invited)."""

    email_address = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"placeholder": "name@example.org", "autocomplete": "off"}),
    )
