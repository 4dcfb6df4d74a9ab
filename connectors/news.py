"""News posts for the public news page: which posts show, and their plain-text bodies rendered as safe HTML."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import NewsPost

# "- item" or "  - item" (an asterisk too, as people type it); "1. item" or "  2) item".
BULLET = re.compile(r"^\s*[-*]\s+(?P<text>.*)$")
NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<text>.*)$")
CODE = re.compile(r"`(?P<code>[^`\n]+)`")
# A bare https:// URL up to white space, quotes, angle brackets or a backtick.
URL = re.compile(r"https://[^\s<>\"'`]+")
# Sentence punctuation that ends a URL in running text rather than belonging to it.
URL_TRAILING = ".,;:!?"


def published_posts(kind: str | None = None):
    """What the public sees, newest first; `kind` narrows it to one NewsPost.Kind when given."""
    posts = NewsPost.objects.filter(is_published=True).order_by("-date", "-id")
    if kind:
        posts = posts.filter(kind=kind)
    return posts


def _split_url(candidate: str) -> tuple[str, str]:
    """(url, what follows it): trailing punctuation and an unmatched ")" stay outside the link."""
    url, trailing = candidate, ""
    while url:
        last = url[-1]
        if last in URL_TRAILING or (last == ")" and url.count("(") < url.count(")")):
            url, trailing = url[:-1], last + trailing
        else:
            break
    return url, trailing


def _link(url: str) -> str:
    href = escape(url)
    return f'<a href="{href}" rel="noopener nofollow">{href}</a>'


def _text(text: str) -> str:
    """Escaped text with its bare https:// URLs as links."""
    parts, position = [], 0
    for match in URL.finditer(text):
        url, trailing = _split_url(match.group())
        if url == "https://":  # the scheme alone is no link
            continue
        parts.append(escape(text[position : match.start()]))
        parts.append(_link(url))
        position = match.start() + len(url)
    parts.append(escape(text[position:]))
    return "".join(parts)


def render_inline(text: str) -> str:
    """One line or paragraph: `code` spans (taken literally, never linked), links, the rest escaped."""
    parts, position = [], 0
    for match in CODE.finditer(text):
        parts.append(_text(text[position : match.start()]))
        parts.append(f"<code>{escape(match.group('code'))}</code>")
        position = match.end()
    parts.append(_text(text[position:]))
    return "".join(parts)


def _blocks(body: str):
    """("p", [lines]), ("ul", [items]) and ("ol", [items], start), in the order they appear."""
    block = None
    for raw in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            if block is not None:
                yield block
            block = None
            continue
        bullet, numbered = BULLET.match(raw), NUMBERED.match(raw)
        if bullet or numbered:
            tag = "ul" if bullet else "ol"
            text = (bullet or numbered).group("text").strip()
            if block is not None and block[0] == tag:
                block[1].append(text)
                continue
            if block is not None:
                yield block
            block = (tag, [text], int(numbered.group("number")) if numbered else None)
        elif block is not None and block[0] != "p" and raw[:1].isspace():
            # An indented line under a list item continues that item.
            block[1][-1] = f"{block[1][-1]} {line}"
        elif block is not None and block[0] == "p":
            block[1].append(line)
        else:
            if block is not None:
                yield block
            block = ("p", [line], None)
    if block is not None:
        yield block


def render_body(body: str) -> SafeString:
    """A post body as HTML. Everything is escaped; only the markup this function writes gets through.

    Blank lines separate paragraphs and lines within a paragraph flow together; "- " lines make a bullet
    list, "1. " lines a numbered list; `backticks` mark code; bare https:// URLs become links.
    """
    html = []
    for tag, lines, start in _blocks(body or ""):
        if tag == "p":
            html.append(f"<p>{render_inline(' '.join(lines))}</p>")
            continue
        items = "".join(f"<li>{render_inline(item)}</li>" for item in lines)
        start_attribute = f' start="{start}"' if tag == "ol" and start != 1 else ""
        html.append(f"<{tag}{start_attribute}>{items}</{tag}>")
    return mark_safe("\n".join(html))  # every piece of text above went through escape()
