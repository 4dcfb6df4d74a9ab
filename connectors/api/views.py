"""The suppliers' own REST API: connectors, versions, technical design, submission for review."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..access import connectors_for, versions_for
from ..exceptions import ConnectorError
from ..models import ConnectorVersion, Endpoint
from .serializers import (
    ConnectorSerializer,
    EndpointSerializer,
    TechnicalDesignSerializer,
    VersionSerializer,
    VersionSummarySerializer,
)

# A version past DEVELOPMENT (or a transition its state does not allow) is a conflict, not bad input.
LOCKED = {409: OpenApiResponse(description="The version's state does not allow this.")}


class DomainError(APIException):
    def __init__(self, error: ConnectorError):
        self.status_code = error.status_code
        super().__init__({"detail": error.message, **({"field": error.field} if error.field else {})})


class ConnectorAPIMixin:
    def handle_exception(self, exc):
        if isinstance(exc, ConnectorError):
            exc = DomainError(exc)
        return super().handle_exception(exc)


class EndpointList(generics.ListAPIView):
    """The endpoint catalog, with deprecations."""

    serializer_class = EndpointSerializer
    queryset = Endpoint.objects.select_related("api_model", "replacement").order_by("resource", "path", "method")


class SupplierConnectors:
    """The signed-in user's suppliers' connectors only: another supplier's connector is a 404."""

    serializer_class = ConnectorSerializer

    def get_queryset(self):
        versions = ConnectorVersion.objects.order_by("-number")
        return (
            connectors_for(self.request.user)
            .select_related("supplier")
            .prefetch_related(Prefetch("versions", versions))
            .order_by("name")
        )


class ConnectorList(SupplierConnectors, generics.ListAPIView):
    pass


class ConnectorDetail(SupplierConnectors, generics.RetrieveAPIView):
    pass


class VersionList(generics.ListAPIView):
    serializer_class = VersionSerializer
    queryset = ConnectorVersion.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return versions_for(self.request.user).filter(connector_id=self.kwargs["pk"]).order_by("-number")


class VersionDetail(generics.RetrieveAPIView):
    serializer_class = VersionSerializer

    def get_queryset(self):
        return versions_for(self.request.user)


class TechnicalDesign(ConnectorAPIMixin, APIView):
    """GET the design of a version; PUT replaces it (DEVELOPMENT versions only: others answer 409)."""

    def version(self) -> ConnectorVersion:
        return generics.get_object_or_404(versions_for(self.request.user), pk=self.kwargs["pk"])

    @extend_schema(responses=TechnicalDesignSerializer)
    def get(self, request, pk):
        version = self.version()
        return Response(TechnicalDesignSerializer.represent(version, services.design_of(version)))

    @extend_schema(request=TechnicalDesignSerializer, responses={200: TechnicalDesignSerializer, **LOCKED})
    def put(self, request, pk):
        version = self.version()
        services.ensure_editable(version)  # a locked version answers 409 before its body is looked at
        serializer = TechnicalDesignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        endpoints = {item["endpoint"]: item["fields"] for item in data["endpoints"]}
        services.update_design(version, by=request.user, endpoint_mode=data["endpoint_mode"], endpoints=endpoints)
        version.refresh_from_db()
        return Response(TechnicalDesignSerializer.represent(version, services.design_of(version)))


class Submit(ConnectorAPIMixin, APIView):
    """Submit a DEVELOPMENT version for review."""

    @extend_schema(request=None, responses={200: VersionSummarySerializer, **LOCKED})
    def post(self, request, pk):
        version = generics.get_object_or_404(versions_for(request.user), pk=pk)
        version = services.submit_for_review(version, by=request.user)
        return Response(VersionSummarySerializer(version).data, status=status.HTTP_200_OK)
