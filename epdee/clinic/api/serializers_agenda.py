"""Serializers of the appointments API (seed 004: GET /api/afspraken, camelCase JSON)."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Appointment, AppointmentType, Location, Patient, Practitioner
from ..services.agenda import day_bounds, tenant_zone

# Dates outside these years are surely typing errors, and would overflow time zone arithmetic.
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_ID = 2**63 - 1


def check_year(value):
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise serializers.ValidationError(f"Give a year between {MIN_YEAR} and {MAX_YEAR}.")
    return value


@extend_schema_field(OpenApiTypes.STR)
class MomentField(serializers.Field):
    """An ISO date (a whole day in the tenant's time zone) or an ISO date-time (without offset: tenant's zone)."""

    default_error_messages = {"invalid": "Give an ISO date (2026-05-15) or date-time (2026-05-15T09:30:00+02:00)."}

    def to_internal_value(self, data):
        text = str(data).strip()
        try:
            value = date.fromisoformat(text) if len(text) == 10 else parse_datetime(text)
        except ValueError:
            value = None
        if value is None:
            self.fail("invalid")
        return check_year(value)

    def to_representation(self, value):
        return value.isoformat()


class TenantPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id of one of the request tenant's rows; another tenant's id is simply "does not exist"."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        return self.model.objects.for_tenant(self.context["request"].tenant)

    def to_internal_value(self, data):
        if isinstance(data, int) and not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class AppointmentFilterSerializer(serializers.Serializer):
    """Query parameters of GET /api/afspraken; `from` and `to` become instants [from, to)."""

    locationId = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)  # noqa: N815
    patientId = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)  # noqa: N815
    status = serializers.ChoiceField(choices=Appointment.Status.choices, required=False)

    def get_fields(self):
        fields = super().get_fields()  # `from` is a Python keyword, so these two are added here
        fields["from"] = MomentField(required=False, help_text="Appointments starting at or after this date(-time).")
        fields["to"] = MomentField(
            required=False, help_text="Appointments starting before this date-time, or on or before this date."
        )
        return fields

    def validate(self, attrs):
        zone = tenant_zone(self.context["request"].tenant)
        for key, end_of_day in (("from", False), ("to", True)):
            value = attrs.get(key)
            if isinstance(value, datetime):
                attrs[key] = value if timezone.is_aware(value) else timezone.make_aware(value, zone)
            elif isinstance(value, date):
                start, end = day_bounds(value, zone)
                attrs[key] = end if end_of_day else start
        if attrs.get("from") and attrs.get("to") and attrs["from"] >= attrs["to"]:
            raise serializers.ValidationError({"to": ["`to` must be after `from`."]})
        return attrs


class AgendaAppointmentSerializer(serializers.Serializer):
    """One appointment. POST books it (ends at start + the type's duration); PATCH changes status or notes."""

    id = serializers.IntegerField(read_only=True)
    patientId = TenantPrimaryKeyField(Patient, source="patient")  # noqa: N815
    patientName = serializers.CharField(source="patient.display_name", read_only=True)  # noqa: N815
    practitionerId = TenantPrimaryKeyField(Practitioner, source="practitioner")  # noqa: N815
    practitionerName = serializers.CharField(source="practitioner.name", read_only=True, default="")  # noqa: N815
    locationId = TenantPrimaryKeyField(Location, source="location")  # noqa: N815
    locationName = serializers.CharField(source="location.name", read_only=True)  # noqa: N815
    appointmentTypeId = TenantPrimaryKeyField(AppointmentType, source="appointment_type")  # noqa: N815
    appointmentTypeName = serializers.CharField(  # noqa: N815
        source="appointment_type.name", read_only=True, default=""
    )
    startsAt = serializers.DateTimeField(source="starts_at")  # noqa: N815
    endsAt = serializers.DateTimeField(source="ends_at", read_only=True)  # noqa: N815
    status = serializers.ChoiceField(choices=Appointment.Status.choices, required=False)
    source = serializers.CharField(read_only=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)  # noqa: N815
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)  # noqa: N815

    # Only these change after booking; a new time, patient or practitioner is a new appointment.
    CHANGEABLE = {"status", "notes"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request, "tenant", None) is not None:
            zone = tenant_zone(request.tenant)
            for name in ("startsAt", "endsAt", "createdAt", "updatedAt"):
                self.fields[name].timezone = zone

    def validate_startsAt(self, value):  # noqa: N802
        return check_year(value)

    def validate(self, attrs):
        if self.instance is None:
            if attrs.get("status", Appointment.Status.BOOKED) != Appointment.Status.BOOKED:
                raise serializers.ValidationError({"status": ["A new appointment starts as booked."]})
            return attrs
        fixed = {name: ["Cannot be changed: cancel the appointment and book a new one."] for name in self.initial_data}
        fixed = {name: errors for name, errors in fixed.items() if name in self.fields and name not in self.CHANGEABLE}
        if fixed:
            raise serializers.ValidationError(fixed)
        return attrs
