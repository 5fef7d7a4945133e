"""The API goes through the pages' rules: the spam check, the link limits, and list
queries that do not grow with the page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questor.api.tests.conftest import ApiClient, assert_error, client_for
from questor.notifications import actions as notifications
from questor.testing.factories import (
    make_answer,
    make_category,
    make_comment,
    make_question,
    make_tags,
    make_user,
)

pytestmark = pytest.mark.django_db

SPAM = {
    "title": "Cheap SEO services for your leadership blog",
    "body": "Looking for the best SEO services at a cheap price? Our agency gets your website "
    "to page one in 30 days, 100% guaranteed. Contact us today at https://rankfast.example.com "
    "for a free audit!",
    "tags": ["seo"],
    "category": "leadership",
}


@pytest.mark.spam_check
def test_spam_asked_through_the_api_is_held_like_spam_asked_on_the_page():
    make_question()
    make_tags("seo")
    api = client_for(make_user())

    asked = api.post("/questions", SPAM)

    assert asked.status_code == 201, asked.content
    assert asked.json()["held_for_review"] is True
    assert_error(ApiClient().get(f"/questions/{asked.json()['id']}"), 404, "not_found")
    listed = ApiClient().get("/questions").json()["items"]
    assert asked.json()["id"] not in [item["id"] for item in listed]


@pytest.mark.rate_limits
def test_new_members_post_only_a_few_links_through_the_api_too():
    question = make_question()
    links = " ".join(f"https://example.org/{n}" for n in range(4))

    response = client_for(make_user()).post(
        f"/questions/{question.pk}/answers", {"body": f"Read these first: {links}"}
    )

    assert "links" in assert_error(response, 422, "invalid", field="body")


def _queries(api: ApiClient, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


def test_no_list_runs_more_queries_for_a_longer_page():
    member = make_user()
    api = client_for(member)
    question = make_question(tags=["feedback"])
    notifications.follow(user=member, target=notifications.Target("question", question=question))
    lists = [
        "/questions",
        f"/questions/{question.pk}/answers",
        f"/posts/{question.pk}/comments",
        f"/posts/{question.pk}/revisions",
        "/tags",
        "/users",
        "/categories",
        "/search?q=one-on-ones",
        "/me/inbox",
        "/me/follows",
        "/me/flags",
    ]

    def grow() -> None:
        number = make_user().pk
        asked = make_question(
            author=member, tags=[f"tag{number}"], category=make_category(slug=f"c{number}")
        )
        answer = make_answer(question=question)
        make_comment(post=question)
        notifications.follow(user=member, target=notifications.Target("question", question=asked))
        notifications.follow(user=member, target=notifications.Target("user", user=answer.author))
        client_for(question.author).patch(
            f"/questions/{question.pk}", {"base_revision": _revision(question.pk)}
        )
        api.post(f"/posts/{answer.pk}/flags", {"kind": "low-quality"})

    grow()
    api.get("/me")  # the token's first use writes its "last used" time
    before = {path: _queries(api, path) for path in lists}
    for _ in range(4):
        grow()
    after = {path: _queries(api, path) for path in lists}

    assert after == before
    for path in lists:
        assert api.get(path).json()["count"] >= 5, path  # the pages did grow


def _revision(question_id: int) -> int:
    return int(ApiClient().get(f"/questions/{question_id}").json()["revision_number"])
