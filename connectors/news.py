"""News post bodies rendered as safe HTML, with markdown-it-py (CommonMark) and a short list of what it may do.

Raw HTML is off, so markup in a body is escaped, never passed on; links go only to https:// (and mailto:)
addresses, whether written as [text](https://…) or bare. The rules: paragraphs, bullet and numbered lists,
`code`, *emphasis* and **strong**, links. Headings, images, quotes and code blocks stay plain text, so a
line that happens to start with "#" or four spaces reads as written.
"""

import re

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

LINK_SCHEMES = ("https://", "mailto:")
# A bare https:// URL up to white space, quotes, angle brackets or a backtick.
URL = re.compile(r"https://[^\s<>\"'`]+")
# Sentence punctuation that ends a URL in running text rather than belonging to it.
URL_TRAILING = ".,;:!?"


def _split_url(candidate: str) -> str:
    """The URL without trailing punctuation or an unmatched ")" (those stay outside the link)."""
    url = candidate
    while url and (url[-1] in URL_TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _bare_links(state) -> None:
    """Turn bare https:// URLs in text (not in code, not in a link already) into links."""
    md = state.md
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children, in_link = [], 0
        for token in block.children:
            in_link += {"link_open": 1, "link_close": -1}.get(token.type, 0)
            if token.type != "text" or in_link:
                children.append(token)
                continue
            text, position = token.content, 0
            for match in URL.finditer(text):
                url = _split_url(match.group())
                href = md.normalizeLink(url)
                if url == "https://" or not md.validateLink(href):
                    continue
                if match.start() > position:
                    children.append(_text(text[position : match.start()]))
                opening = Token("link_open", "a", 1, attrs={"href": href}, markup="linkify", info="auto")
                closing = Token("link_close", "a", -1, markup="linkify", info="auto")
                children += [opening, _text(md.normalizeLinkText(url)), closing]
                position = match.start() + len(url)
            if position < len(text):
                children.append(_text(text[position:]))
        block.children = children


def _link_open(renderer, tokens, index, options, env) -> str:
    tokens[index].attrSet("rel", "noopener nofollow")
    return renderer.renderToken(tokens, index, options, env)


def _renderer() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False})
    md.enable(["list", "newline", "escape", "backticks", "emphasis", "link"])
    md.validateLink = lambda url: url.lower().startswith(LINK_SCHEMES)
    md.core.ruler.push("bare_links", _bare_links)
    md.add_render_rule("link_open", _link_open)
    return md


MARKDOWN = _renderer()


def render_body(body: str) -> SafeString:
    """A post body as HTML: markdown-it escapes every character it does not turn into its own markup."""
    return mark_safe(MARKDOWN.render(body or "").strip())  # html=False: no markup of the author gets through
