"""Every read the pages need. Query shape (select_related, prefetch) is decided here,
so the page query budgets asserted in tests hold in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import cached_property

from questor.accounts.models import User
from questor.core import pagecache
from questor.lib import rawsql
from questor.qa.models import (
    Category,
    Comment,
    Draft,
    Post,
    PostTag,
    PostType,
    ReputationEvent,
    SuggestedEdit,
    SuggestedEditStatus,
    Tag,
    Vote,
)
from questor.qa.permissions import AnyUser, is_moderator

TABS = {
    "newest": ("Newest", ["-created_at", "-id"]),
    "active": ("Active", ["-last_activity_at", "-id"]),
    "votes": ("Votes", ["-score", "-created_at", "-id"]),
    "unanswered": ("Unanswered", ["-created_at", "-id"]),
    # Ranked by questor.qa.hot after this (most recently active) ordering picks candidates.
    "hot": ("Hot", ["-last_activity_at", "-id"]),
}
PAGE_SIZES = (15, 30, 50)
DEFAULT_PAGE_SIZE = 30
# What a list row shows (questor/qa/rows.py): the question's columns, and its author's and
# category's. QuestionListing reads these and defers the rest; question_list() too.
_ROW_FIELDS = (
    "id", "title", "tag_names", "score", "answer_count", "view_count", "accepted_answer",
    "created_at", "last_activity_at", "author", "author_name", "category", "post_type",
    "is_deleted", "closed_at",
)  # fmt: skip
_LIST_AUTHOR_FIELDS = ("id", "username", "display_name", "reputation")
_LIST_CATEGORY_FIELDS = ("id", "slug", "name")
_LIST_FIELDS = (
    *_ROW_FIELDS,
    *(f"author__{name}" for name in _LIST_AUTHOR_FIELDS),
    *(f"category__{name}" for name in _LIST_CATEGORY_FIELDS),
)


def question_list(*, tab: str = "newest") -> QuerySet[Post]:
    """Live questions for a list tab, with what a row shows and nothing more."""
    _, ordering = TABS.get(tab, TABS["newest"])
    questions = Post.objects.public().filter(post_type=PostType.QUESTION)
    if tab == "unanswered":
        questions = questions.filter(is_answered=False)
    return questions.select_related("author", "category").only(*_LIST_FIELDS).order_by(*ordering)


@dataclass(frozen=True)
class QuestionListing:
    """The questions of a list page (home tabs, a tag, a category) as the paginator reads
    them: a count and slices, in hand-written SQL with the filters, order and fields of
    question_list() (questor/lib/rawsql.py says why). queryset() is the same list for
    the ORM (the Hot tab ranks it; a test compares the two)."""

    tab: str = "newest"
    tag_id: int | None = None
    category_id: int | None = None

    def queryset(self) -> QuerySet[Post]:
        questions = question_list(tab=self.tab)
        if self.tag_id is not None:
            questions = questions.filter(posttag__tag_id=self.tag_id)
        if self.category_id is not None:
            questions = questions.filter(category_id=self.category_id)
        return questions

    def _from_where(self) -> tuple[str, str, list[Any]]:
        """The joins, the WHERE and its parameters of the list (list indexes' order)."""
        post = rawsql.table(Post)
        joins, where = "", f"{post}.post_type = %s"
        params: list[Any] = []
        if self.tag_id is not None:
            tagged = rawsql.table(PostTag)
            joins = f" INNER JOIN {tagged} ON {tagged}.post_id = {post}.id"
            where += f" AND {tagged}.tag_id = %s"
            params.append(self.tag_id)
        # The flags in the order of the list indexes (Post.Meta.indexes).
        where += (
            f" AND {post}.is_deleted = %s AND {post}.hidden_by_flags = %s"
            f" AND {post}.held_for_review = %s"
        )
        params = [PostType.QUESTION, *params, False, False, False]
        if self.tab == "unanswered":
            where += f" AND {post}.is_answered = %s"
            params.append(False)
        if self.category_id is not None:
            where += f" AND {post}.category_id = %s"
            params.append(self.category_id)
        return joins, where, params

    def count(self) -> int:
        """The number of questions, kept until the next write (CountKeepingPaginator)."""

        def compute() -> int:
            joins, where, params = self._from_where()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {rawsql.table(Post)}{joins} WHERE {where}",  # noqa: S608 - identifiers only
                    params,
                )
                return int(cursor.fetchone()[0])

        filters = (
            "unanswered" if self.tab == "unanswered" else "all",
            self.tag_id,
            self.category_id,
        )
        return pagecache.kept_until_write("listing-count", filters, compute, pagecache.seconds())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Post]:
        start, stop = window.start or 0, window.stop
        joins, where, params = self._from_where()
        post, user, category = rawsql.table(Post), rawsql.table(User), rawsql.table(Category)
        joins += (
            f" LEFT OUTER JOIN {user} author ON author.id = {post}.author_id"
            f" LEFT OUTER JOIN {category} category ON category.id = {post}.category_id"
        )
        _, ordering = TABS.get(self.tab, TABS["newest"])
        order_by = ", ".join(
            f"{post}.{name[1:]} DESC" if name.startswith("-") else f"{post}.{name}"
            for name in ordering
        )
        questions = rawsql.select(
            Post,
            where,
            [*params, stop - start, start],
            order_by=f"{order_by} LIMIT %s OFFSET %s",
            only=_ROW_FIELDS,
            also=rawsql.related_columns(User, "author", _LIST_AUTHOR_FIELDS)
            + rawsql.related_columns(Category, "category", _LIST_CATEGORY_FIELDS),
            join=joins,
        )
        rawsql.attach(questions, "author", User, "author", _LIST_AUTHOR_FIELDS)
        rawsql.attach(questions, "category", Category, "category", _LIST_CATEGORY_FIELDS)
        return questions


def tag_named(name: str) -> Tag | None:
    """The tag of a tag page, without its wiki (its info page shows that). Written out
    (questor/lib/rawsql.py) as the question list below it is: compiling the lookup as a
    queryset cost a tenth of the page."""
    found = rawsql.select(
        Tag, f"{rawsql.table(Tag)}.name = %s", [name.lower()], exclude=("wiki_html",)
    )
    return found[0] if found else None


class CountKeepingPaginator(Paginator):  # type: ignore[type-arg]
    """Keeps a list's count until the next write: counting the live questions reads
    every entry of an index (about 30 ms at 400,000 questions), for a number that changes
    only when something is written. Kept under the page cache's generation, so no count
    older than a committed write is shown; counted every time when that cache is off."""

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        return kept_count(self.object_list)


def kept_count(queryset: QuerySet[Any]) -> int:
    """queryset.count(), kept until the next committed write (CountKeepingPaginator)."""
    return pagecache.kept_until_write(
        "count", queryset.query.sql_with_params, queryset.count, pagecache.seconds()
    )


def paginate(
    queryset: QuerySet[Any] | Sequence[Any] | QuestionListing,
    *,
    page: str | int | None,
    per_page: int,
) -> Page[Any]:
    per_page = per_page if per_page in PAGE_SIZES else DEFAULT_PAGE_SIZE
    # A QuestionListing is sliced and counted, all a paginator does with it.
    return CountKeepingPaginator(cast(Any, queryset), per_page).get_page(page)


# The question page's reads are hand-written SQL (questor/lib/rawsql.py says why); the
# tests compare the page on both databases, and read the plans of these queries.
_CATEGORY_FIELDS = ("id", "slug", "name", "description", "position", "question_count")


def get_question(question_id: int) -> Post | None:
    """The question with its category (one join); the people on it come with the rest of
    the page's people in question_page()."""
    post = rawsql.table(Post)
    found = rawsql.select(
        Post,
        f"{post}.id = %s AND {post}.post_type = %s",
        [question_id, PostType.QUESTION],
        also=rawsql.related_columns(Category, "category", _CATEGORY_FIELDS),
        join=f" LEFT OUTER JOIN {rawsql.table(Category)} category"
        f" ON category.id = {post}.category_id",
    )
    rawsql.attach(found, "category", Category, "category", _CATEGORY_FIELDS)
    return found[0] if found else None


# Every column of a post, for the question read with an answer (what select_related read).
_POST_FIELDS = tuple(field.name for field in Post._meta.concrete_fields)


def get_post(post_id: int) -> Post | None:
    """The post with its question (one join). Every vote and comment reads its post here:
    written out (see questor/lib/rawsql.py), as compiling the queryset with the question
    joined cost several times the query."""
    post = rawsql.table(Post)
    found = rawsql.select(
        Post,
        f"{post}.id = %s",
        [post_id],
        also=rawsql.related_columns(Post, "question", _POST_FIELDS),
        join=f" LEFT OUTER JOIN {post} question ON question.id = {post}.question_id",
    )
    rawsql.attach(found, "question", Post, "question", _POST_FIELDS)
    return found[0] if found else None


@dataclass
class QuestionPage:
    question: Post
    answers: list[Post]
    comments: dict[int, list[Comment]] = field(default_factory=dict)
    user_votes: dict[int, int] = field(default_factory=dict)
    # Questions closed as duplicates of this one (visible ones only).
    duplicates: list[Post] = field(default_factory=list)


def question_page(*, question: Post, viewer: AnyUser) -> QuestionPage:
    """Answers (accepted first, then by score, then oldest), comments and the viewer's votes.

    Three queries whatever the number of answers (answers, comments, people), four signed
    in (votes).
    """
    live = "is_deleted = %s AND hidden_by_flags = %s AND held_for_review = %s"
    not_flagged = [False, False, False]
    answers_of, params = "question_id = %s", [question.pk]
    # A deleted, hidden or held answer stays visible to its author and to moderators, marked.
    if not is_moderator(viewer):
        answers_of += f" AND (({live}) OR author_id = %s)"
        params += [*not_flagged, viewer.pk or 0]
    # The questions closed as duplicates of this one, and the original of this one, come
    # in the same query (no query more for the many questions that have none), and are
    # split off below.
    wanted = f"({answers_of}) OR (duplicate_of_id = %s AND post_type = %s AND {live})"
    params += [question.pk, PostType.QUESTION, *not_flagged]
    if question.duplicate_of_id is not None:  # the original this one duplicates, too
        wanted += " OR id = %s"
        params.append(question.duplicate_of_id)
    found = rawsql.select(
        Post,
        wanted,
        [*params, question.accepted_answer_id or 0],
        order_by="CASE WHEN id = %s THEN 0 ELSE 1 END, score DESC, created_at, id",
    )
    answers: list[Post] = []
    duplicates: list[Post] = []
    for item in found:
        if item.pk == question.duplicate_of_id:
            question.duplicate_of = item
        else:
            (answers if item.question_id == question.pk else duplicates).append(item)
    # Every answer's question is this one: without this, `answer.question` (read by the
    # permission checks and by get_absolute_url) would cost a query per answer.
    for answer in answers:
        answer.question = question
    post_ids = [question.pk, *(answer.pk for answer in answers)]
    comments: dict[int, list[Comment]] = {post_id: [] for post_id in post_ids}
    for comment in rawsql.select(
        Comment,
        f"post_id IN ({rawsql.placeholders(post_ids)}) AND is_deleted = %s",
        [*post_ids, False],
        order_by="created_at, id",
    ):
        comments[comment.post_id].append(comment)
    _attach_people([question, *answers, *duplicates], [c for cs in comments.values() for c in cs])
    user_votes: dict[int, int] = {}
    if viewer.is_authenticated:
        user_votes = {
            vote.post_id: vote.value
            for vote in rawsql.select(
                Vote,
                f"user_id = %s AND post_id IN ({rawsql.placeholders(post_ids)})",
                [viewer.pk, *post_ids],
            )
        }
    return QuestionPage(
        question=question,
        answers=answers,
        comments=comments,
        user_votes=user_votes,
        duplicates=duplicates,
    )


# What a page shows of a person; the long profile texts stay in the database.
_PERSON_DEFERRED = ("about", "about_html", "password")


def _attach_people(posts: list[Post], comments: list[Comment]) -> None:
    """Set the authors, editors and closers of a page's posts and comments from one
    query, so templates read them without a query each."""
    relations = (
        ("author", "author_id"),
        ("last_editor", "last_editor_id"),
        ("closed_by", "closed_by_id"),
    )
    links: list[tuple[Post | Comment, str, int]] = [
        (post, name, getattr(post, key))
        for post in posts
        for name, key in relations
        if getattr(post, key) is not None
    ]
    links += [(c, "author", c.author_id) for c in comments if c.author_id is not None]
    if not links:
        return
    wanted = sorted({person_id for _item, _name, person_id in links})
    people = {
        person.pk: person
        for person in rawsql.select(
            User,
            f"id IN ({rawsql.placeholders(wanted)})",
            wanted,
            exclude=_PERSON_DEFERRED,
        )
    }
    for item, name, person_id in links:
        if person_id in people:
            setattr(item, name, people[person_id])


def get_draft(*, user: AnyUser, kind: str, question_id: int = 0) -> Draft | None:
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user_id=user.pk, kind=kind, question_id=question_id).first()


def tag_list(*, sort: str = "popular", name_contains: str = "") -> QuerySet[Tag]:
    tags = Tag.objects.filter(question_count__gt=0)
    if name_contains:
        tags = tags.filter(name__contains=name_contains.lower())
    ordering = {"name": ["name"], "new": ["-created_at", "-id"]}.get(
        sort, ["-question_count", "name"]
    )
    return tags.order_by(*ordering)


def user_questions(user: User) -> QuerySet[Post]:
    return question_list(tab="newest").filter(author=user)


def user_answers(user: User) -> QuerySet[Post]:
    return (
        Post.objects.public()
        .filter(
            author=user,
            post_type=PostType.ANSWER,
            question__is_deleted=False,
            question__hidden_by_flags=False,
            question__held_for_review=False,
        )
        .select_related("question")
        .only(
            "id",
            "score",
            "created_at",
            "post_type",
            "question__id",
            "question__title",
            "question__post_type",
            "question__accepted_answer_id",
        )
        .order_by("-created_at")
    )


def user_list(*, sort: str = "reputation") -> QuerySet[User]:
    ordering = {
        "reputation": ["-reputation", "id"],
        "new": ["-date_joined", "-id"],
        "name": ["username"],
    }.get(sort, ["-reputation", "id"])
    return User.objects.filter(is_active=True).order_by(*ordering)


def reputation_events(user: User) -> QuerySet[ReputationEvent]:
    return (
        ReputationEvent.objects.filter(user=user)
        .select_related("post", "post__question")
        .only(
            "id", "kind", "points", "created_at", "post__id", "post__title", "post__post_type",
            "post__question__id", "post__question__title", "post__question__post_type",
        )
        .order_by("-created_at", "-id")
    )  # fmt: skip


def pending_suggested_edits() -> QuerySet[SuggestedEdit]:
    return (
        SuggestedEdit.objects.filter(status=SuggestedEditStatus.PENDING)
        .select_related("post", "post__question", "author")
        .order_by("created_at", "id")
    )


def suggested_edits_by(user: User) -> QuerySet[SuggestedEdit]:
    return SuggestedEdit.objects.filter(author=user).select_related("post").order_by("-created_at")
