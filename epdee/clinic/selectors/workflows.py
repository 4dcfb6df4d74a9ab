"""Reads of the tenant's workflows: any member sees them."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from epdee.core.errors import NotFound
from epdee.core.permissions import require

from ..models import Workflow, WorkflowStep


def _steps_in_order() -> Prefetch:
    return Prefetch("steps", WorkflowStep.objects.order_by("position"))


def workflow_list(*, by, tenant, with_steps: bool = False):
    """The tenant's workflows, each with its `step_count` (and its steps in order, for the API)."""
    require(by, "tenant.view", tenant)
    workflows = Workflow.objects.for_tenant(tenant).annotate(step_count=Count("steps"))
    return workflows.prefetch_related(_steps_in_order()) if with_steps else workflows


def workflow_detail(pk, *, by, tenant) -> Workflow:
    """One workflow of the tenant with its steps in order; another tenant's id is not found."""
    require(by, "tenant.view", tenant)
    try:
        return Workflow.objects.for_tenant(tenant).prefetch_related(_steps_in_order()).get(pk=pk)
    except Workflow.DoesNotExist:
        raise NotFound(_("No such workflow in this care organisation.")) from None


def workflow_step(workflow_pk, step_pk, *, by, tenant) -> WorkflowStep:
    """A step of this workflow of the tenant; a step of another workflow is not found under this one."""
    require(by, "tenant.view", tenant)
    step = (
        WorkflowStep.objects.for_tenant(tenant)
        .select_related("workflow")
        .filter(pk=step_pk, workflow_id=workflow_pk, workflow__tenant_id=tenant.pk)
        .first()
    )
    if step is None:
        raise NotFound(_("No such step in this workflow."))
    return step
