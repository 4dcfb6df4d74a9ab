"""Dashboard pages of patients: the searchable list with "New patient", the detail with GP, insurances,
dossier and appointments, and the edit page. Viewers see all of it without the forms; every read is audited.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from epdee.core.services import TenantError
from epdee.core.tables import Column, build_table

from ..api.base import audit_patient_access
from ..forms_patients import DossierEntryForm, GeneralPractitionerForm, PatientForm, add_service_errors
from ..models import Patient, PatientInsurance
from ..services import patients as services
from .base import practice_page, require_write

SUBLIST_PAGE_SIZE = 20

PATIENT_COLUMNS = [
    Column("name", "Name", "family_name"),
    Column("number", "Number", "identification_number"),
    Column("birth_date", "Birth date", "birth_date"),
    Column("bsn", "BSN", "bsn"),
    Column("city", "City", "city"),
    Column("gp", "General practitioner", "general_practitioner__name"),
]


def _patient(request, pk) -> Patient:
    queryset = Patient.objects.for_tenant(request.tenant).select_related("general_practitioner")
    return get_object_or_404(queryset, pk=pk)


@practice_page
def patient_list(request):
    can_write = request.membership.can_write
    form = PatientForm() if can_write else None
    if request.method == "POST":
        require_write(request)
        form = PatientForm(request.POST)
        if form.is_valid():
            try:
                patient = services.create_patient(request.tenant, by=request.user, **form.cleaned_data)
            except services.PatientError as error:
                add_service_errors(form, error)
            except TenantError as error:
                raise PermissionDenied(str(error)) from None
            else:
                messages.success(
                    request, f"{patient.display_name} was added as patient {patient.identification_number}."
                )
                return redirect("clinic:patient", pk=patient.pk)
    search = services.clean_search(request.GET.get("search", ""))
    queryset = services.search_patients(
        Patient.objects.for_tenant(request.tenant).select_related("general_practitioner"), search
    )
    table = build_table(request, queryset, PATIENT_COLUMNS, default_sort="name")
    audit_patient_access(request, "patient.list", [patient.pk for patient in table.rows], details={"search": search})
    context = {
        "table": table,
        "search": search,
        "form": form,
        "form_open": form is not None and form.is_bound,
        "can_write": can_write,
    }
    return render(request, "clinic/patients/list.html", context)


def _detail(request, patient: Patient, *, gp_form=None, entry_form=None, status=200):
    can_write = request.membership.can_write
    if can_write:
        gp_form = gp_form or GeneralPractitionerForm()
        entry_form = entry_form or DossierEntryForm(tenant=request.tenant)
    audit_patient_access(request, "patient.view", [patient.pk], obj=patient)
    context = {
        "patient": patient,
        "can_write": can_write,
        "gp_form": gp_form if can_write else None,
        "entry_form": entry_form if can_write else None,
        "insurances": PatientInsurance.objects.for_tenant(request.tenant).filter(patient=patient),
        "entries": Paginator(services.dossier_entries(patient), SUBLIST_PAGE_SIZE).get_page(
            request.GET.get("dossier_page")
        ),
        "appointments": Paginator(services.patient_appointments(patient), SUBLIST_PAGE_SIZE).get_page(
            request.GET.get("appointments_page")
        ),
    }
    return render(request, "clinic/patients/detail.html", context, status=status)


@practice_page
def patient_detail(request, pk):
    return _detail(request, _patient(request, pk))


@practice_page
def patient_edit(request, pk):
    patient = _patient(request, pk)
    require_write(request)
    form = PatientForm.for_patient(patient, data=request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if name in form.changed_data}
        try:
            services.update_patient(patient, by=request.user, **changes)
        except services.PatientError as error:
            add_service_errors(form, error)
        except TenantError as error:
            raise PermissionDenied(str(error)) from None
        else:
            messages.success(request, "The patient's details were saved.")
            return redirect("clinic:patient", pk=patient.pk)
    if not form.is_bound:
        audit_patient_access(request, "patient.view", [patient.pk], obj=patient, details={"page": "edit"})
    return render(request, "clinic/patients/edit.html", {"patient": patient, "form": form})


@practice_page
@require_POST
def patient_gp_link(request, pk):
    patient = _patient(request, pk)
    require_write(request)
    form = GeneralPractitionerForm(request.POST)
    if form.is_valid():
        try:
            provider = services.link_general_practitioner(
                patient, form.cleaned_data["agb_code"], name=form.cleaned_data["name"] or None, by=request.user
            )
        except services.PatientError as error:
            add_service_errors(form, error)
        except TenantError as error:
            raise PermissionDenied(str(error)) from None
        else:
            messages.success(request, f"{provider.name} is now the general practitioner.")
            return redirect("clinic:patient", pk=patient.pk)
    return _detail(request, patient, gp_form=form)


@practice_page
@require_POST
def patient_gp_unlink(request, pk):
    patient = _patient(request, pk)
    require_write(request)
    try:
        previous = services.unlink_general_practitioner(patient, by=request.user)
    except TenantError as error:
        raise PermissionDenied(str(error)) from None
    if previous is not None:
        messages.success(request, f"{previous.name} is no longer linked as general practitioner.")
    return redirect("clinic:patient", pk=patient.pk)


@practice_page
@require_POST
def patient_dossier_add(request, pk):
    patient = _patient(request, pk)
    require_write(request)
    form = DossierEntryForm(request.POST, tenant=request.tenant)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_dossier_entry(
                patient,
                by=request.user,
                title=data["title"],
                text=data["text"],
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                practitioner_id=data["practitioner"].pk if data["practitioner"] else None,
            )
        except services.PatientError as error:
            add_service_errors(form, error)
        except TenantError as error:
            raise PermissionDenied(str(error)) from None
        else:
            messages.success(request, "The entry was added to the dossier.")
            return redirect(reverse("clinic:patient", kwargs={"pk": patient.pk}) + "#dossier")
    return _detail(request, patient, entry_form=form)
