"""Form conventions shared by every form on the site."""

from __future__ import annotations

from typing import Any


class PlainLabels:
    """Labels read exactly as their field's name ("Password", not "Password:").

    Screen readers announce the label as written, and tests and users' scripts find
    fields by it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
