"""Bad input and wrong hands: every refusal says why, answers 4xx and writes nothing;
markup anyone types is shown as text, never run."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from questor.accounts.models import User
from questor.qa import actions
from questor.qa.models import (
    Category,
    Comment,
    Draft,
    Post,
    PostTag,
    Revision,
    SuggestedEdit,
    SuggestedEditStatus,
    Tag,
    Vote,
)
from questor.testing.factories import (
    make_answer,
    make_category,
    make_comment,
    make_question,
    make_tags,
    make_user,
)

pytestmark = pytest.mark.django_db

GOOD_TITLE = "How do I give feedback to someone more senior than me?"
GOOD_BODY = "My tech lead has twenty years more experience, and I am now their manager. " * 2
PAYLOAD = "<script>alert(1)</script>"
# Tags the site does not have yet need this much reputation (the default `small` preset).
# The askers here have it, so these tests are about the input rules alone.
CREATE_TAGS_REPUTATION = 50


def _snapshot() -> dict[str, object]:
    """Every row a post, edit, comment, vote or draft could write, and the counters."""
    return {
        "posts": list(
            Post.objects.order_by("pk").values_list(
                "pk",
                "title",
                "body",
                "tag_names",
                "score",
                "up_votes",
                "down_votes",
                "answer_count",
                "comment_count",
                "accepted_answer_id",
                "is_answered",
                "is_deleted",
                "revision_number",
            )
        ),
        "revisions": Revision.objects.count(),
        "tags": list(Tag.objects.order_by("name").values_list("name", "question_count")),
        "post_tags": PostTag.objects.count(),
        "categories": list(Category.objects.order_by("slug").values_list("slug", "question_count")),
        "comments": list(
            Comment.objects.order_by("pk").values_list("pk", "body", "is_deleted", "edited_at")
        ),
        "votes": list(Vote.objects.order_by("pk").values_list("pk", "value")),
        "drafts": Draft.objects.count(),
    }


@pytest.fixture
def unchanged():
    """Call with no argument to take the 'before' picture, then use `assert_unchanged()`."""

    class Guard:
        before: dict[str, object] | None = None

        def __call__(self) -> None:
            self.before = _snapshot()

        def assert_unchanged(self) -> None:
            assert self.before is not None, "take the snapshot first"
            assert _snapshot() == self.before

    return Guard()


def _text(response) -> str:
    """The page as a reader sees its text: entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(response.content.decode()).split())


def _assert_no_live_payload(response, payload: str = PAYLOAD) -> None:
    page = response.content.decode()
    assert payload not in page, "user-typed markup reached the page unescaped"
    assert "<script>alert" not in page


# Asking: titles, bodies, tags, category -----------------------------------------------


@pytest.fixture
def asker(client):
    user = make_user(reputation=CREATE_TAGS_REPUTATION)
    make_category(slug="teams", name="Teams")
    client.force_login(user)
    return user


def _ask(client, **fields):
    data = {"title": GOOD_TITLE, "body": GOOD_BODY, "tags": "feedback", "category": "teams"}
    data.update(fields)
    return client.post("/questions/ask/", data)


def _refused(response, message: str, status: int = 400) -> None:
    assert response.status_code == status
    assert message in _text(response), f"{message!r} is not on the page"


def test_a_well_formed_question_is_accepted(client, asker):
    response = _ask(client)
    assert response.status_code == 302
    assert Post.objects.filter(title=GOOD_TITLE).count() == 1


def test_a_title_that_is_short_after_trimming_whitespace_is_refused(client, asker, unchanged):
    unchanged()
    response = _ask(client, title="     Why   this?          ")
    _refused(response, "The title needs at least 15 characters; it has 9.")
    unchanged.assert_unchanged()


def test_a_title_over_150_characters_is_refused(client, asker, unchanged):
    unchanged()
    response = _ask(client, title="Why " + "x" * 147)
    _refused(response, "The title can have at most 150 characters; it has 151.")
    unchanged.assert_unchanged()


def test_a_title_that_fits_once_its_extra_spaces_are_trimmed_is_accepted(client, asker):
    title = "  " + "   ".join(["word"] * 30) + "  "  # 30 words, 149 characters when trimmed
    response = _ask(client, title=title)
    assert response.status_code == 302
    assert Post.objects.get().title == " ".join(["word"] * 30)


def test_a_body_that_is_short_after_trimming_is_refused(client, asker, unchanged):
    unchanged()
    response = _ask(client, body="      Too short to say much.        ")
    _refused(response, "The body needs at least 30 characters; it has 22.")
    unchanged.assert_unchanged()


def test_a_body_over_30000_characters_is_refused(client, asker, unchanged):
    unchanged()
    response = _ask(client, body="a" * 30_001)
    _refused(response, "The body can have at most 30,000 characters; it has 30,001.")
    unchanged.assert_unchanged()


def test_a_body_of_exactly_30000_characters_is_accepted(client, asker):
    response = _ask(client, body="a" * 30_000)
    assert response.status_code == 302
    assert len(Post.objects.get().body) == 30_000


def test_an_empty_form_says_what_each_field_needs(client, asker, unchanged):
    unchanged()
    response = client.post("/questions/ask/", {"title": "", "body": "", "tags": "", "category": ""})
    assert response.status_code == 400
    assert _text(response).count("This field is required.") == 3
    assert "Choose a category." in _text(response)
    unchanged.assert_unchanged()


def test_fields_of_only_spaces_count_as_empty(client, asker, unchanged):
    unchanged()
    response = _ask(client, title="      ", body="   \n   ", tags="   ")
    assert response.status_code == 400
    assert _text(response).count("This field is required.") == 3
    unchanged.assert_unchanged()


def test_upper_case_tags_are_lower_cased_and_accepted(client, asker):
    response = _ask(client, tags="Feedback  SENIOR-Engineers feedback")
    assert response.status_code == 302
    question = Post.objects.get()
    assert question.tag_list == ["feedback", "senior-engineers"]
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["feedback", "senior-engineers"]


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ("c_sharp", "The tag “c_sharp” has characters tags cannot have."),
        ("a b!", "The tag “b!” has characters tags cannot have."),
        ("feedback ünïcode", "The tag “ünïcode” has characters tags cannot have."),
        ("one two three four five six", "Use at most 5 tags; there are 6."),
        ("x" * 36, f"The tag “{'x' * 36}” is too long: at most 35 characters."),
        (" , , ", "Add at least one tag, such as delegation or feedback."),
    ],
    ids=["underscore", "punctuation", "non-ascii", "six-tags", "too-long", "only-separators"],
)
def test_bad_tags_are_refused_with_the_reason(client, asker, unchanged, tags, message):
    unchanged()
    response = _ask(client, tags=tags)
    _refused(response, message)
    unchanged.assert_unchanged()


def test_a_35_character_tag_is_accepted(client, asker):
    assert _ask(client, tags="x" * 35).status_code == 302


def test_a_missing_category_is_refused(client, asker, unchanged):
    unchanged()
    response = _ask(client, category="")
    _refused(response, "Choose a category.")
    unchanged.assert_unchanged()


def test_an_unknown_category_is_refused(client, asker, unchanged):
    unchanged()
    response = _ask(client, category="no-such-category")
    _refused(response, "Choose a category from the list.")
    unchanged.assert_unchanged()


def test_the_refused_form_keeps_what_was_typed(client, asker):
    response = _ask(
        client,
        title="Short title?",
        body="The body I typed with care, kept for another try.",
        tags="feedback mentoring",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Short title?"' in page
    assert "The body I typed with care, kept for another try.</textarea>" in page
    assert 'value="feedback mentoring"' in page
    assert '<option value="teams" selected>' in page


def test_asking_without_a_confirmed_email_is_refused_when_confirmation_is_required(
    client, settings, unchanged
):
    settings.REQUIRE_VERIFIED_EMAIL = True
    make_category(slug="teams")
    client.force_login(make_user(verified=False))
    unchanged()
    response = _ask(client)
    _refused(response, "Confirm your email address before asking.", status=403)
    unchanged.assert_unchanged()


# Answers and comments -----------------------------------------------------------------


def test_a_short_answer_is_refused_and_the_typed_text_kept(client, unchanged):
    question = make_question()
    client.force_login(make_user())
    unchanged()
    response = client.post(f"/questions/{question.pk}/answer/", {"body": "  Just do it.  "})
    _refused(response, "An answer needs at least 30 characters; it has 11.")
    assert re.search(r"<textarea[^>]*>\s*Just do it.\s*</textarea>", response.content.decode())
    unchanged.assert_unchanged()


def test_an_answer_over_30000_characters_is_refused(client, unchanged):
    question = make_question()
    client.force_login(make_user())
    unchanged()
    response = client.post(f"/questions/{question.pk}/answer/", {"body": "b" * 30_001})
    _refused(response, "An answer can have at most 30,000 characters; it has 30,001.")
    unchanged.assert_unchanged()


def test_a_short_comment_is_refused_and_the_typed_text_kept(client, unchanged):
    question = make_question()
    client.force_login(make_user())
    unchanged()
    response = client.post(f"/posts/{question.pk}/comments/", {"body": "Why though?"})
    _refused(response, "A comment needs at least 15 characters; it has 11.")
    assert "Why though?</textarea>" in response.content.decode()
    unchanged.assert_unchanged()


def test_a_short_comment_sent_with_htmx_returns_the_form_with_the_error(client, unchanged):
    question = make_question()
    client.force_login(make_user())
    unchanged()
    response = client.post(
        f"/posts/{question.pk}/comments/", {"body": "Why though?"}, headers={"HX-Request": "true"}
    )
    _refused(response, "A comment needs at least 15 characters; it has 11.")
    assert "<html" not in response.content.decode()
    unchanged.assert_unchanged()


def test_a_comment_over_600_characters_is_refused(client, unchanged):
    question = make_question()
    client.force_login(make_user())
    unchanged()
    response = client.post(f"/posts/{question.pk}/comments/", {"body": "c" * 601})
    _refused(response, "A comment can have at most 600 characters; it has 601.")
    unchanged.assert_unchanged()


def test_an_edit_that_breaks_the_rules_is_refused(client, unchanged):
    question = make_question()
    client.force_login(question.author)
    unchanged()
    response = client.post(
        f"/posts/{question.pk}/edit/",
        {"title": "Too short", "body": GOOD_BODY, "tags": "feedback", "base_revision": "1"},
    )
    _refused(response, "The title needs at least 15 characters; it has 9.")
    assert 'value="Too short"' in response.content.decode()
    unchanged.assert_unchanged()


# Markup typed by members is shown as text ---------------------------------------------


def test_html_in_a_question_s_title_body_and_tags_is_shown_as_text(client):
    author = make_user(reputation=CREATE_TAGS_REPUTATION)
    make_category(slug="teams")
    client.force_login(author)
    response = _ask(
        client,
        title=f"{PAYLOAD} <b>bold</b> is this title safe?",
        body=f'{PAYLOAD}\n\n<img src=x onerror=alert(2)> and <iframe src="/"></iframe> text',
    )
    assert response.status_code == 302
    question = Post.objects.get()

    for page in (
        client.get(question.get_absolute_url()),
        client.get("/"),
        client.get(f"/posts/{question.pk}/revisions/"),
        client.get(f"/posts/{question.pk}/edit/"),
        client.get(author.get_absolute_url()),
    ):
        assert page.status_code == 200
        _assert_no_live_payload(page)
        assert "<b>bold</b>" not in page.content.decode()
        assert "<img" not in page.content.decode()
        assert "<iframe" not in page.content.decode()
    detail = client.get(question.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in detail
    assert "&lt;img src=x onerror=alert(2)&gt;" in detail


def test_html_in_tags_is_refused_and_echoed_only_as_text(client, asker, unchanged):
    unchanged()
    response = _ask(client, tags=PAYLOAD)
    assert response.status_code == 400
    assert "has characters tags cannot have" in _text(response)
    _assert_no_live_payload(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
    unchanged.assert_unchanged()


def test_html_in_a_refused_form_is_echoed_only_as_text(client, asker, unchanged):
    unchanged()
    response = _ask(client, title=PAYLOAD, body=PAYLOAD)
    _refused(response, "The body needs at least 30 characters; it has 25.")
    _assert_no_live_payload(response)
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in response.content.decode()
    unchanged.assert_unchanged()


def test_html_in_an_answer_and_a_comment_is_shown_as_text(client):
    question = make_question()
    client.force_login(make_user())
    client.post(
        f"/questions/{question.pk}/answer/",
        {"body": f"{PAYLOAD} and [a link](javascript:alert(3)) in an answer"},
    )
    client.post(f"/posts/{question.pk}/comments/", {"body": f"{PAYLOAD} in a comment here"})
    assert Post.objects.filter(question=question).count() == 1
    assert Comment.objects.count() == 1

    page = client.get(question.get_absolute_url())
    _assert_no_live_payload(page)
    assert 'href="javascript:' not in page.content.decode()
    assert page.content.decode().count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2


def test_html_in_a_comment_sent_with_htmx_is_shown_as_text(client):
    question = make_question()
    client.force_login(make_user())
    response = client.post(
        f"/posts/{question.pk}/comments/",
        {"body": f"{PAYLOAD} in a comment here"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    _assert_no_live_payload(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


def test_html_in_a_display_name_is_shown_as_text(client):
    person = make_user()
    User.objects.filter(pk=person.pk).update(display_name=PAYLOAD)
    person.refresh_from_db()
    question = make_question(author=person)
    make_answer(question=question, author=person)
    make_comment(post=question, author=person)

    pages = [
        client.get(question.get_absolute_url()),
        client.get("/"),
        client.get("/users/"),
        client.get(person.get_absolute_url(), follow=True),
    ]
    client.force_login(person)
    pages.append(client.get("/"))  # the header shows the signed-in member's name
    for page in pages:
        assert page.status_code == 200
        _assert_no_live_payload(page)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()


# Votes --------------------------------------------------------------------------------


def test_voting_on_a_missing_post_is_not_found(client, unchanged):
    question = make_question()
    client.force_login(make_user())
    unchanged()
    response = client.post(f"/posts/{question.pk + 1000}/vote/", {"direction": "up"})
    assert response.status_code == 404
    unchanged.assert_unchanged()


def test_voting_on_a_deleted_post_is_refused(client, unchanged):
    question = make_question()
    actions.delete_post(user=question.author, post=question)
    client.force_login(make_user())
    unchanged()
    response = client.post(f"/posts/{question.pk}/vote/", {"direction": "up"})
    _refused(response, "This post is deleted; it takes no votes.", status=403)
    unchanged.assert_unchanged()


def test_voting_on_an_answer_under_a_deleted_question_is_refused(client, unchanged):
    question = make_question()
    answer = make_answer(question=question)
    actions.delete_post(user=question.author, post=question)
    client.force_login(make_user())
    unchanged()
    response = client.post(f"/posts/{answer.pk}/vote/", {"direction": "up"})
    _refused(response, "You cannot vote on this post.", status=403)
    unchanged.assert_unchanged()


def test_voting_without_logging_in_is_refused_and_counts_no_vote(client, unchanged):
    question = make_question()
    unchanged()
    response = client.post(f"/posts/{question.pk}/vote/", {"direction": "up"})
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert "Log in to vote." in _text(response)
    assert not Vote.objects.exists()
    unchanged.assert_unchanged()


def test_voting_on_your_own_post_is_refused(client, unchanged):
    question = make_question()
    client.force_login(question.author)
    unchanged()
    response = client.post(f"/posts/{question.pk}/vote/", {"direction": "up"})
    _refused(response, "You cannot vote on your own post.", status=403)
    unchanged.assert_unchanged()


def test_voting_by_get_is_not_allowed(client, unchanged):
    question = make_question()
    client.force_login(make_user())
    unchanged()
    assert client.get(f"/posts/{question.pk}/vote/?direction=up").status_code == 405
    unchanged.assert_unchanged()


# The wrong member ---------------------------------------------------------------------


# Below the edit privilege (500 in the `small` preset) the edit form makes a suggestion
# that waits for review: the post itself is not changed.


def test_editing_someone_else_s_question_only_suggests_the_edit(client, unchanged):
    question = make_question()
    make_tags("feedback")  # a tag the site has: retagging to it needs no privilege
    member = make_user()
    client.force_login(member)
    unchanged()
    form = client.get(f"/posts/{question.pk}/edit/")
    assert form.status_code == 200
    assert "Suggest an edit of this question" in _text(form)
    response = client.post(
        f"/posts/{question.pk}/edit/",
        {"title": GOOD_TITLE, "body": GOOD_BODY, "tags": "feedback", "base_revision": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    unchanged.assert_unchanged()
    suggestion = SuggestedEdit.objects.get()
    assert (suggestion.post_id, suggestion.author_id, suggestion.base_revision) == (
        question.pk,
        member.pk,
        1,
    )
    assert suggestion.status == SuggestedEditStatus.PENDING
    assert (suggestion.title, suggestion.body, suggestion.tag_names) == (
        GOOD_TITLE,
        GOOD_BODY.strip(),
        "feedback",
    )
    assert "your edit is waiting for review" in _text(client.get(response["Location"]))


def test_editing_someone_else_s_answer_only_suggests_the_edit(client, unchanged):
    answer = make_answer(question=make_question())
    member = make_user()
    client.force_login(member)
    unchanged()
    response = client.post(f"/posts/{answer.pk}/edit/", {"body": GOOD_BODY, "base_revision": "1"})
    assert response.status_code == 302
    unchanged.assert_unchanged()
    suggestion = SuggestedEdit.objects.get()
    assert (suggestion.post_id, suggestion.author_id, suggestion.status) == (
        answer.pk,
        member.pk,
        SuggestedEditStatus.PENDING,
    )
    assert (suggestion.title, suggestion.body, suggestion.tag_names) == ("", GOOD_BODY.strip(), "")


def test_deleting_someone_else_s_post_is_refused(client, unchanged):
    question = make_question()
    answer = make_answer(question=question)
    client.force_login(make_user())
    unchanged()
    for post in (question, answer):
        response = client.post(f"/posts/{post.pk}/delete/")
        _refused(response, "You cannot delete this post.", status=403)
    unchanged.assert_unchanged()


def test_accepting_an_answer_on_someone_else_s_question_is_refused(client, unchanged):
    question = make_question()
    answerer = make_user()
    answer = make_answer(question=question, author=answerer)
    unchanged()
    for someone in (make_user(), answerer):
        client.force_login(someone)
        response = client.post(f"/posts/{answer.pk}/accept/")
        _refused(response, "Only the asker can accept an answer.", status=403)
    unchanged.assert_unchanged()


def test_accepting_a_question_is_not_found(client, unchanged):
    question = make_question()
    client.force_login(question.author)
    unchanged()
    assert client.post(f"/posts/{question.pk}/accept/").status_code == 404
    unchanged.assert_unchanged()


def test_editing_someone_else_s_comment_is_refused(client, unchanged):
    comment = make_comment(post=make_question())
    client.force_login(make_user())
    unchanged()
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 403
    response = client.post(
        f"/comments/{comment.pk}/edit/", {"body": "Words put in someone else's mouth."}
    )
    _refused(response, "Comments can be edited for 5 minutes after posting.", status=403)
    unchanged.assert_unchanged()


def test_deleting_someone_else_s_comment_is_refused(client, unchanged):
    comment = make_comment(post=make_question())
    client.force_login(make_user())
    unchanged()
    response = client.post(f"/comments/{comment.pk}/delete/")
    _refused(response, "You cannot delete this comment.", status=403)
    unchanged.assert_unchanged()


def test_editing_a_deleted_post_is_refused_even_for_its_author(client, unchanged):
    question = make_question()
    actions.delete_post(user=question.author, post=question)
    client.force_login(question.author)
    unchanged()
    response = client.post(
        f"/posts/{question.pk}/edit/",
        {"title": GOOD_TITLE, "body": GOOD_BODY, "tags": "feedback", "base_revision": "1"},
    )
    _refused(response, "You cannot edit this post.", status=403)
    unchanged.assert_unchanged()


def test_answering_a_deleted_question_is_not_found_for_others(client, unchanged):
    question = make_question()
    actions.delete_post(user=question.author, post=question)
    client.force_login(make_user())
    unchanged()
    response = client.post(f"/questions/{question.pk}/answer/", {"body": GOOD_BODY})
    assert response.status_code == 404
    unchanged.assert_unchanged()


def test_commenting_on_a_deleted_post_is_refused(client, unchanged):
    question = make_question()
    actions.delete_post(user=question.author, post=question)
    client.force_login(question.author)
    unchanged()
    response = client.post(
        f"/posts/{question.pk}/comments/", {"body": "A comment on a deleted question."}
    )
    _refused(response, "This post is deleted; it takes no comments.", status=403)
    unchanged.assert_unchanged()


# Cross-site requests ------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_a_post_without_a_csrf_token_is_refused_and_writes_nothing(csrf_client, unchanged):
    make_category(slug="teams")
    question = make_question()
    answer = make_answer(question=question)
    csrf_client.force_login(make_user())
    unchanged()

    requests = [
        (
            "/questions/ask/",
            {"title": GOOD_TITLE, "body": GOOD_BODY, "tags": "x", "category": "teams"},
        ),
        (f"/questions/{question.pk}/answer/", {"body": GOOD_BODY}),
        (f"/posts/{answer.pk}/vote/", {"direction": "up"}),
        (f"/posts/{question.pk}/comments/", {"body": "A comment sent from another site."}),
        ("/drafts/question/", {"title": "A draft from another site"}),
    ]
    for path, data in requests:
        response = csrf_client.post(path, data)
        assert response.status_code == 403, path
        assert "This form has expired" in _text(response)

    unchanged.assert_unchanged()


def test_a_post_with_the_page_s_csrf_token_is_accepted(csrf_client):
    question = make_question()
    csrf_client.force_login(make_user())
    page = csrf_client.get(question.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None

    response = csrf_client.post(
        f"/posts/{question.pk}/vote/", {"direction": "up", "csrfmiddlewaretoken": token.group(1)}
    )

    assert response.status_code == 302
    assert Vote.objects.count() == 1


@pytest.mark.parametrize("tag", [".", "..", "+#", "-"])
def test_a_tag_of_punctuation_only_is_refused(tag):
    from django.core.exceptions import ValidationError

    from questor.qa.rules import parse_tags

    with pytest.raises(ValidationError, match="at least one letter or digit"):
        parse_tags(f"leadership {tag}")
