"""Comment text from a dump is mini-Markdown source: render it once at import."""

from __future__ import annotations

import html
import re

from questor.lib.markdown import render_inline_markdown

# Text with none of these renders to itself, escaped: skip the Markdown parser.
_MARKUP = re.compile(r"[*_`\[\]<>&\\!~]|https?:")


def comment_html(text: str) -> str:
    if _MARKUP.search(text):
        return render_inline_markdown(text)
    return html.escape(text, quote=False)
