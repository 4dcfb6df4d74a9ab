"""Dashboard forms of billing: registering a care activity (prices typed in euros, kept in cents)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone

from epdee.core.forms import ApplicationErrorFormMixin

from ..models import Appointment
from ..services import billing


class EuroField(forms.Field):
    """An amount in euros as people type it ("165", "165,00", "1.234,50", "€ 12.5"), cleaned to cents."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 20})

    def __init__(self, *, max_cents: int, **kwargs):
        self.max_cents = max_cents
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value or "").replace("€", "").replace(" ", "").strip()
        if not text:
            return 0
        if len(text) > 20:
            raise forms.ValidationError("Enter an amount in euros, e.g. 165,00.", code="invalid")
        if "," in text:  # Dutch: dots group thousands, the comma is the decimal sign
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Enter an amount in euros, e.g. 165,00.", code="invalid") from None
        if not amount.is_finite():
            raise forms.ValidationError("Enter an amount in euros, e.g. 165,00.", code="invalid")
        if not 0 <= amount * 100 <= self.max_cents:
            raise forms.ValidationError(
                f"Enter an amount from 0 to {self.max_cents // 100:,} euros.".replace(",", "."), code="range"
            )
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError("Use at most two decimals (cents).", code="invalid")
        return int(amount * 100)


class CareActivityForm(ApplicationErrorFormMixin, forms.Form):
    """The form's fields are the service's arguments; the service's refusals land on them."""

    appointment = forms.ModelChoiceField(
        queryset=Appointment.objects.none(),
        required=False,
        empty_label="— not at an appointment —",
        help_text="The appointment at which it was done, if any.",
    )
    description = forms.CharField(max_length=billing.MAX_DESCRIPTION_LENGTH)
    prestatie_code = forms.CharField(
        label="NZa prestatiecode", max_length=20, required=False, validators=[billing.code_validator]
    )
    zorgactiviteit_code = forms.CharField(
        label="NZa zorgactiviteitcode", max_length=20, required=False, validators=[billing.code_validator]
    )
    unit_price_cents = EuroField(
        label="Unit price (€)", max_cents=billing.MAX_UNIT_PRICE_CENTS, required=False, help_text="e.g. 165,00"
    )
    quantity = forms.IntegerField(min_value=1, max_value=billing.MAX_QUANTITY, initial=1)
    performed_at = forms.DateTimeField(
        label="Performed at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=billing.MAX_NOTES_LENGTH
    )

    def __init__(self, *args, tenant, patient_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].queryset = (
            Appointment.objects.for_tenant(tenant)
            .filter(patient_id=patient_id)
            .select_related("location")
            .order_by("-starts_at")
        )
        self.fields["appointment"].label_from_instance = lambda appointment: (
            f"{timezone.localtime(appointment.starts_at):%d-%m-%Y %H:%M} · {appointment.location.name}"
        )
        if not self.is_bound:
            self.initial.setdefault("performed_at", timezone.localtime().replace(second=0, microsecond=0))
