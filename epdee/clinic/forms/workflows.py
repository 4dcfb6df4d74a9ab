"""Dashboard forms of workflows (name, description, active) and their steps; the workflow service checks the
same rules again and its refusals show at the field they name."""

from django import forms

from epdee.core.forms import ApplicationErrorFormMixin

from ..services import workflows


class WorkflowForm(ApplicationErrorFormMixin, forms.Form):
    name = forms.CharField(max_length=workflows.MAX_NAME_LENGTH, help_text="e.g. Intake new patient")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=workflows.MAX_TEXT_LENGTH
    )
    is_active = forms.BooleanField(
        label="Active", required=False, initial=True, help_text="Inactive workflows are kept but not offered."
    )


class StepForm(ApplicationErrorFormMixin, forms.Form):
    title = forms.CharField(label="Step", max_length=workflows.MAX_TITLE_LENGTH, help_text="e.g. Check the insurance")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=workflows.MAX_TEXT_LENGTH
    )
