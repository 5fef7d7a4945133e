"""Moderation pages: flag, close, reopen, vote to delete, undelete, lock, protect, suspend,
the flag queue, the review queues and the log. Thin: read input, call one action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from questor.accounts.models import User
from questor.lib.text import id_from
from questor.moderation import actions
from questor.moderation.forms import CloseForm, FlagForm, LockForm, SuspendForm
from questor.moderation.models import (
    Flag,
    FlagKind,
    FlagStatus,
    ModerationLogEntry,
    ModerationVote,
    ReviewDecision,
    ReviewQueue,
    ReviewTask,
    VoteKind,
)
from questor.qa import moderation as qa_moderation
from questor.qa import permissions, selectors
from questor.qa.models import Comment, Post, SuggestedEditStatus
from questor.qa.privileges import privilege_refusal


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Log in first.")
    return user


def _post_or_404(request: HttpRequest, post_id: int) -> Post:
    post = selectors.get_post(post_id)
    if post is None or not permissions.can_see_post(request.user, post):
        raise Http404("No such post.")
    if post.question is not None and not permissions.can_see_post(request.user, post.question):
        raise Http404("No such post.")
    return post


def _question_or_404(request: HttpRequest, post_id: int) -> Post:
    post = _post_or_404(request, post_id)
    if not post.is_question:
        raise Http404("No such question.")
    return post


def _require_moderator(user: Any) -> None:
    if not permissions.can_moderate(user):
        raise PermissionDenied("Only moderators can see this page.")


def _until(days: str | None) -> Any:
    return timezone.now() + timedelta(days=int(days)) if days else None


def _errors_to_form(form: Any, error: ValidationError | PermissionDenied) -> None:
    messages_ = error.messages if isinstance(error, ValidationError) else [str(error)]
    for message in messages_:
        form.add_error(None, message)


# Flags --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def flag_post(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _user(request)
    post = _post_or_404(request, post_id)
    if not permissions.can_flag(user, post):
        raise PermissionDenied(actions._flag_refusal(user, post))
    form = FlagForm(request.POST or None, for_comment=False)
    if not post.is_question:
        form.fields.pop("duplicate_of")
        field = form.fields["kind"]
        field.choices = [c for c in FlagKind.choices if c[0] != FlagKind.DUPLICATE]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            actions.flag_post(
                user=user,
                post=post,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data.get("text", ""),
                duplicate_of=form.cleaned_data.get("original"),
            )
        except (PermissionDenied, ValidationError) as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                "Thank you: the moderators will look at your flag. See its outcome "
                "under Your flags.",
            )
            return redirect(post.get_absolute_url())
    return render(
        request,
        "moderation/flag.html",
        {"form": form, "post": post, "target": "post"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    user = _user(request)
    comment = get_object_or_404(
        Comment.objects.select_related("post", "post__question"), pk=comment_id, is_deleted=False
    )
    _post_or_404(request, comment.post_id)
    form = FlagForm(request.POST or None, for_comment=True)
    if request.method == "POST" and form.is_valid():
        try:
            actions.flag_comment(
                user=user,
                comment=comment,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data.get("text", ""),
            )
        except (PermissionDenied, ValidationError) as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Thank you: the moderators will look at your flag.")
            return redirect(comment.post.get_absolute_url())
    return render(
        request,
        "moderation/flag.html",
        {"form": form, "post": comment.post, "comment": comment, "target": "comment"},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def flag_queue(request: HttpRequest) -> HttpResponse:
    _require_moderator(request.user)
    kind = request.GET.get("kind", "")
    pending = Flag.objects.filter(status=FlagStatus.PENDING)
    counts = dict(pending.values_list("kind").annotate(n=Count("id")).order_by())
    shown = pending.filter(kind=kind) if kind in FlagKind.values else pending
    flags = list(
        shown.select_related(
            "flagger", "post", "post__question", "post__author", "comment", "comment__post",
            "comment__author", "duplicate_of",
        ).order_by("created_at", "id")[:300]
    )  # fmt: skip
    # One entry per flagged post or comment, with every pending flag on it.
    groups: dict[tuple[str, int], dict[str, Any]] = {}
    for flag in flags:
        key = ("post", flag.post_id) if flag.post_id else ("comment", flag.comment_id or 0)
        group = groups.setdefault(
            key, {"kind": key[0], "id": key[1], "post": flag.post, "comment": flag.comment,
                  "flags": []},
        )  # fmt: skip
        group["flags"].append(flag)
    return render(
        request,
        "moderation/flag_queue.html",
        {
            "groups": list(groups.values()),
            "kinds": [(value, label, counts.get(value, 0)) for value, label in FlagKind.choices],
            "total": sum(counts.values()),
            "kind": kind,
        },
    )


@login_required
@require_POST
def decide_flags(request: HttpRequest, target: str, target_id: int) -> HttpResponse:
    user = _user(request)
    _require_moderator(user)
    decision = request.POST.get("decision")
    if decision not in {"helpful", "declined"}:
        return HttpResponse("Helpful or declined.", status=400, content_type="text/plain")
    post = comment = None
    if target == "posts":
        post = get_object_or_404(Post.objects.select_related("question"), pk=target_id)
    else:
        comment = get_object_or_404(Comment.objects.select_related("post"), pk=target_id)
    count = actions.decide_flags(
        user=user,
        post=post,
        comment=comment,
        helpful=decision == "helpful",
        action=request.POST.get("action", "none"),
        note=request.POST.get("note", "")[:200],
    )
    messages.success(request, f"Decided {count} flag{'s' if count != 1 else ''}.")
    return redirect("/moderation/")


@login_required
@require_GET
def my_flags(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    flags = (
        Flag.objects.filter(flagger=user)
        .select_related("post", "post__question", "comment", "comment__post")
        .order_by("-created_at", "-id")[:100]
    )
    return render(request, "moderation/my_flags.html", {"flags": flags})


# Close, reopen, delete votes ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _user(request)
    question = _question_or_404(request, post_id)
    if not permissions.can_vote_to_close(user, question):
        raise PermissionDenied(
            "This question is closed already."
            if question.is_closed
            else privilege_refusal(user, "close_reopen")
        )
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = actions.vote_to_close(
                user=user,
                question=question,
                reason=data["reason"],
                note=data.get("note", ""),
                duplicate_of=data.get("original"),
            )
        except (PermissionDenied, ValidationError) as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                "The question is closed."
                if result.done
                else f"Your vote to close is counted ({result.votes} of {result.needed}).",
            )
            return redirect(question.get_absolute_url())
    votes = ModerationVote.objects.filter(
        post=question, kind=VoteKind.CLOSE, is_active=True
    ).count()
    return render(
        request,
        "moderation/close.html",
        {
            "form": form,
            "question": question,
            "votes": votes,
            "needed": qa_moderation.votes_needed(),
            "at_once": permissions.can_moderate(user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _user(request)
    question = _question_or_404(request, post_id)
    if not permissions.can_vote_to_reopen(user, question):
        raise PermissionDenied(
            "This question is open."
            if not question.is_closed
            else privilege_refusal(user, "close_reopen")
        )
    if request.method == "POST":
        result = actions.vote_to_reopen(user=user, question=question)
        messages.success(
            request,
            "The question is reopened."
            if result.done
            else f"Your vote to reopen is counted ({result.votes} of {result.needed}).",
        )
        return redirect(question.get_absolute_url())
    return render(
        request,
        "moderation/confirm.html",
        {
            "post": question,
            "heading": "Reopen this question?",
            "action": f"/posts/{question.pk}/reopen/",
            "button": "Reopen",
            "explain": "A moderator reopens at once."
            if permissions.can_moderate(user)
            else f"It takes {qa_moderation.votes_needed()} votes to reopen a question.",
        },
    )


@login_required
@require_POST
def delete_vote(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _user(request)
    question = _question_or_404(request, post_id)
    result = actions.vote_to_delete(user=user, question=question)
    messages.success(
        request,
        "The question is deleted."
        if result.done
        else f"Your vote to delete is counted ({result.votes} of {result.needed}).",
    )
    return redirect(question.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def undelete(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _user(request)
    post = _post_or_404(request, post_id)
    if not permissions.can_undelete(user, post):
        raise PermissionDenied("Only moderators can undelete posts.")
    if request.method == "POST":
        qa_moderation.undelete_post(user=user, post=post, reason=request.POST.get("reason", ""))
        messages.success(request, "The post is undeleted.")
        return redirect(post.get_absolute_url())
    return render(
        request,
        "moderation/confirm.html",
        {
            "post": post,
            "heading": "Undelete this post?",
            "action": f"/posts/{post.pk}/undelete/",
            "button": "Undelete",
            "explain": "Everyone will see it again.",
        },
    )


# Lock, protect ------------------------------------------------------------------------


def _time_limited(
    request: HttpRequest,
    *,
    user: User,
    post: Post,
    mode: str,
    refusal: str,
    apply: Callable[..., object],
    done: str,
) -> HttpResponse:
    """The form of a restriction with a reason and an optional expiry (lock, protect)."""
    if not permissions.can_moderate(user):
        raise PermissionDenied(refusal)
    form = LockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        apply(
            user=user,
            reason=form.cleaned_data["reason"],
            until=_until(form.cleaned_data.get("days")),
        )
        messages.success(request, done)
        return redirect(post.get_absolute_url())
    return render(
        request,
        "moderation/lock.html",
        {"form": form, "post": post, "mode": mode},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lock(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _user(request)
    post = _post_or_404(request, post_id)
    return _time_limited(
        request,
        user=user,
        post=post,
        mode="lock",
        refusal="Only moderators can lock posts.",
        apply=partial(qa_moderation.lock_post, post=post),
        done="The post is locked.",
    )


@login_required
@require_POST
def unlock(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    qa_moderation.unlock_post(user=_user(request), post=post)
    messages.success(request, "The post is unlocked.")
    return redirect(post.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def protect(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _user(request)
    question = _question_or_404(request, post_id)
    return _time_limited(
        request,
        user=user,
        post=question,
        mode="protect",
        refusal="Only moderators can protect questions.",
        apply=partial(qa_moderation.protect_question, question=question),
        done="The question is protected.",
    )


@login_required
@require_POST
def unprotect(request: HttpRequest, post_id: int) -> HttpResponse:
    question = _question_or_404(request, post_id)
    qa_moderation.unprotect_question(user=_user(request), question=question)
    messages.success(request, "The question is no longer protected.")
    return redirect(question.get_absolute_url())


# Suspensions --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def suspend(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _user(request)
    _require_moderator(user)
    member = get_object_or_404(User, pk=user_id)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            qa_moderation.suspend_user(
                user=user,
                member=member,
                reason=form.cleaned_data["reason"],
                until=_until(form.cleaned_data["days"]),
            )
        except PermissionDenied as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"{member.name} is suspended.")
            return redirect(member.get_absolute_url())
    return render(
        request,
        "moderation/suspend.html",
        {"form": form, "member": member},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def unsuspend(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=user_id)
    qa_moderation.unsuspend_user(user=_user(request), member=member)
    messages.success(request, f"{member.name}'s suspension is lifted.")
    return redirect(member.get_absolute_url())


# The log ------------------------------------------------------------------------------


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    _require_moderator(request.user)
    entries = ModerationLogEntry.objects.select_related("actor", "post", "target_user")
    action = request.GET.get("action", "")
    actor = request.GET.get("actor", "").strip()
    post_id = request.GET.get("post", "").strip()
    query = request.GET.get("q", "").strip()
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor__username__iexact=actor)
    if (number := id_from(post_id)) is not None:
        entries = entries.filter(post_id=number)
    if query:
        entries = entries.filter(
            Q(reason__icontains=query)
            | Q(target_user__username__iexact=query)
            | Q(post__title__icontains=query)
        )
    page = selectors.paginate(entries, page=request.GET.get("page"), per_page=50)
    actions_seen = (
        ModerationLogEntry.objects.values_list("action", flat=True).distinct().order_by("action")
    )
    return render(
        request,
        "moderation/log.html",
        {
            "page_obj": page,
            "entries": page.object_list,
            "actions": list(actions_seen),
            "filters": {"action": action, "actor": actor, "post": post_id, "q": query},
        },
    )


# Review queues ------------------------------------------------------------------------


def _require_reviewer(user: Any) -> None:
    if not permissions.can_review(user):
        raise PermissionDenied(
            privilege_refusal(user, "review")
            if permissions.can_post(user) or not user.is_authenticated
            else "You cannot review."
        )


def _open_tasks(user: User, queue: str) -> Any:
    return (
        ReviewTask.objects.filter(
            queue=queue,
            completed_at=None,
            post__is_deleted=False,
            post__hidden_by_flags=False,
            post__held_for_review=False,
        )
        .exclude(decisions__reviewer=user)
        .exclude(post__author=user)
        .select_related("post", "post__question", "post__author")
        .order_by("created_at", "id")
    )


@login_required
@require_GET
def review_index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_reviewer(user)
    queues = [
        {"slug": slug, "label": label, "count": _open_tasks(user, slug).count()}
        for slug, label in ReviewQueue.choices
    ]
    from questor.qa.models import SuggestedEdit

    suggested = SuggestedEdit.objects.filter(status=SuggestedEditStatus.PENDING).count()
    return render(
        request,
        "moderation/review_index.html",
        {
            "queues": queues,
            "suggested": suggested,
            "can_review_edits": permissions.can_review_suggested_edits(user),
        },
    )


@login_required
@require_GET
def review_queue(request: HttpRequest, queue: str) -> HttpResponse:
    user = _user(request)
    _require_reviewer(user)
    if queue not in ReviewQueue.values:
        raise Http404("No such queue.")
    task = _open_tasks(user, queue).first()
    return render(
        request,
        "moderation/review_task.html",
        {
            "queue": queue,
            "label": ReviewQueue(queue).label,
            "task": task,
            "decisions": [
                (value, value.replace("-", " ").capitalize())
                for value in actions.QUEUE_DECISIONS[queue]
            ],
            "history": task.decisions.select_related("reviewer") if task else [],
        },
    )


@login_required
@require_POST
def review_decide(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    task = get_object_or_404(ReviewTask, pk=task_id)
    actions.review(user=user, task=task, decision=request.POST.get("decision", ""))
    return redirect(f"/review/{task.queue}/")


@login_required
@require_GET
def review_history(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request.user)
    decisions = ReviewDecision.objects.select_related(
        "reviewer", "task", "task__post", "task__post__question"
    )
    if not permissions.can_moderate(request.user):
        decisions = decisions.filter(
            task__post__is_deleted=False,
            task__post__hidden_by_flags=False,
            task__post__held_for_review=False,
        )
    page = selectors.paginate(decisions, page=request.GET.get("page"), per_page=50)
    return render(
        request,
        "moderation/review_history.html",
        {"page_obj": page, "decisions": page.object_list},
    )
