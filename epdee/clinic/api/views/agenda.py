"""The appointments API (seed 004 /api/afspraken): list with filters, book, read, change status.

Reads go through selectors.agenda (authorised, audited), changes through services.agenda (authorised,
checked, audited); their refusals answer through the one DRF exception handler.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from ...models import Appointment
from ...selectors import agenda as selectors
from ...services import agenda
from ..filters.agenda import AppointmentFilter
from ..serializers.agenda import AgendaAppointmentSerializer
from .base import TenantAPIView

REFUSED = OpenApiResponse(description="Not allowed: a viewer's role, a read-only token or licence.")
NOT_FOUND = OpenApiResponse(description="No such appointment (or not of this care organisation).")
TAKEN = OpenApiResponse(description="The practitioner already has an appointment at that time.")


class AppointmentViews(TenantAPIView):
    model = Appointment
    serializer_class = AgendaAppointmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # describing the API: no request, no tenant
            return selectors.no_appointments()
        return selectors.appointments(self.request.tenant, by=self.actor)


@extend_schema_view(
    get=extend_schema(
        operation_id="listAppointments",
        summary="Appointments, filterable by date range, location, patient and status",
        tags=["afspraken"],
    ),
    post=extend_schema(
        operation_id="createAppointment",
        summary="Book an appointment (ends after the type's duration)",
        tags=["afspraken"],
        responses={
            201: AgendaAppointmentSerializer,
            400: OpenApiResponse(description="Invalid input, or the location is closed then."),
            403: REFUSED,
            409: TAKEN,
        },
    ),
)
class AppointmentListCreate(AppointmentViews, generics.ListCreateAPIView):
    """The care organisation's appointments: list them (a page at a time, filtered) or book one."""

    filterset_class = AppointmentFilter

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        appointment = agenda.create_appointment(
            request.tenant,
            patient=data["patient"],
            practitioner=data["practitioner"],
            location=data["location"],
            appointment_type=data["appointment_type"],
            starts_at=data["starts_at"],
            notes=data.get("notes", ""),
            source=Appointment.Source.API if self.actor.token is not None else Appointment.Source.DASHBOARD,
            by=self.actor,
        )
        return Response(self.get_serializer(appointment).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        operation_id="getAppointment",
        summary="One appointment",
        tags=["afspraken"],
        responses={200: AgendaAppointmentSerializer, 404: NOT_FOUND},
    ),
    patch=extend_schema(
        operation_id="updateAppointment",
        summary="Change an appointment's status (cancelled is final) or notes",
        tags=["afspraken"],
        responses={
            200: AgendaAppointmentSerializer,
            400: OpenApiResponse(description="Not an allowed change."),
            403: REFUSED,
            404: NOT_FOUND,
        },
    ),
)
class AppointmentDetail(AppointmentViews, generics.GenericAPIView):
    """GET and PATCH only: a new time, patient or practitioner is a new appointment, so there is no PUT."""

    def get(self, request, pk):
        appointment = selectors.appointment_detail(pk, by=self.actor, tenant=request.tenant)
        return Response(self.get_serializer(appointment).data)

    def patch(self, request, pk):
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        appointment = agenda.update_appointment(
            request.tenant, pk, by=self.actor, status=data.get("status"), notes=data.get("notes")
        )
        return Response(self.get_serializer(appointment).data)
