"""Forms of the Certificates tab and the care organisation's request page: they read input, the services judge it."""

from django import forms

from .crypto import MAX_CSR_BYTES


class EnvironmentForm(forms.Form):
    customer_code = forms.CharField(
        label="Customer code",
        max_length=20,
        widget=forms.TextInput(
            attrs={"placeholder": "e.g. TE1002", "autocomplete": "off", "autocapitalize": "characters"}
        ),
        error_messages={"required": "Enter the customer code of the environment, e.g. TE1002."},
    )


class CsrUploadForm(forms.Form):
    csr = forms.FileField(
        label="CSR file",
        allow_empty_file=True,  # the service explains what an empty file is
        error_messages={"required": "Choose the CSR file to upload (PEM or DER)."},
    )

    def csr_bytes(self) -> bytes:
        """At most one byte more than allowed: enough for the service to say the file is too large."""
        upload = self.cleaned_data["csr"]
        upload.seek(0)
        return upload.read(MAX_CSR_BYTES + 1)


class EnabledForm(forms.Form):
    enabled = forms.TypedChoiceField(choices=[("1", "Enabled"), ("0", "Disabled")], coerce=lambda value: value == "1")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    notes = forms.CharField(max_length=4000, required=False, strip=True)

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"
