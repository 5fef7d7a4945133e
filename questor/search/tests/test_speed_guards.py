"""What keeps search and lists fast on a large site, checked on a small one: common-word
queries are ranked within a window of their newest matches (SQLite), and boolean filters
reach the database in a form its indexes can serve."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from questor.qa.models import Post, PostType
from questor.qa.search import matching_ids
from questor.search import engine
from questor.search.query import parse
from questor.testing.factories import make_question

pytestmark = pytest.mark.django_db


def test_a_query_with_more_matches_than_the_window_ranks_the_newest_ones(monkeypatch):
    oldest = make_question(title="Budget budget budget", body="All about the budget.")
    newer = [make_question(title=f"Question {n}", body="One budget line.") for n in range(4)]
    monkeypatch.setattr(engine, "RANK_WINDOW", 3)

    found = matching_ids(parse("budget"), AnonymousUser())

    if connection.vendor == "sqlite":
        # The best match by far is older than the three newest matches: left out.
        assert found[:3] and set(found) == {post.pk for post in newer[-3:]}
        assert oldest.pk not in found
    else:  # PostgreSQL ranks every match.
        assert found[0] == oldest.pk and len(found) == 5


def test_a_query_within_the_window_ranks_every_match(monkeypatch):
    best = make_question(title="Budget budget budget", body="All about the budget.")
    others = [make_question(title=f"Question {n}", body="One budget line.") for n in range(2)]
    monkeypatch.setattr(engine, "RANK_WINDOW", 3)

    found = matching_ids(parse("budget"), AnonymousUser())

    assert found[0] == best.pk
    assert set(found) == {best.pk, *(post.pk for post in others)}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL reads NOT flag alike")
def test_the_newest_questions_list_walks_its_index_instead_of_sorting():
    newest = Post.objects.filter(post_type=PostType.QUESTION, is_deleted=False).order_by(
        "-created_at"
    )[:30]
    sql, params = newest.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())

    assert "post_newest_idx (post_type=? AND is_deleted=?)" in plan
    assert "TEMP B-TREE" not in plan
