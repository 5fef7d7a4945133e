from __future__ import annotations

from typing import Any

from django import forms

from questor.lib.forms import PlainLabels
from questor.qa import rules
from questor.qa.models import Category


class AskForm(PlainLabels, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="Be specific: what would you ask a colleague? 15 to 150 characters.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label="Body",
        max_length=40_000,
        help_text="Markdown. Say what you tried and what happened. At least 30 characters.",
        widget=forms.Textarea(attrs={"rows": 12, "data-preview": "body-preview"}),
    )
    tags = forms.CharField(
        label="Tags",
        max_length=300,
        help_text="1 to 5 tags separated by spaces, e.g. delegation one-on-ones.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    category = forms.ModelChoiceField(
        label="Category",
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label="Choose a category",
        error_messages={
            "required": "Choose a category.",
            "invalid_choice": "Choose a category from the list.",
        },
    )

    def clean_title(self) -> str:
        return rules.clean_title(self.cleaned_data["title"])

    def clean_body(self) -> str:
        return rules.clean_body(self.cleaned_data["body"])

    def clean_tags(self) -> list[str]:
        return rules.parse_tags(self.cleaned_data["tags"])


class EditQuestionForm(AskForm):
    comment = forms.CharField(
        label="Edit summary",
        max_length=300,
        required=False,
        help_text="Briefly, what did you change?",
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["category"]


class AnswerForm(PlainLabels, forms.Form):
    body = forms.CharField(
        label="Your answer",
        max_length=40_000,
        widget=forms.Textarea(attrs={"rows": 10, "data-preview": "answer-preview"}),
        help_text="Markdown. At least 30 characters.",
    )

    def clean_body(self) -> str:
        return rules.clean_body(self.cleaned_data["body"], what="An answer")


class EditAnswerForm(AnswerForm):
    comment = forms.CharField(label="Edit summary", max_length=300, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "Body"


class CommentForm(PlainLabels, forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="15 to 600 characters. *Emphasis*, `code` and links work.",
    )

    def clean_body(self) -> str:
        return rules.clean_comment(self.cleaned_data["body"])
