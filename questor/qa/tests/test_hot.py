"""The Hot tab: its formula, its order, and its query budget."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questor.qa.hot import hot_ranked, hot_score
from questor.qa.models import Post, PostType
from questor.qa.privileges import forget_thresholds
from questor.testing.factories import make_answer, make_question

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _score(**changes):
    values = {
        "views": 100, "answers": 2, "score": 3, "answer_scores": 4,
        "created_at": NOW - timedelta(hours=10), "last_activity_at": NOW - timedelta(hours=10),
        "now": NOW,
    }  # fmt: skip
    values.update(changes)
    return hot_score(**values)


def test_more_views_answers_and_votes_make_a_question_hotter():
    assert _score(views=1000) > _score()
    assert _score(answers=4) > _score()
    assert _score(score=10) > _score()
    assert _score(answer_scores=20) > _score()


def test_age_decays_and_recent_activity_slows_the_decay():
    assert _score(created_at=NOW - timedelta(days=5), last_activity_at=NOW - timedelta(days=5)) < (
        _score()
    )
    old = NOW - timedelta(days=5)
    assert _score(created_at=old, last_activity_at=NOW) > _score(
        created_at=old, last_activity_at=old
    )


def test_the_formula_matches_its_documentation():
    # 4·log10(101) + 2·3/5 + 4 over ((10 + 1) − 0)^1.5
    import math

    expected = (4 * math.log10(101) + 6 / 5 + 4) / (11**1.5)
    assert _score() == pytest.approx(expected)


def test_the_hot_tab_puts_the_busiest_recent_question_first(client):
    quiet = make_question(title="A quiet question about nothing in particular")
    busy = make_question(title="A busy question everyone is talking about")
    old = make_question(title="An old question that once was popular indeed")
    for _ in range(3):
        make_answer(question=busy)
    Post.objects.filter(pk=busy.pk).update(view_count=500, score=8)
    Post.objects.filter(pk=quiet.pk).update(view_count=2)
    Post.objects.filter(pk=old.pk).update(
        view_count=5000, score=50,
        created_at=timezone.now() - timedelta(days=400),
        last_activity_at=timezone.now() - timedelta(days=300),
    )  # fmt: skip
    page = client.get("/?tab=hot").content.decode()
    assert 'aria-current="page">Hot<' in page
    assert page.index(busy.title) < page.index(quiet.title) < page.index(old.title)


def _count(client, url):
    forget_thresholds()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_hot_tab_costs_the_same_with_5_or_40_questions(client):
    for _ in range(5):
        make_answer(question=make_question())
    few = {url: _count(client, url) for url in ("/?tab=hot", "/tags/one-on-ones/?tab=hot")}
    for _ in range(35):
        make_answer(question=make_question())
    many = {url: _count(client, url) for url in ("/?tab=hot", "/tags/one-on-ones/?tab=hot")}
    assert few == many
    assert many["/?tab=hot"] <= 3


def test_the_hot_pages_follow_one_ranking_and_load_only_what_they_show(client):
    questions = [make_question(title=f"Question number {n} about delegation") for n in range(20)]
    for views, question in enumerate(questions):
        Post.objects.filter(pk=question.pk).update(view_count=views * 100)
    hottest_first = [question.pk for question in reversed(questions)]

    ranked = hot_ranked(Post.objects.filter(post_type=PostType.QUESTION))
    assert len(ranked) == 20
    assert [post.pk for post in ranked] == hottest_first
    assert [post.pk for post in ranked[5:8]] == hottest_first[5:8]
    assert ranked[-1].pk == hottest_first[-1]

    shown = []
    for page in (1, 2):
        html = client.get(f"/?tab=hot&pagesize=15&page={page}").content.decode()
        shown += [int(pk) for pk in re.findall(r'id="question-summary-(\d+)"', html)]
    assert shown == hottest_first
