"""Pages about standing in the community: reputation history, privileges, suggested edits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from questor.accounts.models import User
from questor.lib.diff import diff_lines
from questor.qa import actions, permissions, selectors
from questor.qa.models import SuggestedEdit, SuggestedEditStatus
from questor.qa.privileges import PRIVILEGES, privilege_refusal, thresholds


@require_GET
def reputation_history(request: HttpRequest, user_id: int, slug: str) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id, is_active=True)
    if slug != person.slug:
        return redirect(f"/users/{person.pk}/{person.slug}/reputation/", permanent=True)
    page = selectors.paginate(
        selectors.reputation_events(person), page=request.GET.get("page"), per_page=50
    )
    return render(
        request,
        "qa/reputation_history.html",
        {"person": person, "page_obj": page, "events": page.object_list},
    )


@require_GET
def privileges_page(request: HttpRequest) -> HttpResponse:
    current = thresholds()
    rows = sorted(
        (
            {
                "key": key,
                "spec": spec,
                "threshold": current[key],
                "earned": request.user.is_authenticated
                and (request.user.is_staff or request.user.reputation >= current[key]),
            }
            for key, spec in PRIVILEGES.items()
        ),
        key=lambda row: (row["threshold"], row["key"]),
    )
    return render(request, "qa/privileges.html", {"rows": rows})


@login_required
@require_GET
def suggested_edit_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_review_suggested_edits(user):
        raise PermissionDenied(privilege_refusal(user, "edit_others"))
    pending = selectors.pending_suggested_edits()
    return render(request, "qa/suggested_edit_queue.html", {"suggestions": pending})


@login_required
@require_GET
def suggested_edit_detail(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = get_object_or_404(
        SuggestedEdit.objects.select_related("post", "post__question", "author", "reviewed_by"),
        pk=suggestion_id,
    )
    can_review = permissions.can_review_suggested_edits(request.user)
    if suggestion.author_id != request.user.pk and not can_review:
        raise PermissionDenied(privilege_refusal(request.user, "edit_others"))
    post = suggestion.post
    return render(
        request,
        "qa/suggested_edit_detail.html",
        {
            "suggestion": suggestion,
            "post": post,
            "diff": diff_lines(post.body, suggestion.body, context=3),
            "title_changed": post.is_question and suggestion.title != post.title,
            "tags_changed": post.is_question and suggestion.tag_names != post.tag_names,
            "can_decide": can_review
            and suggestion.author_id != request.user.pk
            and suggestion.status == SuggestedEditStatus.PENDING,
        },
    )


@login_required
@require_POST
def review_suggested_edit(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = get_object_or_404(SuggestedEdit, pk=suggestion_id)
    decision = request.POST.get("decision")
    if decision not in {"approve", "reject"}:
        return HttpResponse("Approve or reject.", status=400, content_type="text/plain")
    reviewer = request.user
    assert isinstance(reviewer, User)
    actions.review_suggested_edit(
        reviewer=reviewer,
        suggestion=suggestion,
        approve=decision == "approve",
        reason=request.POST.get("reason", ""),
    )
    return redirect("/review/suggested-edits/")
