"""Comments, votes, flags, revisions, tags, categories, members, search, the inbox and
follows through the API, with the same permissions as the pages."""

from __future__ import annotations

import pytest

from questor.api.tests.conftest import ApiClient, assert_error, client_for
from questor.moderation.models import Flag
from questor.notifications.models import Follow, Notification
from questor.qa.models import Comment
from questor.testing.factories import (
    make_answer,
    make_comment,
    make_question,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_comments_are_added_listed_edited_and_deleted():
    question = make_question()
    author = make_user()
    api = client_for(author)

    added = api.post(f"/posts/{question.pk}/comments", {"body": "Which tool do you use?"})
    assert added.status_code == 201, added.content
    comment_id = added.json()["id"]
    listed = ApiClient().get(f"/posts/{question.pk}/comments").json()
    assert [item["id"] for item in listed["items"]] == [comment_id]

    edited = api.patch(f"/comments/{comment_id}", {"body": "Which calendar tool do you use?"})
    assert edited.json()["body"] == "Which calendar tool do you use?"
    assert_error(client_for(make_user()).delete(f"/comments/{comment_id}"), 403, "forbidden")
    assert api.delete(f"/comments/{comment_id}").status_code == 204
    assert Comment.objects.get(pk=comment_id).is_deleted
    assert_error(ApiClient().get(f"/comments/{comment_id}"), 404, "not_found")


def test_votes_are_cast_switched_and_undone():
    question = make_question()
    voter = client_for(make_user(reputation=50))

    up = voter.put(f"/posts/{question.pk}/vote", {"vote": "up"})
    assert up.json() == {"post_id": question.pk, "score": 1, "vote": "up"}
    assert voter.put(f"/posts/{question.pk}/vote", {"vote": "up"}).json()["score"] == 1
    down = voter.put(f"/posts/{question.pk}/vote", {"vote": "down"})
    assert down.json() == {"post_id": question.pk, "score": -1, "vote": "down"}
    undone = voter.delete(f"/posts/{question.pk}/vote")
    assert undone.json() == {"post_id": question.pk, "score": 0, "vote": None}


def test_voting_needs_the_privilege_and_never_on_your_own_post():
    question = make_question()
    newcomer = client_for(make_user())

    assert "vote down" in assert_error(
        newcomer.put(f"/posts/{question.pk}/vote", {"vote": "down"}), 403, "forbidden"
    )
    own = client_for(question.author).put(f"/posts/{question.pk}/vote", {"vote": "up"})
    assert "own post" in assert_error(own, 403, "forbidden")


def test_flags_on_posts_and_comments():
    question = make_question()
    comment = make_comment(post=question)
    flagger = client_for(make_user())

    flagged = flagger.post(f"/posts/{question.pk}/flags", {"kind": "spam"})
    assert flagged.status_code == 201, flagged.content
    assert Flag.objects.get(pk=flagged.json()["id"]).post_id == question.pk
    assert_error(flagger.post(f"/posts/{question.pk}/flags", {"kind": "spam"}), 403, "forbidden")
    on_comment = flagger.post(f"/comments/{comment.pk}/flags", {"kind": "rude"})
    assert on_comment.status_code == 201
    mine = flagger.get("/me/flags").json()
    assert mine["count"] == 2
    assert_error(
        flagger.post(f"/posts/{question.pk}/flags", {"kind": "nonsense"}),
        422,
        "invalid",
        field="kind",
    )


def test_revisions_list_newest_first():
    question = make_question()
    api = client_for(question.author)
    api.patch(f"/questions/{question.pk}", {"base_revision": 1, "comment": "clearer title"})

    history = ApiClient().get(f"/posts/{question.pk}/revisions").json()

    assert [item["number"] for item in history["items"]] == [2, 1]
    assert history["items"][0]["comment"] == "clearer title"
    first = ApiClient().get(f"/posts/{question.pk}/revisions/1").json()
    assert first["tags"] == ["one-on-ones"]
    assert_error(ApiClient().get(f"/posts/{question.pk}/revisions/9"), 404, "not_found")


def test_tags_categories_and_members(anonymous):
    question = make_question(tags=["feedback"])

    tags = anonymous.get("/tags", {"sort": "name"}).json()
    assert [item["name"] for item in tags["items"]] == ["feedback"]
    assert anonymous.get("/tags/feedback").json()["question_count"] == 1
    assert anonymous.get("/categories").json()["items"][0]["slug"] == "leadership"
    assert anonymous.get("/categories/leadership").json()["question_count"] == 1
    person = anonymous.get(f"/users/{question.author_id}").json()
    assert person["question_count"] == 1
    assert "email" not in person
    assert anonymous.get("/users", {"sort": "name"}).json()["count"] >= 1


def test_search_speaks_the_site_s_query_language(anonymous):
    match = make_question(tags=["feedback"], title="How should I give feedback to my peers?")
    make_question(tags=["hiring"], title="What should I ask in a hiring interview?")

    found = anonymous.get("/search", {"q": "[feedback] peers"}).json()

    assert [item["id"] for item in found["items"]] == [match.pk]
    assert found["items"][0]["type"] == "question"
    assert "<mark>" in found["items"][0]["snippet_html"] or found["items"][0]["snippet_html"]
    hinted = anonymous.get("/search", {"q": "user:me"}).json()
    assert hinted["count"] == 0
    assert any("log in" in hint for hint in hinted["hints"])


def test_the_inbox_is_read_and_marked_read():
    question = make_question()
    make_answer(question=question)
    api = client_for(question.author)

    inbox = api.get("/me/inbox", {"unread": "true"}).json()
    assert inbox["count"] == 1
    entry = inbox["items"][0]
    assert entry["kind"] == "answer"
    marked = api.post(f"/me/inbox/{entry['id']}/read")
    assert marked.json()["read_at"] is not None
    assert api.get("/me/inbox", {"unread": "true"}).json()["count"] == 0
    assert api.post("/me/inbox/read-all").json() == {"marked": 0, "unread_count": 0}
    other = client_for(make_user())
    assert_error(other.post(f"/me/inbox/{entry['id']}/read"), 404, "not_found")
    assert Notification.objects.get(pk=entry["id"]).read_at is not None


def test_follows_are_added_listed_and_removed():
    question = make_question(tags=["feedback"])
    user = make_user()
    api = client_for(user)

    assert api.put(f"/me/follows/question/{question.pk}").json()["following"] is True
    assert api.put("/me/follows/tag/feedback").json()["following"] is True
    listed = api.get("/me/follows").json()
    assert {(item["type"], item["key"]) for item in listed["items"]} == {
        ("question", str(question.pk)),
        ("tag", "feedback"),
    }
    assert api.delete("/me/follows/tag/feedback").json()["following"] is False
    assert Follow.objects.filter(user=user).count() == 1
    assert_error(api.put("/me/follows/tag/no-such-tag"), 404, "not_found")


def test_search_never_fails_on_odd_operator_values(anonymous):
    for text in ("user:²", "user:٣", "score:²..", "created:2021-13", "[", '"', "-", "title:"):
        assert anonymous.get("/search", {"q": text}).status_code == 200, text
