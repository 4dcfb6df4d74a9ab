"""The patient portal's pages (/portaal/).

The portal belongs to the tenant of the host name; a patient signs in with a single-use link from his e-mail
and sees only his own appointments. His session holds his id and the tenant's, not a Django user login; the
portal's services and selectors take the actor that session makes (`portal.session_actor`).
"""

from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from epdee.core.errors import ApplicationError, NotFound, RateLimited
from epdee.core.tables import Column, build_table

from ..forms.portal import PortalLinkForm
from ..selectors.portal import portal_appointments
from ..services import portal
from ..services.branding import branding_urls

PAST_COLUMNS = [
    Column("date", "Date", "starts_at"),
    Column("location", "Location", "location__name"),
    Column("practitioner", "With", "practitioner__name"),
    Column("status", "Status", "status"),
]


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
    actor = portal.session_actor(request, tenant)
    if actor is None:
        return _ask_for_link(request, tenant)
    if request.method == "POST":
        return redirect("clinic-public:portal")
    shown = portal_appointments(
        by=actor,
        paginate_past=lambda past: build_table(request, past, PAST_COLUMNS, default_sort="-date", page_size=10),
    )
    context = {"patient": shown.patient, "upcoming": shown.upcoming, "table": shown.past}
    return _render(request, tenant, "home.html", context)


def _ask_for_link(request, tenant):
    form = PortalLinkForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return _render(request, tenant, "request.html", {"form": form})
    try:
        # Counted with the API's requests, before the input is checked, as the API's throttle does.
        portal.LINK_RATE_LIMIT.enforce(request, *portal.link_rate_keys(tenant, request.POST.get("email", "")))
    except RateLimited as error:
        response = _render(request, tenant, "request.html", {"form": form, "limited": True}, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    if not form.is_valid():
        return _render(request, tenant, "request.html", {"form": form}, status=400)
    with portal.padded():  # the same time whether or not the address is a patient's
        portal.request_login_link(request, tenant, form.cleaned_data["email"])
    return _render(request, tenant, "sent.html", {"minutes": portal.link_minutes()})


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
    actor = portal.session_actor(request, tenant)
    if actor is None:
        messages.error(request, _("Your session has ended; ask for a new sign-in link."))
        return redirect("clinic-public:portal")
    try:
        appointment = portal.cancel_appointment(appointment_id, by=actor)
    except NotFound:
        raise  # another patient's appointment: the 404 page
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        when = timezone.localtime(appointment.starts_at)
        messages.success(request, _("Your appointment of %(when)s is cancelled.") % {"when": f"{when:%d-%m-%Y %H:%M}"})
    return redirect("clinic-public:portal")


@require_POST
@portal_page
def sign_out(request, tenant):
    portal.end_session(request)
    messages.success(request, _("You are signed out."))
    return redirect("clinic-public:portal")
