"""/search, /search/advanced, /search/excerpts and /similar, on Questor's own search
(questor.qa.search and the index in questor.search): the same ranking, operators and
visibility as the site's search page. A text search considers the best
`engine.MAX_HITS` matches, as the search page does."""

from __future__ import annotations

import html
import re

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse

from questor.qa.models import Post, PostTag, PostType
from questor.qa.search import filters_for, matching_ids
from questor.seapi import selectors, serializers
from questor.seapi.endpoint import endpoint
from questor.seapi.errors import bad_parameter
from questor.seapi.filters import Filter
from questor.seapi.params import Params
from questor.seapi.views.common import POST_SORTS, Serializer, question_serializer
from questor.seapi.wrapper import (
    Item,
    Sort,
    chosen_sort,
    respond_list,
    respond_ranked,
    sort_and_bound,
)
from questor.search import engine
from questor.search.query import ParsedQuery, Range, parse, significant, tokens

# Without words to rank by, `relevance` is read as `activity`.
SEARCH_SORTS = {**POST_SORTS, "relevance": Sort("last_activity_at", "")}
_TAGS = re.compile(r"<[^>]+>")


def _words(text: str) -> list[list[str]]:
    return [[word] for word in significant(tokens(text))]


def _matching(
    query: ParsedQuery, base: QuerySet[Post], *, sort: str
) -> tuple[QuerySet[Post], list[int] | None]:
    """Posts of `base` the query finds; with words and the relevance sort, also their
    ids best first (the caller pages through those)."""
    viewer = AnonymousUser()
    if query.has_text:
        ids = matching_ids(query, viewer, tab="relevance")
        if sort == "relevance":
            return base, ids
        return base.filter(pk__in=ids), None
    condition = filters_for(query, viewer)
    if condition is None:
        return base.none(), None
    base = base.filter(condition)
    excluded = engine.excluded_ids_sql(query)
    if excluded is not None:
        # The SQL is the engine's own; the words are parameters.
        base = base.exclude(pk__in=RawSQL(*excluded))  # noqa: S611
    return base, None


def _respond(
    params: Params,
    filt: Filter,
    query: ParsedQuery,
    base: QuerySet[Post],
    serialize: Serializer,
) -> HttpResponse:
    sort = chosen_sort(params, SEARCH_SORTS, "activity")
    queryset, ranked = _matching(query, base, sort=sort)
    if ranked is not None:
        return respond_ranked(params, filt, queryset, ranked, serialize)
    queryset = sort_and_bound(queryset, params, sorts=SEARCH_SORTS, default="activity")
    return respond_list(params, filt, queryset, serialize)


@endpoint()
def search(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    """`intitle` words in the title, `tagged` any of these tags (`nottagged` with it)."""
    tagged, intitle = params.vector("tagged"), params.text("intitle")
    if not tagged and not intitle:
        raise bad_parameter("tagged", "one of tagged or intitle must be set")
    base = selectors.tagged_any(selectors.questions(body=filt.has("question.body")), tagged)
    if tagged:
        base = selectors.not_tagged(base, params.vector("nottagged"))
    query = ParsedQuery(title_words=_words(intitle), post_type="question")
    if intitle and not query.title_words:  # only common words: match the text as written
        base = base.filter(title__icontains=intitle)
    return _respond(params, filt, query, base, question_serializer(filt))


def _advanced_query(params: Params) -> tuple[ParsedQuery, bool]:
    """The query `q` (with Questor's operators) plus the named criteria; the flag says
    whether anything can match (nothing is migrated, a wiki or under a notice here)."""
    query = parse(params.text("q"))
    query.title_words += _words(params.text("title"))
    body = params.text("body")
    if body.lower() not in {"", "true", "false"}:  # py-stackexchange's body=false is no text
        query.body_words += _words(body)
    accepted = params.boolean("accepted")
    if accepted is not None:
        query.has_accepted = accepted
    answers = params.integer("answers")
    if answers is not None:
        query.answers = Range(answers, None)
    closed = params.boolean("closed")
    if closed is not None:
        query.closed = closed
    user = params.integer("user")
    if user is not None:
        query.user = user
    views = params.integer("views")
    if views is not None:
        query.views = Range(views, None)
    query.excluded_tags += [tag for tag in params.vector("nottagged") if tag not in query.tags]
    possible = not any(params.boolean(flag) for flag in ("migrated", "wiki", "notice"))
    return query, possible


@endpoint()
def advanced(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    query, possible = _advanced_query(params)
    query.post_type = "question"
    base = selectors.tagged_any(
        selectors.questions(body=filt.has("question.body")), params.vector("tagged")
    )
    if not possible:
        base = base.none()
    return _respond(params, filt, query, base, question_serializer(filt))


def _excerpt_serializer(query: ParsedQuery) -> Serializer:
    def run(rows: list[Post]) -> list[Item]:
        found = engine.snippets([row.pk for row in rows], query if query.has_text else None)
        items = []
        for row in rows:
            parent = row if row.post_type == PostType.QUESTION else row.question
            if parent is None:
                continue
            excerpt = (
                found.get(row.pk, "")
                .replace("<mark>", '<span class="highlight">')
                .replace("</mark>", "</span>")
                .replace("…", "&hellip;")
            )
            text = " ".join(html.unescape(_TAGS.sub(" ", row.body_html)).split())
            items.append(serializers.search_excerpt(row, excerpt, text, parent))
        return items

    return run


@endpoint()
def excerpts(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    """Questions and answers, each with a highlighted excerpt (LangChain's tool reads
    these)."""
    query, possible = _advanced_query(params)
    base = selectors.excerpt_posts()
    tagged = params.vector("tagged")
    if tagged:
        with_tags = PostTag.objects.filter(tag__name__in=tagged).values("post_id")
        base = base.filter(Q(pk__in=with_tags) | Q(question_id__in=with_tags))
    if not possible or (query.is_empty and not tagged):
        base = base.none()
    return _respond(params, filt, query, base, _excerpt_serializer(query))


@endpoint()
def similar(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    """Questions whose title or tags share words with `title` (`nottagged` excludes;
    `tagged` is a preference SE does not define, and is not applied)."""
    title = params.text("title")
    if not title:
        raise bad_parameter("title", "title is required")
    ranked = [hit.post_id for hit in engine.similar(title, limit=engine.MAX_HITS)]
    base = selectors.not_tagged(
        selectors.questions(body=filt.has("question.body")), params.vector("nottagged")
    )
    serialize = question_serializer(filt)
    if chosen_sort(params, SEARCH_SORTS, "activity") == "relevance":
        return respond_ranked(params, filt, base, ranked, serialize)
    queryset = sort_and_bound(
        base.filter(pk__in=ranked), params, sorts=SEARCH_SORTS, default="activity"
    )
    return respond_list(params, filt, queryset, serialize)
