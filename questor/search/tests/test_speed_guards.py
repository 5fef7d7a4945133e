"""What keeps search and lists fast on a large site, checked on a small one: common-word
queries are ranked within a window of their newest matches, and boolean filters
reach the database in a form its indexes can serve."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from questor.qa.search import matching_ids
from questor.qa.selectors import question_list
from questor.search import engine
from questor.search.query import parse
from questor.testing.factories import make_question

pytestmark = pytest.mark.django_db


def test_a_query_with_more_matches_than_the_window_ranks_the_newest_ones(monkeypatch):
    oldest = make_question(title="Budget budget budget", body="All about the budget.")
    newer = [make_question(title=f"Question {n}", body="One budget line.") for n in range(4)]
    monkeypatch.setattr(engine, "RANK_WINDOW", 3)

    found = matching_ids(parse("budget"), AnonymousUser())

    # The best match by far is older than the three newest matches: left out (both
    # databases).
    assert found[:3] and set(found) == {post.pk for post in newer[-3:]}
    assert oldest.pk not in found


def test_a_query_within_the_window_ranks_every_match(monkeypatch):
    best = make_question(title="Budget budget budget", body="All about the budget.")
    others = [make_question(title=f"Question {n}", body="One budget line.") for n in range(2)]
    monkeypatch.setattr(engine, "RANK_WINDOW", 3)

    found = matching_ids(parse("budget"), AnonymousUser())

    assert found[0] == best.pk
    assert set(found) == {best.pk, *(post.pk for post in others)}


def _plan(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " / ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL reads NOT flag alike")
@pytest.mark.parametrize("tab", ["newest", "active", "votes", "unanswered"])
def test_a_question_list_walks_its_index_and_counts_from_the_index_alone(tab):
    """The list pages' SQL (QuestionListing), and the ORM's for the same list (the API)."""
    from django.test.utils import CaptureQueriesContext

    from questor.qa.selectors import QuestionListing

    listing = QuestionListing(tab=tab)
    with CaptureQueriesContext(connection) as captured:
        listing[0:30]
        listing.count()
    page, total = (_plan(query["sql"], ()) for query in captured)
    _check_list_plans(page, total)

    queryset = question_list(tab=tab)
    page = _plan(*queryset[:30].query.sql_with_params())
    ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    total = _plan(f"SELECT COUNT(*) FROM ({ids_sql})", ids_params)  # noqa: S608 - Django's SQL
    _check_list_plans(page, total)


def _check_list_plans(page: str, total: str) -> None:
    every_flag = "post_type=? AND is_deleted=? AND hidden_by_flags=? AND held_for_review=?"
    assert every_flag in page and "qa_post USING INDEX" in page
    assert "TEMP B-TREE FOR ORDER BY" not in page  # only the id tie-break is sorted
    assert "COVERING INDEX" in total and every_flag in total  # the paginator's count


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's sampled statistics")
def test_the_question_page_finds_duplicates_of_its_question_without_walking_every_question():
    """Almost no post is a duplicate; SQLite's statistics then rate the plain foreign-key
    index as useless, and the question page's query walked every live question."""
    from django.test.utils import CaptureQueriesContext

    from questor.lib.dbstats import refresh_planner_statistics
    from questor.qa.selectors import question_page
    from questor.testing.factories import make_answer

    questions = [make_question() for _ in range(40)]
    make_answer(question=questions[0])
    refresh_planner_statistics()
    with CaptureQueriesContext(connection) as captured:
        page = question_page(question=questions[0], viewer=AnonymousUser())
    assert len(page.answers) == 1
    answers_sql = next(q["sql"] for q in captured if "duplicate_of_id" in q["sql"])
    plan = _plan(answers_sql, ())
    assert "post_duplicates_idx" in plan, plan


@pytest.mark.parametrize("tab", ["votes", "active"])
def test_operator_searches_on_the_votes_and_active_tabs_keep_one_order_over_both_types(tab):
    """Those tabs walk each post type's index and merge the two walks: the result must be
    the one order a single query over both types gives, ties included."""
    from datetime import timedelta

    from django.utils import timezone

    from questor.qa.models import Post
    from questor.qa.search import matching_ids, visible_to
    from questor.testing.factories import make_answer

    start = timezone.now() - timedelta(days=3)
    questions = [make_question() for _ in range(4)]
    answers = [make_answer(question=question) for question in questions for _ in range(2)]
    for number, post in enumerate([*questions, *answers]):
        Post.objects.filter(pk=post.pk).update(
            score=number % 3 + 1,  # ties between the types
            created_at=start + timedelta(hours=number % 5),
            last_activity_at=start + timedelta(hours=number % 4),
        )
    ordering = {"votes": ("-score", "-created_at", "-id"), "active": ("-last_activity_at", "-id")}
    viewer = AnonymousUser()
    expected = list(
        Post.objects.filter(visible_to(viewer), score__gte=2)
        .order_by(*ordering[tab])
        .values_list("id", flat=True)
    )

    found = matching_ids(parse("score:2"), viewer, tab=tab)

    assert len(expected) > 6 and found == expected
