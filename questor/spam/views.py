"""The held-post queue at /moderation/held/: moderators publish or reject what the spam
check held."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from questor.accounts.models import User
from questor.qa.models import Post
from questor.qa.permissions import is_moderator
from questor.spam import services


def _moderator(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not is_moderator(user):
        raise PermissionDenied("Only moderators review held posts.")
    return user


def held_posts() -> list[Post]:
    return list(
        Post.objects.filter(held_for_review=True, is_deleted=False)
        .select_related("author", "question")
        .order_by("created_at", "id")[:100]
    )


@login_required
@require_GET
def held_queue(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    posts = held_posts()
    entries = [{"post": post, "reasons": post.held_reasons.splitlines()} for post in posts]
    return render(request, "spam/held_queue.html", {"entries": entries})


@login_required
@require_POST
def decide(request: HttpRequest, post_id: int) -> HttpResponse:
    moderator = _moderator(request)
    post = Post.objects.select_related("question").filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post.")
    ruling = request.POST.get("decision")
    if ruling not in {"approve", "reject"}:
        return HttpResponse("Approve or reject.", status=400, content_type="text/plain")
    services.decide(moderator=moderator, post=post, spam=ruling == "reject")
    what = (
        f"“{post.title}”"
        if post.title
        else f"The answer to “{post.question.title}”"
        if (post.question)
        else "The post"
    )
    messages.success(
        request,
        f"{what} is published."
        if ruling == "approve"
        else f"{what} is deleted as spam; its author lost 100 reputation.",
    )
    return redirect("spam:held")
