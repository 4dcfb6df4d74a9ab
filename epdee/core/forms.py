"""What every dashboard form shares: showing a service's refusal next to the input it concerns, and the honeypot
of the public forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .errors import NON_FIELD, ApplicationError


class ApplicationErrorFormMixin:
    """A form that shows an ApplicationError: each message on the field it names, else above the form.

    `service_field_names` maps a service's field name to the form's where they differ
    (`{"practitioner_id": "practitioner"}`).
    """

    service_field_names: dict[str, str] = {}

    def add_application_error(self, error: ApplicationError) -> None:
        for field, messages in error.field_errors.items():
            name = self.service_field_names.get(field, field)
            target = name if name != NON_FIELD and name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class ServiceForm(ApplicationErrorFormMixin, forms.Form):
    """A plain form whose cleaned data a service checks and stores."""


# --- the honeypot: one check for every public form and serializer ------------------------------------------


HONEYPOT_REFUSED = _("This field must stay empty.")


class HoneypotField(forms.CharField):
    """A field people never see (the page hides it from eyes and screen readers); software that fills in
    every field fills this one too. Check it with `is_bot(form)` and answer as for a person, keeping nothing;
    or, where a pretended success would mislead (a booking shows its confirmation), `refuse=True` makes a
    filled honeypot an ordinary field error."""

    honeypot = True

    def __init__(self, *, refuse: bool = False, **kwargs):
        kwargs.setdefault("label", _("Leave this field empty"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.refuse = refuse
        self.widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if self.refuse and value.strip():
            raise forms.ValidationError(HONEYPOT_REFUSED, code="honeypot")
        return value


def _honeypot_keys(form) -> list[str]:
    """The keys of the honeypots in a form's cleaned data or a serializer's validated data."""
    return [
        getattr(field, "source", None) or name
        for name, field in form.fields.items()
        if getattr(field, "honeypot", False)
    ]


def _valid_data(form) -> dict:
    data = getattr(form, "cleaned_data", None)
    return data if data is not None else form.validated_data


def is_bot(form) -> bool:
    """Whether a validated form (or DRF serializer, see `epdee.core.api.fields.HoneypotField`) has a filled
    honeypot. The caller then answers as for a person and keeps nothing, so the bot learns nothing."""
    data = _valid_data(form)
    return any(str(data.get(key) or "").strip() for key in _honeypot_keys(form))


def without_honeypots(form) -> dict:
    """The validated data without the honeypots: what a service is handed."""
    honeypots = set(_honeypot_keys(form))
    return {name: value for name, value in _valid_data(form).items() if name not in honeypots}
