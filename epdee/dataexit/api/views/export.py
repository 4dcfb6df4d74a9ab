"""GET /api/tenant-export (seed 004): the practice's complete data as one streamed JSON download."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from epdee.clinic.api.views.base import TenantAPIView

from ... import services


class TenantExportView(TenantAPIView, APIView):
    """Everything the practice keeps in Epdee, for its administrators; every download is audited."""

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
        filename, stream = services.start_export(request.tenant, by=self.actor)
        response = StreamingHttpResponse(stream, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
