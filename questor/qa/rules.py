"""The content rules every way in (pages, API, importers) checks alike."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

TITLE_MIN, TITLE_MAX = 15, 150
BODY_MIN, BODY_MAX = 30, 30_000
COMMENT_MIN, COMMENT_MAX = 15, 600
TAGS_MIN, TAGS_MAX = 1, 5
TAG_MAX_LENGTH = 35
TAG_PATTERN = re.compile(r"^[a-z0-9+#.-]+$")


def clean_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) < TITLE_MIN:
        raise ValidationError(
            f"The title needs at least {TITLE_MIN} characters; it has {len(title)}. "
            "Say what you want to know, as a question."
        )
    if len(title) > TITLE_MAX:
        raise ValidationError(
            f"The title can have at most {TITLE_MAX} characters; it has {len(title)}."
        )
    return title


def clean_body(body: str, *, what: str = "The body") -> str:
    body = body.strip()
    if len(body) < BODY_MIN:
        raise ValidationError(f"{what} needs at least {BODY_MIN} characters; it has {len(body)}.")
    if len(body) > BODY_MAX:
        raise ValidationError(
            f"{what} can have at most {BODY_MAX:,} characters; it has {len(body):,}."
        )
    return body


def parse_tags(text: str) -> list[str]:
    """Tags separated by spaces (commas also accepted), lower-cased, each once, in order."""
    names: list[str] = []
    for raw in re.split(r"[\s,]+", text.strip()):
        name = raw.lower()
        if name and name not in names:
            names.append(name)
    if len(names) < TAGS_MIN:
        raise ValidationError("Add at least one tag, such as delegation or feedback.")
    if len(names) > TAGS_MAX:
        raise ValidationError(f"Use at most {TAGS_MAX} tags; there are {len(names)}.")
    for name in names:
        if len(name) > TAG_MAX_LENGTH:
            raise ValidationError(
                f"The tag “{name[:40]}” is too long: at most {TAG_MAX_LENGTH} characters."
            )
        if not TAG_PATTERN.match(name):
            raise ValidationError(
                f"The tag “{name[:40]}” has characters tags cannot have. "
                "Use letters a-z, digits, and + # . - only; join words with a hyphen."
            )
        if not re.search(r"[a-z0-9]", name):
            raise ValidationError(f"The tag “{name[:40]}” needs at least one letter or digit.")
    return names


def clean_comment(body: str) -> str:
    body = " ".join(body.split())
    if len(body) < COMMENT_MIN:
        raise ValidationError(
            f"A comment needs at least {COMMENT_MIN} characters; it has {len(body)}."
        )
    if len(body) > COMMENT_MAX:
        raise ValidationError(
            f"A comment can have at most {COMMENT_MAX} characters; it has {len(body)}."
        )
    return body
