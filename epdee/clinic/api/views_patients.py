"""The tenant API of patients (seed 004): list and search, create, detail, change, GP link, dossier, dossier PDF.

Every read of patient data is audited here (NEN 7513); changes are audited by the services they call.
"""

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from epdee.core.api.authentication import TokenScopeAllows
from epdee.core.services import TenantError

from ..models import Patient
from ..services import patients as services
from .base import IsTenantMember, PdfRenderer, TenantScopedMixin, audit_patient_access
from .serializers_patients import (
    DossierEntrySerializer,
    GeneralPractitionerLinkSerializer,
    HealthcareProviderSerializer,
    PatientDetailSerializer,
    PatientSerializer,
    api_errors,
)


class PatientAPIMixin(TenantScopedMixin):
    """Patients of the request's tenant; times read and written in the tenant's time zone."""

    model = Patient
    # The project defaults first: a signed-in user (401 otherwise) and a token's read-only scope.
    permission_classes = [IsAuthenticated, TokenScopeAllows, IsTenantMember]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        timezone.activate(services.tenant_zone(request.tenant))

    def finalize_response(self, request, response, *args, **kwargs):
        timezone.deactivate()
        return super().finalize_response(request, response, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, TenantError):
            exc = PermissionDenied(str(exc))
        return super().handle_exception(exc)

    def refuse(self, error: services.PatientError, serializer_class):
        raise ValidationError(api_errors(serializer_class, error.errors))


@extend_schema(tags=["patients"])
class PatientList(PatientAPIMixin, generics.ListCreateAPIView):
    """Patients of the tenant, searchable; or a new patient."""

    serializer_class = PatientSerializer

    def get_queryset(self):
        queryset = super().get_queryset().select_related("general_practitioner")
        return services.search_patients(queryset, self.search)

    @property
    def search(self) -> str:
        return services.clean_search(self.request.query_params.get("search", ""))

    @extend_schema(
        summary="List and search patients (audited)",
        parameters=[
            OpenApiParameter(
                "search",
                str,
                description="Words that must all match: name (family name, first name, initials, prefix), "
                "BSN, identification number, or birth date (1980-03-01 or 01-03-1980).",
            )
        ],
    )
    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        audit_patient_access(
            request,
            "patient.list",
            [patient.pk for patient in page],
            details={"search": self.search},
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="Create a patient (emits patient.created)", responses={201: PatientSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            patient = services.create_patient(
                request.tenant, by=request.user, source=Patient.Source.API, **serializer.validated_data
            )
        except services.PatientError as error:
            self.refuse(error, PatientSerializer)
        return Response(PatientSerializer(patient).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["patients"])
class PatientDetail(PatientAPIMixin, generics.GenericAPIView):
    """A patient with his dossier, insurances and general practitioner; PATCH changes him by the same rules."""

    serializer_class = PatientDetailSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return services.patient_details_queryset(self.request.tenant)

    @extend_schema(summary="A patient with dossier, insurances and GP (audited)")
    def get(self, request, *args, **kwargs):
        patient = self.get_object()
        audit_patient_access(request, "patient.view", [patient.pk], obj=patient)
        return Response(self.get_serializer(patient).data)

    @extend_schema(summary="Change a patient", request=PatientSerializer, responses={200: PatientDetailSerializer})
    def patch(self, request, *args, **kwargs):
        patient = self.get_object()
        serializer = PatientSerializer(patient, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            services.update_patient(patient, by=request.user, **serializer.validated_data)
        except services.PatientError as error:
            self.refuse(error, PatientSerializer)
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema(tags=["patients"])
class PatientGeneralPractitioner(PatientAPIMixin, generics.GenericAPIView):
    """Link the patient's general practitioner by AGB code (the provider is stored for the tenant), or unlink."""

    serializer_class = GeneralPractitionerLinkSerializer

    @extend_schema(
        summary="Link the general practitioner by AGB code",
        request=GeneralPractitionerLinkSerializer,
        responses={200: HealthcareProviderSerializer},
    )
    def post(self, request, *args, **kwargs):
        patient = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        details = {key: value or None for key, value in serializer.validated_data.items() if key != "agbCode"}
        try:
            provider = services.link_general_practitioner(
                patient, serializer.validated_data["agbCode"], by=request.user, **details
            )
        except services.PatientError as error:
            self.refuse(error, GeneralPractitionerLinkSerializer)
        return Response(HealthcareProviderSerializer(provider).data)

    @extend_schema(
        summary="Unlink the general practitioner",
        request=None,
        responses={204: OpenApiResponse(description="The patient has no GP any more.")},
    )
    def delete(self, request, *args, **kwargs):
        services.unlink_general_practitioner(self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["patients"])
class PatientDossier(PatientAPIMixin, generics.ListCreateAPIView):
    """The patient's dossier entries, newest first; or a new entry."""

    serializer_class = DossierEntrySerializer

    @extend_schema(summary="List the patient's dossier entries (audited)")
    def get(self, request, *args, **kwargs):
        patient = self.get_object()
        page = self.paginate_queryset(services.dossier_entries(patient))
        audit_patient_access(request, "patient.dossier_list", [patient.pk], obj=patient)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="Add a dossier entry", responses={201: DossierEntrySerializer})
    def post(self, request, *args, **kwargs):
        patient = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            entry = services.add_dossier_entry(
                patient,
                by=request.user,
                title=data["title"],
                text=data["text"],
                kind=data["kind"],
                occurred_at=data.get("occurred_at"),
                practitioner_id=data.get("practitioner_id"),
            )
        except services.PatientError as error:
            self.refuse(error, DossierEntrySerializer)
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["patients"])
class PatientDossierPdf(PatientAPIMixin, generics.GenericAPIView):
    """The complete dossier as a paginated PDF: details, GP, insurances, every entry and appointment."""

    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(
        summary="The complete dossier as PDF (audited)", responses={(200, "application/pdf"): OpenApiTypes.BINARY}
    )
    def get(self, request, *args, **kwargs):
        patient = self.get_object()
        pdf = services.render_dossier_pdf(patient)
        audit_patient_access(request, "patient.dossier_pdf", [patient.pk], obj=patient)
        # A plain HttpResponse: the bytes are the body whatever renderer the negotiation chose.
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{services.dossier_filename(patient)}"'
        response["Cache-Control"] = "no-store"
        return response
