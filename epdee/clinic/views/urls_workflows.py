"""Dashboard routes of the clinic's workflows area (included by urls.py): workflows and notifications."""

from django.urls import path

from . import workflows

urlpatterns = [
    path("workflows/", workflows.workflow_list, name="workflows"),
    path("workflows/<int:pk>/", workflows.workflow_detail, name="workflow"),
    path("workflows/<int:pk>/verwijderen/", workflows.workflow_delete, name="workflow-delete"),
    path("workflows/<int:pk>/stappen/", workflows.step_add, name="workflow-step-add"),
    path("workflows/<int:pk>/stappen/volgorde/", workflows.steps_reorder, name="workflow-steps-reorder"),
    path("workflows/<int:pk>/stappen/<int:step_pk>/verplaatsen/", workflows.step_move, name="workflow-step-move"),
    path("workflows/<int:pk>/stappen/<int:step_pk>/verwijderen/", workflows.step_remove, name="workflow-step-remove"),
    path("meldingen/", workflows.notification_list, name="notifications"),
    path("meldingen/gelezen/", workflows.notifications_read_all, name="notifications-read-all"),
    path("meldingen/<int:pk>/gelezen/", workflows.notification_read, name="notification-read"),
]
