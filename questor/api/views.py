"""The tokens page: create (shown once), list and revoke personal access tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from questor.accounts.models import User
from questor.api import tokens
from questor.api.forms import TokenForm


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Log in first.")
    return user


@never_cache  # the page that shows a new token must not be kept anywhere
@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    form = TokenForm(request.POST or None)
    created: tokens.NewToken | None = None
    if request.method == "POST" and form.is_valid():
        try:
            created = tokens.create_token(
                user=user,
                name=form.cleaned_data["name"],
                read_only=form.cleaned_data["read_only"],
                expires_in_days=form.expires_in_days(),
            )
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "created": created, "tokens": tokens.tokens_of(user)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if tokens.revoke_token(user=_member(request), token_id=token_id):
        messages.success(request, "The token is revoked; it no longer works.")
    return redirect("api-tokens")
