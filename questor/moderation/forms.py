from __future__ import annotations

import re
from typing import Any

from django import forms

from questor.moderation.models import FlagKind
from questor.qa import moderation as qa_moderation
from questor.qa.models import CloseReason, Post, PostType

_POST_ID = re.compile(r"^\s*#?(\d+)\s*$")
_POST_URL = re.compile(r"/(?:questions|q|a|posts)/(\d+)(?:[/?#]|$)")


def question_from_reference(value: str) -> Post | None:
    """A question named by its id ("123", "#123") or by any of its URLs."""
    match = _POST_ID.match(value) or _POST_URL.search(value)
    if match is None:
        return None
    post = Post.objects.select_related("question", "duplicate_of").filter(pk=int(match[1])).first()
    if post is not None and post.post_type == PostType.ANSWER:
        post = post.question
    return post


class DuplicateField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", "The original question's id or its address.")
        super().__init__(**kwargs)


def _clean_duplicate(form: forms.Form, field: str = "duplicate_of") -> Post | None:
    value = form.cleaned_data.get(field, "")
    if not value:
        form.add_error(field, "Name the original question: its id or its address.")
        return None
    post = question_from_reference(value)
    if post is None or not post.is_public:
        form.add_error(field, "No question on this site has that id or address.")
        return None
    return post


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason", choices=[("", "Choose a reason…"), *CloseReason.choices]
    )
    duplicate_of = DuplicateField(label="Duplicate of")
    off_topic_reason = forms.ChoiceField(label="Off-topic because", required=False, choices=[])
    note = forms.CharField(label="Note", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["off_topic_reason"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((r, r) for r in qa_moderation.off_topic_reasons())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = data.get("reason")
        data["original"] = None
        if reason == CloseReason.DUPLICATE:
            data["original"] = _clean_duplicate(self)
        if reason == CloseReason.OFF_TOPIC:
            if not data.get("off_topic_reason"):
                self.add_error("off_topic_reason", "Say why it is off-topic.")
            else:
                note = data.get("note", "")
                data["note"] = data["off_topic_reason"] + (f": {note}" if note else "")
        return data


class FlagForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is wrong?", choices=FlagKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Details for the moderators",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    duplicate_of = DuplicateField(label="Duplicate of")

    def __init__(self, *args: Any, for_comment: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_comment:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in FlagKind.choices if c[0] != FlagKind.DUPLICATE]
            del self.fields["duplicate_of"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["original"] = None
        if data.get("kind") == FlagKind.DUPLICATE:
            data["original"] = _clean_duplicate(self)
        if data.get("kind") == FlagKind.MODERATOR and not data.get("text", "").strip():
            self.add_error("text", "Tell the moderators what needs their attention.")
        return data


DURATIONS = [
    ("", "No expiry"),
    ("1", "1 day"),
    ("3", "3 days"),
    ("7", "7 days"),
    ("30", "30 days"),
    ("365", "1 year"),
]


class LockForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=300)
    days = forms.ChoiceField(label="Expires after", choices=DURATIONS, required=False)


class SuspendForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=300)
    days = forms.ChoiceField(label="For", choices=DURATIONS[1:], initial="7")
