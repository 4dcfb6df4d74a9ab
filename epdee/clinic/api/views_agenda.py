"""The appointments API (seed 004 /api/afspraken): list with filters, book, read, change status. Audited."""

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from epdee.core.api.authentication import TokenScopeAllows

from ..models import Appointment
from ..services import agenda
from .base import IsTenantMember, TenantScopedMixin, audit_patient_access
from .serializers_agenda import AgendaAppointmentSerializer, AppointmentFilterSerializer


def raise_as_validation_error(exc: agenda.AgendaError):
    """A broken agenda rule is a 400 in DRF's format, on the field it is about when there is one."""
    raise serializers.ValidationError({exc.field: [str(exc)]} if exc.field else {"non_field_errors": [str(exc)]})


class AppointmentViews(TenantScopedMixin):
    model = Appointment
    serializer_class = AgendaAppointmentSerializer
    permission_classes = [IsAuthenticated, TokenScopeAllows, IsTenantMember]
    filter_backends = []

    def get_queryset(self):
        return super().get_queryset().select_related("patient", "practitioner", "location", "appointment_type")


@extend_schema_view(
    get=extend_schema(
        operation_id="listAppointments",
        summary="Appointments, filterable by date range, location, patient and status",
        tags=["afspraken"],
        parameters=[AppointmentFilterSerializer],
    ),
    post=extend_schema(
        operation_id="createAppointment",
        summary="Book an appointment (ends after the type's duration)",
        tags=["afspraken"],
        responses={
            201: AgendaAppointmentSerializer,
            400: OpenApiResponse(description="Invalid input, closed or taken."),
        },
    ),
)
class AppointmentListCreate(AppointmentViews, generics.ListCreateAPIView):
    def list(self, request, *args, **kwargs):
        filters = AppointmentFilterSerializer(data=request.query_params, context={"request": request})
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        queryset = self.get_queryset()
        if "from" in wanted:
            queryset = queryset.filter(starts_at__gte=wanted["from"])
        if "to" in wanted:
            queryset = queryset.filter(starts_at__lt=wanted["to"])
        if "locationId" in wanted:
            queryset = queryset.filter(location_id=wanted["locationId"])
        if "patientId" in wanted:
            queryset = queryset.filter(patient_id=wanted["patientId"])
        if "status" in wanted:
            queryset = queryset.filter(status=wanted["status"])
        page = self.paginate_queryset(queryset)
        audit_patient_access(request, "appointment.list", [appointment.patient_id for appointment in page])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token = getattr(request, "auth", None)
        try:
            appointment = agenda.create_appointment(
                request.tenant,
                patient=data["patient"],
                practitioner=data["practitioner"],
                location=data["location"],
                appointment_type=data["appointment_type"],
                starts_at=data["starts_at"],
                notes=data.get("notes", ""),
                source=Appointment.Source.API if token is not None else Appointment.Source.DASHBOARD,
                by=request.user,
                request=request,
            )
        except agenda.AgendaError as exc:
            raise_as_validation_error(exc)
        return Response(self.get_serializer(appointment).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(operation_id="getAppointment", summary="One appointment", tags=["afspraken"]),
    patch=extend_schema(
        operation_id="updateAppointment",
        summary="Change an appointment's status (cancelled is final) or notes",
        tags=["afspraken"],
        responses={200: AgendaAppointmentSerializer, 400: OpenApiResponse(description="Not an allowed change.")},
    ),
)
class AppointmentDetail(AppointmentViews, generics.RetrieveAPIView):
    """GET and PATCH only: a new time, patient or practitioner is a new appointment, so there is no PUT."""

    def retrieve(self, request, *args, **kwargs):
        appointment = self.get_object()
        audit_patient_access(request, "appointment.read", [appointment.patient_id], obj=appointment)
        return Response(self.get_serializer(appointment).data)

    def patch(self, request, *args, **kwargs):
        appointment = self.get_object()
        serializer = self.get_serializer(appointment, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with transaction.atomic():  # both changes or neither
                if "notes" in data and data["notes"] != appointment.notes:
                    agenda.update_appointment_notes(appointment, data["notes"], by=request.user, request=request)
                if "status" in data:
                    agenda.change_appointment_status(appointment, data["status"], by=request.user, request=request)
        except agenda.AgendaError as exc:
            raise_as_validation_error(exc)
        return Response(self.get_serializer(appointment).data)
