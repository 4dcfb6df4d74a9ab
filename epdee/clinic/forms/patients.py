"""Dashboard forms of the patients area. They check types; the rules are the service's, whose refusal each form
shows next to the field it names (ApplicationErrorFormMixin)."""

from django import forms

from epdee.core.forms import ApplicationErrorFormMixin

from ..models import DossierEntry, Patient, Practitioner

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PatientForm(ApplicationErrorFormMixin, forms.Form):
    family_name = forms.CharField(max_length=150, label="Family name")
    prefix = forms.CharField(max_length=20, required=False, label="Prefix", help_text="Tussenvoegsel, e.g. van der")
    initials = forms.CharField(max_length=20, required=False, help_text="e.g. J.P.")
    first_name = forms.CharField(max_length=100, required=False, label="First name")
    birth_date = forms.DateField(required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput())
    sex = forms.ChoiceField(choices=Patient.Sex.choices, initial=Patient.Sex.UNKNOWN)
    bsn = forms.CharField(max_length=20, required=False, label="BSN", help_text="9 digits, checked by the 11-proof")
    identification_number = forms.CharField(
        max_length=20,
        required=False,
        label="Identification number",
        help_text="The practice's own number. Leave empty for the next one (P000123).",
    )
    street = forms.CharField(max_length=200, required=False)
    house_number = forms.CharField(max_length=10, required=False, label="House number")
    house_number_addition = forms.CharField(max_length=10, required=False, label="Addition")
    postal_code = forms.CharField(max_length=20, required=False, label="Postal code", help_text="e.g. 3511 AB")
    city = forms.CharField(max_length=100, required=False)
    country = forms.CharField(max_length=2, required=False, initial="NL", help_text="Two letters, e.g. NL")
    email = forms.EmailField(max_length=254, required=False, label="E-mail")
    phone = forms.CharField(max_length=30, required=False)

    @classmethod
    def for_patient(cls, patient: Patient, data=None):
        form = cls(data=data, initial={name: getattr(patient, name) for name in cls.base_fields})
        form.fields["identification_number"].help_text = "The practice's own number for this patient."
        return form


class GeneralPractitionerForm(ApplicationErrorFormMixin, forms.Form):
    agb_code = forms.CharField(max_length=20, label="AGB code", help_text="8 digits")
    name = forms.CharField(
        max_length=200,
        required=False,
        help_text="Optional. Without a name an unknown code is stored as “AGB” and its number.",
    )


class DossierEntryForm(ApplicationErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=DossierEntry.Kind.choices, initial=DossierEntry.Kind.REPORT)
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=100_000)
    occurred_at = forms.DateTimeField(
        label="When", required=False, widget=DateTimeInput(), help_text="Empty: now. Not in the future."
    )
    practitioner = forms.ModelChoiceField(
        queryset=Practitioner.objects.none(), required=False, empty_label="— me, or nobody —"
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = Practitioner.objects.for_tenant(tenant).filter(is_active=True)
