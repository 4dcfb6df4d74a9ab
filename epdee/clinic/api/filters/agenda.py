"""Query parameters of GET /api/afspraken (seed 004): a period, a location, a patient, a status."""

from datetime import date, datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field

from ...models import Appointment
from ...services.agenda import day_bounds
from ...services.local_time import tenant_zone
from ..serializers.agenda import MAX_ID, MAX_YEAR, MIN_YEAR


class MomentField(forms.Field):
    """An ISO date (a whole day in the tenant's time zone) or an ISO date-time (without offset: tenant's zone)."""

    default_error_messages = {
        "invalid": gettext_lazy("Give an ISO date (2026-05-15) or date-time (2026-05-15T09:30:00+02:00)."),
        "year": gettext_lazy("Give a year between %(min)s and %(max)s."),
    }

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            moment = date.fromisoformat(text) if len(text) == 10 else parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise forms.ValidationError(
                self.error_messages["year"], code="year", params={"min": MIN_YEAR, "max": MAX_YEAR}
            )
        return moment


class MomentFilter(django_filters.CharFilter):
    """A string in the OpenAPI document: a date or a date-time."""

    field_class = MomentField


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class AppointmentFilterForm(forms.Form):
    """Turns `from` and `to` into instants [from, to): a date is its whole day in the tenant's zone."""

    zone = None  # set by the FilterSet from the request's tenant

    def clean(self):
        data = super().clean()
        for key, end_of_day in (("from", False), ("to", True)):
            value = data.get(key)
            if isinstance(value, datetime):
                data[key] = value if timezone.is_aware(value) else timezone.make_aware(value, self.zone)
            elif isinstance(value, date):
                start, end = day_bounds(value, self.zone)
                data[key] = end if end_of_day else start
        if data.get("from") and data.get("to") and data["from"] >= data["to"]:
            self.add_error("to", _("`to` must be after `from`."))
        return data


class AppointmentFilter(django_filters.FilterSet):
    location_id = IdFilter(field_name="location_id")
    patient_id = IdFilter(field_name="patient_id")
    status = django_filters.ChoiceFilter(choices=Appointment.Status.choices)

    class Meta:
        model = Appointment
        fields = []
        form = AppointmentFilterForm

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        # The query parameters are camelCase (seed 004); `from` is a Python keyword, so these are added here.
        filters["locationId"] = filters.pop("location_id")
        filters["patientId"] = filters.pop("patient_id")
        filters["from"] = MomentFilter(
            field_name="starts_at", lookup_expr="gte", help_text="Appointments starting at or after this date(-time)."
        )
        filters["to"] = MomentFilter(
            field_name="starts_at",
            lookup_expr="lt",
            help_text="Appointments starting before this date-time, or on or before this date.",
        )
        return filters

    @property
    def form(self):
        form = super().form
        tenant = getattr(self.request, "tenant", None)
        form.zone = tenant_zone(tenant) if tenant is not None else timezone.get_current_timezone()
        return form
