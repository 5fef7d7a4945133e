"""Every error answers `{"error": {"code", "message", "field"}}`, never ninja's
`{"detail": …}`, with the status the issue names."""

from __future__ import annotations

import pytest

from questor.api.tests.conftest import ApiClient, assert_error, client_for
from questor.testing.factories import make_question, make_user

pytestmark = pytest.mark.django_db


def test_malformed_json_is_400():
    api = client_for(make_user())

    message = assert_error(api.post("/questions", "{not json"), 400, "bad_request")

    assert "JSON" in message


def test_a_body_that_is_not_an_object_is_400():
    assert_error(client_for(make_user()).post("/questions", "[1, 2]"), 400, "bad_request")


def test_a_malformed_query_is_400_and_names_the_parameter(anonymous):
    assert_error(anonymous.get("/questions", {"page": "two"}), 400, "bad_request", field="page")
    assert_error(
        anonymous.get("/questions", {"page_size": "101"}), 400, "bad_request", field="page_size"
    )
    assert_error(anonymous.get("/questions", {"sort": "best"}), 400, "bad_request", field="sort")
    assert_error(anonymous.get("/questions/abc"), 400, "bad_request", field="question_id")


def test_no_credentials_for_a_write_is_401(anonymous):
    assert_error(anonymous.delete("/questions/1"), 401, "unauthorized")


def test_a_refused_action_is_403_with_the_page_s_reason():
    question = make_question()
    stranger = client_for(make_user())

    message = assert_error(stranger.delete(f"/questions/{question.pk}"), 403, "forbidden")

    assert "Only its author or a moderator" in message


def test_missing_things_are_404(anonymous):
    assert_error(anonymous.get("/questions/999999"), 404, "not_found")
    assert_error(anonymous.get("/no/such/operation"), 404, "not_found")
    assert_error(anonymous.get("/tags/no-such-tag"), 404, "not_found")


def test_a_method_the_address_lacks_is_405_in_the_same_shape(anonymous):
    response = anonymous.put("/questions", {})

    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_an_edit_based_on_an_old_revision_is_409():
    question = make_question()
    api = client_for(question.author)
    first = api.patch(f"/questions/{question.pk}", {"base_revision": 1, "comment": "typo"})
    assert first.status_code == 200, first.content

    stale = api.patch(f"/questions/{question.pk}", {"base_revision": 1, "comment": "again"})

    message = assert_error(stale, 409, "conflict", field="base_revision")
    assert "revision 2" in message


def test_a_field_the_rules_refuse_is_422_and_named():
    make_question()
    api = client_for(make_user())
    short = {"title": "Help?", "body": "x" * 40, "tags": ["one-on-ones"], "category": "leadership"}

    message = assert_error(api.post("/questions", short), 422, "invalid", field="title")
    assert "at least 15 characters" in message
    bad_tag = {**short, "title": "How do I run a retrospective?", "tags": ["Not A Tag"]}
    assert_error(api.post("/questions", bad_tag), 422, "invalid", field="tags")
    nowhere = {**short, "title": "How do I run a retrospective?", "category": "nowhere"}
    assert_error(api.post("/questions", nowhere), 422, "invalid", field="category")
    nul = {**short, "title": "How do I run a \x00 retrospective?"}
    assert_error(api.post("/questions", nul), 422, "invalid", field="title")


@pytest.mark.rate_limits
def test_too_many_writes_is_429_with_retry_after():
    make_question()
    api = client_for(make_user())
    body = {
        "title": "How do I run a good retrospective?",
        "body": "Our retrospectives repeat the same complaints every two weeks.",
        "tags": ["one-on-ones"],
        "category": "leadership",
    }
    assert api.post("/questions", body).status_code == 201

    again = api.post("/questions", {**body, "title": "How do I run a shorter retrospective?"})

    message = assert_error(again, 429, "rate_limited")
    assert int(again["Retry-After"]) > 0
    assert "wait" in message


def test_no_answer_is_ninja_s_default_shape(anonymous):
    responses = [
        anonymous.get("/questions", {"page": "0"}),
        anonymous.get("/questions/0"),
        anonymous.post("/questions", "{"),
        ApiClient("qst_x").get("/me"),
    ]
    for response in responses:
        assert "detail" not in response.json()
        assert "error" in response.json()


def test_an_oversized_or_absurdly_nested_body_is_400_not_500(settings):
    api = client_for(make_user())
    assert_error(api.post("/questions", "[" * 100_000 + "]" * 100_000), 400, "bad_request")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    huge = {"title": "x" * 2000, "body": "y", "tags": ["a"], "category": "c"}
    assert_error(api.post("/questions", huge), 400, "bad_request")


def test_a_bug_answers_500_in_the_same_shape_and_is_logged(anonymous, monkeypatch, caplog):
    from questor.api.routers import community

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(community.selectors, "tag_list", broken)

    assert_error(anonymous.get("/tags"), 500, "server_error")
    assert any("a bug" in str(record.exc_info) for record in caplog.records)
