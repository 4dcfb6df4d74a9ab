"""Forms of the account pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import ServiceForm
from ..models import ApiToken


class TokenForm(ServiceForm):
    name = forms.CharField(max_length=100, help_text=_("What will use it, e.g. 'deployment pipeline'."))
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
