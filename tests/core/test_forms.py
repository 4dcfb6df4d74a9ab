"""The form mixin: a service's refusal shown next to the input it concerns, else above the form."""

from django import forms

from epdee.core.errors import Conflict, Invalid, NotFound
from epdee.core.forms import ApplicationErrorFormMixin, ServiceForm


class AppointmentForm(ApplicationErrorFormMixin, forms.Form):
    starts_at = forms.CharField()
    practitioner = forms.CharField()

    service_field_names = {"practitioner_id": "practitioner"}


def bound(form_class=AppointmentForm):
    form = form_class(data={"starts_at": "09:00", "practitioner": "7"})
    assert form.is_valid()
    return form


def test_a_message_lands_on_the_field_it_names():
    form = bound()
    form.add_application_error(Invalid("Choose a time in opening hours.", field="starts_at"))
    assert form.errors == {"starts_at": ["Choose a time in opening hours."]}
    assert not form.is_valid()


def test_service_names_are_mapped_to_the_forms_names():
    form = bound()
    form.add_application_error(Conflict("The practitioner is busy then.", field="practitioner_id"))
    assert form.errors == {"practitioner": ["The practitioner is busy then."]}


def test_a_message_about_an_unknown_field_or_none_goes_above_the_form():
    form = bound()
    form.add_application_error(Invalid("The patient is deceased.", field="patient_id"))
    form.add_application_error(NotFound("No such appointment type."))
    assert form.non_field_errors() == ["The patient is deceased.", "No such appointment type."]
    assert "starts_at" not in form.errors and "practitioner" not in form.errors


def test_every_collected_field_gets_its_messages():
    form = bound()
    form.add_application_error(
        Invalid.collect({"starts_at": ["Too early.", "On a Sunday."], "__all__": ["Closed that week."]})
    )
    assert form.errors["starts_at"] == ["Too early.", "On a Sunday."]
    assert form.non_field_errors() == ["Closed that week."]


class NoteForm(ServiceForm):
    title = forms.CharField()


def test_a_service_form_shows_refusals_too():
    form = NoteForm(data={"title": "Consult"})
    assert form.is_valid()
    form.add_application_error(Invalid("The title holds a control character.", field="title"))
    assert form.errors == {"title": ["The title holds a control character."]}
