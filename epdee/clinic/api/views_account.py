"""Tenant account endpoints of seed 004: branding upload and the complete export, for tenant administrators."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from epdee.core.api.authentication import TokenScopeAllows

from ..services import branding, export
from .base import IsTenantAdmin
from .serializers_account import BrandingSerializer, BrandingUploadSerializer

# Both files at their limits plus the multipart framing; a bigger request is refused before it is read.
MAX_UPLOAD_REQUEST = branding.LOGO.max_bytes + branding.FAVICON.max_bytes + 64 * 1024


class BrandingUploadView(APIView):
    permission_classes = [IsAuthenticated, TokenScopeAllows, IsTenantAdmin]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="uploadBranding",
        summary="Upload the logo and/or favicon (checked by content: type, size, dimensions)",
        tags=["branding"],
        request={"multipart/form-data": BrandingUploadSerializer},
        responses={
            200: BrandingSerializer,
            400: OpenApiResponse(description="Not an accepted image, too large, or odd dimensions; nothing stored."),
            403: OpenApiResponse(description="Not an administrator, a read-only token, or a read-only licence."),
            404: OpenApiResponse(description="Not a member of a care organisation."),
        },
    )
    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_UPLOAD_REQUEST:
            raise serializers.ValidationError({"non_field_errors": ["The upload is too large."]})
        serializer = BrandingUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            branding.update_branding(request.tenant, by=request.user, request=request, **serializer.validated_data)
        except branding.BrandingError as exc:
            raise serializers.ValidationError({exc.field or "non_field_errors": [str(exc)]}) from exc
        return Response(BrandingSerializer(branding.branding_urls(request.tenant, request)).data)


class TenantExportView(APIView):
    permission_classes = [IsAuthenticated, TokenScopeAllows, IsTenantAdmin]

    @extend_schema(
        operation_id="tenantExport",
        summary="The organisation's complete data as one JSON download (GDPR portability; streamed, audited)",
        tags=["export"],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="One JSON document: format, version, exportedAt, tenant, patients (with dossier, "
                "insurances and general practitioner), healthcareProviders, locations, openingHours, "
                "scheduleExceptions, practitioners, appointmentTypes, appointments, careActivities, invoices "
                "(with lines), workflows (with steps), branding.",
            ),
            403: OpenApiResponse(description="Not an administrator of this care organisation."),
            404: OpenApiResponse(description="Not a member of a care organisation."),
        },
    )
    def get(self, request):
        filename, stream = export.start_export(request.tenant, by=request.user, request=request)
        response = StreamingHttpResponse(stream, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
