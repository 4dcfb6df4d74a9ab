"""Forms of the agenda pages (practice setup, appointments) and of the public booking page."""

from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone

from .models import AppointmentType, Location, OpeningHours, Patient, Practitioner
from .services.agenda import LOCATION_FIELDS, PRACTITIONER_FIELDS, tenant_zone
from .services.booking import MAX_DAYS_AHEAD

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_error(form, exc, fields: dict | None = None) -> None:
    """Show a service's refusal on the field it names (translated by `fields`), else above the form."""
    field = (fields or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, str(exc))


class LocationForm(forms.ModelForm):
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
class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(choices=OpeningHours._meta.get_field("weekday").choices, coerce=int)
    opens = forms.TimeField(widget=TIME)
    closes = forms.TimeField(widget=TIME)


class ScheduleExceptionForm(forms.Form):
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


class AppointmentTypeForm(forms.Form):
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


class PractitionerForm(forms.ModelForm):
    locations = forms.ModelMultipleChoiceField(
        queryset=Location.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Practitioner
        fields = [*PRACTITIONER_FIELDS, "locations"]
        labels = {"agb_code": "AGB code", "is_active": "Active (can be booked)"}

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = Location.objects.for_tenant(tenant)


class AppointmentForm(forms.Form):
    patient = forms.CharField(
        label="Patient", max_length=20, help_text="The patient's number or BSN, as on the patient's page."
    )
    location = forms.ModelChoiceField(queryset=Location.objects.none())
    practitioner = forms.ModelChoiceField(queryset=Practitioner.objects.none())
    appointment_type = forms.ModelChoiceField(queryset=AppointmentType.objects.none(), label="Type")
    date = forms.DateField(widget=DATE)
    time = forms.TimeField(widget=TIME, label="Start time")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["location"].queryset = Location.objects.for_tenant(tenant)
        self.fields["practitioner"].queryset = Practitioner.objects.for_tenant(tenant).filter(is_active=True)
        self.fields["appointment_type"].queryset = AppointmentType.objects.for_tenant(tenant)

    def clean_patient(self):
        number = self.cleaned_data["patient"].strip()
        match = Q(identification_number=number) | (Q(bsn=number) if number.isdigit() else Q(pk__in=[]))
        patient = Patient.objects.for_tenant(self.tenant).filter(match).first()
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


class BookingChoiceForm(forms.Form):
    """Step one of the booking page: where, what and which day (sent with GET, so it works without JavaScript)."""

    success_css_class = ""  # a choice is not an answer to be marked right

    location = forms.ModelChoiceField(queryset=Location.objects.none(), empty_label=None)
    appointment_type = forms.ModelChoiceField(queryset=AppointmentType.objects.none(), empty_label=None, label="Type")
    date = forms.DateField(widget=DATE)

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.for_tenant(tenant).filter(bookable_online=True)
        self.fields["appointment_type"].queryset = AppointmentType.objects.for_tenant(tenant).filter(
            bookable_online=True
        )
        today = timezone.localdate(timezone=tenant_zone(tenant))
        self.fields["date"].widget.attrs.update(
            min=today.isoformat(), max=(today + timedelta(days=MAX_DAYS_AHEAD)).isoformat()
        )


class BookingDetailsForm(BookingChoiceForm):
    """Step two: the chosen time and who is coming. `website` is a honeypot and must stay empty."""

    slot = forms.CharField(label="Time", max_length=40, error_messages={"required": "Choose one of the times."})
    first_name = forms.CharField(max_length=100)
    family_name = forms.CharField(max_length=150, label="Family name")
    birth_date = forms.DateField(widget=DATE, label="Date of birth")
    email = forms.EmailField(max_length=254, label="E-mail address")
    phone = forms.RegexField(regex=r"^[0-9 +()\-]{6,30}$", max_length=30, required=False, label="Phone (optional)")
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_slot(self):
        try:
            value = datetime.fromisoformat(self.cleaned_data["slot"])
        except ValueError:
            value = None
        if value is None or timezone.is_naive(value) or not 1900 <= value.year <= 2200:
            raise forms.ValidationError("Choose one of the times.")
        return value

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("This field must stay empty.")
        return ""

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value.year < 1900 or value > timezone.localdate():
            raise forms.ValidationError("Give your date of birth.")
        return value
