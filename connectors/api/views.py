"""The suppliers' own REST API: connectors, versions, technical design, submission for review.

The views read through the selectors (another supplier's connector is a 404) and change through the services;
a refusal of a service is answered by the one DRF exception handler in DRF's error format: field errors as
`{"<field>": ["message"]}` (the fields keep their snake_case names), other refusals as
`{"detail": "message", "code": "locked"}`.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from epdee.core.permissions import actor_of

from .. import selectors, services
from ..models import ConnectorVersion
from .serializers import (
    ConnectorSerializer,
    EndpointSerializer,
    TechnicalDesignSerializer,
    VersionSerializer,
    VersionSummarySerializer,
)

# A version past DEVELOPMENT (or a transition its state does not allow) is a conflict, not bad input.
LOCKED = {
    409: OpenApiResponse(description='The version\'s state does not allow this: `{"detail": "…", "code": "locked"}`.')
}
RULES = {
    400: OpenApiResponse(
        description="A rule of the design was broken: the answer names the field, e.g. "
        '`{"fields": ["salary is not a field of Client, …"]}` or `{"endpoints": ["Deprecated endpoints …"]}`.'
    )
}


class EndpointList(generics.ListAPIView):
    """The endpoint catalog, with deprecations."""

    serializer_class = EndpointSerializer

    def get_queryset(self):
        return selectors.endpoint_catalog()


class SupplierConnectors:
    """The signed-in user's suppliers' connectors only: another supplier's connector is a 404."""

    serializer_class = ConnectorSerializer

    def get_queryset(self):
        return selectors.connectors_with_versions(by=actor_of(self.request))


class ConnectorList(SupplierConnectors, generics.ListAPIView):
    pass


class ConnectorDetail(SupplierConnectors, generics.RetrieveAPIView):
    pass


class VersionList(generics.ListAPIView):
    serializer_class = VersionSerializer
    queryset = ConnectorVersion.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return (
            selectors.versions_for(by=actor_of(self.request)).filter(connector_id=self.kwargs["pk"]).order_by("-number")
        )


class VersionDetail(generics.RetrieveAPIView):
    serializer_class = VersionSerializer

    def get_queryset(self):
        return selectors.versions_for(by=actor_of(self.request))


class TechnicalDesign(APIView):
    """GET the design of a version; PUT replaces it (DEVELOPMENT versions only: others answer 409)."""

    @extend_schema(responses=TechnicalDesignSerializer)
    def get(self, request, pk):
        version = selectors.version_detail(pk, by=actor_of(request))
        return Response(TechnicalDesignSerializer.represent(version, selectors.design_of(version)))

    @extend_schema(request=TechnicalDesignSerializer, responses={200: TechnicalDesignSerializer, **RULES, **LOCKED})
    def put(self, request, pk):
        actor = actor_of(request)
        version = selectors.version_detail(pk, by=actor)
        services.ensure_editable(version)  # a locked version answers 409 before its body is looked at
        serializer = TechnicalDesignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        endpoints = {item["endpoint"]: item["fields"] for item in data["endpoints"]}
        services.update_design(version, by=actor, endpoint_mode=data["endpoint_mode"], endpoints=endpoints)
        version.refresh_from_db()
        return Response(TechnicalDesignSerializer.represent(version, selectors.design_of(version)))


class Submit(APIView):
    """Submit a DEVELOPMENT version for review."""

    @extend_schema(request=None, responses={200: VersionSummarySerializer, **RULES, **LOCKED})
    def post(self, request, pk):
        actor = actor_of(request)
        version = services.submit_for_review(selectors.version_detail(pk, by=actor), by=actor)
        return Response(VersionSummarySerializer(version).data, status=status.HTTP_200_OK)
