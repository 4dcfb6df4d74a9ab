"""The public news and status page (seed 000): posts newest first, a kind filter, the live status, feeds."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from epdee.core.health import OK, system_status

from ..models import NewsPost
from ..news import render_body
from ..selectors import published_post, published_posts

PAGE_SIZE = 10
FEED_SIZE = 20
AMSTERDAM = ZoneInfo("Europe/Amsterdam")  # posts are dated in Dutch time (ARCHITECTURE.md: time on screen)
CHECK_LABELS = {"database": "Database", "cache": "Cache", "tenants": "Tenants"}
CACHE_BACKENDS = {"redis": "Redis", "local-memory": "local memory"}


def _kind(request) -> str:
    """The ?kind= filter; an unknown value shows every kind rather than an error page."""
    kind = request.GET.get("kind", "")
    return kind if kind in NewsPost.Kind.values else ""


def _with_html(posts):
    posts = list(posts)
    for post in posts:
        post.body_html = render_body(post.body)
    return posts


def _status():
    """The body /api/status answers with, arranged for the status box."""
    body, healthy = system_status()
    checks = []
    for name, check in body["checks"].items():
        details = []
        if "backend" in check:
            details.append(CACHE_BACKENDS.get(check["backend"], check["backend"]))
        if "latencyMs" in check:
            details.append(f"{check['latencyMs']} ms")
        if "message" in check:
            details.append(check["message"])
        checks.append(
            {
                "name": name,
                "label": CHECK_LABELS.get(name, name.capitalize()),
                "ok": check["status"] == OK,
                "status": check["status"],
                "detail": ", ".join(details),
            }
        )
    return {"status": body["status"], "healthy": healthy, "checks": checks, "checked_at": timezone.now()}


@never_cache  # the status box is live
def index(request):
    kind = _kind(request)
    page = Paginator(published_posts(kind), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(published_posts().order_by().values_list("kind").annotate(n=Count("id")))
    kinds = [("", "All", sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in NewsPost.Kind.choices
    ]
    ongoing = published_posts(NewsPost.Kind.ISSUE).filter(resolved=False)
    return render(
        request,
        "connectors/news.html",
        {
            "page": page,
            "posts": _with_html(page.object_list),
            "kind": kind,
            "kinds": kinds,
            "query": urlencode({"kind": kind}) if kind else "",
            "system": _status(),
            "ongoing": list(ongoing[:5]),
        },
    )


def post(request, pk):
    news_post = published_post(pk)
    news_post.body_html = render_body(news_post.body)
    return render(request, "connectors/news_post.html", {"post": news_post})


class NewsFeed(Feed):
    """RSS 2.0 of the latest published posts; ?kind= narrows it like the page."""

    title = "Epdee news"
    description = "Announcements, known issues, fixes and deprecations of the Epdee platform."

    def get_object(self, request):
        return _kind(request)

    def link(self, kind):
        return reverse("news:index") + (f"?{urlencode({'kind': kind})}" if kind else "")

    def items(self, kind):
        return published_posts(kind)[:FEED_SIZE]

    def item_title(self, item):
        state = " (resolved)" if item.kind == NewsPost.Kind.ISSUE and item.resolved else ""
        return f"{item.get_kind_display()}{state}: {item.title}"

    def item_description(self, item):
        return render_body(item.body)

    def item_link(self, item):
        return reverse("news:post", args=[item.pk])

    def item_pubdate(self, item):
        return datetime.combine(item.date, time.min, tzinfo=AMSTERDAM)

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
