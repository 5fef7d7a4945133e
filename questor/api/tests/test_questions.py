"""Questions and answers through the API: lists, filters, sorts, pagination, asking,
reading, editing (directly or as a suggestion), deleting, answering and accepting."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questor.api.tests.conftest import ApiClient, assert_error, client_for
from questor.qa.models import Post, SuggestedEdit
from questor.testing.factories import make_answer, make_category, make_question, make_user

pytestmark = pytest.mark.django_db


def test_the_list_pages_with_absolute_links(anonymous):
    for _ in range(5):
        make_question()

    first = anonymous.get("/questions", {"page_size": 2}).json()

    assert first["count"] == 5
    assert len(first["items"]) == 2
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/questions?page_size=2&page=2"
    last = anonymous.get("/questions", {"page_size": 2, "page": 3}).json()
    assert len(last["items"]) == 1
    assert last["next"] is None
    assert last["previous"].endswith("page=2")
    assert first["items"][0]["url"].startswith("http://testserver/questions/")
    assert first["items"][0]["created_at"].endswith("Z")


def test_the_list_filters_and_sorts(anonymous):
    make_category(slug="teams")
    popular = make_question(tags=["feedback"])
    other = make_question(tags=["hiring"], category=make_category(slug="teams"))
    make_answer(question=other)
    from questor.qa import actions

    actions.cast_vote(user=make_user(), post=popular, value=1)

    def ids(**params):
        return [item["id"] for item in anonymous.get("/questions", params).json()["items"]]

    assert ids(tagged="feedback") == [popular.pk]
    assert ids(category="teams") == [other.pk]
    assert ids(user=other.author_id) == [other.pk]
    assert ids(sort="votes")[0] == popular.pk
    assert ids(sort="newest")[0] == other.pk
    assert popular.pk in ids(sort="unanswered")
    assert set(ids(sort="hot")) == {popular.pk, other.pk}


def test_list_queries_do_not_grow_with_the_page(anonymous):
    for _ in range(3):
        make_question()
    with CaptureQueriesContext(connection) as short:
        assert len(anonymous.get("/questions").json()["items"]) == 3
    for _ in range(12):
        make_question()
    with CaptureQueriesContext(connection) as long:
        assert len(anonymous.get("/questions").json()["items"]) == 15

    assert len(long.captured_queries) == len(short.captured_queries)


def test_answer_lists_do_not_grow_with_the_page(anonymous):
    question = make_question()
    make_answer(question=question)
    with CaptureQueriesContext(connection) as short:
        anonymous.get(f"/questions/{question.pk}/answers")
    for _ in range(6):
        make_answer(question=question)
    with CaptureQueriesContext(connection) as long:
        assert len(anonymous.get(f"/questions/{question.pk}/answers").json()["items"]) == 7

    assert len(long.captured_queries) == len(short.captured_queries)


def test_a_member_asks_reads_edits_and_deletes_a_question():
    make_question()
    author = make_user()
    api = client_for(author)

    asked = api.post(
        "/questions",
        {
            "title": "How do I   say no to my manager?",
            "body": "My manager keeps adding projects and my team is already at capacity.",
            "tags": ["one-on-ones"],
            "category": "leadership",
        },
    )
    assert asked.status_code == 201, asked.content
    question = asked.json()
    assert question["title"] == "How do I say no to my manager?"  # cleaned as the form does
    assert question["revision_number"] == 1

    read = ApiClient().get(f"/questions/{question['id']}").json()
    assert read["body_html"].startswith("<p>My manager")

    edited = api.patch(
        f"/questions/{question['id']}",
        {"base_revision": 1, "title": "How do I say no to my own manager?"},
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["revision_number"] == 2
    assert edited.json()["tags"] == ["one-on-ones"]  # left out: kept

    assert api.delete(f"/questions/{question['id']}").status_code == 204
    assert Post.objects.get(pk=question["id"]).is_deleted
    assert_error(ApiClient().get(f"/questions/{question['id']}"), 404, "not_found")


def test_an_edit_below_the_privilege_becomes_a_suggestion():
    question = make_question()
    editor = client_for(make_user())

    response = editor.patch(
        f"/questions/{question.pk}",
        {
            "base_revision": 1,
            "body": "A clearer body: six reports, one-on-ones are status meetings.",
        },
    )

    assert response.status_code == 202, response.content
    assert SuggestedEdit.objects.get(pk=response.json()["id"]).post_id == question.pk
    assert Post.objects.get(pk=question.pk).revision_number == 1


def test_new_tags_need_the_privilege_as_on_the_ask_page():
    make_question()
    response = client_for(make_user()).post(
        "/questions",
        {
            "title": "How do I write a team charter?",
            "body": "We are a new team and want to agree on how we work together.",
            "tags": ["brand-new-tag"],
            "category": "leadership",
        },
    )

    assert "new tag" in assert_error(response, 403, "forbidden")


def test_answers_are_posted_listed_and_accepted_by_the_asker():
    question = make_question()
    answerer = make_user()
    posted = client_for(answerer).post(
        f"/questions/{question.pk}/answers",
        {"body": "Start each one-on-one with their agenda, not yours; status goes in writing."},
    )
    assert posted.status_code == 201, posted.content
    answer_id = posted.json()["id"]

    assert_error(client_for(answerer).put(f"/answers/{answer_id}/accept"), 403, "forbidden")
    asker = client_for(question.author)
    accepted = asker.put(f"/answers/{answer_id}/accept")
    assert accepted.json() == {"question_id": question.pk, "answer_id": answer_id, "accepted": True}
    assert asker.put(f"/answers/{answer_id}/accept").json()["accepted"] is True  # idempotent
    listed = ApiClient().get(f"/questions/{question.pk}/answers").json()
    assert listed["items"][0]["is_accepted"] is True
    assert ApiClient().get(f"/answers/{answer_id}").json()["is_accepted"] is True
    assert asker.delete(f"/answers/{answer_id}/accept").json()["accepted"] is False


def test_hidden_questions_are_not_found_for_others():
    question = make_question()
    Post.objects.filter(pk=question.pk).update(held_for_review=True)

    assert_error(ApiClient().get(f"/questions/{question.pk}"), 404, "not_found")
    assert client_for(question.author).get(f"/questions/{question.pk}").status_code == 200
