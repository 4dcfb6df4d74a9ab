"""The public booking page /boeken/ of the tenant of the host name: choose location, type and day, then a time
and your details. Server-rendered (works without JavaScript); static/js/clinic-booking.js refreshes times."""

from datetime import timedelta

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from epdee.core.errors import ApplicationError, Invalid, RateLimited

from ..forms.agenda import BookingChoiceForm, BookingDetailsForm
from ..selectors.agenda import booked_online
from ..services import booking
from ..services.agenda import local_day, tenant_zone
from ..services.branding import branding_of

DONE_SALT = "epdee.clinic.booking.done"
DONE_MAX_AGE = 3600  # the confirmation page link works for an hour


def _tenant(request):
    tenant = booking.host_tenant(request)
    if tenant is None:
        raise Http404("No care organisation books on this host name.")
    return tenant


def _page(request, tenant, *, choice, details=None, limited=False, status=200):
    """The page with step one (`choice`) and, once that is valid, the free times and step two (`details`)."""
    zone = tenant_zone(tenant)
    today = local_day(timezone.now(), zone)
    slots, chosen = [], None
    if choice.is_bound and choice.is_valid():
        chosen = choice.cleaned_data
        chosen["location"].tenant = tenant
        try:
            starts = booking.bookable_slots(tenant, chosen["location"], chosen["date"], chosen["appointment_type"])
        except Invalid as error:
            choice.add_application_error(error)
            chosen = None
        else:
            slots = [timezone.localtime(start, zone) for start in starts]
    if chosen is not None:
        if details is None:
            details = BookingDetailsForm(tenant=tenant, initial={**chosen})
    selected = details["slot"].value() if details is not None else None
    context = {
        "tenant": tenant,
        "branding": branding_of(tenant),
        "choice": choice,
        "chosen": chosen,
        "details": details,
        "slots": [(start.isoformat(), f"{start:%H:%M}", start.isoformat() == selected) for start in slots],
        "limited": limited,
        "today": today,
        "last_day": today + timedelta(days=booking.MAX_DAYS_AHEAD),
        "next_day": chosen["date"] + timedelta(days=1) if chosen else None,
        "max_days": booking.MAX_DAYS_AHEAD,
    }
    return render(request, "clinic/booking/index.html", context, status=status)


FIRST_VISIT_DAYS = 14  # how far a first visit looks for a day with free times


def _first_free_day(tenant, choice, today):
    """A first visit shows free times at once, for the first location and type on the first day that has
    any within two weeks, rather than an empty page with a button to press."""
    location, appointment_type = (
        choice.fields[name].queryset.order_by("name").first() for name in ("location", "appointment_type")
    )
    if location is None or appointment_type is None:
        return None
    location.tenant = tenant  # known already: spares a query per day
    for offset in range(FIRST_VISIT_DAYS):
        day = today + timedelta(days=offset)
        if booking.available_slots(location, day, appointment_type):
            data = {"location": location.pk, "appointment_type": appointment_type.pk, "date": day.isoformat()}
            return BookingChoiceForm(data, tenant=tenant)
    return None


def booking_page(request):
    tenant = _tenant(request)
    if request.method != "POST":
        today = local_day(timezone.now(), tenant_zone(tenant))
        choice = BookingChoiceForm(request.GET or None, tenant=tenant, initial={"date": today})
        if not request.GET:
            choice = _first_free_day(tenant, choice, today) or choice
        return _page(request, tenant, choice=choice)
    choice = BookingChoiceForm(request.POST, tenant=tenant)
    details = BookingDetailsForm(request.POST, tenant=tenant)
    try:
        booking.BOOKING_RATE.enforce(request)  # every attempt counts, shared with the API's
    except RateLimited as error:
        response = _page(request, tenant, choice=choice, details=details, limited=True, status=error.status_code)
        response["Retry-After"] = str(error.retry_after)
        return response
    if not details.is_valid():
        return _page(request, tenant, choice=choice, details=details, status=400)
    data = details.cleaned_data
    try:
        appointment = booking.book_online(
            tenant,
            booking.BookingRequest(
                location=data["location"],
                appointment_type=data["appointment_type"],
                starts_at=data["slot"],
                first_name=data["first_name"],
                family_name=data["family_name"],
                birth_date=data["birth_date"],
                email=data["email"],
                phone=data["phone"],
            ),
            portal_url=booking.portal_url(request),
        )
    except ApplicationError as error:  # shown on the page: a taken time (409), a read-only practice (403)…
        details.add_application_error(error)
        return _page(request, tenant, choice=choice, details=details, status=error.status_code)
    reference = signing.dumps(appointment.pk, salt=DONE_SALT)
    return redirect(f"{reverse('booking:done')}?ref={reference}")


def booking_done(request):
    tenant = _tenant(request)
    try:
        appointment_id = signing.loads(request.GET.get("ref", ""), salt=DONE_SALT, max_age=DONE_MAX_AGE)
    except signing.BadSignature:
        raise Http404("This confirmation link is not valid (any more).") from None
    appointment = booked_online(tenant, appointment_id)
    zone = tenant_zone(tenant)
    context = {
        "tenant": tenant,
        "branding": branding_of(tenant),
        "appointment": appointment,
        "starts_at": timezone.localtime(appointment.starts_at, zone),
        "ends_at": timezone.localtime(appointment.ends_at, zone),
        "portal_url": booking.portal_url(request),
    }
    return render(request, "clinic/booking/done.html", context)
