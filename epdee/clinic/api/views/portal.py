"""The patient portal's public endpoint of seed 004 (POST /api/portaal/request-link): no sign-in, the tenant of
the host name, rate-limited per client address and per e-mail address (shared with the portal's page)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from epdee.core.api.throttling import RateLimitThrottle
from epdee.core.errors import NotFound

from ...services import portal
from ..serializers.portal import PortalLinkAcceptedSerializer, PortalLinkRequestSerializer

LINK_ACCEPTED = {
    "detail": "If this address belongs to a patient of this practice, a sign-in link is on its way. "
    "The link works once and for 15 minutes."
}


class HostHasPortal(BasePermission):
    """The portal of the host name's tenant; none is a 404 (before any attempt is counted)."""

    def has_permission(self, request, view):
        view.tenant = portal.portal_tenant(request)
        if view.tenant is None:
            raise NotFound(_("No care organisation has a portal on this host name."))
        return True


class PortalLinkThrottle(RateLimitThrottle):
    """The page's allowance (portal.LINK_RATE_LIMIT), keyed by the client address and the e-mail address."""

    rate_limit = portal.LINK_RATE_LIMIT

    def keys(self, request, view):
        data = request.data
        return portal.link_rate_keys(view.tenant, data.get("email") if isinstance(data, dict) else None)


class PortalLinkView(APIView):
    authentication_classes = []  # no session: no CSRF, no cookies, nothing that differs per visitor
    permission_classes = [AllowAny, HostHasPortal]  # anyone, on a host with a portal
    throttle_classes = [PortalLinkThrottle]

    @extend_schema(
        operation_id="portalRequestLink",
        summary="Ask for a sign-in link to the patient portal (tenant by host name)",
        description="The answer is the same, in content and in time, whether or not the address belongs to a "
        "patient. Rate-limited: 5 per 15 minutes per client address and per e-mail address.",
        tags=["portaal"],
        request=PortalLinkRequestSerializer,
        responses={
            202: PortalLinkAcceptedSerializer,
            400: OpenApiResponse(description="Not an e-mail address."),
            404: OpenApiResponse(description="No care organisation has a portal on this host name."),
            429: OpenApiResponse(description="Too many requests; see Retry-After."),
        },
    )
    def post(self, request):
        serializer = PortalLinkRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with portal.padded():  # the same time whether or not the address is a patient's
            portal.request_login_link(request, self.tenant, serializer.validated_data["email"])
        return Response(LINK_ACCEPTED, status=status.HTTP_202_ACCEPTED)
