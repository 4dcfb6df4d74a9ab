"""Tenant account endpoints of seed 004: the branding upload, for tenant administrators (the service decides)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ...services import branding
from ..serializers.account import BrandingSerializer, BrandingUploadSerializer
from .base import TenantAPIView

# Both files at their limits plus the multipart framing; a bigger request is refused before it is read.
MAX_UPLOAD_REQUEST = branding.LOGO.max_bytes + branding.FAVICON.max_bytes + 64 * 1024


class BrandingUploadView(TenantAPIView, APIView):
    """The practice's logo and favicon, shown on its pages, the patient portal and the booking page."""

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
            raise serializers.ValidationError({"non_field_errors": [_("The upload is too large.")]})
        serializer = BrandingUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        branding.update_branding(request.tenant, by=self.actor, **serializer.validated_data)
        urls = branding.branding_urls(request.tenant, request)
        return Response(BrandingSerializer({"logo_url": urls["logoUrl"], "favicon_url": urls["faviconUrl"]}).data)
