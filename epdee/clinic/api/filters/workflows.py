"""The filter of GET /api/workflows: `active` (true/false), anything else a 400."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework.fields import BooleanField

from ...models import Workflow


class StrictBooleanField(forms.Field):
    """A yes/no query parameter that refuses what is neither (Django's NullBooleanField would ignore it), with
    the values and message of DRF's BooleanField (true/false, 1/0, yes/no, on/off; empty or null: no filter)."""

    default_error_messages = {"invalid": _("Must be a valid boolean.")}

    def to_python(self, value):
        if value in self.empty_values or value in BooleanField.NULL_VALUES:
            return None
        if value in BooleanField.TRUE_VALUES:
            return True
        if value in BooleanField.FALSE_VALUES:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class WorkflowFilter(django_filters.FilterSet):
    active = StrictBooleanFilter(field_name="is_active", label="Only (in)active ones")

    class Meta:
        model = Workflow
        fields = ["active"]
