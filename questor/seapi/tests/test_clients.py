"""The real client libraries against `questor serve` (gunicorn) over a real imported dump:
StackAPI pointed at it by its base_url, py-stackexchange unchanged, through an HTTP
proxy setting (it sends absolute-form request lines with Host: api.stackexchange.com).
What they return equals the database; pagination ends; errors raise their exceptions."""

from __future__ import annotations

import html
import time
from collections.abc import Iterator
from typing import Any

import pytest
import stackexchange
from stackapi import StackAPI, StackAPIError

from questor.accounts.models import User
from questor.qa.models import Comment, Post, PostType, Tag
from questor.seapi.tests.conftest import SITE

pytestmark = pytest.mark.django_db


def _public_questions() -> Any:
    return Post.objects.public().filter(post_type=PostType.QUESTION)


@pytest.fixture
def stackapi(live_api: str) -> StackAPI:
    return StackAPI(SITE, base_url=live_api, version="2.3", max_pages=100, page_size=100)


@pytest.fixture
def se_site(live_api: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """py-stackexchange exactly as shipped: its requests go to api.stackexchange.com over
    plain HTTP, through the proxy setting, which is our server."""
    monkeypatch.setenv("http_proxy", live_api)
    monkeypatch.setenv("HTTP_PROXY", live_api)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    yield stackexchange.Site(SITE, cache=0, force_http=True)


# StackAPI ------------------------------------------------------------------------------


def test_stackapi_finds_the_site_and_refuses_an_unknown_one(live_api: str) -> None:
    assert StackAPI(SITE, base_url=live_api)._name == "Questor"  # the site's name
    with pytest.raises(ValueError, match="Invalid Site Name"):
        StackAPI("nosuchsite", base_url=live_api)


def test_stackapi_pages_through_every_question_in_activity_order(stackapi: StackAPI) -> None:
    stackapi.page_size = 7
    started = time.monotonic()
    result = stackapi.fetch("questions")
    expected = list(
        _public_questions().order_by("-last_activity_at", "-id").values_list("pk", flat=True)
    )
    assert [item["question_id"] for item in result["items"]] == expected
    assert result["has_more"] is False
    assert result["page"] == -(-len(expected) // 7)  # the last page, then it stopped
    assert result["quota_max"] > 0 and result["backoff"] == 0
    # No backoff anywhere: StackAPI would have slept at least a second per page.
    assert time.monotonic() - started < result["page"]


def test_stackapi_questions_by_ids_with_bodies_equal_the_database(stackapi: StackAPI) -> None:
    ids = list(_public_questions().order_by("pk").values_list("pk", flat=True)[:5])
    result = stackapi.fetch("questions/{ids}", ids=ids, filter="withbody", sort="creation")
    items = {item["question_id"]: item for item in result["items"]}
    assert set(items) == set(ids)
    for post in Post.objects.filter(pk__in=ids):
        item = items[post.pk]
        assert html.unescape(item["title"]) == post.title
        assert item["body"] == post.body_html
        assert item["score"] == post.score and item["answer_count"] == post.answer_count
        assert item["tags"] == post.tag_names.split()
        assert item["creation_date"] == int(post.created_at.timestamp())
        assert item["owner"].get("user_id") == post.author_id


def test_stackapi_answers_users_tags_and_info_equal_the_database(stackapi: StackAPI) -> None:
    question = _public_questions().filter(answer_count__gt=1).order_by("pk").first()
    assert question is not None
    answers = stackapi.fetch("questions/{ids}/answers", ids=[question.pk], sort="votes")
    expected = Post.objects.public().filter(question=question)
    assert sorted(item["answer_id"] for item in answers["items"]) == sorted(
        expected.values_list("pk", flat=True)
    )
    assert sum(item["is_accepted"] for item in answers["items"]) == (
        1 if question.accepted_answer_id else 0
    )

    users = stackapi.fetch("users/{ids}", ids=[question.author_id])
    author = User.objects.get(pk=question.author_id)
    assert [(u["user_id"], u["reputation"]) for u in users["items"]] == [
        (author.pk, author.reputation)
    ]

    tags = stackapi.fetch("tags", sort="popular")
    assert {item["name"]: item["count"] for item in tags["items"]} == dict(
        Tag.objects.filter(question_count__gt=0).values_list("name", "question_count")
    )

    info = stackapi.fetch("info")["items"][0]
    assert info["total_questions"] == _public_questions().count()
    assert info["total_answers"] == Post.objects.public().filter(post_type=PostType.ANSWER).count()
    assert info["total_comments"] == Comment.objects.filter(is_deleted=False).count()
    assert info["total_users"] == User.objects.filter(is_active=True).count()


def test_stackapi_search_endpoints_find_what_the_database_holds(stackapi: StackAPI) -> None:
    question = _public_questions().order_by("pk").first()
    assert question is not None
    word = max(question.title.split(), key=len).strip("?,.!:\"'").lower()
    found = stackapi.fetch("search/advanced", q=word, sort="relevance")
    assert question.pk in {item["question_id"] for item in found["items"]}
    excerpts = stackapi.fetch("search/excerpts", q=word)
    assert {item["item_type"] for item in excerpts["items"]} <= {"question", "answer"}
    assert all(item["excerpt"] for item in excerpts["items"])
    similar = stackapi.fetch("similar", title=question.title, sort="relevance")
    assert question.pk in {item["question_id"] for item in similar["items"]}


def test_stackapi_raises_its_own_error_for_errors_and_unknown_methods(
    stackapi: StackAPI,
) -> None:
    with pytest.raises(StackAPIError) as error:
        stackapi.fetch("errors/400")
    assert (error.value.error, error.value.code) == (400, "bad_parameter")
    with pytest.raises(StackAPIError) as error:
        stackapi.fetch("no/such/method")
    assert (error.value.error, error.value.code) == (404, "no_method")
    with pytest.raises(StackAPIError) as error:
        stackapi.fetch("questions", sort="nonsense")
    assert error.value.code == "bad_parameter"


# py-stackexchange, through the proxy setting ------------------------------------------


def test_py_stackexchange_iterates_every_question_to_the_end(se_site: Any) -> None:
    expected = list(_public_questions().order_by("-score", "-id").values_list("pk", flat=True))
    seen = [question.id for question in se_site.questions(sort="votes", pagesize=10)]
    assert seen == expected


def test_py_stackexchange_reads_questions_answers_users_and_comments(se_site: Any) -> None:
    post = _public_questions().filter(comment_count__gt=0, answer_count__gt=0).first()
    assert post is not None
    question = se_site.question(post.pk)
    assert question.title == html.escape(post.title).replace("&#x27;", "&#39;")
    assert question.score == post.score
    assert sorted(answer.id for answer in question.answers) == sorted(
        Post.objects.public().filter(question=post).values_list("pk", flat=True)
    )
    comments = question.comments.fetch()
    assert sorted(comment.id for comment in comments) == sorted(
        Comment.objects.filter(post=post, is_deleted=False).values_list("pk", flat=True)
    )
    answer_id = question.answers[0].id
    assert se_site.answer(answer_id).question_id == post.pk
    user = se_site.user(post.author_id)
    assert user.reputation == User.objects.get(pk=post.author_id).reputation
    own = _public_questions().filter(author_id=post.author_id)
    assert len(user.questions) == own.count()  # question_count, from its users() filter
    assert sorted(q.id for q in user.questions.fetch()) == sorted(own.values_list("pk", flat=True))


def test_py_stackexchange_tags_info_and_the_2_3_path(se_site: Any) -> None:
    tag = Tag.objects.filter(question_count__gt=0).order_by("-question_count", "name").first()
    assert tag is not None
    assert se_site.tag(tag.name).count == tag.question_count
    assert se_site.info().total_questions == _public_questions().count()
    se_site.api_version = "2.3"
    assert se_site.info().total_questions == _public_questions().count()


def test_py_stackexchange_raises_its_own_error(se_site: Any) -> None:
    with pytest.raises(stackexchange.StackExchangeError) as error:
        se_site.build("errors/404", stackexchange.Question, "questions", {})
    assert (error.value.code, error.value.name) == (404, "no_method")
    with pytest.raises(stackexchange.StackExchangeError) as error:
        se_site.build("questions", stackexchange.Question, "questions", {"pagesize": 500})
    assert error.value.name == "bad_parameter"
