"""Pages and htmx fragments: read input, call one action or selector, respond."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from questor.accounts.models import User
from questor.lib.client import visitor_key
from questor.lib.diff import diff_lines
from questor.lib.htmx import HtmxHttpRequest
from questor.lib.markdown import html_to_markdown, render_markdown
from questor.lib.ratelimit import RateLimited, wants_plain_error
from questor.qa import actions, limits, permissions, post_parts, screening, selectors
from questor.qa.badge_selectors import badges_for_user
from questor.qa.forms import (
    AnswerForm,
    AskForm,
    CommentForm,
    EditAnswerForm,
    EditQuestionForm,
)
from questor.qa.hot import hot_ranked
from questor.qa.models import Category, Comment, DraftKind, IdMap, Post, PostType, Revision
from questor.qa.privileges import has_privilege
from questor.qa.search_views import unconfirmed_duplicates
from questor.qa.visits import record_view


def _slow_down(request: HttpRequest, error: RateLimited) -> None:
    """htmx and API requests get the bare 429 (RateLimitMiddleware); pages re-render
    their form with the message, keeping what was typed."""
    if wants_plain_error(request):
        raise error


def _retry_after(response: HttpResponse, error: RateLimited | None) -> HttpResponse:
    if error is not None:
        response.status_code = 429
        response["Retry-After"] = str(error.retry_after)
    return response


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Log in first.")
    return user


def _list_context(
    request: HttpRequest, listing: selectors.QuestionListing, tab: str
) -> dict[str, Any]:
    try:
        per_page = int(request.GET.get("pagesize", selectors.DEFAULT_PAGE_SIZE))
    except ValueError:
        per_page = selectors.DEFAULT_PAGE_SIZE
    questions = hot_ranked(listing.queryset()) if tab == "hot" else listing
    page = selectors.paginate(questions, page=request.GET.get("page"), per_page=per_page)
    return {
        "page_obj": page,
        "questions": page.object_list,
        # What question_list.html and pagination.html ask; the views set the one they have.
        "tag": None,
        "category": None,
        "sort": None,
        "tab": tab,
        "tabs": [(key, label) for key, (label, _) in selectors.TABS.items()],
        # Kept in the page links, so Next shows the following questions at the same size.
        "pagesize": page.paginator.per_page
        if page.paginator.per_page != selectors.DEFAULT_PAGE_SIZE
        else None,
    }


def _tab(request: HttpRequest) -> str:
    tab = request.GET.get("tab", "newest")
    return tab if tab in selectors.TABS else "newest"


# Lists --------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    tab = _tab(request)
    context = _list_context(request, selectors.QuestionListing(tab=tab), tab)
    context.update(heading="All questions", is_home=True)
    return render(request, "qa/question_list.html", context)


@require_GET
def tag_index(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "popular")
    sort = sort if sort in {"popular", "name", "new"} else "popular"
    name_filter = request.GET.get("filter", "").strip()[:35]
    page = selectors.paginate(
        selectors.tag_list(sort=sort, name_contains=name_filter),
        page=request.GET.get("page"),
        per_page=50,
    )
    return render(
        request,
        "qa/tag_list.html",
        {"page_obj": page, "tags": page.object_list, "sort": sort, "filter": name_filter},
    )


@require_GET
def tag_detail(request: HttpRequest, name: str) -> HttpResponse:
    tag = selectors.tag_named(name)
    if tag is None:
        raise Http404("No such tag.")
    tab = _tab(request)
    context = _list_context(request, selectors.QuestionListing(tab=tab, tag_id=tag.pk), tab)
    context.update(heading=f"Questions tagged [{tag.name}]", tag=tag)
    return render(request, "qa/question_list.html", context)


@require_GET
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    tab = _tab(request)
    context = _list_context(
        request, selectors.QuestionListing(tab=tab, category_id=category.pk), tab
    )
    context.update(heading=category.name, category=category)
    return render(request, "qa/question_list.html", context)


@require_GET
def user_index(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "reputation")
    page = selectors.paginate(
        selectors.user_list(sort=sort), page=request.GET.get("page"), per_page=50
    )
    return render(
        request, "qa/user_list.html", {"page_obj": page, "users": page.object_list, "sort": sort}
    )


@require_GET
def user_detail(request: HttpRequest, user_id: int, slug: str = "") -> HttpResponse:
    person = get_object_or_404(User, pk=user_id, is_active=True)
    if slug != person.slug:
        return redirect(person.get_absolute_url(), permanent=True)
    questions = selectors.user_questions(person)
    answers = selectors.user_answers(person)
    return render(
        request,
        "qa/user_detail.html",
        {
            "person": person,
            "questions": questions[:20],
            "question_total": questions.count(),
            "answers": answers[:20],
            "answer_total": answers.count(),
            "badges": badges_for_user(person),
            "suggested_edits": selectors.suggested_edits_by(person)[:20]
            if request.user.pk == person.pk
            else [],
            # Only the author sees their own posts that wait for a moderator.
            "held_posts": screening.held_posts_by(person) if request.user.pk == person.pk else [],
        },
    )


# Questions ----------------------------------------------------------------------------


@require_GET
def short_question(request: HttpRequest, post_id: int) -> HttpResponse:
    return _redirect_to_post(post_id)


@require_GET
def short_answer(request: HttpRequest, post_id: int) -> HttpResponse:
    return _redirect_to_post(post_id)


def _redirect_to_post(post_id: int) -> HttpResponse:
    post = Post.objects.select_related("question").filter(pk=post_id).first()
    post = post or _imported_post(post_id)
    if post is None:
        raise Http404("No such post.")
    return redirect(post.get_absolute_url(), permanent=True)


def _imported_post(old_id: int) -> Post | None:
    """A post imported with new ids (import-stackexchange --remap-ids): old links lead to it."""
    new_id = (
        IdMap.objects.filter(kind="post", old_id=old_id).values_list("new_id", flat=True).first()
    )
    return Post.objects.select_related("question").filter(pk=new_id).first() if new_id else None


def _question_or_404(request: HttpRequest, question_id: int) -> Post:
    question = selectors.get_question(question_id)
    if question is None or not permissions.can_see_post(request.user, question):
        raise Http404("No such question.")
    return question


@require_GET
def question_detail(request: HttpRequest, question_id: int, slug: str = "") -> HttpResponse:
    try:
        question = _question_or_404(request, question_id)
    except Http404:
        moved = _imported_post(question_id)
        if moved is None:
            raise
        return redirect(moved.get_absolute_url(), permanent=True)
    if slug != question.slug:
        return redirect(question.get_absolute_url(), permanent=True)
    record_view(question_id=question.pk, visitor=visitor_key(request))
    return _render_question(request, question)


def _render_question(
    request: HttpRequest,
    question: Post,
    *,
    answer_form: AnswerForm | None = None,
    comment_forms: dict[int, CommentForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.question_page(question=question, viewer=request.user)
    user = request.user
    signed_in = user.is_authenticated
    # Only members are offered comment forms.
    forms_by_post = (
        {post.pk: _comment_form(post.pk) for post in [question, *page.answers]} if signed_in else {}
    )
    forms_by_post.update(comment_forms or {})
    if answer_form is None:
        draft = selectors.get_draft(
            user=request.user, kind=DraftKind.ANSWER, question_id=question.pk
        )
        answer_form = AnswerForm(initial={"body": draft.body} if draft else None)
    # What the viewer may do, asked once for the page's every post (post_parts renders them).
    viewer = post_parts.Viewer.of(
        user,
        get_token(request),
        is_moderator=permissions.is_moderator(user),
        can_close=permissions.can_vote_to_close(user, question),
        can_reopen=permissions.can_vote_to_reopen(user, question),
        can_vote_to_delete=permissions.can_vote_to_delete(user, question),
        # Pages hide what the viewer may not do; the actions refuse it anyway.
        can_comment_everywhere=has_privilege(user, "comment"),
        question_author_id=question.author_id,
    )
    context = {
        "viewer": viewer,
        "question": question,
        "answers": page.answers,
        "comments": page.comments,
        "user_votes": page.user_votes,
        "duplicates": page.duplicates,
        "answer_form": answer_form,
        "comment_forms": forms_by_post,
        "can_answer": permissions.can_answer(user, question),
        "answer_refusal": permissions.answer_refusal(user, question) if signed_in else "",
        "is_moderator": viewer.is_moderator,
    }
    return render(request, "qa/question_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    if not permissions.can_post(user):
        raise PermissionDenied("Confirm your email address before asking.")
    likely_duplicates: list[Post] = []
    limited: RateLimited | None = None
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            # Similar questions the asker has not dismissed: confirm before posting.
            likely_duplicates = unconfirmed_duplicates(request, form.cleaned_data["title"])
        if form.is_valid() and not likely_duplicates:
            try:
                question = actions.ask_question(
                    author=user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    tag_names=form.cleaned_data["tags"],
                    category=form.cleaned_data["category"],
                )
            except RateLimited as error:
                _slow_down(request, error)
                limited = error
                form.add_error(None, error.message)
            except limits.TooManyLinks as refusal:
                form.add_error("body", str(refusal))
            except PermissionDenied as refusal:  # a new tag without the privilege
                form.add_error("tags", str(refusal))
            else:
                return redirect(question.get_absolute_url())
    else:
        draft = selectors.get_draft(user=user, kind=DraftKind.QUESTION)
        initial = (
            {
                "title": draft.title,
                "body": draft.body,
                "tags": draft.tags,
                "category": draft.category_slug,
            }
            if draft
            else None
        )
        form = AskForm(initial=initial)
    response = render(
        request,
        "qa/ask.html",
        {
            "form": form,
            "draft_url": "/drafts/question/",
            "likely_duplicates": likely_duplicates,
        },
        status=400 if form.errors else 200,
    )
    return _retry_after(response, limited)


@login_required
@require_POST
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    user = _signed_in_user(request)
    question = _question_or_404(request, question_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _render_question(request, question, answer_form=form, status=400)
    try:
        new_answer = actions.post_answer(
            author=user, question=question, body=form.cleaned_data["body"]
        )
    except RateLimited as error:
        _slow_down(request, error)
        form.add_error("body", error.message)
        return _retry_after(_render_question(request, question, answer_form=form), error)
    except limits.TooManyLinks as refusal:
        form.add_error("body", str(refusal))
        return _render_question(request, question, answer_form=form, status=400)
    new_answer.question = question
    return redirect(new_answer.get_absolute_url())


def _post_or_404(request: HttpRequest, post_id: int) -> Post:
    post = selectors.get_post(post_id)
    if post is None or not permissions.can_see_post(request.user, post):
        raise Http404("No such post.")
    if post.question is not None and not permissions.can_see_post(request.user, post.question):
        raise Http404("No such post.")
    return post


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _signed_in_user(request)
    post = _post_or_404(request, post_id)
    # Below the edit privilege, the same form makes a suggestion that waits for review.
    suggesting = permissions.can_suggest_edit(user, post)
    if not permissions.can_edit(user, post) and not suggesting:
        raise PermissionDenied("You cannot edit this post.")
    form_class = EditQuestionForm if post.is_question else EditAnswerForm
    conflict: Revision | None = None
    limited: RateLimited | None = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            change = {
                "post": post,
                "title": data.get("title", ""),
                "body": data["body"],
                "tag_names": data.get("tags"),
                "comment": data.get("comment", ""),
                "base_revision": data["base_revision"],
            }
            try:
                if suggesting:
                    actions.suggest_edit(author=user, **change)
                    messages.success(
                        request,
                        "Thank you: your edit is waiting for review. You will see the outcome "
                        "on your profile.",
                    )
                    return redirect(post.get_absolute_url())
                saved = actions.edit_post(editor=user, **change)
            except RateLimited as error:
                _slow_down(request, error)
                limited = error
                form.add_error(None, error.message)
            except PermissionDenied as refusal:
                form.add_error("tags" if "tag" in str(refusal) else None, str(refusal))
            except actions.EditConflict as error:
                conflict = error.current
                # Keep what this editor typed; base it on the newer revision for the merge.
                merged = request.POST.copy()
                merged["base_revision"] = str(conflict.number)
                form = form_class(merged)
            else:
                return redirect(saved.get_absolute_url())
    else:
        form = form_class(
            initial={
                "title": post.title,
                # Imported posts keep the dump's HTML until their first edit.
                "body": html_to_markdown(post.body) if post.body_is_html else post.body,
                "tags": post.tag_names,
                "base_revision": post.revision_number,
            }
        )
    context = {
        "form": form,
        "post": post,
        "suggesting": suggesting,
        "conflict": conflict,
        "conflict_diff": diff_lines(request.POST.get("body", ""), conflict.body)
        if conflict
        else [],
    }
    status = 409 if conflict else (400 if form.errors else 200)
    return _retry_after(render(request, "qa/edit.html", context, status=status), limited)


@require_GET
def revisions(request: HttpRequest, post_id: int, slug: str = "") -> HttpResponse:
    post = _post_or_404(request, post_id)
    history = list(post.revisions.select_related("author").order_by("number"))
    entries = []
    previous: Revision | None = None
    for revision in history:
        entries.append(
            {
                "revision": revision,
                "title_changed": previous is not None and previous.title != revision.title,
                "tags_changed": previous is not None and previous.tag_names != revision.tag_names,
                "previous": previous,
                "diff": diff_lines(previous.body if previous else "", revision.body, context=3),
            }
        )
        previous = revision
    entries.reverse()
    can_rollback = request.user.is_authenticated and (
        (request.user.pk == post.author_id and permissions.can_edit(request.user, post))
        or bool(request.user.is_staff)
    )
    return render(
        request,
        "qa/revisions.html",
        {"post": post, "entries": entries, "can_rollback": can_rollback},
    )


@login_required
@require_POST
def rollback(request: HttpRequest, post_id: int, number: int) -> HttpResponse:
    user = _signed_in_user(request)
    post = _post_or_404(request, post_id)
    if not post.revisions.filter(number=number).exists():
        raise Http404("No such revision.")
    saved = actions.rollback_post(user=user, post=post, revision_number=number)
    return redirect(saved.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, post_id: int) -> HttpResponse:
    """GET asks for confirmation (a page with the "Delete" button); POST deletes."""
    user = _signed_in_user(request)
    post = _post_or_404(request, post_id)
    if not permissions.can_delete(user, post):
        raise PermissionDenied(permissions.delete_refusal(user, post))
    if request.method == "GET":
        return render(request, "qa/delete_confirm.html", {"post": post})
    actions.delete_post(user=user, post=post)
    messages.success(request, "Deleted. You and the moderators still see it, marked as deleted.")
    # The author and moderators still see it; for an answer, its question.
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def accept(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _signed_in_user(request)
    post = _post_or_404(request, post_id)
    if post.post_type != PostType.ANSWER:
        raise Http404("Only answers can be accepted.")
    actions.accept_answer(user=user, answer=post)
    return redirect(post.get_absolute_url())


# Votes --------------------------------------------------------------------------------


@require_POST
def vote(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied("Log in to vote.")
    user = _signed_in_user(request)
    post = selectors.get_post(post_id)
    if post is None:
        raise Http404("No such post.")
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponse("Vote up or down.", status=400, content_type="text/plain")
    if post.is_deleted:
        raise PermissionDenied("This post is deleted; it takes no votes.")
    outcome = actions.cast_vote(user=user, post=post, value=1 if direction == "up" else -1)
    if request.htmx:
        post.score = outcome.score
        return render(request, "qa/includes/vote.html", {"post": post, "user_vote": outcome.value})
    return redirect(post.get_absolute_url())


# Comments -----------------------------------------------------------------------------


def _comment_form(post_id: int, data: Any = None) -> CommentForm:
    """A page has one comment form per post: ids carry the post's id so each label
    names its own box (and none clashes with the answer form's)."""
    return CommentForm(data, auto_id=f"id_comment_{post_id}_%s")


@login_required
@require_POST
def comment(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    user = _signed_in_user(request)
    post = _post_or_404(request, post_id)
    form = _comment_form(post.pk, request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request, "qa/includes/comment_form.html", {"post": post, "form": form}, status=400
            )
        question = post.question or post
        return _render_question(request, question, comment_forms={post.pk: form}, status=400)
    try:
        new_comment = actions.add_comment(author=user, post=post, body=form.cleaned_data["body"])
    except (RateLimited, limits.TooManyLinks) as error:
        limited = error if isinstance(error, RateLimited) else None
        if limited is not None:
            _slow_down(request, limited)
        form.add_error("body", str(error))
        if request.htmx:  # too many links: the form comes back with the reason
            return render(
                request, "qa/includes/comment_form.html", {"post": post, "form": form}, status=400
            )
        question = post.question or post
        response = _render_question(request, question, comment_forms={post.pk: form}, status=400)
        return _retry_after(response, limited)
    if request.htmx:
        return render(
            request,
            "qa/includes/comment_added.html",
            {"post": post, "comment": new_comment, "form": _comment_form(post.pk)},
        )
    return redirect(post.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    user = _signed_in_user(request)
    target = get_object_or_404(
        Comment.objects.select_related("post", "post__question"), pk=comment_id
    )
    if not permissions.can_edit_comment(user, target):
        raise PermissionDenied("Comments can be edited for 5 minutes after posting.")
    form = CommentForm(request.POST or None, initial={"body": target.body})
    if request.method == "POST" and form.is_valid():
        actions.edit_comment(user=user, comment=target, body=form.cleaned_data["body"])
        return redirect(target.post.get_absolute_url())
    return render(
        request,
        "qa/comment_edit.html",
        {"form": form, "comment": target},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    user = _signed_in_user(request)
    target = get_object_or_404(
        Comment.objects.select_related("post", "post__question"), pk=comment_id
    )
    actions.delete_comment(user=user, comment=target)
    return redirect(target.post.get_absolute_url())


# Editor helpers -----------------------------------------------------------------------


@login_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    body = request.POST.get("body", "")[:40_000]
    return HttpResponse(render_markdown(body))


@login_required
@require_POST
def save_question_draft(request: HttpRequest) -> HttpResponse:
    actions.save_draft(
        user=_signed_in_user(request),
        kind=DraftKind.QUESTION,
        title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
        tags=request.POST.get("tags", ""),
        category_slug=request.POST.get("category", ""),
    )
    return HttpResponse(status=204)


@login_required
@require_POST
def save_answer_draft(request: HttpRequest, question_id: int) -> HttpResponse:
    _question_or_404(request, question_id)
    actions.save_draft(
        user=_signed_in_user(request),
        kind=DraftKind.ANSWER,
        question_id=question_id,
        body=request.POST.get("body", ""),
    )
    return HttpResponse(status=204)
