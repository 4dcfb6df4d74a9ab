"""Workflow definitions of a tenant (e.g. an intake) and their ordered steps.

Steps are numbered 1..n. A reorder never holds two steps on one position, so the unique (workflow, position)
constraint holds after every single UPDATE (PostgreSQL checks it per row).
"""

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Value, When

from epdee.core.audit import record_event
from epdee.core.services import ensure_writable

from ..models import Workflow, WorkflowStep

MAX_NAME_LENGTH = 150
MAX_TITLE_LENGTH = 200
MAX_TEXT_LENGTH = 5000
MAX_STEPS = 100


class WorkflowError(Exception):
    """A workflow rule was broken; `field` names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _clean_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise WorkflowError("This field is required.", field=field)
    if len(value) > limit:
        raise WorkflowError(f"Use at most {limit} characters.", field=field)
    return value


def _save_workflow(workflow: Workflow) -> Workflow:
    taken = Workflow.objects.for_tenant(workflow.tenant).filter(name__iexact=workflow.name).exclude(pk=workflow.pk)
    if taken.exists():
        raise WorkflowError(f"There is already a workflow named “{workflow.name}”.", field="name")
    try:
        with transaction.atomic():
            workflow.save()
    except IntegrityError as exc:  # a concurrent request took the name first
        raise WorkflowError(f"There is already a workflow named “{workflow.name}”.", field="name") from exc
    return workflow


@transaction.atomic
def create_workflow(tenant, *, by, name: str, description: str = "", is_active: bool = True) -> Workflow:
    ensure_writable(tenant)
    workflow = Workflow(
        tenant=tenant,
        name=_clean_text(name, field="name", limit=MAX_NAME_LENGTH, required=True),
        description=_clean_text(description, field="description", limit=MAX_TEXT_LENGTH),
        is_active=is_active,
    )
    _save_workflow(workflow)
    record_event("workflow.create", actor=by, tenant=tenant, obj=workflow, details={"name": workflow.name})
    return workflow


@transaction.atomic
def update_workflow(workflow: Workflow, *, by, name: str, description: str, is_active: bool) -> Workflow:
    ensure_writable(workflow.tenant)
    workflow.name = _clean_text(name, field="name", limit=MAX_NAME_LENGTH, required=True)
    workflow.description = _clean_text(description, field="description", limit=MAX_TEXT_LENGTH)
    workflow.is_active = is_active
    _save_workflow(workflow)
    record_event(
        "workflow.update",
        actor=by,
        tenant=workflow.tenant,
        obj=workflow,
        details={"name": workflow.name, "is_active": is_active},
    )
    return workflow


@transaction.atomic
def delete_workflow(workflow: Workflow, *, by) -> None:
    ensure_writable(workflow.tenant)
    record_event("workflow.delete", actor=by, tenant=workflow.tenant, obj=workflow, details={"name": workflow.name})
    workflow.delete()


def _lock(workflow: Workflow) -> Workflow:
    """One step change per workflow at a time: positions are computed from what is there."""
    ensure_writable(workflow.tenant)
    return Workflow.objects.select_for_update().get(pk=workflow.pk)


def _renumber(workflow: Workflow, ordered_ids: list[int]) -> None:
    """Give the steps positions 1..n in this order: first all above the highest position, then into place."""
    if not ordered_ids:
        return
    steps = WorkflowStep.objects.filter(workflow=workflow)
    high = max(steps.aggregate(high=Max("position"))["high"] or 0, len(ordered_ids))
    steps.update(position=F("position") + high)
    steps.update(position=Case(*(When(pk=pk, then=Value(number)) for number, pk in enumerate(ordered_ids, start=1))))


def _step_ids(workflow: Workflow) -> list[int]:
    return list(WorkflowStep.objects.filter(workflow=workflow).order_by("position").values_list("pk", flat=True))


@transaction.atomic
def add_step(workflow: Workflow, *, by, title: str, description: str = "") -> WorkflowStep:
    """Append a step at the end."""
    workflow = _lock(workflow)
    title = _clean_text(title, field="title", limit=MAX_TITLE_LENGTH, required=True)
    description = _clean_text(description, field="description", limit=MAX_TEXT_LENGTH)
    ids = _step_ids(workflow)
    if len(ids) >= MAX_STEPS:
        raise WorkflowError(f"A workflow has at most {MAX_STEPS} steps.", field="title")
    last = WorkflowStep.objects.filter(workflow=workflow).aggregate(last=Max("position"))["last"] or 0
    step = WorkflowStep.objects.create(
        tenant=workflow.tenant, workflow=workflow, position=last + 1, title=title, description=description
    )
    workflow.save(update_fields=["updated_at"])
    record_event("workflow.step.add", actor=by, tenant=workflow.tenant, obj=workflow, details={"title": title})
    return step


@transaction.atomic
def remove_step(step: WorkflowStep, *, by) -> None:
    """Delete a step and close the gap it leaves."""
    workflow = _lock(step.workflow)
    WorkflowStep.objects.filter(pk=step.pk).delete()
    _renumber(workflow, _step_ids(workflow))
    workflow.save(update_fields=["updated_at"])
    record_event("workflow.step.remove", actor=by, tenant=workflow.tenant, obj=workflow, details={"title": step.title})


def _apply_order(workflow: Workflow, ordered: list[int], current: list[int], *, by) -> None:
    if ordered != current:
        _renumber(workflow, ordered)
        workflow.save(update_fields=["updated_at"])
        record_event("workflow.step.reorder", actor=by, tenant=workflow.tenant, obj=workflow)


@transaction.atomic
def reorder_steps(workflow: Workflow, ordered_ids, *, by) -> None:
    """Put the steps in the given order; the ids must be exactly the workflow's steps."""
    workflow = _lock(workflow)
    current = _step_ids(workflow)
    try:
        ordered = [int(pk) for pk in ordered_ids]
    except (TypeError, ValueError) as exc:
        raise WorkflowError("Give the steps' ids in their new order.", field="order") from exc
    if sorted(ordered) != sorted(current) or len(set(ordered)) != len(ordered):
        raise WorkflowError("The new order must list every step of this workflow once.", field="order")
    _apply_order(workflow, ordered, current, by=by)


@transaction.atomic
def move_step(step: WorkflowStep, *, by, direction: str) -> None:
    """Swap a step with the one before ("up") or after ("down"); at either end nothing changes."""
    if direction not in ("up", "down"):
        raise WorkflowError("Move a step up or down.", field="direction")
    workflow = _lock(step.workflow)
    current = _step_ids(workflow)
    if step.pk not in current:
        raise WorkflowError("That step was removed in the meantime.")
    ordered = list(current)
    index = ordered.index(step.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    _apply_order(workflow, ordered, current, by=by)
