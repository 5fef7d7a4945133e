from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from questor.accounts import actions
from questor.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    QueuedPasswordResetForm,
    SignupForm,
)
from questor.accounts.models import User
from questor.accounts.throttle import count_attempt
from questor.accounts.tokens import read_verification_token
from questor.lib.client import client_ip
from questor.lib.ratelimit import RateLimited


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("/")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count_attempt("signup", ip=client_ip(request))  # accounts made per address
        except RateLimited as error:
            form.add_error(None, error.message)
            response = render(request, "accounts/signup.html", {"form": form}, status=429)
            response["Retry-After"] = str(error.retry_after)
            return response
        user = actions.register_user(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            base_url=_base_url(request),
        )
        login(request, user, backend="questor.accounts.backends.UsernameOrEmailBackend")
        messages.success(
            request,
            f"Welcome, {user.username}! We sent a link to {user.email}: "
            "open it to confirm your address.",
        )
        return redirect("/")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    payload = read_verification_token(token)
    user = User.objects.filter(pk=payload[0]).first() if payload else None
    if payload is None or user is None or not actions.verify_email(user=user, email=payload[1]):
        return render(request, "accounts/verify_failed.html", status=400)
    messages.success(request, f"Thank you: {user.email} is confirmed.")
    return redirect("/" if request.user.is_authenticated else "accounts:login")


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not user.email_verified and user.email:
        actions.send_verification_email(user=user, base_url=_base_url(request))
        messages.info(request, f"We sent a new confirmation link to {user.email}.")
    return redirect(request.POST.get("next") or "/")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        response.status_code = 429 if form.has_error("__all__", "throttled") else 400
        if getattr(form, "retry_after", None):
            response["Retry-After"] = str(form.retry_after)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    initial = {"display_name": user.display_name, "about": user.about_source()}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(
            user=user,
            display_name=form.cleaned_data["display_name"],
            about=form.cleaned_data["about"],
        )
        messages.success(request, "Your profile is saved.")
        return redirect(user.get_absolute_url())
    return render(
        request, "accounts/profile_edit.html", {"form": form}, status=400 if form.errors else 200
    )
