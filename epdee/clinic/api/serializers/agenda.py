"""Serializers of the appointments API (seed 004: GET /api/afspraken, camelCase JSON)."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from epdee.core.api.fields import CamelCaseFields

from ...models import Appointment, AppointmentType, Location, Patient, Practitioner
from ...services.agenda import tenant_zone

# Dates outside these years are surely typing errors, and would overflow time zone arithmetic.
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_ID = 2**63 - 1


def check_year(value):
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise serializers.ValidationError(
            _("Give a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    return value


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


class AgendaAppointmentSerializer(CamelCaseFields, serializers.Serializer):
    """One appointment. POST books it (ends at start + the type's duration); PATCH (partial) changes status or
    notes."""

    id = serializers.IntegerField(read_only=True)
    patient_id = TenantPrimaryKeyField(Patient, source="patient")
    patient_name = serializers.CharField(source="patient.display_name", read_only=True)
    practitioner_id = TenantPrimaryKeyField(Practitioner, source="practitioner")
    practitioner_name = serializers.CharField(source="practitioner.name", read_only=True, default="")
    location_id = TenantPrimaryKeyField(Location, source="location")
    location_name = serializers.CharField(source="location.name", read_only=True)
    appointment_type_id = TenantPrimaryKeyField(AppointmentType, source="appointment_type")
    appointment_type_name = serializers.CharField(source="appointment_type.name", read_only=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(read_only=True)
    status = serializers.ChoiceField(choices=Appointment.Status.choices, required=False)
    source = serializers.CharField(read_only=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    # Only these change after booking; a new time, patient or practitioner is a new appointment.
    CHANGEABLE = {"status", "notes"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request, "tenant", None) is not None:
            zone = tenant_zone(request.tenant)
            for name in ("startsAt", "endsAt", "createdAt", "updatedAt"):
                self.fields[name].timezone = zone

    def validate_starts_at(self, value):
        return check_year(value)

    def validate(self, attrs):
        if not self.partial:
            if attrs.get("status", Appointment.Status.BOOKED) != Appointment.Status.BOOKED:
                raise serializers.ValidationError({"status": [_("A new appointment starts as booked.")]})
            return attrs
        message = _("Cannot be changed: cancel the appointment and book a new one.")
        fixed = {name: [message] for name in self.initial_data if name in self.fields and name not in self.CHANGEABLE}
        if fixed:
            raise serializers.ValidationError(fixed)
        return attrs
