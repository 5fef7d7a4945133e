from __future__ import annotations

from django import forms

from questor.lib.forms import PlainLabels

EXPIRY_CHOICES = [
    ("30", "30 days"),
    ("90", "90 days"),
    ("365", "1 year"),
    ("", "Never"),
]


class TokenForm(PlainLabels, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, e.g. “reports script”.",
    )
    expires = forms.ChoiceField(
        label="Expires after", choices=EXPIRY_CHOICES, required=False, initial="90"
    )
    read_only = forms.BooleanField(
        label="Read-only",
        required=False,
        help_text="It can read, but not post, edit, vote, flag or change anything.",
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if "\x00" in name or not name:
            raise forms.ValidationError("Give the token a name.")
        return name

    def expires_in_days(self) -> int | None:
        value = self.cleaned_data.get("expires") or ""
        return int(value) if value.isdecimal() and len(value) < 6 else None
