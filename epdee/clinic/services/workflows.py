"""Workflow definitions of a tenant (e.g. an intake) and their ordered steps. Staff and administrators of a
writable tenant change them ("tenant.change"); every member reads them (epdee.clinic.selectors.workflows).

Steps are numbered 1..n. A reorder never holds two steps on one position, so the unique (workflow, position)
constraint holds after every single UPDATE (PostgreSQL checks it per row).
"""

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Value, When
from django.utils.translation import gettext as _

from epdee.core.audit import record_event
from epdee.core.errors import Conflict, Invalid
from epdee.core.permissions import require

from ..models import Workflow, WorkflowStep

MAX_NAME_LENGTH = 150
MAX_TITLE_LENGTH = 200
MAX_TEXT_LENGTH = 5000
MAX_STEPS = 100


def _clean_text(errors: dict, value, *, field: str, limit: int, required: bool = False) -> str:
    """The stripped text; a broken rule is added to `errors` (field → messages) so every field is checked."""
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        errors[field] = [_("Enter text.")]
        return ""
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > limit:
        errors[field] = [_("Use at most %(limit)d characters.") % {"limit": limit}]
    return value


def _refuse_any(errors: dict) -> None:
    """One refusal naming every field that broke a rule."""
    if errors:
        raise Invalid.collect(errors)


def _name_taken(workflow: Workflow) -> Conflict:
    message = _("There is already a workflow named “%(name)s”.") % {"name": workflow.name}
    return Conflict(message, field="name", code="name_taken")


def _save_workflow(workflow: Workflow) -> Workflow:
    taken = Workflow.objects.for_tenant(workflow.tenant).filter(name__iexact=workflow.name).exclude(pk=workflow.pk)
    if taken.exists():
        raise _name_taken(workflow)
    try:
        with transaction.atomic():
            workflow.save()
    except IntegrityError as exc:  # a concurrent request took the name first
        raise _name_taken(workflow) from exc
    return workflow


@transaction.atomic
def create_workflow(tenant, *, by, name: str, description: str = "", is_active: bool = True) -> Workflow:
    actor = require(by, "tenant.change", tenant)
    errors: dict[str, list[str]] = {}
    workflow = Workflow(
        tenant=tenant,
        name=_clean_text(errors, name, field="name", limit=MAX_NAME_LENGTH, required=True),
        description=_clean_text(errors, description, field="description", limit=MAX_TEXT_LENGTH),
        is_active=bool(is_active),
    )
    _refuse_any(errors)
    _save_workflow(workflow)
    record_event("workflow.create", actor=actor, tenant=tenant, obj=workflow, details={"name": workflow.name})
    return workflow


@transaction.atomic
def update_workflow(workflow: Workflow, *, by, name: str, description: str, is_active: bool) -> Workflow:
    actor = require(by, "tenant.change", workflow.tenant)
    errors: dict[str, list[str]] = {}
    name = _clean_text(errors, name, field="name", limit=MAX_NAME_LENGTH, required=True)
    description = _clean_text(errors, description, field="description", limit=MAX_TEXT_LENGTH)
    _refuse_any(errors)
    workflow.name, workflow.description, workflow.is_active = name, description, bool(is_active)
    _save_workflow(workflow)
    record_event(
        "workflow.update",
        actor=actor,
        tenant=workflow.tenant,
        obj=workflow,
        details={"name": workflow.name, "is_active": is_active},
    )
    return workflow


@transaction.atomic
def delete_workflow(workflow: Workflow, *, by) -> None:
    actor = require(by, "tenant.change", workflow.tenant)
    record_event("workflow.delete", actor=actor, tenant=workflow.tenant, obj=workflow, details={"name": workflow.name})
    workflow.delete()


def _lock(workflow: Workflow, *, by):
    """Authorise, then lock: one step change per workflow at a time (positions are computed from what is there).
    Returns the locked workflow and the actor."""
    actor = require(by, "tenant.change", workflow.tenant)
    return Workflow.objects.select_for_update().get(pk=workflow.pk), actor


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
    workflow, actor = _lock(workflow, by=by)
    errors: dict[str, list[str]] = {}
    title = _clean_text(errors, title, field="title", limit=MAX_TITLE_LENGTH, required=True)
    description = _clean_text(errors, description, field="description", limit=MAX_TEXT_LENGTH)
    _refuse_any(errors)
    ids = _step_ids(workflow)
    if len(ids) >= MAX_STEPS:
        raise Invalid(_("A workflow has at most %(count)d steps.") % {"count": MAX_STEPS}, field="title")
    last = WorkflowStep.objects.filter(workflow=workflow).aggregate(last=Max("position"))["last"] or 0
    step = WorkflowStep.objects.create(
        tenant=workflow.tenant, workflow=workflow, position=last + 1, title=title, description=description
    )
    workflow.save(update_fields=["updated_at"])
    record_event("workflow.step.add", actor=actor, tenant=workflow.tenant, obj=workflow, details={"title": title})
    return step


@transaction.atomic
def remove_step(step: WorkflowStep, *, by) -> None:
    """Delete a step and close the gap it leaves."""
    workflow, actor = _lock(step.workflow, by=by)
    WorkflowStep.objects.filter(pk=step.pk).delete()
    _renumber(workflow, _step_ids(workflow))
    workflow.save(update_fields=["updated_at"])
    record_event(
        "workflow.step.remove", actor=actor, tenant=workflow.tenant, obj=workflow, details={"title": step.title}
    )


def _apply_order(workflow: Workflow, ordered: list[int], current: list[int], *, by) -> None:
    if ordered != current:
        _renumber(workflow, ordered)
        workflow.save(update_fields=["updated_at"])
        record_event("workflow.step.reorder", actor=by, tenant=workflow.tenant, obj=workflow)


@transaction.atomic
def reorder_steps(workflow: Workflow, ordered_ids, *, by) -> None:
    """Put the steps in the given order; the ids must be exactly the workflow's steps."""
    workflow, actor = _lock(workflow, by=by)
    current = _step_ids(workflow)
    try:
        ordered = [int(pk) for pk in ordered_ids]
    except (TypeError, ValueError) as exc:
        raise Invalid(_("Give the steps' ids in their new order."), field="order") from exc
    if sorted(ordered) != sorted(current) or len(set(ordered)) != len(ordered):
        raise Invalid(_("The new order must list every step of this workflow once."), field="order")
    _apply_order(workflow, ordered, current, by=actor)


@transaction.atomic
def move_step(step: WorkflowStep, *, by, direction: str) -> None:
    """Swap a step with the one before ("up") or after ("down"); at either end nothing changes."""
    workflow, actor = _lock(step.workflow, by=by)
    if direction not in ("up", "down"):
        raise Invalid(_("Move a step up or down."), field="direction")
    current = _step_ids(workflow)
    if step.pk not in current:
        raise Conflict(_("That step was removed in the meantime."), code="step_removed")
    ordered = list(current)
    index = ordered.index(step.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    _apply_order(workflow, ordered, current, by=actor)
