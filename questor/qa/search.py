"""Search, similar and related questions: the qa side of questor.search.

The text index holds only words (title, tags, body) under each post's id. Everything
else a search can ask about (score, answers, author, dates, tags, closed, accepted,
category, views, post type) and who may see a post are read from the Post table at query
time, joined with the ids the index returns: a vote, a deletion or a closure is visible
to search the moment it commits, with no index write.

Call `reindex_post(post_id)` (inside the writing transaction) whenever a post's title,
body or tags change; actions.py does so for asking, answering and every revision.

A query's ranked ids from the index are kept in the shared cache while the anonymous page
cache's generation stands (any committed write replaces it), so the same words searched
again (the next page, another tab, another member) skip the matching and ranking.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from questor.accounts.models import User
from questor.core import pagecache
from questor.lib import rawsql
from questor.qa.models import Category, Post, PostTag, PostType
from questor.qa.permissions import AnyUser, is_moderator
from questor.search import engine
from questor.search.query import ParsedQuery, Range, parse, significant, tokens

TABS = {
    "relevance": "Relevance",
    "newest": "Newest",
    "votes": "Votes",
    "active": "Active",
}
SEARCH_PAGE_SIZE = 20
SIMILAR_LIMIT = 5
RELATED_LIMIT = 10
RELATED_CACHE_SECONDS = 3600
# How long a query's ranked ids may be kept; a committed write drops them sooner.
HITS_CACHE_SECONDS = 300
# How long the number of documents holding a word or phrase may be kept (SQLite's ranking),
# whatever is written meanwhile (_rows_holding says why).
PHRASE_ROWS_CACHE_SECONDS = 600
_TAG_RE = re.compile(r"<[^>]+>")
logger = logging.getLogger(__name__)

# Keeping the index --------------------------------------------------------------------


def document_for(post: Post) -> engine.Document:
    """What the index reads of a post: title and tags (questions), and the body as the
    reader sees it (rendered Markdown without its markup)."""
    body = html.unescape(_TAG_RE.sub(" ", post.body_html or ""))
    return engine.Document(
        post_id=post.pk,
        title=post.title if post.post_type == PostType.QUESTION else "",
        tags=post.tag_names.replace("-", " ") if post.post_type == PostType.QUESTION else "",
        body=body,
    )


def reindex_posts(post_ids: Iterable[int]) -> None:
    """Bring these posts' documents up to date (removing those of posts that are gone)."""
    ids = list(post_ids)
    posts = list(
        Post.objects.filter(pk__in=ids).only("id", "post_type", "title", "tag_names", "body_html")
    )
    engine.index_posts(document_for(post) for post in posts)
    gone = set(ids) - {post.pk for post in posts}
    if gone:
        engine.remove_posts(gone)


def reindex_post(post_id: int) -> None:
    """Call after changing a post's title, body or tags, in the same transaction.

    Safe (and cheap) to call after any other change too; state such as deletion,
    closing or score needs no call, as search reads it from the post itself."""
    reindex_posts([post_id])


def index_post(post: Post, *, new: bool = False) -> None:
    """Index a post the caller already holds (asking, answering, editing); `new`: created
    in this transaction, so it has no document to replace yet."""
    engine.index_posts([document_for(post)], new=new)


# Searching ----------------------------------------------------------------------------


@dataclass
class SearchResults:
    query: ParsedQuery
    tab: str
    total: int = 0
    page: Page[Any] | None = None
    hits: list[Post] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)


def visible_to(viewer: AnyUser) -> Q:
    """Posts `viewer` may find: public ones (answers under a public question), their own
    whatever their state; moderators find everything."""
    if is_moderator(viewer):
        return Q()
    own = viewer.pk if viewer.is_authenticated else None
    post_ok = Q(is_deleted=False, hidden_by_flags=False, held_for_review=False)
    question_ok = Q(question__isnull=True) | Q(
        question__is_deleted=False,
        question__hidden_by_flags=False,
        question__held_for_review=False,
    )
    if own is not None:
        post_ok |= Q(author_id=own)
        question_ok |= Q(question__author_id=own)
    return post_ok & question_ok


def _between(field_name: str, bounds: Range) -> Q:
    condition = Q()
    if bounds.low is not None:
        condition &= Q(**{f"{field_name}__gte": bounds.low})
    if bounds.high is not None:
        condition &= Q(**{f"{field_name}__lte": bounds.high})
    return condition


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _tagged(name: str) -> Q:
    """Questions with the tag, and the answers to them, as one list of ids: the database
    can start from the tag's rows (given two conditions joined by OR, PostgreSQL walked
    every post to find the few with a rare tag: 300 ms at 200,000 posts)."""
    tagged = PostTag.objects.filter(tag__name=name)
    questions = tagged.filter(post__post_type=PostType.QUESTION).values("post_id")
    answers = Post.objects.filter(
        post_type=PostType.ANSWER, question_id__in=tagged.values("post_id")
    ).values("pk")
    return Q(pk__in=questions.union(answers, all=True))


def filters_for(query: ParsedQuery, viewer: AnyUser) -> Q | None:
    """The query's operators as a condition on Post; None when nothing can match."""
    condition = Q()
    question = Q(post_type=PostType.QUESTION)
    answer = Q(post_type=PostType.ANSWER)
    for name in query.tags:
        condition &= _tagged(name)
    for name in query.excluded_tags:
        condition &= ~_tagged(name)
    if query.user_is_me:
        if not viewer.is_authenticated:
            return None
        condition &= Q(author_id=viewer.pk)
    if query.user is not None:
        condition &= Q(author_id=query.user)
    if query.post_type == "question":
        condition &= question
    elif query.post_type == "answer":
        condition &= answer
    if query.score is not None:
        condition &= _between("score", query.score)
    if query.answers is not None:
        condition &= question & _between("answer_count", query.answers)
    if query.views is not None:
        condition &= question & _between("view_count", query.views)
    if query.is_accepted is not None:
        accepted = Post.objects.filter(accepted_answer__isnull=False).values("accepted_answer_id")
        condition &= answer & (Q(pk__in=accepted) if query.is_accepted else ~Q(pk__in=accepted))
    if query.has_accepted is not None:
        condition &= question & Q(accepted_answer__isnull=not query.has_accepted)
    if query.closed is not None:
        condition &= question & Q(closed_at__isnull=not query.closed)
    if query.created is not None:
        if query.created.start is not None:
            condition &= Q(created_at__gte=_midnight(query.created.start))
        if query.created.end is not None:
            condition &= Q(created_at__lt=_midnight(query.created.end))
    if query.category is not None:
        in_category = Category.objects.filter(slug=query.category).values("pk")
        condition &= Q(category_id__in=in_category) | Q(question__category_id__in=in_category)
    return condition


def _ranked_ids(query: ParsedQuery) -> list[int]:
    """The ids of the index's best matches for the query's words, best first (the
    engine's order: rank, then newest), from the cache when the same words were searched
    since the last committed write."""
    words = (query.words, query.phrases, query.title_words, query.body_words, query.excluded)
    limits = (connection.vendor, engine.RANK_WINDOW, engine.MAX_HITS)
    return pagecache.kept_until_write(
        "search:ids",
        (words, limits),
        lambda: [hit.post_id for hit in engine.search(query, rows=_rows_holding(query))],
        HITS_CACHE_SECONDS,
    )


def _rows_holding(query: ParsedQuery) -> dict[str, int] | None:
    """How many documents hold each of the query's phrases, for ranking on SQLite (see
    engine.search): kept in the shared cache for PHRASE_ROWS_CACHE_SECONDS whatever is
    written meanwhile. They are the ranking's corpus statistics, not its hits (those are
    always matched afresh): a count a few posts out of date moves a score in its fifth
    digit, as search engines that keep their statistics per index segment accept. A count
    taken inside a transaction is used but not kept (its writes may yet be rolled back).
    None when nothing may be kept (PHRASE_ROWS_CACHE_SECONDS is 0, the cache cannot be
    read): bm25() then counts as it ranks, in one query."""
    phrases = engine.ranking_phrases(query)
    if not phrases:
        return {}
    if PHRASE_ROWS_CACHE_SECONDS <= 0:
        return None
    keys = {phrase: phrase_rows_key(phrase) for phrase in phrases}
    try:
        kept = cache.get_many(list(keys.values()))
    except Exception:
        logger.exception("Could not read the kept phrase counts")
        return None
    rows = {phrase: kept[key] for phrase, key in keys.items() if key in kept}
    counted = {phrase: engine.rows_holding(phrase) for phrase in phrases if phrase not in rows}
    if counted and not connection.in_atomic_block:
        try:
            cache.set_many(
                {keys[phrase]: count for phrase, count in counted.items()},
                PHRASE_ROWS_CACHE_SECONDS,
            )
        except Exception:
            logger.exception("Could not keep the phrase counts")
    return rows | counted


def phrase_rows_key(phrase: str) -> str:
    return f"search:rows:{hashlib.sha256(phrase.encode()).hexdigest()}"


# Each tab's order for the rows of a page; "relevance" is the index's rank for text,
# newest first without it.
_ORDERING = {
    "newest": ("-created_at", "-id"),
    "votes": ("-score", "-created_at", "-id"),
    "active": ("-last_activity_at", "-id"),
}


def matching_ids(query: ParsedQuery, viewer: AnyUser, *, tab: str = "relevance") -> list[int]:
    """Every post the query finds for `viewer`, in the tab's order."""
    condition = filters_for(query, viewer)
    if condition is None or query.is_empty:
        return []
    posts = Post.objects.filter(visible_to(viewer) & condition)
    ordering = _ORDERING.get(tab, _ORDERING["newest"])
    # Ids only, ordered by the database: converting a thousand rows' dates costs more
    # than reading them.
    if query.has_text:
        ranked = _ranked_ids(query)
        if not ranked:
            return []
        found = posts.filter(rawsql.id_in(ranked)).values_list("id")
        if tab in _ORDERING:
            return rawsql.first_column(found.order_by(*ordering))
        shown = set(rawsql.first_column(found.order_by()))
        return [pk for pk in ranked if pk in shown]
    excluded = engine.excluded_ids_sql(query)
    if excluded is not None:
        # The SQL is the engine's own; the user's words are parameters.
        posts = posts.exclude(pk__in=RawSQL(*excluded))  # noqa: S611
    if tab in ("votes", "active") and query.post_type is None:
        # The Votes and Active lists' indexes lead with the post type: one walk per type
        # in the tab's order, each stopped after MAX_HITS, then merged. As one query over
        # both types the database sorted every post the operators let through (`score:5`:
        # 3 s at a million posts).
        fields = [name.removeprefix("-") for name in ordering]  # all descending
        rows: list[tuple[Any, ...]] = []
        for post_type in (PostType.QUESTION, PostType.ANSWER):
            walk = posts.filter(post_type=post_type).order_by(*ordering)
            rows += walk.values_list(*fields)[: engine.MAX_HITS]
        rows.sort(reverse=True)
        return [row[-1] for row in rows[: engine.MAX_HITS]]
    return list(posts.order_by(*ordering).values_list("id", flat=True)[: engine.MAX_HITS])


# What a hit shows (questor/qa/rows.py search_hit) of its question and its author.
_HIT_QUESTION_FIELDS = ("id", "post_type", "title", "tag_names", "closed_at", "accepted_answer")
_HIT_AUTHOR_FIELDS = ("id", "username", "display_name")


def _hit_rows(ids: list[int]) -> list[Post]:
    """A page of hits with their questions and authors, in one hand-written query
    (questor/lib/rawsql.py says why); the bodies stay in the database (the snippets come
    from the index)."""
    post, user = rawsql.table(Post), rawsql.table(User)
    hits = rawsql.select(
        Post,
        f"{post}.id IN ({rawsql.placeholders(ids)})",
        ids,
        exclude=("body", "body_html"),
        also=rawsql.related_columns(Post, "question", _HIT_QUESTION_FIELDS)
        + rawsql.related_columns(User, "author", _HIT_AUTHOR_FIELDS),
        join=f" LEFT OUTER JOIN {post} question ON question.id = {post}.question_id"
        f" LEFT OUTER JOIN {user} author ON author.id = {post}.author_id",
    )
    rawsql.attach(hits, "question", Post, "question", _HIT_QUESTION_FIELDS)
    rawsql.attach(hits, "author", User, "author", _HIT_AUTHOR_FIELDS)
    return hits


def run_search(
    text: str, *, viewer: AnyUser, tab: str = "relevance", page: str | int | None = 1
) -> SearchResults:
    query = parse(text)
    tab = tab if tab in TABS else "relevance"
    results = SearchResults(query=query, tab=tab, hints=list(query.hints))
    if query.user_is_me and not viewer.is_authenticated:
        results.hints.append("“user:me” finds your own posts: log in first.")
    ids = matching_ids(query, viewer, tab=tab)
    paginator = Paginator(ids, SEARCH_PAGE_SIZE)
    results.page = paginator.get_page(page)
    results.total = paginator.count
    page_ids = list(results.page.object_list)
    if not page_ids:
        return results
    rows = {post.pk: post for post in _hit_rows(page_ids)}
    found = engine.snippets(page_ids, query if query.has_text else None)
    hits = []
    for pk in page_ids:
        post = rows.get(pk)
        if post is None:
            continue
        post.snippet = found.get(pk, "")  # type: ignore[attr-defined]
        hits.append(post)
    results.hits = hits
    return results


# Similar and related questions --------------------------------------------------------


def _candidates(hits: Sequence[engine.Hit], *, exclude: Iterable[int] = ()) -> list[Post]:
    rank = {hit.post_id: hit.rank for hit in hits}
    if not rank:
        return []
    posts = list(
        Post.objects.public()
        .filter(post_type=PostType.QUESTION, pk__in=list(rank))
        .exclude(pk__in=list(exclude))
        .only(
            "id", "title", "score", "answer_count", "accepted_answer_id", "tag_names",
            "post_type", "created_at", "closed_at",
        )
    )  # fmt: skip
    posts.sort(key=lambda post: (rank[post.pk], post.pk), reverse=True)
    return posts


def similar_questions(
    title: str, *, exclude: Iterable[int] = (), limit: int = SIMILAR_LIMIT
) -> list[Post]:
    """Existing public questions whose title (or tags) share words with `title`."""
    return _candidates(engine.similar(title, limit=50), exclude=exclude)[:limit]


def _stems(text: str) -> set[str]:
    return {word[:-1] if word.endswith("s") and len(word) > 3 else word for word in
            significant(tokens(text))}  # fmt: skip


def is_close_match(title: str, other: str) -> bool:
    """Whether `other` shares at least half of `title`'s significant words (and two)."""
    mine, theirs = _stems(title), _stems(other)
    shared = len(mine & theirs)
    return shared >= 2 and shared * 2 >= len(mine)


def likely_duplicates(title: str, *, dismissed: Iterable[int] = ()) -> list[Post]:
    """Similar questions close enough to ask "is yours one of these?" before posting."""
    return [
        post
        for post in similar_questions(title, exclude=dismissed)
        if is_close_match(title, post.title)
    ]


def related_question_ids(question: Post) -> list[int]:
    """Questions sharing title words and tags with this one, best first; cached per
    question and revision (a new title or new tags make a new key)."""
    key = f"qa:related:{question.pk}:{question.revision_number}"
    cached = cache.get(key)
    if cached is not None:
        return list(cached)
    text = f"{question.title} {question.tag_names.replace('-', ' ')}"
    ids = [post.pk for post in _candidates(engine.similar(text, limit=60), exclude=[question.pk])]
    ids = ids[: RELATED_LIMIT * 2]  # some may be gone by the time they are shown
    cache.set(key, ids, RELATED_CACHE_SECONDS)
    return ids


def related_questions(question: Post, *, limit: int = RELATED_LIMIT) -> list[Post]:
    """Public related questions, visibility read fresh (the cache holds ids only)."""
    ids = related_question_ids(question)
    if not ids:
        return []
    order = {pk: position for position, pk in enumerate(ids)}
    posts = list(
        Post.objects.public()
        .filter(post_type=PostType.QUESTION, pk__in=ids)
        .only("id", "title", "score", "answer_count", "accepted_answer_id", "post_type")
    )
    posts.sort(key=lambda post: order[post.pk])
    return posts[:limit]


def rebuild_index(*, progress: bool = False, batch_size: int = 1000) -> int:
    """Empty the index and index every post again; returns how many were indexed."""
    from tqdm import tqdm

    engine.clear()
    posts = Post.objects.only("id", "post_type", "title", "tag_names", "body_html").order_by("id")
    total = posts.count()
    done = 0
    bar = tqdm(total=total, unit="post", disable=not progress)
    last_id = 0
    while True:
        batch = list(posts.filter(pk__gt=last_id)[:batch_size])
        if not batch:
            break
        engine.index_posts(document_for(post) for post in batch)
        last_id = batch[-1].pk
        done += len(batch)
        bar.update(len(batch))
    bar.close()
    engine.optimise()
    return done
