"""Core API views."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..health import system_status
from .serializers import StatusSerializer


class StatusView(APIView):
    """System health (seed 004): public, no authentication, never touches tenant resolution."""

    authentication_classes = []
    permission_classes = [AllowAny]
    tenant_exempt = True

    @extend_schema(
        operation_id="status",
        summary="System health check",
        tags=["status"],
        responses={
            200: OpenApiResponse(StatusSerializer, description="All checks pass."),
            503: OpenApiResponse(StatusSerializer, description="The database or the configured Redis is unreachable."),
        },
    )
    def get(self, request):
        body, healthy = system_status()
        response = Response(body, status=200 if healthy else 503)
        response["Cache-Control"] = "no-store"
        return response
