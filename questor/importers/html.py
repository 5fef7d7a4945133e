"""Sanitizing HTML that comes from a dump (post bodies, profiles, tag wikis).

The dump's HTML is what the source site rendered; it is not trusted. nh3 keeps the same
allowlist as our own Markdown renderer, remote images become links (pages load nothing
from other hosts), and links to the source site's posts become links to ours.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

from questor.lib.markdown import ATTRIBUTES, BLOCK_TAGS, LINK_REL

_ATTRIBUTES = {
    **{tag: set(names) - {"style"} for tag, names in ATTRIBUTES.items()},
}
_IMG = re.compile(r"<img\b([^>]*)>")
# SE wraps images in a link to the full-size picture: <a href=…><img …></a>.
_LINKED_IMG = re.compile(r"(<a\b[^>]*>)\s*<img\b([^>]*)>\s*</a>")
_ATTR = re.compile(r'([a-z]+)="([^"]*)"')
_SPACE = re.compile(r"\s+")
# Built once: nh3.clean() converts the allowlist for every call, half its cost per body.
_CLEANER = nh3.Cleaner(
    tags=BLOCK_TAGS,
    attributes=_ATTRIBUTES,
    link_rel=LINK_REL,
    url_schemes={"http", "https", "mailto"},
)
_TEXT_ONLY = nh3.Cleaner(tags=set())


def _text(attribute: str) -> str:
    """An attribute's value as text content, escaped the way nh3 writes text (so that
    sanitizing again changes nothing)."""
    return html_lib.escape(html_lib.unescape(attribute), quote=False) or "image"


def _image_to_link(match: re.Match[str]) -> str:
    attributes = dict(_ATTR.findall(match.group(1)))
    src = attributes.get("src", "")
    if src.startswith("/") and not src.startswith("//"):
        return match.group(0)
    # Values are already escaped by nh3's serializer, so they are safe to reuse.
    return f'<a href="{src}" rel="{LINK_REL}">{_text(attributes.get("alt") or src)}</a>'


def _linked_image(match: re.Match[str]) -> str:
    attributes = dict(_ATTR.findall(match.group(2)))
    src = attributes.get("src", "")
    if src.startswith("/") and not src.startswith("//"):
        return match.group(0)
    return f"{match.group(1)}{_text(attributes.get('alt') or src)}</a>"


def _site_links(site: str) -> re.Pattern[str]:
    return re.compile(
        r'href="https?://'
        + re.escape(site)
        + r'/(questions|q|a)/(\d+)(?:/[^"/#?]*)?(?:/(\d+))?[^"]*"'
    )


_site_link_patterns: dict[str, re.Pattern[str]] = {}


def _local_link(match: re.Match[str]) -> str:
    kind, first, second = match.group(1), match.group(2), match.group(3)
    if kind == "a" or second:
        return f'href="/a/{second or first}"'
    return f'href="/q/{first}"'


def sanitize_html(source: str, *, site: str = "", rewrite_links: bool = True) -> str:
    """Safe HTML for a body, an About me or a tag wiki from a dump."""
    if not source:
        return ""
    cleaned: str = _CLEANER.clean(source)
    if "<img" in cleaned:
        cleaned = _IMG.sub(_image_to_link, _LINKED_IMG.sub(_linked_image, cleaned))
    if rewrite_links and site and site in cleaned:
        pattern = _site_link_patterns.get(site)
        if pattern is None:
            pattern = _site_link_patterns[site] = _site_links(site)
        cleaned = pattern.sub(_local_link, cleaned)
    return cleaned


def html_to_text(source: str) -> str:
    """Plain text of an HTML fragment (tag excerpts)."""
    text = html_lib.unescape(_TEXT_ONLY.clean(source))
    return _SPACE.sub(" ", text).strip()
