"""The public intake form of software parties; staff turn an accepted request into a supplier."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from epdee.core.errors import ApplicationError
from epdee.core.forms import is_bot
from epdee.core.ratelimit import RateLimit

from .. import services
from ..forms import IntakeForm

# Intake requests per client address: five an hour is plenty for people, and keeps a script from flooding staff.
INTAKE_RATE_LIMIT = RateLimit(
    "supplier-intake",
    limit=5,
    window=60 * 60,
    message=_("Too many requests from your network. You can send 5 requests an hour."),
)


def apply(request):
    form = IntakeForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        verdict = INTAKE_RATE_LIMIT.check(request)
        if not verdict.allowed:
            response = render(request, "connectors/apply.html", {"form": form, "limited": True}, status=429)
            response["Retry-After"] = str(verdict.retry_after)
            return response
        if form.is_valid():
            if is_bot(form):  # a bot filled the honeypot: thank it and keep nothing
                return redirect("suppliers:apply-thanks")
            try:
                services.submit_intake(**form.intake_fields())
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                return redirect("suppliers:apply-thanks")
    return render(request, "connectors/apply.html", {"form": form}, status=400 if form.errors else 200)


def apply_thanks(request):
    return render(request, "connectors/apply_thanks.html")
