"""The connectors app's pages, in three lists that epdee/urls.py mounts: the supplier dashboard (`urlpatterns`,
at /connectors/ as "connectors"), the public news (`news_urlpatterns`, /news/ as "news") and the public intake
form (`apply_urlpatterns`, /suppliers/ as "suppliers")."""

from django.urls import path

from .views import apply, dashboard, news

app_name = "connectors"

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("<int:connector_id>/", dashboard.connector_detail, name="connector"),
    path("<int:connector_id>/versions/new/", dashboard.new_version, name="new-version"),
    path("versions/<int:version_id>/", dashboard.version_detail, name="version"),
    path("versions/<int:version_id>/design/", dashboard.save_design, name="save-design"),
    path("versions/<int:version_id>/stage/", dashboard.move_version, name="move-version"),
]

news_urlpatterns = [
    path("", news.index, name="index"),
    path("<int:pk>/", news.post, name="post"),
    path("feed/", news.NewsFeed(), name="feed"),
    path("feed/atom/", news.AtomNewsFeed(), name="atom"),
]

apply_urlpatterns = [
    path("apply/", apply.apply, name="apply"),
    path("apply/thanks/", apply.apply_thanks, name="apply-thanks"),
]
