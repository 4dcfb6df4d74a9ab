"""Submitting the registry's admin forms as a staff member would: the page's own values, a few of them changed."""

from django.forms import CheckboxInput, MultiWidget
from django.urls import reverse

from tests.core.factories import PASSWORD, UserFactory, give_totp
from tests.support import login


def sign_in_staff(client):
    """A platform staff member (superuser, with the two factors the admin asks for), signed in."""
    staff = UserFactory(superadmin=True)
    login(client, staff.email, PASSWORD, totp_secret=give_totp(staff))
    return staff


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:registry_{model._meta.model_name}_{action}", args=args)


def _form_values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        key, value = form.add_prefix(name), form[name].value()
        if isinstance(field.widget, MultiWidget):  # e.g. a date and a time input for one DateTimeField
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(field.widget, CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif value is not None:
            data[key] = str(value)
    return data


def page_values(response) -> dict:
    """The values an admin add or change page would send back unchanged, inlines' management forms included."""
    assert response.status_code == 200, response.status_code
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= _form_values(inline.formset.management_form)
        for form in inline.formset.forms:
            data |= _form_values(form)
    return data


def submit(client, url: str, **changes):
    """Open the admin page, change some fields, press Save; the response is not followed."""
    data = page_values(client.get(url)) | changes | {"_save": "Save"}
    return client.post(url, data)


def form_errors(response) -> dict:
    """The errors the admin page shows on its form (field name → messages; "__all__" above the form)."""
    assert response.status_code == 200, response.status_code
    return {name: list(messages) for name, messages in response.context["adminform"].form.errors.items()}
