"""Search, similar questions while asking, and related questions (an htmx fragment)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from questor.lib.text import id_from
from questor.qa import permissions, search, selectors
from questor.qa.models import Post


def _dismissed(values: list[str]) -> list[int]:
    parts = [part.strip() for value in values for part in value.split(",")]
    return [number for part in parts if (number := id_from(part)) is not None][:100]


def unconfirmed_duplicates(request: HttpRequest, title: str) -> list[Post]:
    """On "Post your question": similar questions the asker has neither dismissed nor
    seen and confirmed past ("Post anyway")."""
    if request.POST.get("post_anyway"):
        return []
    return search.likely_duplicates(title, dismissed=_dismissed(request.POST.getlist("dismissed")))


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:1000]
    tab = request.GET.get("tab", "relevance")
    results = search.run_search(
        text, viewer=request.user, tab=tab, page=request.GET.get("page") or 1
    )
    return render(
        request,
        "qa/search.html",
        {
            "search_query": text,
            "results": results,
            "tabs": list(search.TABS.items()),
        },
    )


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Up to five questions like the title being typed on the ask page."""
    title = request.GET.get("title", "")[:300]
    dismissed = _dismissed(request.GET.getlist("dismissed"))
    questions = (
        search.similar_questions(title, exclude=dismissed) if len(title.strip()) >= 10 else []
    )
    return render(request, "qa/includes/similar_questions.html", {"similar": questions})


@require_GET
def related(request: HttpRequest, question_id: int) -> HttpResponse:
    question = selectors.get_question(question_id)
    if question is None or not permissions.can_see_post(request.user, question):
        raise Http404("No such question.")
    return render(
        request,
        "qa/includes/related_questions.html",
        {"related": search.related_questions(question)},
    )
