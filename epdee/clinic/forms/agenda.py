"""Forms of the agenda pages (practice setup, appointments) and of the public booking page."""

from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone

from epdee.core.forms import ApplicationErrorFormMixin, HoneypotField, ServiceForm

from ..models import AppointmentType, Location, OpeningHours, Practitioner
from ..selectors.agenda import bookable_appointment_types, bookable_locations
from ..services.agenda import LOCATION_FIELDS, PRACTITIONER_FIELDS, tenant_zone
from ..services.booking import MAX_DAYS_AHEAD

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LocationForm(ApplicationErrorFormMixin, forms.ModelForm):
    class Meta:
        model = Location
        fields = LOCATION_FIELDS
        help_texts = {
            "code": "Short name in addresses and exports, e.g. centrum (letters, digits, hyphens).",
            "slot_minutes": "Appointments can start every this many minutes (5–240).",
            "bookable_online": "Patients can book this location on the public booking page.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot_minutes"].widget.attrs.update(min=5, max=240)


# Plain forms (not ModelForms) where the service, not a database constraint, explains what is wrong.
class OpeningHoursForm(ServiceForm):
    weekday = forms.TypedChoiceField(choices=OpeningHours._meta.get_field("weekday").choices, coerce=int)
    opens = forms.TimeField(widget=TIME)
    closes = forms.TimeField(widget=TIME)


class ScheduleExceptionForm(ServiceForm):
    date = forms.DateField(widget=DATE)
    closed = forms.BooleanField(
        required=False,
        initial=True,
        label="Closed all day",
        help_text="Untick and give times for special hours on this date (they replace the usual hours).",
    )
    opens = forms.TimeField(widget=TIME, required=False, label="Special opening time")
    closes = forms.TimeField(widget=TIME, required=False, label="Special closing time")
    reason = forms.CharField(max_length=200, required=False, help_text="E.g. Koningsdag; only staff see it.")


class AppointmentTypeForm(ServiceForm):
    service_field_names = {"price_cents": "price"}

    name = forms.CharField(max_length=120)
    code = forms.SlugField(max_length=40, help_text="Short code, e.g. consult (letters, digits, hyphens).")
    duration_minutes = forms.IntegerField(
        min_value=1,
        max_value=32767,
        label="Duration (minutes)",
        help_text="5–480 minutes; an appointment of this type ends this long after it starts.",
        widget=forms.NumberInput(attrs={"min": 5, "max": 480}),
    )
    price = forms.DecimalField(
        label="Price (€)", min_value=Decimal("0"), max_value=Decimal("100000"), decimal_places=2, initial=Decimal("0")
    )
    bookable_online = forms.BooleanField(
        required=False, initial=True, help_text="Patients can choose this type on the public booking page."
    )

    @staticmethod
    def initial_for(appointment_type) -> dict:
        if appointment_type is None:
            return {}
        fields = ("name", "code", "duration_minutes", "bookable_online")
        return {
            **{name: getattr(appointment_type, name) for name in fields},
            "price": Decimal(appointment_type.price_cents) / 100,
        }

    def service_data(self) -> dict:
        return {**self.cleaned_data, "price_cents": int(self.cleaned_data["price"] * 100)}


class PractitionerForm(ApplicationErrorFormMixin, forms.ModelForm):
    locations = forms.ModelMultipleChoiceField(
        queryset=Location.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Practitioner
        fields = [*PRACTITIONER_FIELDS, "locations"]
        labels = {"agb_code": "AGB code", "is_active": "Active (can be booked)"}

    def __init__(self, *args, locations, **kwargs):
        """`locations`: the practice's locations to choose from (selectors.agenda.location_list)."""
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = locations


class AppointmentForm(ServiceForm):
    patient = forms.CharField(
        label="Patient", max_length=20, help_text="The patient's number or BSN, as on the patient's page."
    )
    location = forms.ModelChoiceField(queryset=Location.objects.none())
    practitioner = forms.ModelChoiceField(queryset=Practitioner.objects.none())
    appointment_type = forms.ModelChoiceField(queryset=AppointmentType.objects.none(), label="Type")
    date = forms.DateField(widget=DATE)
    time = forms.TimeField(widget=TIME, label="Start time")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)

    service_field_names = {"starts_at": "time"}

    def __init__(self, *args, choices, **kwargs):
        """`choices`: what the actor may book with (selectors.agenda.appointment_choices)."""
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.tenant = choices.tenant
        self.fields["location"].queryset = choices.locations
        self.fields["practitioner"].queryset = choices.practitioners
        self.fields["appointment_type"].queryset = choices.appointment_types

    def clean_patient(self):
        patient = self.choices.patient(self.cleaned_data["patient"].strip())
        if patient is None:
            raise forms.ValidationError("No patient of this organisation has this number or BSN.")
        return patient

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time"):
            try:
                data["starts_at"] = timezone.make_aware(
                    datetime.combine(data["date"], data["time"]), tenant_zone(self.tenant)
                )
            except (OverflowError, ValueError):
                self.add_error("date", "Give a real date.")
        return data


class BookingChoiceForm(ServiceForm):
    """Step one of the booking page: where, what and which day (sent with GET, so it works without JavaScript)."""

    success_css_class = ""  # a choice is not an answer to be marked right

    location = forms.ModelChoiceField(queryset=Location.objects.none(), empty_label=None)
    appointment_type = forms.ModelChoiceField(queryset=AppointmentType.objects.none(), empty_label=None, label="Type")
    date = forms.DateField(widget=DATE)

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = bookable_locations(tenant)
        self.fields["appointment_type"].queryset = bookable_appointment_types(tenant)
        today = timezone.localdate(timezone=tenant_zone(tenant))
        self.fields["date"].widget.attrs.update(
            min=today.isoformat(), max=(today + timedelta(days=MAX_DAYS_AHEAD)).isoformat()
        )


class BookingDetailsForm(BookingChoiceForm):
    """Step two: the chosen time and who is coming. `website` is a honeypot and must stay empty."""

    service_field_names = {"starts_at": "slot"}

    slot = forms.CharField(label="Time", max_length=40, error_messages={"required": "Choose one of the times."})
    first_name = forms.CharField(max_length=100)
    family_name = forms.CharField(max_length=150, label="Family name")
    birth_date = forms.DateField(widget=DATE, label="Date of birth")
    email = forms.EmailField(max_length=254, label="E-mail address")
    phone = forms.RegexField(regex=r"^[0-9 +()\-]{6,30}$", max_length=30, required=False, label="Phone (optional)")
    website = HoneypotField(refuse=True)

    def clean_slot(self):
        try:
            value = datetime.fromisoformat(self.cleaned_data["slot"])
        except ValueError:
            value = None
        if value is None or timezone.is_naive(value) or not 1900 <= value.year <= 2200:
            raise forms.ValidationError("Choose one of the times.")
        return value

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value.year < 1900 or value > timezone.localdate():
            raise forms.ValidationError("Give your date of birth.")
        return value
