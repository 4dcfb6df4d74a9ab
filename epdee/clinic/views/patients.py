"""Dashboard pages of patients: the searchable list with "New patient", the detail with GP, insurances,
dossier and appointments, and the edit page. Viewers see all of it without the forms.

Reads go through epdee/clinic/selectors/patients.py (which record them), changes through the services (which
check who may); a refusal is shown next to the form's fields, or as the 403/404 page.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from epdee.core.errors import Conflict, Invalid
from epdee.core.permissions import actor_of, allowed, require
from epdee.core.tables import Column, build_table

from ..forms.patients import DossierEntryForm, GeneralPractitionerForm, PatientForm
from ..selectors import patients as selectors
from ..services import patients as services
from .base import practice_page

SUBLIST_PAGE_SIZE = 20
# What a form can show next to its fields; other refusals (role, licence, another tenant's id) are pages.
FORM_ERRORS = (Invalid, Conflict)

PATIENT_COLUMNS = [
    Column("name", "Name", "family_name"),
    Column("number", "Number", "identification_number"),
    Column("birth_date", "Birth date", "birth_date"),
    Column("bsn", "BSN", "bsn"),
    Column("city", "City", "city"),
    Column("gp", "General practitioner", "general_practitioner__name"),
]


@practice_page
def patient_list(request):
    actor, tenant = actor_of(request), request.tenant
    can_write = allowed(actor, "tenant.change", tenant)
    form = PatientForm() if can_write else None
    if request.method == "POST":
        # Before reading the form: someone who may not add patients is told so, not that a field is missing.
        require(actor, "tenant.change", tenant)
        form = PatientForm(request.POST)
        if form.is_valid():
            try:
                patient = services.create_patient(tenant, by=actor, **form.cleaned_data)
            except FORM_ERRORS as error:
                form.add_application_error(error)
            else:
                messages.success(
                    request,
                    _("%(name)s was added as patient %(number)s.")
                    % {"name": patient.display_name, "number": patient.identification_number},
                )
                return redirect("clinic:patient", pk=patient.pk)
    search = selectors.clean_search(request.GET.get("search", ""))
    table = build_table(
        request, selectors.patient_list(by=actor, tenant=tenant, search=search), PATIENT_COLUMNS, default_sort="name"
    )
    len(table.page)  # load the page now: the "patient.list" event names its rows, even when there are none
    context = {
        "table": table,
        "search": search,
        "form": form,
        "form_open": form is not None and form.is_bound,
        "can_write": can_write,
    }
    return render(request, "clinic/patients/list.html", context)


def _detail(request, pk, *, gp_form=None, entry_form=None):
    actor, tenant = actor_of(request), request.tenant
    patient = selectors.patient_detail(pk, by=actor, tenant=tenant, dossier=False)
    can_write = allowed(actor, "tenant.change", tenant)
    if can_write:
        gp_form = gp_form or GeneralPractitionerForm()
        entry_form = entry_form or DossierEntryForm(tenant=tenant)
    context = {
        "patient": patient,
        "can_write": can_write,
        "gp_form": gp_form if can_write else None,
        "entry_form": entry_form if can_write else None,
        "insurances": patient.insurances.all(),
        "entries": Paginator(selectors.dossier_entries_of(patient, by=actor), SUBLIST_PAGE_SIZE).get_page(
            request.GET.get("dossier_page")
        ),
        "appointments": Paginator(selectors.appointments_of(patient, by=actor), SUBLIST_PAGE_SIZE).get_page(
            request.GET.get("appointments_page")
        ),
    }
    return render(request, "clinic/patients/detail.html", context)


@practice_page
def patient_detail(request, pk):
    return _detail(request, pk)


@practice_page
def patient_edit(request, pk):
    actor, tenant = actor_of(request), request.tenant
    if request.method != "POST":
        patient = selectors.patient_for_edit(pk, by=actor, tenant=tenant)
        context = {"patient": patient, "form": PatientForm.for_patient(patient)}
        return render(request, "clinic/patients/edit.html", context)
    patient = selectors.patient_to_change(pk, by=actor, tenant=tenant)
    form = PatientForm.for_patient(patient, data=request.POST)
    if form.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if name in form.changed_data}
        try:
            services.update_patient(patient, by=actor, **changes)
        except FORM_ERRORS as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The patient's details were saved."))
            return redirect("clinic:patient", pk=patient.pk)
    return render(request, "clinic/patients/edit.html", {"patient": patient, "form": form})


@practice_page
@require_POST
def patient_gp_link(request, pk):
    actor = actor_of(request)
    patient = selectors.patient_to_change(pk, by=actor, tenant=request.tenant)
    form = GeneralPractitionerForm(request.POST)
    if form.is_valid():
        try:
            provider = services.link_general_practitioner(
                patient, form.cleaned_data["agb_code"], name=form.cleaned_data["name"] or None, by=actor
            )
        except FORM_ERRORS as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("%(name)s is now the general practitioner.") % {"name": provider.name})
            return redirect("clinic:patient", pk=patient.pk)
    return _detail(request, patient.pk, gp_form=form)


@practice_page
@require_POST
def patient_gp_unlink(request, pk):
    actor = actor_of(request)
    patient = selectors.patient_to_change(pk, by=actor, tenant=request.tenant)
    previous = services.unlink_general_practitioner(patient, by=actor)
    if previous is not None:
        messages.success(request, _("%(name)s is no longer linked as general practitioner.") % {"name": previous.name})
    return redirect("clinic:patient", pk=patient.pk)


@practice_page
@require_POST
def patient_dossier_add(request, pk):
    actor = actor_of(request)
    patient = selectors.patient_to_change(pk, by=actor, tenant=request.tenant)
    form = DossierEntryForm(request.POST, tenant=request.tenant)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_dossier_entry(
                patient,
                by=actor,
                title=data["title"],
                text=data["text"],
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                practitioner_id=data["practitioner"].pk if data["practitioner"] else None,
            )
        except FORM_ERRORS as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The entry was added to the dossier."))
            return redirect(reverse("clinic:patient", kwargs={"pk": patient.pk}) + "#dossier")
    return _detail(request, patient.pk, entry_form=form)
