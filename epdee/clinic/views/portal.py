"""Public pages: the signup form of care organisations (/aanmelden/) and the patient portal (/portaal/).

The portal belongs to the tenant of the host name; a patient signs in with a single-use link from his e-mail
and sees only his own appointments. Its session holds his id and the tenant's, not a Django user login.
"""

from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from epdee.core.tables import Column, build_table

from ..forms_account import PortalLinkForm, SignupForm
from ..services import portal
from ..services import signup as signups
from ..services.branding import branding_urls

PAST_COLUMNS = [
    Column("date", "Date", "starts_at"),
    Column("location", "Location", "location__name"),
    Column("practitioner", "With", "practitioner__name"),
    Column("status", "Status", "status"),
]
MAX_UPCOMING = 50


def _limited(response, verdict):
    response["Retry-After"] = str(max(verdict.retry_after, 1))
    return response


# --- signup --------------------------------------------------------------------------------------------------


def signup(request):
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        verdict = signups.check_rate(request)
        if not verdict.allowed:
            context = {"form": form, "limited": True}
            return _limited(render(request, "clinic/signup/signup.html", context, status=429), verdict)
        if form.is_valid():
            if not form.is_bot:  # a bot filled the honeypot: thank it and keep nothing
                signups.submit_application(request, **form.service_fields())
            return redirect("clinic-public:signup-thanks")
    return render(request, "clinic/signup/signup.html", {"form": form}, status=400 if form.errors else 200)


def signup_thanks(request):
    return render(request, "clinic/signup/thanks.html")


# --- portal --------------------------------------------------------------------------------------------------


def portal_page(view):
    """The tenant of the host name is the view's second argument (none: 404); times in its time zone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        tenant = portal.portal_tenant(request)
        if tenant is None:
            raise Http404("No care organisation has a patient portal on this host name.")
        with timezone.override(ZoneInfo(tenant.time_zone)):
            return view(request, tenant, *args, **kwargs)

    return wrapper


def _render(request, tenant, template, context=None, status=200):
    context = {"tenant": tenant, "branding": branding_urls(tenant), **(context or {})}
    return render(request, f"clinic/portal/{template}", context, status=status)


@never_cache
@portal_page
def home(request, tenant):
    patient = portal.session_patient(request, tenant)
    if patient is None:
        return _ask_for_link(request, tenant)
    if request.method == "POST":
        return redirect("clinic-public:portal")
    upcoming = list(portal.upcoming_appointments(patient)[:MAX_UPCOMING])
    past = build_table(request, portal.past_appointments(patient), PAST_COLUMNS, default_sort="-date", page_size=10)
    portal.record_view(request, patient, [a.pk for a in upcoming] + [a.pk for a in past.rows])
    for appointment in upcoming:
        appointment.cancellable = portal.can_cancel(appointment)
    context = {"patient": patient, "upcoming": upcoming, "table": past}
    return _render(request, tenant, "home.html", context)


def _ask_for_link(request, tenant):
    form = PortalLinkForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return _render(request, tenant, "request.html", {"form": form})
    if not form.is_valid():
        return _render(request, tenant, "request.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    with portal.padded():  # the same time whether or not the address is a patient's
        verdict = portal.check_link_rate(request, tenant, email)
        if verdict.allowed:
            portal.request_login_link(request, tenant, email)
    if not verdict.allowed:
        response = _render(request, tenant, "request.html", {"form": form, "limited": True}, status=429)
        return _limited(response, verdict)
    return _render(request, tenant, "sent.html", {"minutes": portal._minutes(portal.LINK_LIFETIME)})


@never_cache
@portal_page
def sign_in(request, tenant, token):
    """GET shows a button, POST signs in: mail scanners that open links must not use up the single-use link."""
    if request.method != "POST":
        return _render(request, tenant, "sign_in.html")
    patient = portal.redeem_login_token(tenant, token)
    if patient is None:
        return _render(request, tenant, "sign_in.html", {"invalid": True}, status=400)
    portal.start_session(request, patient)
    return redirect("clinic-public:portal")


@require_POST
@portal_page
def cancel(request, tenant, appointment_id):
    patient = portal.session_patient(request, tenant)
    if patient is None:
        messages.error(request, "Your session has ended; ask for a new sign-in link.")
        return redirect("clinic-public:portal")
    if not portal.appointments_of(patient).filter(pk=appointment_id).exists():
        raise Http404("No such appointment.")
    try:
        appointment = portal.cancel_appointment(request, patient, appointment_id)
    except portal.PortalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Your appointment of {timezone.localtime(appointment.starts_at):%d-%m-%Y %H:%M} is cancelled."
        )
    return redirect("clinic-public:portal")


@require_POST
@portal_page
def sign_out(request, tenant):
    portal.end_session(request)
    messages.success(request, "You are signed out.")
    return redirect("clinic-public:portal")
