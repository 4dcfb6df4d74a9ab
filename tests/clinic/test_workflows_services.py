"""Workflow rules: names unique per tenant, steps numbered 1..n in every change (the unique (workflow, position)
constraint holds after each UPDATE, which PostgreSQL checks row by row)."""

import pytest

from epdee.clinic.models import Workflow, WorkflowStep
from epdee.clinic.services import workflows
from epdee.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from epdee.core.models import AuditEvent
from tests.clinic.clients import member
from tests.clinic.factories import WorkflowFactory


@pytest.fixture
def staff(db):
    return member("staff")


@pytest.fixture
def intake(staff):
    workflow = workflows.create_workflow(staff.tenant, by=staff.user, name="Intake", description="Nieuwe patiënt")
    for title in ("Gegevens", "Verzekering", "Anamnese", "Afspraak"):
        workflows.add_step(workflow, by=staff.user, title=title)
    return workflow


def titles(workflow):
    return list(WorkflowStep.objects.filter(workflow=workflow).order_by("position").values_list("position", "title"))


def test_steps_are_appended_in_order(intake):
    assert titles(intake) == [(1, "Gegevens"), (2, "Verzekering"), (3, "Anamnese"), (4, "Afspraak")]
    assert AuditEvent.objects.filter(action="workflow.create", object_id=str(intake.pk)).exists()


def test_reordering_swaps_without_breaking_the_constraint(staff, intake):
    ids = [step.pk for step in intake.steps.order_by("position")]
    workflows.reorder_steps(intake, list(reversed(ids)), by=staff.user)
    assert titles(intake) == [(1, "Afspraak"), (2, "Anamnese"), (3, "Verzekering"), (4, "Gegevens")]
    workflows.reorder_steps(intake, [str(pk) for pk in ids], by=staff.user)
    assert titles(intake)[0] == (1, "Gegevens")


def test_moving_a_step_up_and_down(staff, intake):
    third = intake.steps.get(position=3)
    workflows.move_step(third, by=staff.user, direction="up")
    assert titles(intake)[1:3] == [(2, "Anamnese"), (3, "Verzekering")]
    first = intake.steps.get(position=1)
    workflows.move_step(first, by=staff.user, direction="up")  # already first: nothing happens
    workflows.move_step(intake.steps.get(position=4), by=staff.user, direction="down")
    assert titles(intake) == [(1, "Gegevens"), (2, "Anamnese"), (3, "Verzekering"), (4, "Afspraak")]
    with pytest.raises(Invalid) as refused:
        workflows.move_step(first, by=staff.user, direction="sideways")
    assert refused.value.field == "direction"


def test_removing_a_step_closes_the_gap(staff, intake):
    workflows.remove_step(intake.steps.get(position=2), by=staff.user)
    assert titles(intake) == [(1, "Gegevens"), (2, "Anamnese"), (3, "Afspraak")]
    workflows.add_step(intake, by=staff.user, title="Afsluiting")
    assert titles(intake)[-1] == (4, "Afsluiting")


@pytest.mark.parametrize("order", [[], ["x"], "missing", "duplicate", "foreign"])
def test_a_reorder_must_name_every_step_once(staff, intake, order):
    ids = [step.pk for step in intake.steps.order_by("position")]
    other = workflows.add_step(WorkflowFactory(tenant=staff.tenant), by=staff.user, title="Elders")
    cases = {"missing": ids[:-1], "duplicate": [*ids[:-1], ids[0]], "foreign": [*ids[:-1], other.pk]}
    order = cases[order] if isinstance(order, str) else order
    with pytest.raises(Invalid) as refused:
        workflows.reorder_steps(intake, order, by=staff.user)
    assert refused.value.field == "order"
    assert list(intake.steps.order_by("position").values_list("pk", flat=True)) == ids


def test_names_are_unique_per_tenant_whatever_the_case(staff, intake):
    with pytest.raises(Conflict) as error:
        workflows.create_workflow(staff.tenant, by=staff.user, name=" intake ")
    assert error.value.field == "name"
    elsewhere = member("staff")
    workflows.create_workflow(elsewhere.tenant, by=elsewhere.user, name="Intake")  # another tenant may
    second = workflows.create_workflow(staff.tenant, by=staff.user, name="Controle")
    with pytest.raises(Conflict):
        workflows.update_workflow(second, by=staff.user, name="INTAKE", description="", is_active=True)
    workflows.update_workflow(intake, by=staff.user, name="Intake", description="Nieuw", is_active=False)
    intake.refresh_from_db()
    assert (intake.description, intake.is_active) == ("Nieuw", False)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("name", {"name": "  "}),
        ("name", {"name": "x" * 151}),
        ("description", {"name": "Ok", "description": "x" * 5001}),
    ],
)
def test_bad_workflow_input(staff, field, kwargs):
    with pytest.raises(Invalid) as error:
        workflows.create_workflow(staff.tenant, by=staff.user, **kwargs)
    assert set(error.value.errors) == {field}
    assert not Workflow.objects.exists()


def test_every_bad_field_is_named_at_once(staff):
    with pytest.raises(Invalid) as error:
        workflows.create_workflow(staff.tenant, by=staff.user, name="", description="x" * 5001)
    assert set(error.value.errors) == {"name", "description"}


def test_a_workflow_has_at_most_100_steps(staff):
    workflow = WorkflowFactory(tenant=staff.tenant)
    WorkflowStep.objects.bulk_create(
        WorkflowStep(tenant=staff.tenant, workflow=workflow, position=n, title=f"{n}") for n in range(1, 101)
    )
    with pytest.raises(Invalid):
        workflows.add_step(workflow, by=staff.user, title="Een te veel")
    ids = list(workflow.steps.order_by("-position").values_list("pk", flat=True))
    workflows.reorder_steps(workflow, ids, by=staff.user)  # the largest reorder still fits the column
    assert workflow.steps.get(pk=ids[0]).position == 1


def test_deleting_takes_the_steps_along(staff, intake):
    workflows.delete_workflow(intake, by=staff.user)
    assert not Workflow.objects.exists() and not WorkflowStep.objects.exists()


# --- who may change workflows: staff and administrators of a writable tenant, whoever calls the service ---


def _changes(workflow, step):
    """Every change the service offers, each as (name, call(by))."""
    return [
        ("create", lambda by: workflows.create_workflow(workflow.tenant, by=by, name="Nee")),
        (
            "update",
            lambda by: workflows.update_workflow(workflow, by=by, name="Nee", description="", is_active=False),
        ),
        ("delete", lambda by: workflows.delete_workflow(workflow, by=by)),
        ("add_step", lambda by: workflows.add_step(workflow, by=by, title="Nee")),
        ("remove_step", lambda by: workflows.remove_step(step, by=by)),
        ("reorder", lambda by: workflows.reorder_steps(workflow, [step.pk], by=by)),
        ("move", lambda by: workflows.move_step(step, by=by, direction="down")),
    ]


CHANGES = ["create", "update", "delete", "add_step", "remove_step", "reorder", "move"]


def _actor(who, tenant):
    from epdee.core.models import ApiToken
    from epdee.core.permissions import Actor
    from epdee.core.services.tokens import create_api_token

    if who == "viewer":
        return member("viewer", tenant=tenant).user
    if who == "read_only_token":
        admin = member("admin", tenant=tenant)
        token, _ = create_api_token(admin.user, name="read", scope=ApiToken.Scope.READ, tenant=tenant)
        return Actor(user=admin.user, token=token)
    if who == "other_tenant_admin":
        return member("admin").user
    return None  # anonymous


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("viewer", PermissionDenied),
        ("read_only_token", PermissionDenied),
        ("other_tenant_admin", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_who_may_not_change_a_workflow(db, change, who, refusal):
    workflow = WorkflowFactory(name="Intake")
    step = WorkflowStep.objects.create(tenant=workflow.tenant, workflow=workflow, position=1, title="Stap")
    call = dict(_changes(workflow, step))[change]
    with pytest.raises(refusal):
        call(_actor(who, workflow.tenant))
    assert list(Workflow.objects.values_list("name", "is_active")) == [("Intake", True)]
    assert list(WorkflowStep.objects.values_list("position", "title")) == [(1, "Stap")]
    assert not AuditEvent.objects.filter(action__startswith="workflow.").exists()


@pytest.mark.parametrize("change", CHANGES)
def test_a_read_only_tenant_changes_nothing(db, change):
    admin = member("admin", read_only=True)
    workflow = WorkflowFactory(tenant=admin.tenant, name="Intake")
    step = WorkflowStep.objects.create(tenant=admin.tenant, workflow=workflow, position=1, title="Stap")
    with pytest.raises(PermissionDenied, match="read-only"):
        dict(_changes(workflow, step))[change](admin.user)
    assert Workflow.objects.count() == 1 and WorkflowStep.objects.count() == 1


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_administrators_change_workflows(db, role):
    writer = member(role)
    workflow = workflows.create_workflow(writer.tenant, by=writer.user, name="Intake")
    workflows.add_step(workflow, by=writer.user, title="Stap")
    event = AuditEvent.objects.get(action="workflow.step.add")
    assert event.actor == writer.user and event.tenant == writer.tenant
