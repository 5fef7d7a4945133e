"""Similar questions while asking (and the confirmation step), related questions."""

from __future__ import annotations

import pytest

from questor.qa.models import Post
from questor.qa.search import related_question_ids, related_questions, similar_questions
from questor.testing.factories import make_category, make_question, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing():
    category = make_category(slug="teams", name="Teams")
    return {
        "raise": make_question(
            title="How do I ask my manager for a raise?",
            body="I have been in the role two years and took on a lot more work.",
            tags=["compensation"],
            category=category,
        ),
        "standup": make_question(
            title="Keeping daily standups short",
            body="Our standup drifts into a forty minute status meeting.",
            tags=["meetings"],
            category=category,
        ),
        "salary": make_question(
            title="Negotiating salary for an internal promotion",
            body="HR offered a small raise with the new title.",
            tags=["compensation"],
            category=category,
        ),
    }


def test_similar_questions_share_title_words(existing):
    found = similar_questions("When should I ask for a raise?")
    assert found[0].pk == existing["raise"].pk
    assert existing["standup"].pk not in {post.pk for post in found}


def test_similar_leaves_out_hidden_questions(existing):
    Post.objects.filter(pk=existing["raise"].pk).update(is_deleted=True)
    assert existing["raise"].pk not in {p.pk for p in similar_questions("ask for a raise")}


def test_the_similar_endpoint_shows_score_and_answers(client, existing):
    Post.objects.filter(pk=existing["raise"].pk).update(score=7, answer_count=3)
    response = client.get("/questions/similar/", {"title": "When should I ask for a raise?"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "How do I ask my manager for a raise?" in page
    assert '<span class="score-badge" title="score">7</span>' in page
    assert "3 answers" in page
    assert page.count('class="similar-question"') <= 5


def test_the_similar_endpoint_says_nothing_for_short_or_unknown_titles(client, existing):
    assert "similar-question" not in client.get("/questions/similar/", {"title": "raise"}).text
    response = client.get("/questions/similar/", {"title": "Quantum chromodynamics lattice"})
    assert "similar-question" not in response.content.decode()


def test_the_similar_endpoint_leaves_out_dismissed_questions(client, existing):
    response = client.get(
        "/questions/similar/",
        {"title": "When should I ask for a raise?", "dismissed": str(existing["raise"].pk)},
    )
    assert "How do I ask my manager for a raise?" not in response.content.decode()


def _ask(client, **extra):
    data = {
        "title": "How should I ask my manager for a raise this year?",
        "body": "My review is next month and I want to prepare the conversation well.",
        "tags": "compensation",
        "category": "teams",
    }
    data.update(extra)
    return client.post("/questions/ask/", data)


def test_posting_a_likely_duplicate_asks_for_confirmation_and_keeps_the_form(client, existing):
    client.force_login(make_user())
    response = _ask(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Is your question one of these?" in page
    assert "How do I ask my manager for a raise?" in page
    assert 'value="How should I ask my manager for a raise this year?"' in page
    assert "My review is next month" in page
    assert "Post anyway" in page
    assert Post.objects.count() == 3

    response = _ask(client, post_anyway="1")
    assert response.status_code == 302
    assert Post.objects.count() == 4


def test_dismissed_questions_do_not_stop_the_post(client, existing):
    client.force_login(make_user())
    dismissed = f"{existing['raise'].pk},{existing['salary'].pk}"
    response = _ask(client, dismissed=dismissed)
    assert response.status_code == 302


def test_an_unrelated_question_posts_at_once(client, existing):
    client.force_login(make_user())
    response = _ask(client, title="Which kanban board suits a small design team?")
    assert response.status_code == 302


def test_related_questions_by_title_and_tags(existing):
    related = related_questions(existing["raise"])
    assert [post.pk for post in related][:1] == [existing["salary"].pk]
    assert existing["raise"].pk not in {post.pk for post in related}


def test_related_questions_are_cached_per_revision_and_filtered_fresh(existing):
    from django.core.cache import cache

    question = existing["raise"]
    ids = related_question_ids(question)
    assert cache.get(f"qa:related:{question.pk}:{question.revision_number}") == ids
    Post.objects.filter(pk=existing["salary"].pk).update(is_deleted=True)
    assert existing["salary"].pk not in {post.pk for post in related_questions(question)}


def test_the_related_fragment_and_the_page_that_loads_it(client, existing):
    question = existing["raise"]
    page = client.get(question.get_absolute_url()).content.decode()
    assert f'hx-get="/questions/{question.pk}/related/"' in page
    fragment = client.get(f"/questions/{question.pk}/related/").content.decode()
    assert "Related questions" in fragment
    assert "Negotiating salary for an internal promotion" in fragment
    Post.objects.filter(pk=question.pk).update(is_deleted=True)
    assert client.get(f"/questions/{question.pk}/related/").status_code == 404
