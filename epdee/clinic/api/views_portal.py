"""The public signup and patient-portal endpoints of seed 004: no sign-in, rate-limited per client address."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..services import portal, signup
from .serializers_portal import (
    PortalLinkAcceptedSerializer,
    PortalLinkRequestSerializer,
    SignupAcceptedSerializer,
    SignupSerializer,
)

SIGNUP_ACCEPTED = {
    "status": "pending",
    "detail": "Thank you. We review your application on working days and reply by e-mail.",
}
LINK_ACCEPTED = {
    "detail": "If this address belongs to a patient of this practice, a sign-in link is on its way. "
    "The link works once and for 15 minutes."
}


class PublicView(APIView):
    authentication_classes = []  # no session: no CSRF, no cookies, nothing that differs per visitor
    permission_classes = [AllowAny]


class SignupView(PublicView):
    @extend_schema(
        operation_id="signup",
        summary="Apply to use Epdee as a care organisation (rate-limited: 3 an hour per address)",
        tags=["signup"],
        request=SignupSerializer,
        responses={
            201: SignupAcceptedSerializer,
            400: OpenApiResponse(description="Invalid input."),
            429: OpenApiResponse(description="Too many applications from this address; see Retry-After."),
        },
    )
    def post(self, request):
        verdict = signup.check_rate(request)
        if not verdict.allowed:
            raise exceptions.Throttled(wait=verdict.retry_after, detail="Too many applications from this address.")
        serializer = SignupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not serializer.is_bot:  # a filled honeypot is thanked like anyone else, and nothing is kept
            signup.submit_application(request, **serializer.service_fields())
        return Response(SIGNUP_ACCEPTED, status=status.HTTP_201_CREATED)


class PortalLinkView(PublicView):
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
        tenant = portal.portal_tenant(request._request)
        if tenant is None:
            raise Http404("No care organisation has a portal on this host name.")
        serializer = PortalLinkRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"]
        with portal.padded():
            verdict = portal.check_link_rate(request, tenant, email)
            if verdict.allowed:
                portal.request_login_link(request._request, tenant, email)
        if not verdict.allowed:
            raise exceptions.Throttled(wait=verdict.retry_after, detail="Too many sign-in requests; try again later.")
        return Response(LINK_ACCEPTED, status=status.HTTP_202_ACCEPTED)
