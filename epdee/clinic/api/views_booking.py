"""The public booking API (seed 004): configuration, free times and booking, for the tenant of the host name.

No sign-in: the tenant comes from the Host (TenantHostname); without one every endpoint is a 404.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import TenantBranding
from ..services import booking
from ..services.agenda import AgendaError, NotWritable, SlotTaken, tenant_zone
from .serializers_booking import (
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    BookingConfigSerializer,
    BookingConfirmationSerializer,
    BookingCreateSerializer,
    bookable_locations,
    bookable_types,
)

NOT_FOUND = OpenApiResponse(description="No care organisation books on this host name.")


class PublicBookingView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.tenant = booking.host_tenant(request._request)
        if self.tenant is None:
            raise exceptions.NotFound("No care organisation books on this host name.")


def branding_urls(request, tenant) -> dict | None:
    branding = TenantBranding.objects.for_tenant(tenant).first()
    if branding is None:
        return None
    return {
        "logoUrl": request.build_absolute_uri(branding.logo.url) if branding.logo else None,
        "faviconUrl": request.build_absolute_uri(branding.favicon.url) if branding.favicon else None,
    }


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
            "branding": branding_urls(request, self.tenant),
            "locations": bookable_locations(self.tenant),
            "appointmentTypes": bookable_types(self.tenant),
            "maxDaysAhead": booking.MAX_DAYS_AHEAD,
        }
        return Response(BookingConfigSerializer(body).data)


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
        location = query.validated_data["locationId"]
        appointment_type = query.validated_data.get("appointmentTypeId")
        day = query.validated_data["date"]
        location.tenant = self.tenant
        zone = tenant_zone(self.tenant)
        slots = booking.available_slots(location, day, appointment_type)
        body = {
            "locationId": location.pk,
            "appointmentTypeId": appointment_type.pk if appointment_type else None,
            "date": day,
            "durationMinutes": appointment_type.duration_minutes if appointment_type else location.slot_minutes,
            "timeZone": self.tenant.time_zone,
            "slots": [{"startsAt": start, "time": f"{timezone.localtime(start, zone):%H:%M}"} for start in slots],
        }
        serializer = AvailabilitySerializer(body)
        serializer.fields["slots"].child.fields["startsAt"].timezone = zone
        return Response(serializer.data)


class BookingCreateView(PublicBookingView):
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
        verdict = booking.check_rate(request)
        if not verdict.allowed:
            raise exceptions.Throttled(wait=verdict.retry_after, detail="Too many bookings from this address.")
        serializer = BookingCreateSerializer(data=request.data, context={"tenant": self.tenant})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            appointment = booking.book_online(
                self.tenant,
                booking.BookingRequest(
                    location=data["locationId"],
                    appointment_type=data["appointmentTypeId"],
                    starts_at=data["startsAt"],
                    first_name=data["firstName"],
                    family_name=data["familyName"],
                    birth_date=data["birthDate"],
                    email=data["email"],
                    phone=data.get("phone", ""),
                ),
                portal_url=booking.portal_url(request._request),
                request=request,
            )
        except SlotTaken as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except NotWritable as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        except AgendaError as exc:
            raise serializers.ValidationError(
                {exc.field: [str(exc)]} if exc.field else {"non_field_errors": [str(exc)]}
            ) from exc
        confirmation = BookingConfirmationSerializer(appointment)
        confirmation.fields["startsAt"].timezone = confirmation.fields["endsAt"].timezone = tenant_zone(self.tenant)
        return Response(confirmation.data, status=status.HTTP_201_CREATED)
