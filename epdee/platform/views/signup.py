"""The signup page of care organisations (/aanmelden/): the same service, rules and rate limit as the API."""

from django.shortcuts import redirect, render

from epdee.core.errors import ApplicationError, RateLimited
from epdee.core.forms import is_bot

from .. import services
from ..forms import SignupForm

TEMPLATE = "platform/signup/signup.html"


def signup(request):
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            services.SIGNUP_RATE_LIMIT.enforce(request)
        except RateLimited as error:
            response = render(request, TEMPLATE, {"form": form, "limited": True}, status=429)
            response["Retry-After"] = str(error.retry_after)
            return response
        if form.is_valid():
            if is_bot(form):  # a bot filled the honeypot: thank it and keep nothing
                return redirect("platform:signup-thanks")
            try:
                services.submit_application(request, **form.service_fields())
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                return redirect("platform:signup-thanks")
    return render(request, TEMPLATE, {"form": form}, status=400 if form.errors else 200)


def signup_thanks(request):
    return render(request, "platform/signup/thanks.html")
