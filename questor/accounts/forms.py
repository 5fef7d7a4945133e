from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.template import loader

from questor.accounts.models import User, username_validator
from questor.accounts.throttle import check_lockout, count_attempt, record_failure
from questor.core.tasks import enqueue_email
from questor.lib.client import client_ip
from questor.lib.forms import PlainLabels
from questor.lib.ratelimit import RateLimited


class SignupForm(PlainLabels, forms.Form):
    username = forms.CharField(
        label="Username",
        min_length=3,
        max_length=30,
        validators=[username_validator],
        help_text="3 to 30 characters: letters, digits, and _ . - only.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    email = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        help_text="At least 10 characters, not too common, not all digits.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password confirmation",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in, or reset its password."
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords differ.")
        elif password1:
            candidate = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(PlainLabels, AuthenticationForm):
    """Django's log-in form with per-account and per-IP throttling of failures."""

    username = forms.CharField(
        label="Username",
        max_length=254,
        help_text="Your username or email address.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "") or ""
        ip = client_ip(self.request) if self.request else "unknown"
        try:
            count_attempt("login", ip=ip)
        except RateLimited as error:
            self.retry_after = error.retry_after
            raise forms.ValidationError(error.message, code="throttled") from error
        lockout = check_lockout(username=username, ip=ip)
        if lockout:
            raise forms.ValidationError(lockout.message, code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            record_failure(username=username, ip=ip)
            raise


class QueuedPasswordResetForm(PlainLabels, PasswordResetForm):
    """Django's reset form, but the email goes through the task worker."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        context = {**context, "site_name": settings.SITE_NAME}
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        enqueue_email(to=to_email, subject=subject, text=text, html=html)


class ProfileForm(PlainLabels, forms.Form):
    display_name = forms.CharField(label="Display name", max_length=50, required=False)
    about = forms.CharField(
        label="About me",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown.",
    )


class NewPasswordForm(PlainLabels, SetPasswordForm):  # type: ignore[type-arg]
    pass


class ChangePasswordForm(PlainLabels, PasswordChangeForm):
    pass
