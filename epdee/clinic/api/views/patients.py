"""The tenant API of patients (seed 004): list and search, create, detail, change, GP link, dossier, dossier PDF.

Reads go through epdee/clinic/selectors/patients.py, which record them (NEN 7513); changes go through the
services, which check who may and record the change. A refusal answers in DRF's error format through the
project's exception handler.
"""

import re

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers, status
from rest_framework.response import Response

from ...models import Patient
from ...pdf import render_pdf
from ...selectors import patients as selectors
from ...services import patients as services
from ..serializers.patients import (
    DossierEntrySerializer,
    GeneralPractitionerLinkSerializer,
    HealthcareProviderSerializer,
    PatientDetailSerializer,
    PatientSerializer,
)
from .base import PdfRenderer, TenantAPIView

CONFLICT = OpenApiResponse(
    description="Another patient of this organisation got this BSN or identification number meanwhile."
)


def dossier_filename(patient: Patient) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", patient.identification_number) or str(patient.pk)
    return f"dossier-{safe}.pdf"


@extend_schema(tags=["patients"])
class PatientList(TenantAPIView, generics.ListCreateAPIView):
    """Patients of the tenant, searchable; or a new patient."""

    model = Patient
    serializer_class = PatientSerializer
    filter_backends = []  # the search is the selector's

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
        patients = selectors.patient_list(
            by=self.actor, tenant=request.tenant, search=request.query_params.get("search", "")
        )
        page = self.paginate_queryset(patients)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Create a patient (emits patient.created)", responses={201: PatientSerializer, 409: CONFLICT}
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        patient = services.create_patient(
            request.tenant, by=self.actor, source=Patient.Source.API, **serializer.validated_data
        )
        return Response(PatientSerializer(patient).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["patients"])
class PatientDetail(TenantAPIView, generics.GenericAPIView):
    """A patient with his dossier, insurances and general practitioner; PATCH changes him by the same rules."""

    model = Patient
    serializer_class = PatientDetailSerializer

    @extend_schema(summary="A patient with dossier, insurances and GP (audited)")
    def get(self, request, *args, **kwargs):
        patient = selectors.patient_detail(kwargs["pk"], by=self.actor, tenant=request.tenant)
        return Response(self.get_serializer(patient).data)

    @extend_schema(
        summary="Change a patient",
        request=PatientSerializer,
        responses={200: PatientDetailSerializer, 409: CONFLICT},
    )
    def patch(self, request, *args, **kwargs):
        patient = selectors.patient_to_change(kwargs["pk"], by=self.actor, tenant=request.tenant, detail=True)
        serializer = PatientSerializer(patient, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_patient(patient, by=self.actor, **serializer.validated_data)
        return Response(self.get_serializer(patient).data)


@extend_schema(tags=["patients"])
class PatientGeneralPractitioner(TenantAPIView, generics.GenericAPIView):
    """Link the patient's general practitioner by AGB code (the provider is stored for the tenant), or unlink."""

    model = Patient
    serializer_class = GeneralPractitionerLinkSerializer

    @extend_schema(
        summary="Link the general practitioner by AGB code",
        request=GeneralPractitionerLinkSerializer,
        responses={200: HealthcareProviderSerializer},
    )
    def post(self, request, *args, **kwargs):
        patient = selectors.patient_to_change(kwargs["pk"], by=self.actor, tenant=request.tenant)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        details = {key: value or None for key, value in serializer.validated_data.items() if key != "agb_code"}
        provider = services.link_general_practitioner(
            patient, serializer.validated_data["agb_code"], by=self.actor, **details
        )
        return Response(HealthcareProviderSerializer(provider).data)

    @extend_schema(
        summary="Unlink the general practitioner",
        request=None,
        responses={204: OpenApiResponse(description="The patient has no GP any more.")},
    )
    def delete(self, request, *args, **kwargs):
        patient = selectors.patient_to_change(kwargs["pk"], by=self.actor, tenant=request.tenant)
        services.unlink_general_practitioner(patient, by=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["patients"])
class PatientDossier(TenantAPIView, generics.ListCreateAPIView):
    """The patient's dossier entries, newest first; or a new entry."""

    model = Patient
    serializer_class = DossierEntrySerializer
    filter_backends = []
    # The service names the practitioner by his model field; the API takes his id.
    api_field_names = {"practitioner": "practitionerId"}

    @extend_schema(summary="List the patient's dossier entries (audited)")
    def get(self, request, *args, **kwargs):
        entries = selectors.patient_dossier(kwargs["pk"], by=self.actor, tenant=request.tenant)
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="Add a dossier entry", responses={201: DossierEntrySerializer})
    def post(self, request, *args, **kwargs):
        patient = selectors.patient_to_change(kwargs["pk"], by=self.actor, tenant=request.tenant)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.add_dossier_entry(
            patient,
            by=self.actor,
            title=data["title"],
            text=data["text"],
            kind=data["kind"],
            occurred_at=data.get("occurred_at"),
            practitioner_id=data.get("practitioner_id"),
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["patients"])
class PatientDossierPdf(TenantAPIView, generics.GenericAPIView):
    """The complete dossier as a paginated PDF: details, GP, insurances, every entry and appointment."""

    model = Patient
    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(
        summary="The complete dossier as PDF (audited)", responses={(200, "application/pdf"): OpenApiTypes.BINARY}
    )
    def get(self, request, *args, **kwargs):
        context = selectors.dossier_context(kwargs["pk"], by=self.actor, tenant=request.tenant)
        # Times in the tenant's zone: TenantAPIView activated it for this request.
        pdf = render_pdf("clinic/pdf/dossier.html", context)
        # A plain HttpResponse: the bytes are the body whatever renderer the negotiation chose.
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{dossier_filename(context["patient"])}"'
        return response
