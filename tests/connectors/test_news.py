"""The public news and status page (seed 000): the body renderer, the page, its feeds, the admin, the demo data."""

import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connectors.demo_news import SEED_000_POSTS, seed_news
from connectors.models import NewsPost
from connectors.news import render_body
from connectors.selectors import published_posts
from epdee.core.demo import DEMO_SEEDERS
from epdee.core.models import AuditEvent
from tests.core.factories import PASSWORD, UserFactory, give_totp
from tests.support import login

INDEX = "/news/"
FEED = "/news/feed/"
ATOM = "/news/feed/atom/"
SEED_000 = "seeds/000_53600f588db676ab.txt"


def make_post(title="A post", *, days_ago=0, **fields):
    fields.setdefault("body", f"Body of {title}.")
    return NewsPost.objects.create(date=date(2024, 6, 1) - timedelta(days=days_ago), title=title, **fields)


def titles_in(html: str) -> list[str]:
    return re.findall(r'<h2 class="news-title h5" id="post-\d+-title"><a [^>]*>([^<]+)</a>', html)


# --- The renderer ---------------------------------------------------------------------------------


def same_html(html: str, expected: str) -> bool:
    """Equal as HTML: white space between tags and line breaks inside text do not change what is shown."""

    def normal(text):
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(text).strip()))

    return normal(html) == normal(expected)


def test_the_renderer_escapes_markup():
    html = render_body('Hello <script>alert("x")</script> & <b onclick="evil()">bold</b>')
    assert "<script" not in html and "<b " not in html
    assert html == (
        "<p>Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "&lt;b onclick=&quot;evil()&quot;&gt;bold&lt;/b&gt;</p>"
    )


def test_a_script_and_a_javascript_link_in_a_post_are_neutralised():
    html = render_body(
        "<script>alert(1)</script>\n\n[click me](javascript:alert(document.cookie)) "
        '[or me](JaVaScRiPt:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) <a href="javascript:x">a</a>'
    )
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<a " not in html and "javascript:" in html  # shown as the text it was, linked nowhere
    assert render_body("[docs](https://docs.example/a)") == (
        '<p><a href="https://docs.example/a" rel="noopener nofollow">docs</a></p>'
    )


def test_blank_lines_separate_paragraphs_and_lines_within_one_flow_together():
    assert same_html(
        render_body("First line\nsame paragraph\n\n\nSecond"), "<p>First line same paragraph</p><p>Second</p>"
    )
    assert same_html(render_body("One\r\n\r\nTwo"), "<p>One</p>\n<p>Two</p>")
    assert render_body("") == "" and render_body("  \n\n ") == ""


def test_dash_lines_make_a_bullet_list():
    body = "The list:\n- one\n- two <i>\n  continues here\n\nAfter."
    assert same_html(
        render_body(body), "<p>The list:</p>\n<ul><li>one</li><li>two &lt;i&gt; continues here</li></ul>\n<p>After.</p>"
    )
    nested = "- one\n  - under one"  # Markdown: an indented item belongs to the item above
    assert same_html(render_body(nested), "<ul><li>one <ul><li>under one</li></ul></li></ul>")


def test_numbered_lines_make_a_numbered_list_that_keeps_its_start():
    assert same_html(render_body("1. one\n2. two"), "<ol><li>one</li><li>two</li></ol>")
    assert same_html(render_body("  3. three\n  4. four"), '<ol start="3"><li>three</li><li>four</li></ol>')
    assert same_html(render_body("- bullet\n1. number"), "<ul><li>bullet</li></ul>\n<ol><li>number</li></ol>")


def test_backticks_make_code_taken_literally():
    html = render_body("Call `/t/clients/by_bsn?bsn={bsn}&x=<y>` or `https://not.a/link`.")
    assert html == (
        "<p>Call <code>/t/clients/by_bsn?bsn={bsn}&amp;x=&lt;y&gt;</code> or <code>https://not.a/link</code>.</p>"
    )
    assert render_body("An `unclosed tick") == "<p>An `unclosed tick</p>"


def test_emphasis_but_no_headings_images_or_code_blocks():
    assert render_body("*Let op*: **vandaag**") == "<p><em>Let op</em>: <strong>vandaag</strong></p>"
    assert render_body("# not a heading") == "<p># not a heading</p>"
    assert render_body("![img](https://x.test/a.png)").count("<img") == 0
    assert "<pre" not in render_body("Text\n\n    indented line")


def test_bare_https_urls_become_links_without_the_sentence_punctuation():
    html = render_body("See https://example.test/a?b=1&c=2. Or (https://example.test/wiki/X_(y)), fine")
    assert html == (
        '<p>See <a href="https://example.test/a?b=1&amp;c=2" rel="noopener nofollow">https://example.test/a?b=1&amp;c=2'
        '</a>. Or (<a href="https://example.test/wiki/X_(y)" rel="noopener nofollow">https://example.test/wiki/X_(y)</a>)'
        ", fine</p>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "http://plain.example/",
        'https://example.test/"onmouseover="alert(1)',
        "https://example.test/<script>",
        "[x](javascript:alert(1))",
        '[x](https://example.test/"onmouseover="alert(1))',
    ],
)
def test_only_https_urls_link_and_nothing_breaks_out_of_the_attribute(text):
    html = render_body(text)
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith("https://") and '"' not in href and "<" not in href
    assert "<script" not in html and 'onmouseover="' not in html


# --- The page --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_lists_published_posts_newest_first_and_hides_unpublished_ones(client):
    make_post("Older", days_ago=10)
    make_post("Newest", days_ago=0)
    make_post("Draft", days_ago=1, is_published=False)
    make_post("Middle", days_ago=5, body="A `code` line.\n\n- first item\n- second item")
    response = client.get(INDEX)  # no sign-in needed
    assert response.status_code == 200
    html = response.content.decode()
    assert titles_in(html) == ["Newest", "Middle", "Older"]
    assert "Draft" not in html
    assert re.search(r"<ul>\s*<li>first item</li>\s*<li>second item</li>\s*</ul>", html) and "<code>code</code>" in html
    assert '<time class="small text-body-secondary news-date" datetime="2024-05-27">27 May 2024</time>' in html
    assert list(published_posts().values_list("title", flat=True)) == ["Newest", "Middle", "Older"]


@pytest.mark.django_db
def test_a_post_body_cannot_inject_markup_into_the_page(client):
    make_post("<b>Bold title</b>", body="<script>alert(1)</script>\n\n- <img src=x onerror=alert(1)>")
    html = client.get(INDEX).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;Bold title&lt;/b&gt;" in html


@pytest.mark.django_db
def test_the_kind_filter_shows_one_kind(client):
    make_post("An outage", kind=NewsPost.Kind.ISSUE, days_ago=3)
    make_post("The fix", kind=NewsPost.Kind.FIXED, days_ago=2)
    make_post("Endpoint going away", kind=NewsPost.Kind.DEPRECATION, days_ago=1)
    make_post("Hidden issue", kind=NewsPost.Kind.ISSUE, is_published=False)
    html = client.get(INDEX, {"kind": "issue"}).content.decode()
    assert titles_in(html) == ["An outage"]
    assert re.search(r'class="nav-link active" aria-current="page"\s+href="/news/\?kind=issue">Issue', html)
    assert titles_in(client.get(INDEX, {"kind": "deprecation"}).content.decode()) == ["Endpoint going away"]
    # An unknown kind shows everything rather than an error.
    unknown = client.get(INDEX, {"kind": "<nope>"})
    assert unknown.status_code == 200 and len(titles_in(unknown.content.decode())) == 3
    empty = client.get(INDEX, {"kind": "announcement"}).content.decode()
    assert "No posts of this kind" in empty and titles_in(empty) == []


@pytest.mark.django_db
def test_the_page_shows_ten_posts_a_page_and_keeps_the_filter_across_pages(client):
    for number in range(12):
        make_post(f"Issue {number:02}", kind=NewsPost.Kind.ISSUE, days_ago=number)
    make_post("An announcement", days_ago=100)
    first = client.get(INDEX, {"kind": "issue"}).content.decode()
    assert titles_in(first) == [f"Issue {number:02}" for number in range(10)]
    assert "1–10 of 12" in first and 'href="?kind=issue&amp;page=2"' in first
    second = client.get(INDEX, {"kind": "issue", "page": 2}).content.decode()
    assert titles_in(second) == ["Issue 10", "Issue 11"]
    everything = client.get(INDEX, {"page": 2}).content.decode()
    assert titles_in(everything) == ["Issue 10", "Issue 11", "An announcement"]
    # A page number out of range or not a number shows a page rather than an error.
    assert client.get(INDEX, {"page": "99"}).status_code == 200
    assert titles_in(client.get(INDEX, {"page": "x"}).content.decode())[0] == "Issue 00"


@pytest.mark.django_db
def test_the_page_runs_the_same_queries_however_many_posts_there_are(client):
    make_post("Only one")
    with CaptureQueriesContext(connection) as few:
        client.get(INDEX)
    for number in range(25):
        make_post(f"Post {number}", days_ago=number + 1, kind=NewsPost.Kind.ISSUE)
    with CaptureQueriesContext(connection) as many:
        client.get(INDEX)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_resolved_issues_carry_a_resolved_badge_and_open_ones_show_as_known_issues(client):
    solved = make_post("Login problems", kind=NewsPost.Kind.ISSUE, resolved=True, days_ago=2)
    open_issue = make_post("Uploads fail", kind=NewsPost.Kind.ISSUE, days_ago=1)
    html = client.get(INDEX).content.decode()
    solved_html = html.split(f'id="post-{solved.pk}"')[1].split("</article>")[0]
    open_html = html.split(f'id="post-{open_issue.pk}"')[1].split("</article>")[0]
    assert '<span class="badge news-badge news-resolved">Resolved</span>' in solved_html
    assert "Resolved" not in open_html and "Ongoing" in open_html
    known = html.split('class="news-ongoing')[1].split("</section>")[0]
    assert "Uploads fail" in known and "Login problems" not in known


@pytest.mark.django_db
def test_the_status_box_shows_what_api_status_answers(client):
    html = client.get(INDEX).content.decode()
    box = html.split('class="card news-status')[1].split("</section>")[0]
    assert box.startswith(" news-status-operational") and "All systems operational" in box
    assert f'href="{reverse("api-status")}"' in box and "/api/status" in box
    checks = re.findall(
        r'<span class="fw-semibold">(\w+)</span>\s*<span class="badge news-badge news-check-badge">(\w+)', box
    )
    assert checks == [("Database", "OK"), ("Cache", "OK"), ("Tenants", "OK")]
    assert re.search(r"\d+ ms", box)


@pytest.mark.django_db
def test_the_status_box_shows_degraded_when_the_cache_is_unreachable(client):
    dead_redis = "redis://127.0.0.1:1/0"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead_redis,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    make_post("Still readable")
    with override_settings(CACHES=caches, REDIS_URL=dead_redis):
        response = client.get(INDEX)
    assert response.status_code == 200  # the news still shows while the cache is gone
    html = response.content.decode()
    box = html.split('class="card news-status')[1].split("</section>")[0]
    assert box.startswith(" news-status-degraded") and "Degraded" in box and "operational" not in box
    assert re.search(r'news-check-error">\s*<span class="fw-semibold">Cache</span>', box)
    assert "Redis, cache unreachable" in box
    assert re.search(r'news-check-ok">\s*<span class="fw-semibold">Database</span>', box)
    assert titles_in(html) == ["Still readable"]


@pytest.mark.django_db
def test_the_page_has_no_inline_script_or_style_and_is_not_cached(client):
    make_post("A post", body="Text with https://example.test/ and `code`.\n\n1. one")
    response = client.get(INDEX)
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\ssrc=)", html), "inline script"
    assert "<style" not in html and " style=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert 'name="viewport"' in html and f'href="{FEED}"' in html


@pytest.mark.django_db
def test_everyone_gets_news_in_the_navigation(client):
    html = client.get("/").content.decode()
    assert f'href="{reverse("news:index")}">News</a>' in html
    active = client.get(INDEX).content.decode()
    assert f'<a class="nav-link active" aria-current="page" href="{INDEX}">News</a>' in active


@pytest.mark.django_db
def test_a_post_has_its_own_page_and_unpublished_ones_are_not_found(client):
    post = make_post("Permalink", body="- item")
    draft = make_post("Secret draft", is_published=False)
    response = client.get(reverse("news:post", args=[post.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Permalink</h1>" in html and re.search(r"<ul>\s*<li>item</li>\s*</ul>", html)
    assert client.get(reverse("news:post", args=[draft.pk])).status_code == 404


# --- The feeds -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_rss_feed_carries_published_posts_newest_first(client):
    older = make_post("Older news", days_ago=3)
    issue = make_post("Login down", kind=NewsPost.Kind.ISSUE, resolved=True, body="Fixed <now>.", days_ago=1)
    make_post("Draft news", is_published=False)
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    xml = response.content.decode()
    titles = re.findall(r"<item><title>([^<]+)</title>", xml)
    assert titles == ["Issue (resolved): Login down", "Announcement: Older news"]
    assert f"<link>http://testserver/news/{issue.pk}/</link>" in xml
    assert f"<link>http://testserver/news/{older.pk}/</link>" in xml
    assert "&lt;p&gt;Fixed &amp;lt;now&amp;gt;.&lt;/p&gt;" in xml  # the HTML body, escaped once more for XML
    assert "Draft news" not in xml and "<category>Issue</category>" in xml
    assert "<pubDate>Fri, 31 May 2024 00:00:00 +0200</pubDate>" in xml  # dated in Amsterdam


@pytest.mark.django_db
def test_the_feeds_take_the_kind_filter_and_atom_is_offered_too(client):
    make_post("Going away", kind=NewsPost.Kind.DEPRECATION)
    make_post("Something new", days_ago=1)
    rss = client.get(FEED, {"kind": "deprecation"}).content.decode()
    assert re.findall(r"<item><title>([^<]+)</title>", rss) == ["Deprecation: Going away"]
    atom = client.get(ATOM)
    assert atom["Content-Type"].startswith("application/atom+xml")
    titles = re.findall(r"<entry><title>([^<]+)</title>", atom.content.decode())
    assert titles == ["Deprecation: Going away", "Announcement: Something new"]


# --- The admin -------------------------------------------------------------------------------------


def _mfa_staff(client):
    staff = UserFactory(superadmin=True)
    login(client, staff.email, PASSWORD, totp_secret=give_totp(staff))
    return staff


@pytest.mark.django_db
def test_staff_with_two_factor_manage_posts_in_the_admin_with_a_preview(client):
    staff = _mfa_staff(client)
    post = make_post("Admin listed", kind=NewsPost.Kind.ISSUE, body="Read `this`:\n\n- one\n- <two>")
    changelist = client.get(reverse("admin:connectors_newspost_changelist"))
    assert changelist.status_code == 200
    assert "Admin listed" in changelist.content.decode()
    assert (
        client.get(reverse("admin:connectors_newspost_changelist"), {"q": "listed", "kind": "issue"}).status_code == 200
    )
    change = client.get(reverse("admin:connectors_newspost_change", args=[post.pk])).content.decode()
    preview = re.search(r'<div class="news-preview">(.*?)</div>', change, re.S).group(1)
    assert same_html(preview, "<p>Read <code>this</code>:</p><ul><li>one</li><li>&lt;two&gt;</li></ul>")
    response = client.post(
        reverse("admin:connectors_newspost_add"),
        {"date": "2024-06-02", "kind": "fixed", "title": "Uploads work again", "body": "Fixed.", "is_published": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = NewsPost.objects.get(title="Uploads work again")
    assert AuditEvent.objects.filter(action="admin.add", actor=staff, object_id=str(added.pk)).exists()
    # Saved through the news service, which records its own event as it does for every caller.
    assert AuditEvent.objects.filter(action="news.post.create", actor=staff, object_id=str(added.pk)).exists()


@pytest.mark.django_db
def test_the_admin_changes_and_deletes_posts_through_the_service(client):
    staff = _mfa_staff(client)
    post = make_post("Before", body="Old.")
    make_post("Taken", days_ago=1)
    url = reverse("admin:connectors_newspost_change", args=[post.pk])
    form = {"date": "2024-06-01", "kind": "announcement", "title": "After", "body": "New.", "is_published": "on"}
    assert client.post(url, form).status_code == 302
    post.refresh_from_db()
    assert (post.title, post.body) == ("After", "New.")
    changed = AuditEvent.objects.get(action="news.post.change", object_id=str(post.pk))
    assert changed.actor == staff and changed.details == {"fields": ["body", "title"]}
    duplicate = client.post(url, {**form, "date": "2024-05-31", "title": "Taken"})
    assert duplicate.status_code == 200 and NewsPost.objects.get(pk=post.pk).title == "After"
    delete = reverse("admin:connectors_newspost_delete", args=[post.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not NewsPost.objects.filter(pk=post.pk).exists()
    assert AuditEvent.objects.filter(action="news.post.delete", actor=staff, object_id=str(post.pk)).exists()


@pytest.mark.django_db
def test_staff_without_two_factor_cannot_reach_the_news_admin(client):
    staff = UserFactory(superadmin=True)
    login(client, staff.email, PASSWORD)
    response = client.get(reverse("admin:connectors_newspost_changelist"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_index")


# --- Demo data: the history of seed 000 ------------------------------------------------------------

SEED_HEADING = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(?:-\s+)?(?:(Issue|Fixed):\s*)?(.+?)\s*$", re.MULTILINE)


def _seed_posts(text: str):
    """(date, label, title, resolved) of every dated heading in the seed page, read without our loader."""
    headings = list(SEED_HEADING.finditer(text))
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        section = text[heading.end() : end]
        resolved = section.strip().endswith(" Resolved")  # the seed's badge closes the post
        yield date.fromisoformat(heading.group(1)), heading.group(2), heading.group(3), resolved


@pytest.mark.django_db
def test_seed_news_loads_every_dated_post_of_seed_000_once(shared_dir):
    seed = list(_seed_posts((shared_dir / SEED_000).read_text(encoding="utf-8")))
    assert len(seed) == 15, "the seed page changed: look again at the posts"
    out = io.StringIO()
    seed_news(out)
    assert NewsPost.objects.count() == len(seed) + 1  # plus the maintenance post the seed shows without a heading
    for seed_date, label, title, resolved in seed:
        post = NewsPost.objects.get(date=seed_date, title=title)
        if label:  # the seed's own "Issue:" and "Fixed:" headings
            expected_kind = label.lower()
        elif title.startswith("Problem"):  # an issue announced without the label
            expected_kind = "issue"
        else:
            expected_kind = "deprecation" if title.startswith("Deprecation") else "announcement"
        assert post.kind == expected_kind, title
        assert post.is_published and post.body and "Resolved" not in post.body
        if resolved:
            assert post.resolved, title
    assert NewsPost.objects.get(date=date(2019, 11, 28)).resolved  # fixed by the post of 2021-03-12
    assert set(NewsPost.objects.filter(resolved=True).values_list("date", flat=True)) == {
        date(2021, 12, 21),
        date(2021, 6, 4),
        date(2019, 11, 28),
    }
    maintenance = NewsPost.objects.get(body__contains="banking holiday")
    assert date(2020, 2, 5) < maintenance.date < date(2020, 5, 5)
    assert "News (seed 000): 16 posts added, 0 already present." in out.getvalue()


@pytest.mark.django_db
def test_seed_news_is_idempotent_and_keeps_what_staff_changed(shared_dir):
    seed_news(io.StringIO())
    edited = NewsPost.objects.get(date=date(2020, 12, 15))
    edited.body = "Edited by staff."
    edited.save()
    NewsPost.objects.filter(date=date(2018, 7, 12)).delete()
    out = io.StringIO()
    seed_news(out)
    assert NewsPost.objects.count() == 16
    assert NewsPost.objects.get(pk=edited.pk).body == "Edited by staff."
    assert "News (seed 000): 1 posts added, 15 already present." in out.getvalue()


@pytest.mark.django_db
def test_seeded_lists_of_endpoints_render_as_lists():
    seed_news(io.StringIO())
    shield = render_body(NewsPost.objects.get(date=date(2019, 8, 27)).body)
    assert shield.count("<li>") == 20 and "<li><code>delete /shield/definition/duties/{}</code></li>" in shield
    replacements = render_body(NewsPost.objects.get(date=date(2020, 7, 29)).body)
    assert replacements.count("<ol>") == 3 and replacements.count("<li>") == 17


def test_the_seed_posts_are_plain_paragraphs_lists_code_and_links():
    """The Markdown renderer shows the news history as the plain-text renderer it replaced did: no emphasis,
    heading or code block appears where an asterisk, hash or indentation happens to stand."""
    for post in SEED_000_POSTS:
        tags = set(re.findall(r"<(\w+)", render_body(post[3])))
        assert tags <= {"p", "ul", "ol", "li", "code", "a"}, post[2]


def test_seed_news_is_registered_for_seed_demo():
    assert "connectors.demo_news.seed_news" in DEMO_SEEDERS
