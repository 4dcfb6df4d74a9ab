"""Filters of the care activity and invoice lists: the API's query parameters and the billing pages' filters."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework.fields import BooleanField

from epdee.core.api.fields import CamelCaseFilters

from ...models import CareActivity, Invoice

MAX_ID = 2**63 - 1  # larger ids cannot exist and would overflow the database's bigint


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number from 1 (no "1e9", "-3" or 40 digits)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """true/false as the API's JSON fields accept them; anything else is refused (not read as "no filter")."""

    default_error_messages = {"invalid": _("Must be a valid boolean.")}

    def to_python(self, value):
        if value in (None, "") or value in BooleanField.NULL_VALUES:
            return None
        if value in BooleanField.TRUE_VALUES:
            return True
        if value in BooleanField.FALSE_VALUES:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class CareActivityFilterSet(CamelCaseFilters, django_filters.FilterSet):
    """?patientId= a patient's care activities, ?appointmentId= an appointment's, ?invoiced=true|false."""

    patient_id = IdFilter(field_name="patient_id")
    appointment_id = IdFilter(field_name="appointment_id")
    invoiced = StrictBooleanFilter(method="filter_invoiced")

    class Meta:
        model = CareActivity
        fields = []

    def filter_invoiced(self, queryset, name, value):
        return queryset.filter(invoice__isnull=not value)


class InvoiceFilterSet(CamelCaseFilters, django_filters.FilterSet):
    """?patientId= a patient's invoices, ?status= one status."""

    patient_id = IdFilter(field_name="patient_id")
    status = django_filters.ChoiceFilter(choices=Invoice.Status.choices)

    class Meta:
        model = Invoice
        fields = []
