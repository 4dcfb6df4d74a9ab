"""Serializers of the public booking API (seed 004 /api/booking/*); the tenant comes from the host name."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import AppointmentType, Location
from ..services.agenda import tenant_zone
from ..services.booking import MAX_DAYS_AHEAD, BookingError, check_bookable_day
from .serializers_agenda import MAX_ID, MIN_YEAR, check_year


class BookingLocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    street = serializers.CharField()
    postalCode = serializers.CharField(source="postal_code")  # noqa: N815
    city = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    slotMinutes = serializers.IntegerField(source="slot_minutes")  # noqa: N815


class BookingAppointmentTypeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    durationMinutes = serializers.IntegerField(source="duration_minutes")  # noqa: N815
    priceCents = serializers.IntegerField(source="price_cents")  # noqa: N815


class BookingBrandingSerializer(serializers.Serializer):
    logoUrl = serializers.CharField(allow_null=True)  # noqa: N815
    faviconUrl = serializers.CharField(allow_null=True)  # noqa: N815


class BookingTenantSerializer(serializers.Serializer):
    name = serializers.CharField()
    timeZone = serializers.CharField(source="time_zone")  # noqa: N815


class BookingConfigSerializer(serializers.Serializer):
    tenant = BookingTenantSerializer()
    branding = BookingBrandingSerializer(allow_null=True)
    locations = BookingLocationSerializer(many=True)
    appointmentTypes = BookingAppointmentTypeSerializer(many=True)  # noqa: N815
    maxDaysAhead = serializers.IntegerField()  # noqa: N815


def bookable_locations(tenant):
    return Location.objects.for_tenant(tenant).filter(bookable_online=True)


def bookable_types(tenant):
    return AppointmentType.objects.for_tenant(tenant).filter(bookable_online=True)


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
            raise serializers.ValidationError(f"No {self.label_text} with this id can be booked online.")
        return row

    def to_representation(self, value):
        return value.pk


class AvailabilityQuerySerializer(serializers.Serializer):
    locationId = BookableChoice(bookable_locations, "location")  # noqa: N815
    date = serializers.DateField(help_text=f"A day from today up to {MAX_DAYS_AHEAD} days ahead (tenant's time zone).")
    appointmentTypeId = BookableChoice(bookable_types, "appointment type", required=False)  # noqa: N815

    def validate_date(self, value):
        try:
            return check_bookable_day(self.context["tenant"], value)
        except BookingError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class SlotSerializer(serializers.Serializer):
    startsAt = serializers.DateTimeField()  # noqa: N815
    time = serializers.CharField(help_text="The local start time, HH:MM")


class AvailabilitySerializer(serializers.Serializer):
    locationId = serializers.IntegerField()  # noqa: N815
    appointmentTypeId = serializers.IntegerField(allow_null=True)  # noqa: N815
    date = serializers.DateField()
    durationMinutes = serializers.IntegerField()  # noqa: N815
    timeZone = serializers.CharField()  # noqa: N815
    slots = SlotSerializer(many=True)


class BookingCreateSerializer(serializers.Serializer):
    locationId = BookableChoice(bookable_locations, "location")  # noqa: N815
    appointmentTypeId = BookableChoice(bookable_types, "appointment type")  # noqa: N815
    startsAt = serializers.DateTimeField()  # noqa: N815
    firstName = serializers.CharField(max_length=100)  # noqa: N815
    familyName = serializers.CharField(max_length=150)  # noqa: N815
    birthDate = serializers.DateField()  # noqa: N815
    email = serializers.EmailField(max_length=254)
    phone = serializers.RegexField(r"^[0-9 +()\-]{6,30}$", required=False, allow_blank=True, max_length=30)
    website = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Leave empty (spam trap)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tenant = self.context.get("tenant")
        if tenant is not None:
            self.fields["startsAt"].timezone = tenant_zone(tenant)

    def validate_startsAt(self, value):  # noqa: N802
        return check_year(value)

    def validate_birthDate(self, value):  # noqa: N802
        if value.year < MIN_YEAR or value > timezone.localdate():
            raise serializers.ValidationError("Give your date of birth.")
        return value

    def validate_website(self, value):
        if value:
            raise serializers.ValidationError("This field must stay empty.")
        return value


class BookingConfirmationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    startsAt = serializers.DateTimeField(source="starts_at")  # noqa: N815
    endsAt = serializers.DateTimeField(source="ends_at")  # noqa: N815
    locationId = serializers.IntegerField(source="location_id")  # noqa: N815
    locationName = serializers.CharField(source="location.name")  # noqa: N815
    appointmentTypeId = serializers.IntegerField(source="appointment_type_id")  # noqa: N815
    appointmentTypeName = serializers.CharField(source="appointment_type.name")  # noqa: N815
