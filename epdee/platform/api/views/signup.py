"""POST /api/signup (seed 004): a care organisation applies; no sign-in, rate-limited per client address."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from epdee.core.api.throttling import RateLimitThrottle
from epdee.core.forms import is_bot

from ... import services
from ..serializers.signup import SignupAcceptedSerializer, SignupSerializer

SIGNUP_ACCEPTED = {
    "status": "pending",
    "detail": "Thank you. We review your application on working days and reply by e-mail.",
}


class SignupThrottle(RateLimitThrottle):
    """The page's allowance (services.SIGNUP_RATE_LIMIT): page and API count together."""

    rate_limit = services.SIGNUP_RATE_LIMIT


class SignupView(generics.GenericAPIView):
    authentication_classes = []  # no session: no CSRF, no cookies, nothing that differs per visitor
    permission_classes = [AllowAny]
    throttle_classes = [SignupThrottle]
    serializer_class = SignupSerializer

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
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not is_bot(serializer):  # a filled honeypot is thanked like anyone else, and nothing is kept
            services.submit_application(request, **serializer.service_fields())
        return Response(SIGNUP_ACCEPTED, status=status.HTTP_201_CREATED)
