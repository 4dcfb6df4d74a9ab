"""URLs of the public news and status page, mounted at /news/."""

from django.urls import path

from . import news_views

app_name = "news"

urlpatterns = [
    path("", news_views.index, name="index"),
    path("<int:pk>/", news_views.post, name="post"),
    path("feed/", news_views.NewsFeed(), name="feed"),
    path("feed/atom/", news_views.AtomNewsFeed(), name="atom"),
]
