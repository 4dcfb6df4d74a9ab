"""Dashboard CRUD of workflows: create, edit, add/reorder/remove steps, delete; viewers read only."""

import pytest
from django.urls import reverse

from epdee.clinic.models import Workflow, WorkflowStep
from epdee.clinic.services import workflows
from tests.clinic.clients import member, signed_in
from tests.clinic.factories import WorkflowFactory, WorkflowStepFactory


@pytest.fixture
def staff(db):
    return member("staff")


@pytest.fixture
def intake(staff):
    workflow = WorkflowFactory(tenant=staff.tenant, name="Intake")
    for title in ("Gegevens", "Verzekering", "Anamnese"):
        workflows.add_step(workflow, by=staff.user, title=title)
    return workflow


def order(workflow):
    return list(workflow.steps.order_by("position").values_list("title", flat=True))


def test_the_list_and_creating_a_workflow(client, staff, intake):
    WorkflowFactory(name="Buren")  # another tenant's
    signed_in(client, staff)
    page = client.get(reverse("clinic:workflows"))
    assert list(page.context["table"].rows) == [intake] and page.context["table"].rows[0].step_count == 3
    response = client.post(
        reverse("clinic:workflows"), {"name": "Controle", "description": "Na 6 weken", "is_active": "on"}
    )
    created = Workflow.objects.get(name="Controle")
    assert response.url == reverse("clinic:workflow", args=[created.pk]) and created.is_active


def test_a_duplicate_or_empty_name_is_shown_at_the_field(client, staff, intake):
    signed_in(client, staff)
    for name in ("intake", ""):
        response = client.post(reverse("clinic:workflows"), {"name": name})
        assert response.status_code == 400 and "name" in response.context["form"].errors
    assert Workflow.objects.count() == 1


def test_the_empty_state_says_what_to_do(client, staff):
    signed_in(client, staff)
    assert "Create the first one" in client.get(reverse("clinic:workflows")).content.decode()


def test_editing_name_description_and_active(client, staff, intake):
    signed_in(client, staff)
    url = reverse("clinic:workflow", args=[intake.pk])
    assert "Gegevens" in client.get(url).content.decode()
    assert client.post(url, {"name": "Intake volwassenen", "description": "Vanaf 18"}).status_code == 302
    intake.refresh_from_db()
    assert (intake.name, intake.description, intake.is_active) == ("Intake volwassenen", "Vanaf 18", False)
    assert client.post(url, {"name": ""}).status_code == 400


def test_adding_moving_reordering_and_removing_steps(client, staff, intake):
    signed_in(client, staff)
    response = client.post(reverse("clinic:workflow-step-add", args=[intake.pk]), {"title": "Afspraak"})
    assert response.status_code == 302 and response.url.endswith("#steps")
    assert order(intake) == ["Gegevens", "Verzekering", "Anamnese", "Afspraak"]
    assert client.post(reverse("clinic:workflow-step-add", args=[intake.pk]), {"title": ""}).status_code == 400
    last = intake.steps.get(title="Afspraak")
    client.post(reverse("clinic:workflow-step-move", args=[intake.pk, last.pk]), {"direction": "up"})
    assert order(intake) == ["Gegevens", "Verzekering", "Afspraak", "Anamnese"]
    ids = list(intake.steps.order_by("-position").values_list("pk", flat=True))
    client.post(reverse("clinic:workflow-steps-reorder", args=[intake.pk]), {"order": ",".join(map(str, ids))})
    assert order(intake) == ["Anamnese", "Afspraak", "Verzekering", "Gegevens"]
    bad = client.post(reverse("clinic:workflow-steps-reorder", args=[intake.pk]), {"order": "1,x"}, follow=True)
    assert "every step" in bad.content.decode() or "ids" in bad.content.decode()
    client.post(reverse("clinic:workflow-step-remove", args=[intake.pk, last.pk]))
    assert order(intake) == ["Anamnese", "Verzekering", "Gegevens"]
    assert list(intake.steps.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


def test_deleting_a_workflow(client, staff, intake):
    signed_in(client, staff)
    response = client.post(reverse("clinic:workflow-delete", args=[intake.pk]))
    assert response.url == reverse("clinic:workflows") and not Workflow.objects.exists()


def test_viewers_read_and_cannot_change(client, db):
    viewer = member("viewer")
    workflow = WorkflowFactory(tenant=viewer.tenant)
    step = WorkflowStepFactory(tenant=viewer.tenant, workflow=workflow, position=1)
    signed_in(client, viewer)
    page = client.get(reverse("clinic:workflow", args=[workflow.pk]))
    assert page.status_code == 200 and page.context["form"] is None and "Delete workflow" not in page.content.decode()
    assert client.get(reverse("clinic:workflows")).context["form"] is None
    for url, data in [
        (reverse("clinic:workflows"), {"name": "Nee"}),
        (reverse("clinic:workflow", args=[workflow.pk]), {"name": "Nee"}),
        (reverse("clinic:workflow-delete", args=[workflow.pk]), {}),
        (reverse("clinic:workflow-step-add", args=[workflow.pk]), {"title": "Nee"}),
        (reverse("clinic:workflow-step-remove", args=[workflow.pk, step.pk]), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert Workflow.objects.count() == 1 and WorkflowStep.objects.count() == 1


def test_a_read_only_tenants_admin_cannot_change(client, db):
    admin = member("admin", read_only=True)
    workflow = WorkflowFactory(tenant=admin.tenant)
    signed_in(client, admin)
    assert client.post(reverse("clinic:workflow-step-add", args=[workflow.pk]), {"title": "Nee"}).status_code == 403
    assert not WorkflowStep.objects.exists()


def test_another_tenants_workflow_and_steps_are_not_found(client, staff, intake):
    theirs = WorkflowFactory()
    their_step = WorkflowStepFactory(tenant=theirs.tenant, workflow=theirs, position=1)
    signed_in(client, staff)
    assert client.get(reverse("clinic:workflow", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("clinic:workflow-delete", args=[theirs.pk])).status_code == 404
    # a step of another workflow under this workflow's URL
    assert client.post(reverse("clinic:workflow-step-remove", args=[intake.pk, their_step.pk])).status_code == 404
    assert Workflow.objects.filter(pk=theirs.pk).exists() and WorkflowStep.objects.filter(pk=their_step.pk).exists()
