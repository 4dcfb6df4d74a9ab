"""Serializers of the public booking API (seed 004 /api/booking/*); the tenant comes from the host name."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from epdee.core.api.fields import CamelCaseFields, HoneypotField

from ...selectors.agenda import bookable_appointment_types, bookable_locations
from ...services.agenda import tenant_zone
from ...services.booking import MAX_DAYS_AHEAD
from .agenda import MAX_ID, MIN_YEAR, check_year


class BookingLocationSerializer(CamelCaseFields, serializers.Serializer):
    """A location patients can book online."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    street = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    slot_minutes = serializers.IntegerField()


class BookingAppointmentTypeSerializer(CamelCaseFields, serializers.Serializer):
    """An appointment type patients can book online."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    price_cents = serializers.IntegerField()


class BookingBrandingSerializer(CamelCaseFields, serializers.Serializer):
    """The practice's logo and favicon (absolute addresses), if it set them."""

    logo_url = serializers.CharField(allow_null=True)
    favicon_url = serializers.CharField(allow_null=True)


class BookingTenantSerializer(CamelCaseFields, serializers.Serializer):
    """The care organisation the host name belongs to."""

    name = serializers.CharField()
    time_zone = serializers.CharField()


class BookingConfigSerializer(CamelCaseFields, serializers.Serializer):
    """What the booking page needs before a visitor chooses."""

    tenant = BookingTenantSerializer()
    branding = BookingBrandingSerializer(allow_null=True)
    locations = BookingLocationSerializer(many=True)
    appointment_types = BookingAppointmentTypeSerializer(many=True)
    max_days_ahead = serializers.IntegerField()


@extend_schema_field(OpenApiTypes.INT)
class BookableChoice(serializers.Field):
    """The id of a location or appointment type of the host's tenant that can be booked online."""

    def __init__(self, rows, label, **kwargs):
        self.rows, self.label_text = rows, label
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        pk = serializers.IntegerField(min_value=1, max_value=MAX_ID).run_validation(data)
        row = self.rows(self.context["tenant"]).filter(pk=pk).first()
        if row is None:
            raise serializers.ValidationError(
                _("No %(kind)s with this id can be booked online.") % {"kind": self.label_text}
            )
        return row

    def to_representation(self, value):
        return value.pk


class AvailabilityQuerySerializer(CamelCaseFields, serializers.Serializer):
    location_id = BookableChoice(bookable_locations, "location", source="location")
    date = serializers.DateField(help_text=f"A day from today up to {MAX_DAYS_AHEAD} days ahead (tenant's time zone).")
    appointment_type_id = BookableChoice(
        bookable_appointment_types, "appointment type", required=False, source="appointment_type"
    )


class SlotSerializer(CamelCaseFields, serializers.Serializer):
    """A free start time."""

    starts_at = serializers.DateTimeField()
    time = serializers.CharField(help_text="The local start time, HH:MM")


class AvailabilitySerializer(CamelCaseFields, serializers.Serializer):
    """The free start times of a location on a day."""

    location_id = serializers.IntegerField()
    appointment_type_id = serializers.IntegerField(allow_null=True)
    date = serializers.DateField()
    duration_minutes = serializers.IntegerField()
    time_zone = serializers.CharField()
    slots = SlotSerializer(many=True)


class BookingCreateSerializer(CamelCaseFields, serializers.Serializer):
    """A booking: where, what and when, and who is coming."""

    location_id = BookableChoice(bookable_locations, "location", source="location")
    appointment_type_id = BookableChoice(bookable_appointment_types, "appointment type", source="appointment_type")
    starts_at = serializers.DateTimeField()
    first_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=150)
    birth_date = serializers.DateField()
    email = serializers.EmailField(max_length=254)
    phone = serializers.RegexField(r"^[0-9 +()\-]{6,30}$", required=False, allow_blank=True, max_length=30)
    website = HoneypotField(refuse=True, help_text="Leave empty (spam trap).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tenant = self.context.get("tenant")
        if tenant is not None:
            self.fields["startsAt"].timezone = tenant_zone(tenant)

    def validate_starts_at(self, value):
        return check_year(value)

    def validate_birth_date(self, value):
        if value.year < MIN_YEAR or value > timezone.localdate():
            raise serializers.ValidationError(_("Give your date of birth."))
        return value


class BookingConfirmationSerializer(CamelCaseFields, serializers.Serializer):
    """The booked appointment (nothing about the patient)."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location_id = serializers.IntegerField()
    location_name = serializers.CharField(source="location.name")
    appointment_type_id = serializers.IntegerField()
    appointment_type_name = serializers.CharField(source="appointment_type.name")
