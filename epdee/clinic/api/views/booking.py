"""The public booking API (seed 004): configuration, free times and booking, for the tenant of the host name.

No sign-in: the tenant comes from the Host (TenantHostname); without one every endpoint is a 404.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from epdee.core.api.throttling import RateLimitThrottle
from epdee.core.errors import RateLimited

from ...selectors.agenda import bookable_appointment_types, bookable_locations
from ...services import booking
from ...services.agenda import tenant_zone
from ...services.branding import branding_of, branding_urls
from ..serializers.booking import (
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    BookingConfigSerializer,
    BookingConfirmationSerializer,
    BookingCreateSerializer,
)

NOT_FOUND = OpenApiResponse(description="No care organisation books on this host name.")


class PublicBookingView(APIView):
    # No sign-in: the booking's own rules (services.booking) decide, for the tenant of the host name.
    authentication_classes = []
    permission_classes = [AllowAny]
    # The services name the booking's inputs as the model does; this API names them in camelCase.
    camel_case_fields = True
    api_field_names = {"location": "locationId", "appointment_type": "appointmentTypeId"}

    def initial(self, request, *args, **kwargs):
        # The host first: a request for no practice is a 404 and spends nothing of the rate limit.
        self.tenant = booking.host_tenant(request._request)
        if self.tenant is None:
            raise exceptions.NotFound("No care organisation books on this host name.")
        super().initial(request, *args, **kwargs)


class BookingConfigView(PublicBookingView):
    @extend_schema(
        operation_id="bookingConfig",
        summary="The care organisation, its bookable locations and appointment types (tenant by host name)",
        tags=["booking"],
        responses={200: BookingConfigSerializer, 404: NOT_FOUND},
    )
    def get(self, request):
        body = {
            "tenant": self.tenant,
            "branding": self.branding(request),
            "locations": bookable_locations(self.tenant),
            "appointment_types": bookable_appointment_types(self.tenant),
            "max_days_ahead": booking.MAX_DAYS_AHEAD,
        }
        return Response(BookingConfigSerializer(body).data)

    def branding(self, request) -> dict | None:
        """The logo's and favicon's absolute addresses; none when the practice set no branding."""
        if branding_of(self.tenant) is None:
            return None
        urls = branding_urls(self.tenant, request)
        return {"logo_url": urls["logoUrl"], "favicon_url": urls["faviconUrl"]}


class BookingAvailabilityView(PublicBookingView):
    @extend_schema(
        operation_id="bookingAvailability",
        summary="Free start times of a location on a day (the tenant's time zone)",
        tags=["booking"],
        parameters=[AvailabilityQuerySerializer],
        responses={200: AvailabilitySerializer, 400: OpenApiResponse(description="Invalid input."), 404: NOT_FOUND},
    )
    def get(self, request):
        query = AvailabilityQuerySerializer(data=request.query_params, context={"tenant": self.tenant})
        query.is_valid(raise_exception=True)
        location = query.validated_data["location"]
        appointment_type = query.validated_data.get("appointment_type")
        day = query.validated_data["date"]
        location.tenant = self.tenant
        zone = tenant_zone(self.tenant)
        slots = booking.bookable_slots(self.tenant, location, day, appointment_type)
        body = {
            "location_id": location.pk,
            "appointment_type_id": appointment_type.pk if appointment_type else None,
            "date": day,
            "duration_minutes": appointment_type.duration_minutes if appointment_type else location.slot_minutes,
            "time_zone": self.tenant.time_zone,
            "slots": [{"starts_at": start, "time": f"{timezone.localtime(start, zone):%H:%M}"} for start in slots],
        }
        serializer = AvailabilitySerializer(body)
        serializer.fields["slots"].child.fields["startsAt"].timezone = zone
        return Response(serializer.data)


class BookingCreateView(PublicBookingView):
    # Every attempt counts, good or bad, against the allowance the booking page spends too.
    throttle_classes = [RateLimitThrottle]
    rate_limit = booking.BOOKING_RATE

    def throttled(self, request, wait):
        raise RateLimited(self.rate_limit.message, retry_after=wait)

    @extend_schema(
        operation_id="bookingCreate",
        summary="Book an appointment from the booking page (rate-limited: 5 an hour per address)",
        tags=["booking"],
        request=BookingCreateSerializer,
        responses={
            201: BookingConfirmationSerializer,
            400: OpenApiResponse(description="Invalid input, or not a bookable time."),
            403: OpenApiResponse(description="The organisation does not take bookings (read-only licence)."),
            404: NOT_FOUND,
            409: OpenApiResponse(description="The time was just booked by someone else."),
            429: OpenApiResponse(description="Too many bookings from this address; see Retry-After."),
        },
    )
    def post(self, request):
        serializer = BookingCreateSerializer(data=request.data, context={"tenant": self.tenant})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        appointment = booking.book_online(
            self.tenant,
            booking.BookingRequest(
                location=data["location"],
                appointment_type=data["appointment_type"],
                starts_at=data["starts_at"],
                first_name=data["first_name"],
                family_name=data["family_name"],
                birth_date=data["birth_date"],
                email=data["email"],
                phone=data.get("phone", ""),
            ),
            portal_url=booking.portal_url(request._request),
        )
        confirmation = BookingConfirmationSerializer(appointment)
        confirmation.fields["startsAt"].timezone = confirmation.fields["endsAt"].timezone = tenant_zone(self.tenant)
        return Response(confirmation.data, status=status.HTTP_201_CREATED)
