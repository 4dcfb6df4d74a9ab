"""Dashboard pages of the registry (mounted at /library/)."""

from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.library, name="index"),
    path("specifications/<uuid:specification_id>/", views.specification, name="specification"),
    path("declarations/<uuid:declaration_id>/", views.declaration, name="declaration"),
    path("requirements/", views.requirements_versions, name="requirements"),
    path("requirements/<str:version_name>/", views.requirements_version, name="requirements-version"),
    path("standards/", views.standards, name="standards"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<uuid:organization_id>/", views.organization, name="organization"),
    path("organizations/<uuid:organization_id>/invitations/", views.invite, name="invite"),
    path(
        "organizations/<uuid:organization_id>/invitations/<uuid:invitation_id>/cancel/",
        views.cancel_invitation,
        name="cancel-invitation",
    ),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<uuid:invitation_id>/accept/", views.accept_invitation, name="accept-invitation"),
    path("invitations/<uuid:invitation_id>/decline/", views.decline_invitation, name="decline-invitation"),
]
