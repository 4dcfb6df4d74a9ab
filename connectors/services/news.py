"""The news and status posts of /news/: staff write them, the public reads them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from epdee.core.audit import record_event
from epdee.core.errors import Invalid
from epdee.core.permissions import require

from ..models import NewsPost

POST_FIELDS = ("date", "kind", "title", "body", "resolved", "is_published")


def _checked(post: NewsPost) -> None:
    """Every field's rule at once; a second post with the same date and title is refused on the title."""
    try:
        post.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise Invalid.collect(error.message_dict) from error
    same = NewsPost.objects.filter(date=post.date, title=post.title).exclude(pk=post.pk)
    if same.exists():
        raise Invalid(_("A post with this title already exists on this date."), field="title", code="duplicate")


def _values(fields: dict) -> dict:
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise Invalid(_("These post fields do not exist: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    return fields


@transaction.atomic
def create_news_post(*, by, **fields) -> NewsPost:
    actor = require(by, "connectors.news")
    post = NewsPost(**_values(fields))
    _checked(post)
    post.save()
    record_event("news.post.create", actor=actor, obj=post, details={"title": post.title[:200], "kind": post.kind})
    return post


@transaction.atomic
def update_news_post(post: NewsPost, *, by, **changes) -> NewsPost:
    actor = require(by, "connectors.news")
    post = NewsPost.objects.select_for_update().get(pk=post.pk)
    changed = sorted(name for name, value in _values(changes).items() if getattr(post, name) != value)
    if not changed:
        return post
    for name in changed:
        setattr(post, name, changes[name])
    _checked(post)
    post.save()
    record_event("news.post.change", actor=actor, obj=post, details={"fields": changed})
    return post


@transaction.atomic
def delete_news_post(post: NewsPost, *, by) -> None:
    actor = require(by, "connectors.news")
    record_event("news.post.delete", actor=actor, obj=post, details={"title": post.title[:200]})
    NewsPost.objects.filter(pk=post.pk).delete()
