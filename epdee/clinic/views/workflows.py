"""Dashboard pages of workflows (list, create, edit with ordered steps, delete) and of the signed-in user's
notifications. The workflow service lets admins and staff edit and viewers only read; everyone marks his own
notifications read. The pages show or hide the forms accordingly and translate the services' refusals.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from epdee.core.errors import ApplicationError, NotFound, PermissionDenied
from epdee.core.permissions import actor_of, allowed
from epdee.core.tables import Column, build_table

from ..forms.workflows import StepForm, WorkflowForm
from ..selectors.notifications import notification_of, notifications_of, unread_count
from ..selectors.workflows import workflow_detail as find_workflow
from ..selectors.workflows import workflow_list as find_workflows
from ..selectors.workflows import workflow_step
from ..services import notifications, workflows
from .base import practice_page

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


def _can_write(request) -> bool:
    """Whether to offer the forms (the service decides again when one is sent)."""
    return allowed(actor_of(request), "tenant.change", request.tenant)


def _run(request, change, *args, **kwargs) -> bool:
    """Call a service from a button; a broken rule becomes a message, "not yours" and "not allowed" the
    404 and 403 pages. Returns whether it was done."""
    try:
        change(*args, by=actor_of(request), **kwargs)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    return True


def _workflow_form(workflow, data=None) -> WorkflowForm:
    initial = {"name": workflow.name, "description": workflow.description, "is_active": workflow.is_active}
    return WorkflowForm(data, initial=initial)


@practice_page
def workflow_list(request):
    can_write = _can_write(request)
    form = WorkflowForm(request.POST) if request.method == "POST" else (WorkflowForm() if can_write else None)
    if form is not None and form.is_bound and form.is_valid():
        try:
            workflow = workflows.create_workflow(request.tenant, by=actor_of(request), **form.cleaned_data)
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("“%(name)s” was created. Add its steps.") % {"name": workflow.name})
            return redirect("clinic:workflow", pk=workflow.pk)
    queryset = find_workflows(by=actor_of(request), tenant=request.tenant)
    table = build_table(request, queryset, WORKFLOW_COLUMNS, default_sort="name")
    context = {"table": table, "form": form if can_write else None, "can_write": can_write}
    return render(
        request, "clinic/workflows/list.html", context, status=400 if form is not None and form.errors else 200
    )


@practice_page
def workflow_detail(request, pk):
    """The workflow with its steps; writers edit it here."""
    workflow = find_workflow(pk, by=actor_of(request), tenant=request.tenant)
    can_write = _can_write(request)
    form = step_form = None
    if can_write or request.method == "POST":
        form = _workflow_form(workflow, request.POST if request.method == "POST" else None)
        step_form = StepForm()
    if request.method == "POST" and form.is_valid():
        try:
            workflows.update_workflow(workflow, by=actor_of(request), **form.cleaned_data)
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("“%(name)s” was saved.") % {"name": workflow.name})
            return redirect("clinic:workflow", pk=workflow.pk)
    if request.method == "POST":
        workflow = find_workflow(pk, by=actor_of(request), tenant=request.tenant)
    return _detail(request, workflow, form=form, step_form=step_form, can_write=can_write)


def _detail(request, workflow, *, form, step_form, can_write):
    context = {
        "workflow": workflow,
        "steps": list(workflow.steps.all()),  # prefetched in order by the selector
        "form": form,
        "step_form": step_form,
        "can_write": can_write,
    }
    errors = (form is not None and form.errors) or (step_form is not None and step_form.errors)
    return render(request, "clinic/workflows/detail.html", context, status=400 if errors else 200)


@practice_page
@require_POST
def workflow_delete(request, pk):
    workflow = find_workflow(pk, by=actor_of(request), tenant=request.tenant)
    if _run(request, workflows.delete_workflow, workflow):
        messages.success(request, _("“%(name)s” was deleted.") % {"name": workflow.name})
        return redirect("clinic:workflows")
    return redirect("clinic:workflow", pk=workflow.pk)


@practice_page
@require_POST
def step_add(request, pk):
    workflow = find_workflow(pk, by=actor_of(request), tenant=request.tenant)
    step_form = StepForm(request.POST)
    if step_form.is_valid():
        try:
            step = workflows.add_step(workflow, by=actor_of(request), **step_form.cleaned_data)
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as error:
            step_form.add_application_error(error)
        else:
            added = _("Step %(position)s “%(title)s” was added.")
            messages.success(request, added % {"position": step.position, "title": step.title})
            return redirect(f"{reverse('clinic:workflow', kwargs={'pk': workflow.pk})}#steps")
    can_write = _can_write(request)
    return _detail(request, workflow, form=_workflow_form(workflow), step_form=step_form, can_write=can_write)


@practice_page
@require_POST
def step_move(request, pk, step_pk):
    step = workflow_step(pk, step_pk, by=actor_of(request), tenant=request.tenant)
    _run(request, workflows.move_step, step, direction=request.POST.get("direction", ""))
    return redirect("clinic:workflow", pk=pk)


@practice_page
@require_POST
def step_remove(request, pk, step_pk):
    step = workflow_step(pk, step_pk, by=actor_of(request), tenant=request.tenant)
    if _run(request, workflows.remove_step, step):
        messages.success(request, _("Step “%(title)s” was removed.") % {"title": step.title})
    return redirect("clinic:workflow", pk=pk)


@practice_page
@require_POST
def steps_reorder(request, pk):
    """The whole order at once (comma-separated step ids), as the page's drag-and-drop sends it."""
    workflow = find_workflow(pk, by=actor_of(request), tenant=request.tenant)
    order = [part for part in request.POST.get("order", "").split(",") if part.strip()]
    if _run(request, workflows.reorder_steps, workflow, order):
        messages.success(request, _("The steps' new order was saved."))
    return redirect("clinic:workflow", pk=pk)


@practice_page
def notification_list(request):
    """The signed-in user's notifications in this practice, newest first."""
    queryset = notifications_of(by=actor_of(request), tenant=request.tenant)
    table = build_table(request, queryset, NOTIFICATION_COLUMNS, default_sort="-created")
    context = {"table": table, "unread": unread_count(by=actor_of(request), tenant=request.tenant)}
    return render(request, "clinic/notifications/list.html", context)


@practice_page
@require_POST
def notification_read(request, pk):
    notification = notification_of(pk, by=actor_of(request), tenant=request.tenant)
    notifications.mark_read(notification, by=actor_of(request))
    if request.POST.get("open") and notification.link:
        return redirect(notifications.safe_link(notification.link) or "clinic:notifications")
    return redirect("clinic:notifications")


@practice_page
@require_POST
def notifications_read_all(request):
    marked = notifications.mark_all_read(request.tenant, by=actor_of(request))
    message = ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.", marked)
    messages.success(request, message % {"count": marked})
    return redirect("clinic:notifications")
