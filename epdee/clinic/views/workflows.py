"""Dashboard pages of workflows (list, create, edit with ordered steps, delete) and of the signed-in user's
notifications. Admins and staff edit workflows, viewers read; everyone marks his own notifications read.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from epdee.core.services import TenantError
from epdee.core.tables import Column, build_table

from ..forms_billing import add_service_errors
from ..forms_workflows import StepForm, WorkflowForm
from ..models import Workflow, WorkflowStep
from ..services import notifications, workflows
from .base import practice_page, require_write

WORKFLOW_COLUMNS = [
    Column("name", "Workflow", "name"),
    Column("active", "Active", "is_active"),
    Column("steps", "Steps", "step_count"),
    Column("updated", "Changed", "updated_at"),
]
NOTIFICATION_COLUMNS = [
    Column("created", "When", "created_at"),
    Column("title", "Notification", "title"),
    Column("read", "Read", "read_at"),
    Column("actions", ""),
]


def _workflow(request, pk) -> Workflow:
    return get_object_or_404(Workflow.objects.for_tenant(request.tenant), pk=pk)


def _step(request, pk, step_pk) -> WorkflowStep:
    workflow = _workflow(request, pk)
    return get_object_or_404(
        WorkflowStep.objects.for_tenant(request.tenant).select_related("workflow"), pk=step_pk, workflow=workflow
    )


def _run(request, change, *args, **kwargs):
    """Call a service; a read-only tenant is a 403, a broken rule a message. Returns (result, ok)."""
    try:
        return change(*args, by=request.user, **kwargs), True
    except workflows.WorkflowError as error:
        messages.error(request, error.message)
    except TenantError as error:
        raise PermissionDenied(str(error)) from None
    return None, False


@practice_page
def workflow_list(request):
    can_write = request.membership.can_write
    form = WorkflowForm(request.POST or None) if can_write else None
    if request.method == "POST":
        require_write(request)
        if form.is_valid():
            try:
                workflow = workflows.create_workflow(request.tenant, by=request.user, **form.cleaned_data)
            except workflows.WorkflowError as error:
                add_service_errors(form, error)
            except TenantError as error:
                raise PermissionDenied(str(error)) from None
            else:
                messages.success(request, f"“{workflow.name}” was created. Add its steps.")
                return redirect("clinic:workflow", pk=workflow.pk)
    queryset = Workflow.objects.for_tenant(request.tenant).annotate(step_count=Count("steps"))
    table = build_table(request, queryset, WORKFLOW_COLUMNS, default_sort="name")
    context = {"table": table, "form": form, "can_write": can_write}
    return render(
        request, "clinic/workflows/list.html", context, status=400 if form is not None and form.errors else 200
    )


@practice_page
def workflow_detail(request, pk):
    """The workflow with its steps; writers edit it here."""
    workflow = _workflow(request, pk)
    can_write = request.membership.can_write
    form = step_form = None
    if can_write:
        initial = {"name": workflow.name, "description": workflow.description, "is_active": workflow.is_active}
        form = WorkflowForm(request.POST or None, initial=initial)
        step_form = StepForm()
    if request.method == "POST":
        require_write(request)
        if form.is_valid():
            try:
                workflows.update_workflow(workflow, by=request.user, **form.cleaned_data)
            except workflows.WorkflowError as error:
                add_service_errors(form, error)
            except TenantError as error:
                raise PermissionDenied(str(error)) from None
            else:
                messages.success(request, f"“{workflow.name}” was saved.")
                return redirect("clinic:workflow", pk=workflow.pk)
        workflow.refresh_from_db()
    return _detail(request, workflow, form=form, step_form=step_form)


def _detail(request, workflow, *, form, step_form, status=None):
    context = {
        "workflow": workflow,
        "steps": list(workflow.steps.order_by("position")),
        "form": form,
        "step_form": step_form,
        "can_write": request.membership.can_write,
    }
    errors = (form is not None and form.errors) or (step_form is not None and step_form.errors)
    return render(request, "clinic/workflows/detail.html", context, status=status or (400 if errors else 200))


@practice_page
@require_POST
def workflow_delete(request, pk):
    require_write(request)
    workflow = _workflow(request, pk)
    _, ok = _run(request, workflows.delete_workflow, workflow)
    if ok:
        messages.success(request, f"“{workflow.name}” was deleted.")
        return redirect("clinic:workflows")
    return redirect("clinic:workflow", pk=workflow.pk)


@practice_page
@require_POST
def step_add(request, pk):
    require_write(request)
    workflow = _workflow(request, pk)
    step_form = StepForm(request.POST)
    if step_form.is_valid():
        try:
            step = workflows.add_step(workflow, by=request.user, **step_form.cleaned_data)
        except workflows.WorkflowError as error:
            add_service_errors(step_form, error)
        except TenantError as error:
            raise PermissionDenied(str(error)) from None
        else:
            messages.success(request, f"Step {step.position} “{step.title}” was added.")
            return redirect(f"{reverse('clinic:workflow', kwargs={'pk': workflow.pk})}#steps")
    initial = {"name": workflow.name, "description": workflow.description, "is_active": workflow.is_active}
    return _detail(request, workflow, form=WorkflowForm(initial=initial), step_form=step_form)


@practice_page
@require_POST
def step_move(request, pk, step_pk):
    require_write(request)
    step = _step(request, pk, step_pk)
    _run(request, workflows.move_step, step, direction=request.POST.get("direction", ""))
    return redirect("clinic:workflow", pk=pk)


@practice_page
@require_POST
def step_remove(request, pk, step_pk):
    require_write(request)
    step = _step(request, pk, step_pk)
    _, ok = _run(request, workflows.remove_step, step)
    if ok:
        messages.success(request, f"Step “{step.title}” was removed.")
    return redirect("clinic:workflow", pk=pk)


@practice_page
@require_POST
def steps_reorder(request, pk):
    """The whole order at once (comma-separated step ids), as the page's drag-and-drop sends it."""
    require_write(request)
    workflow = _workflow(request, pk)
    order = [part for part in request.POST.get("order", "").split(",") if part.strip()]
    _, ok = _run(request, workflows.reorder_steps, workflow, order)
    if ok:
        messages.success(request, "The steps' new order was saved.")
    return redirect("clinic:workflow", pk=pk)


@practice_page
def notification_list(request):
    """The signed-in user's notifications in this practice, newest first."""
    queryset = notifications.notifications_of(request.tenant, request.user)
    table = build_table(request, queryset, NOTIFICATION_COLUMNS, default_sort="-created")
    context = {"table": table, "unread": notifications.unread_count(request.tenant, request.user)}
    return render(request, "clinic/notifications/list.html", context)


@practice_page
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(notifications.notifications_of(request.tenant, request.user), pk=pk)
    notifications.mark_read(notification)
    if request.POST.get("open") and notification.link:
        return redirect(notifications.safe_link(notification.link) or "clinic:notifications")
    return redirect("clinic:notifications")


@practice_page
@require_POST
def notifications_read_all(request):
    marked = notifications.mark_all_read(request.tenant, request.user)
    messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked read.")
    return redirect("clinic:notifications")
