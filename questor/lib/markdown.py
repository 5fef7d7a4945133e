"""Render user Markdown to safe HTML: the one place HTML is made from user input.

CommonMark with tables, strikethrough and fenced code, then nh3 (Ammonia) against an
allowlist. Raw HTML in the source is escaped by the parser and anything left is
sanitized, so neither step alone has to be perfect.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

BLOCK_TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
INLINE_TAGS = {"a", "b", "code", "del", "em", "i", "kbd", "s", "strong"}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}
LINK_REL = "nofollow ugc noopener"
_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#-]{1,30}$")
_LOCAL_URL = re.compile(r"^/(?!/)")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "code" and attribute == "class":
        return value if _LANGUAGE_CLASS.match(value) else None
    if attribute == "style":
        # Table cell alignment is the only style the parser emits.
        return (
            value if value in {"text-align:left", "text-align:center", "text-align:right"} else None
        )
    return value


def _render_image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """Show images hosted by this site; a remote image becomes a link to it.

    Pages load nothing from other hosts: that keeps readers' addresses private and
    pages fast and intact when the other host is gone.
    """
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    if _LOCAL_URL.match(src):
        return str(self.image(tokens, idx, options, env))
    return f'<a href="{_escape(src)}">{_escape(alt or src)}</a>'


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


@cache
def _block_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _render_image)
    return md


@cache
def _inline_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.enable(["strikethrough"])
    md.disable(["image"])
    return md


def render_markdown(source: str) -> str:
    """Full Markdown for question and answer bodies and profile texts."""
    html = _block_parser().render(source)
    return nh3.clean(
        html,
        tags=BLOCK_TAGS,
        attributes={**ATTRIBUTES, "code": {"class"}},
        attribute_filter=_attribute_filter,
        link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"},
    )


def render_inline_markdown(source: str) -> str:
    """Inline Markdown only (emphasis, code, links), for comments."""
    html = _inline_parser().renderInline(source)
    return nh3.clean(
        html,
        tags=INLINE_TAGS,
        attributes={"a": {"href", "title"}},
        link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"},
    )


def html_to_markdown(html: str) -> str:
    """Markdown for HTML kept from an import, when someone first edits it."""
    if not html.strip():
        return ""  # most imported profiles have no About: skip building a soup for nothing
    from markdownify import markdownify

    return str(markdownify(html, heading_style="ATX", bullets="-")).strip()
