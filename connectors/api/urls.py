"""URLs of the suppliers' connector API (under /api/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("endpoints/", views.EndpointList.as_view(), name="api-endpoints"),
    path("connectors/", views.ConnectorList.as_view(), name="api-connectors"),
    path("connectors/<int:pk>/", views.ConnectorDetail.as_view(), name="api-connector"),
    path("connectors/<int:pk>/versions/", views.VersionList.as_view(), name="api-connector-versions"),
    path("connector-versions/<int:pk>/", views.VersionDetail.as_view(), name="api-connector-version"),
    path("connector-versions/<int:pk>/technical-design/", views.TechnicalDesign.as_view(), name="api-technical-design"),
    path("connector-versions/<int:pk>/submit/", views.Submit.as_view(), name="api-submit-version"),
]
