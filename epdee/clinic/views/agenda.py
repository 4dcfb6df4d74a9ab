"""Dashboard pages of the agenda: practice setup (locations, hours, exceptions, appointment types,
practitioners; admins edit, every member reads) and the agenda itself (day and week grid, appointments).

The pages read through selectors.agenda and change through services.agenda, which authorise and audit; a
refusal the page cannot show next to its input becomes the 403/404 page (ApplicationErrorMiddleware).
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from epdee.core.errors import Conflict, Invalid
from epdee.core.permissions import actor_of, allowed
from epdee.core.tables import Column, build_table

from ..forms import agenda as forms
from ..models import Appointment
from ..money import format_cents
from ..selectors import agenda as selectors
from ..services import agenda
from ..services.agenda import CHANGE, CONFIGURE, tenant_zone
from .base import practice_page

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _can_admin(request) -> bool:
    """Whether to show the setup's edit buttons (the services check again)."""
    return allowed(actor_of(request), CONFIGURE, request.tenant)


def _can_write(request) -> bool:
    return allowed(actor_of(request), CHANGE, request.tenant)


# --- practice setup -------------------------------------------------------------------------------------

LOCATION_COLUMNS = [
    Column("name", "Name", "name"),
    Column("code", "Code", "code"),
    Column("city", "City", "city"),
    Column("practitioners", "Practitioners", "practitioner_count"),
    Column("online", "Online booking", "bookable_online"),
]
TYPE_COLUMNS = [
    Column("name", "Name", "name"),
    Column("code", "Code", "code"),
    Column("duration", "Duration", "duration_minutes"),
    Column("price", "Price", "price_cents"),
    Column("online", "Online booking", "bookable_online"),
]
PRACTITIONER_COLUMNS = [
    Column("name", "Name", "name"),
    Column("agb", "AGB code", "agb_code"),
    Column("locations", "Locations"),
    Column("active", "Active", "is_active"),
]


@practice_page
def locations(request):
    queryset = selectors.location_list(request.tenant, by=actor_of(request))
    table = build_table(request, queryset, LOCATION_COLUMNS, default_sort="name")
    return render(request, "clinic/agenda/locations.html", {"table": table, "can_admin": _can_admin(request)})


@practice_page
def appointment_types(request):
    queryset = selectors.appointment_type_list(request.tenant, by=actor_of(request))
    table = build_table(request, queryset, TYPE_COLUMNS, default_sort="name")
    for row in table.rows:
        row.price_label = format_cents(row.price_cents)
    return render(request, "clinic/agenda/appointment_types.html", {"table": table, "can_admin": _can_admin(request)})


@practice_page
def practitioners(request):
    queryset = selectors.practitioner_list(request.tenant, by=actor_of(request))
    table = build_table(request, queryset, PRACTITIONER_COLUMNS, default_sort="name")
    return render(request, "clinic/agenda/practitioners.html", {"table": table, "can_admin": _can_admin(request)})


def _form_page(request, form, *, title, lead, back, section):
    return render(
        request,
        "clinic/agenda/setup_form.html",
        {"form": form, "title": title, "lead": lead, "back": back, "section": section},
        status=400 if form.errors else 200,
    )


@practice_page
def location_edit(request, pk=None):
    actor = actor_of(request)
    location = selectors.location_to_edit(pk, by=actor, tenant=request.tenant)
    form = forms.LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        try:
            location = agenda.save_location(request.tenant, form.cleaned_data, by=actor, location=location)
        except Invalid as error:
            form.add_application_error(error)
        else:
            messages.success(request, f"{location.name} is saved.")
            return redirect("clinic:location", pk=location.pk)
    return _form_page(
        request,
        form,
        title=f"Edit {location.name}" if location else "Add a location",
        lead="Where patients come. Opening hours and closures are set on the location's page.",
        back=reverse("clinic:location", args=[location.pk]) if location else reverse("clinic:locations"),
        section="locations",
    )


@practice_page
def location_detail(request, pk):
    return _location_page(request, pk)


def _location_page(request, pk, *, hours_form=None, exception_form=None, status=200):
    schedule = selectors.location_schedule(pk, by=actor_of(request), tenant=request.tenant)
    context = {
        "location": schedule.location,
        "days": [
            (index, name, [h for h in schedule.hours if h.weekday == index]) for index, name in enumerate(WEEKDAYS)
        ],
        "exceptions": schedule.exceptions,
        "practitioners": schedule.practitioners,
        "can_admin": _can_admin(request),
        "hours_form": hours_form or forms.OpeningHoursForm(prefix="hours"),
        "exception_form": exception_form or forms.ScheduleExceptionForm(prefix="exception"),
    }
    return render(request, "clinic/agenda/location_detail.html", context, status=status)


def _location_form_post(request, pk, form_class, prefix, save):
    """Add hours or an exception from the location page; on an error the page shows again with the form."""
    location = selectors.location(pk, by=actor_of(request), tenant=request.tenant)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            save(location, form.cleaned_data)
        except Invalid as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Saved.")
            return redirect("clinic:location", pk=location.pk)
    return _location_page(request, pk, **{f"{prefix}_form": form}, status=400)


@practice_page
@require_POST
def location_hours_add(request, pk):
    return _location_form_post(
        request,
        pk,
        forms.OpeningHoursForm,
        "hours",
        lambda location, data: agenda.add_opening_hours(location, by=actor_of(request), **data),
    )


@practice_page
@require_POST
def location_hours_delete(request, pk, hours_pk):
    location = selectors.location(pk, by=actor_of(request), tenant=request.tenant)
    agenda.remove_opening_hours(location, hours_pk, by=actor_of(request))
    messages.success(request, "The hours are removed.")
    return redirect("clinic:location", pk=pk)


@practice_page
@require_POST
def location_exception_add(request, pk):
    def save(location, data):
        agenda.add_schedule_exception(
            location,
            day=data["date"],
            closed=data["closed"],
            opens=data["opens"],
            closes=data["closes"],
            reason=data["reason"],
            by=actor_of(request),
        )

    return _location_form_post(request, pk, forms.ScheduleExceptionForm, "exception", save)


@practice_page
@require_POST
def location_exception_delete(request, pk, exception_pk):
    location = selectors.location(pk, by=actor_of(request), tenant=request.tenant)
    agenda.remove_schedule_exception(location, exception_pk, by=actor_of(request))
    messages.success(request, "The exception is removed.")
    return redirect("clinic:location", pk=pk)


@practice_page
def appointment_type_edit(request, pk=None):
    actor = actor_of(request)
    instance = selectors.appointment_type_to_edit(pk, by=actor, tenant=request.tenant)
    form = forms.AppointmentTypeForm(request.POST or None, initial=forms.AppointmentTypeForm.initial_for(instance))
    if request.method == "POST" and form.is_valid():
        try:
            saved = agenda.save_appointment_type(
                request.tenant, form.service_data(), by=actor, appointment_type=instance
            )
        except Invalid as error:
            form.add_application_error(error)
        else:
            messages.success(request, f"{saved.name} is saved.")
            return redirect("clinic:appointment-types")
    return _form_page(
        request,
        form,
        title=f"Edit {instance.name}" if instance else "Add an appointment type",
        lead="What patients come for, and how long it takes.",
        back=reverse("clinic:appointment-types"),
        section="types",
    )


@practice_page
def practitioner_edit(request, pk=None):
    actor = actor_of(request)
    instance = selectors.practitioner_to_edit(pk, by=actor, tenant=request.tenant)
    form = forms.PractitionerForm(
        request.POST or None, instance=instance, locations=selectors.location_list(request.tenant, by=actor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = agenda.save_practitioner(request.tenant, form.cleaned_data, by=actor, practitioner=instance)
        except Invalid as error:
            form.add_application_error(error)
        else:
            messages.success(request, f"{saved.name} is saved.")
            return redirect("clinic:practitioners")
    return _form_page(
        request,
        form,
        title=f"Edit {instance.name}" if instance else "Add a practitioner",
        lead="Who sees patients, and at which locations. Online booking assigns the first free one.",
        back=reverse("clinic:practitioners"),
        section="practitioners",
    )


# --- the agenda -----------------------------------------------------------------------------------------


@dataclass
class Cell:
    appointments: list = field(default_factory=list)
    is_open: bool = False
    add_url: str = ""


@dataclass
class Row:
    label: str
    cells: list


@dataclass
class GridColumn:
    label: str
    day: date
    practitioner_id: int | None = None
    windows: list = field(default_factory=list)


def _parse_day(raw, default: date) -> date:
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        return default
    return day if 1900 <= day.year <= 2200 else default


def _patient_url(patient_id) -> str:
    try:
        return reverse("clinic:patient", args=[patient_id])
    except NoReverseMatch:  # the patients pages are not installed
        return ""


@practice_page
def agenda_page(request):
    tenant = request.tenant
    zone = tenant_zone(tenant)
    today = timezone.localdate(timezone=zone)
    view = "day" if request.GET.get("view") == "day" else "week"
    day = _parse_day(request.GET.get("date"), today)
    days = [day] if view == "day" else [day - timedelta(days=day.weekday()) + timedelta(days=n) for n in range(7)]
    period = selectors.agenda_period(
        tenant,
        by=actor_of(request),
        location_id=request.GET.get("location"),
        first_day=days[0],
        last_day=days[-1],
        details={"page": request.path},
    )
    if period.location is None:
        return render(request, "clinic/agenda/agenda_empty.html", {"can_admin": _can_admin(request)})
    location = period.location
    step = timedelta(days=1 if view == "day" else 7)
    can_write = _can_write(request)
    grid = _build_grid(period, days, view, can_write=can_write)

    def link(target_day, target_view=view):
        return f"?location={location.pk}&view={target_view}&date={target_day.isoformat()}"

    context = {
        **grid,
        "locations": period.locations,
        "location": location,
        "view": view,
        "day": day,
        "days": days,
        "today": today,
        "previous_url": link(day - step),
        "next_url": link(day + step),
        "today_url": link(today),
        "day_url": link(day, "day"),
        "week_url": link(day, "week"),
        "can_write": can_write,
        "time_zone": tenant.time_zone,
    }
    return render(request, "clinic/agenda/agenda.html", context)


def _build_grid(period, days, view, *, can_write) -> dict:
    """Rows of wall-clock times (the tenant's zone), a column per day (week) or per practitioner (day)."""
    location = period.location
    zone = tenant_zone(location.tenant)
    appointments = period.appointments
    windows = {d: agenda.opening_windows(d, zone, period.hours, period.exceptions) for d in days}
    for appointment in appointments:
        appointment.local_start = timezone.localtime(appointment.starts_at, zone)
        appointment.local_end = timezone.localtime(appointment.ends_at, zone)
    columns = _columns(location, days, view, appointments, windows)
    row_minutes = 60 if view == "week" else max(15, min(60, location.slot_minutes))
    first, last = _row_range(windows, appointments, zone)
    cells = {}
    rows = []
    for minute in range(first, last, row_minutes):
        clock = time(minute // 60, minute % 60)
        row = Row(label=f"{clock:%H:%M}", cells=[])
        for column in columns:
            row_start = agenda.local_instant(column.day, clock, zone)
            row_end = row_start + timedelta(minutes=row_minutes)
            # Open when the location is open during any part of the row; a new appointment starts then.
            open_from = [
                max(opens, row_start) for opens, closes in column.windows if opens < row_end and closes > row_start
            ]
            cell = Cell(is_open=bool(open_from))
            moment = open_from[0] if open_from else row_start
            clock_open = timezone.localtime(moment, zone).time()
            if can_write and cell.is_open and moment > timezone.now():
                query = f"location={location.pk}&date={column.day.isoformat()}&time={clock_open:%H:%M}"
                if column.practitioner_id:
                    query += f"&practitioner={column.practitioner_id}"
                cell.add_url = f"{reverse('clinic:appointment-add')}?{query}"
            cells[(column.day, column.practitioner_id, minute)] = cell
            row.cells.append(cell)
        rows.append(row)
    for appointment in appointments:
        start_minute = appointment.local_start.hour * 60 + appointment.local_start.minute
        minute = first + (start_minute - first) // row_minutes * row_minutes
        key_practitioner = appointment.practitioner_id if view == "day" else None  # a column each
        cell = cells.get((appointment.local_start.date(), key_practitioner, minute))
        if cell is not None:
            cell.appointments.append(appointment)
    return {"columns": columns, "rows": rows, "appointments": appointments}


def _columns(location, days, view, appointments, windows) -> list[GridColumn]:
    if view == "week":
        weekend = [
            d
            for d in days
            if d.weekday() >= 5 and not windows[d] and not any(a.local_start.date() == d for a in appointments)
        ]
        return [GridColumn("", d, windows=windows[d]) for d in days if d not in weekend]
    day = days[0]
    people = {p.pk: p.name for p in location.practitioners.filter(is_active=True)}
    for appointment in appointments:
        if appointment.practitioner_id is not None:
            people.setdefault(appointment.practitioner_id, appointment.practitioner.name)
    columns = [
        GridColumn(name, day, pk, windows[day]) for pk, name in sorted(people.items(), key=lambda i: i[1].casefold())
    ]
    if not columns or any(a.practitioner_id is None for a in appointments):
        columns.append(GridColumn("Unassigned" if columns else "Appointments", day, None, windows[day]))
    return columns


def _row_range(windows, appointments, zone) -> tuple[int, int]:
    """The first and last minute of the day to show, whole hours around opening times and appointments."""
    starts, ends = [], []
    for day_windows in windows.values():
        for opens, closes in day_windows:
            opens_local, closes_local = timezone.localtime(opens, zone), timezone.localtime(closes, zone)
            starts.append(opens_local.hour * 60 + opens_local.minute)
            ends.append(
                24 * 60 if closes_local.date() > opens_local.date() else closes_local.hour * 60 + closes_local.minute
            )
    for appointment in appointments:
        starts.append(appointment.local_start.hour * 60 + appointment.local_start.minute)
        same_day = appointment.local_end.date() == appointment.local_start.date()
        ends.append(appointment.local_end.hour * 60 + appointment.local_end.minute if same_day else 24 * 60)
    first = min(starts, default=8 * 60) // 60 * 60
    last = -(-max(ends, default=17 * 60) // 60) * 60
    return first, max(last, first + 60)


@practice_page
def appointment_detail(request, pk):
    appointment = selectors.appointment_detail(
        pk, by=actor_of(request), tenant=request.tenant, details={"page": request.path}
    )
    zone = tenant_zone(request.tenant)
    allowed_next = agenda.TRANSITIONS[appointment.status] if _can_write(request) else set()
    context = {
        "appointment": appointment,
        "starts_at": timezone.localtime(appointment.starts_at, zone),
        "ends_at": timezone.localtime(appointment.ends_at, zone),
        "transitions": [(value, label) for value, label in Appointment.Status.choices if value in allowed_next],
        "patient_url": _patient_url(appointment.patient_id),
        "agenda_url": f"{reverse('clinic:agenda')}?location={appointment.location_id}&view=day"
        f"&date={timezone.localtime(appointment.starts_at, zone).date().isoformat()}",
    }
    return render(request, "clinic/agenda/appointment_detail.html", context)


@practice_page
@require_POST
def appointment_status(request, pk):
    try:
        appointment = agenda.update_appointment(
            request.tenant, pk, by=actor_of(request), status=request.POST.get("status", "")
        )
    except (Invalid, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The appointment is now {appointment.get_status_display().lower()}.")
    return redirect("clinic:appointment", pk=pk)


@practice_page
def appointment_add(request):
    actor = actor_of(request)
    tenant = request.tenant
    choices = selectors.appointment_choices(tenant, by=actor)
    form = forms.AppointmentForm(request.POST or None, choices=choices, initial=_add_initial(request, choices))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = agenda.create_appointment(
                tenant,
                patient=data["patient"],
                practitioner=data["practitioner"],
                location=data["location"],
                appointment_type=data["appointment_type"],
                starts_at=data["starts_at"],
                notes=data["notes"],
                by=actor,
            )
        except (Invalid, Conflict) as error:
            form.add_application_error(error)
            status = error.status_code
        else:
            messages.success(request, f"The appointment for {appointment.patient.display_name} is booked.")
            return redirect(
                f"{reverse('clinic:agenda')}?location={appointment.location_id}&view=day"
                f"&date={data['date'].isoformat()}"
            )
    if form.errors and status == 200:
        status = 400
    return render(request, "clinic/agenda/appointment_form.html", {"form": form}, status=status)


def _add_initial(request, choices) -> dict:
    """Prefill from the agenda cell that was clicked (or a patient's page): ?location=&date=&time=&patient=."""
    initial = {key: request.GET[key] for key in ("location", "practitioner", "date", "time") if request.GET.get(key)}
    number = choices.patient_number(request.GET.get("patient", ""))
    if number is not None:
        initial["patient"] = number
    return initial
