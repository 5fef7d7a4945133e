"""The pages and fragments as a browser (or htmx) gets them, through Django's test client."""

from __future__ import annotations

import importlib
import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from questor.accounts.models import User
from questor.core.models import Page
from questor.qa import actions, visits
from questor.qa.models import (
    Comment,
    Draft,
    DraftKind,
    Post,
    PostType,
    QuestionVisit,
    Revision,
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

# Voting down needs this much reputation (the default `small` preset).
VOTE_DOWN_REPUTATION = 50
LONG_BODY = "We moved to a four-day week and meetings now crowd out focused work. " * 2


# Reading HTML -------------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.labels: list[str] = []
        self.buttons: list[str] = []
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag in {"label", "button"}:
            self._open, self._text = tag, []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            text = " ".join("".join(self._text).split())
            (self.labels if tag == "label" else self.buttons).append(text)
            self._open = None


def _parse(response) -> _Elements:
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser


def _by_id(response, element_id: str) -> dict[str, str]:
    for _, attrs in _parse(response).elements:
        if attrs.get("id") == element_id:
            return attrs
    raise AssertionError(f"no element with id {element_id!r} on the page")


def _has_id(response, element_id: str) -> bool:
    return any(attrs.get("id") == element_id for _, attrs in _parse(response).elements)


def _with_aria_label(response, label: str) -> list[dict[str, str]]:
    return [attrs for _, attrs in _parse(response).elements if attrs.get("aria-label") == label]


def _listed_question_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="question-summary-(\d+)"', response.content.decode())]


def _link_href(response, rel: str) -> str:
    for tag, attrs in _parse(response).elements:
        if tag == "a" and attrs.get("rel") == rel:
            return attrs["href"]
    raise AssertionError(f"no rel={rel} link on the page")


def _fresh(post: Post) -> Post:
    return Post.objects.get(pk=post.pk)


def _set_times(post: Post, *, created_minutes_ago: int, active_minutes_ago: int | None = None):
    now = timezone.now()
    Post.objects.filter(pk=post.pk).update(
        created_at=now - timedelta(minutes=created_minutes_ago),
        last_activity_at=now
        - timedelta(
            minutes=created_minutes_ago if active_minutes_ago is None else active_minutes_ago
        ),
    )


# Lists --------------------------------------------------------------------------------


@pytest.fixture
def three_questions():
    """old (most votes), middle (most recent activity), new (newest, answered)."""
    old = make_question(title="An old question about delegating work to a team")
    middle = make_question(title="A middle question about running retrospectives")
    new = make_question(title="A new question about hiring the first engineer")
    _set_times(old, created_minutes_ago=300, active_minutes_ago=200)
    _set_times(middle, created_minutes_ago=200, active_minutes_ago=1)
    _set_times(new, created_minutes_ago=100, active_minutes_ago=100)
    for _ in range(2):
        actions.cast_vote(user=make_user(), post=old, value=1)
    actions.cast_vote(user=make_user(), post=middle, value=1)
    answer = make_answer(question=new)
    actions.accept_answer(user=new.author, answer=answer)
    _set_times(new, created_minutes_ago=100, active_minutes_ago=100)
    return old, middle, new


def test_the_home_page_lists_the_newest_questions_first(client, three_questions):
    old, middle, new = three_questions
    response = client.get("/")
    assert response.status_code == 200
    assert _listed_question_ids(response) == [new.pk, middle.pk, old.pk]
    assert "3 questions" in response.content.decode()
    assert _listed_question_ids(client.get("/?tab=newest")) == [new.pk, middle.pk, old.pk]


def test_the_active_tab_lists_the_most_recently_active_questions_first(client, three_questions):
    old, middle, new = three_questions
    response = client.get("/?tab=active")
    assert response.status_code == 200
    assert _listed_question_ids(response) == [middle.pk, new.pk, old.pk]
    assert 'aria-current="page">Active<' in response.content.decode()


def test_the_votes_tab_lists_the_highest_scored_questions_first(client, three_questions):
    old, middle, new = three_questions
    response = client.get("/?tab=votes")
    assert response.status_code == 200
    assert _listed_question_ids(response) == [old.pk, middle.pk, new.pk]


def test_the_unanswered_tab_leaves_out_answered_questions(client, three_questions):
    old, middle, new = three_questions
    response = client.get("/?tab=unanswered")
    assert response.status_code == 200
    assert _listed_question_ids(response) == [middle.pk, old.pk]
    assert "2 questions" in response.content.decode()


def test_an_unknown_tab_shows_the_newest_questions(client, three_questions):
    old, middle, new = three_questions
    response = client.get("/?tab=nonsense")
    assert response.status_code == 200
    assert _listed_question_ids(response) == [new.pk, middle.pk, old.pk]


def test_a_question_row_shows_its_score_answers_tags_and_category(client):
    question = make_question(tags=["feedback", "delegation"], category=make_category(slug="teams"))
    make_answer(question=question)
    actions.cast_vote(user=make_user(), post=question, value=1)

    body = client.get("/").content.decode()

    assert question.title in body
    assert '<span class="num">1</span> vote' in body
    assert '<span class="num">1</span> answer' in body
    assert 'href="/tags/feedback/"' in body and 'href="/tags/delegation/"' in body
    assert 'href="/categories/teams/"' in body
    assert f'href="{question.get_absolute_url()}"' in body


def test_a_question_row_escapes_what_members_wrote_and_marks_an_accepted_answer(client):
    author = make_user()
    User.objects.filter(pk=author.pk).update(display_name='<b>Bold</b> "Ann"')
    question = make_question(
        author=author, title="Is <script>alert(1)</script> & co a good idea?", tags=["c++"]
    )
    answer = make_answer(question=question)
    actions.accept_answer(user=author, answer=answer)

    body = client.get("/").content.decode()

    assert "<script>alert(1)" not in body
    assert "Is &lt;script&gt;alert(1)&lt;/script&gt; &amp; co a good idea?" in body
    assert "&lt;b&gt;Bold&lt;/b&gt; &quot;Ann&quot;" in body
    assert 'href="/tags/c%2B%2B/">c++</a>' in body
    assert 'title="This question has an accepted answer"><span class="num">✓ 1</span>' in body


def test_counts_are_grouped_as_humanize_groups_them():
    """Rows write view counts and reputations with rows.thousands, not intcomma (speed):
    the two must agree."""
    from django.contrib.humanize.templatetags.humanize import intcomma

    from questor.qa.rows import thousands

    for number in (0, 7, 999, 1000, 12345, 999999, 1000000, 1234567890, -4321):
        assert thousands(number) == intcomma(number)


def test_a_row_shows_the_level_of_the_configured_levels(client, settings):
    author = make_user()
    User.objects.filter(pk=author.pk).update(reputation=150)
    make_question(author=author)

    assert '<span class="level" title="level">Member</span>' in client.get("/").content.decode()
    settings.QUESTOR_LEVELS = [(1, "Novice"), (100, "Pro")]
    assert '<span class="level" title="level">Pro</span>' in client.get("/").content.decode()


def test_absolute_urls_are_the_paths_the_url_patterns_serve():
    """Question and member links are written out rather than reversed (speed): they must
    stay the paths the URL patterns give."""
    from django.urls import reverse

    question = make_question(title="Delegation: where do I start?")
    member = make_user()
    member.display_name = "Zoë O'Neil"
    assert question.get_absolute_url() == reverse(
        "qa:question", kwargs={"question_id": question.pk, "slug": question.slug}
    )
    assert member.get_absolute_url() == reverse(
        "qa:user", kwargs={"user_id": member.pk, "slug": member.slug}
    )


def test_lists_are_paginated(client):
    questions = [make_question() for _ in range(17)]
    for minutes, question in enumerate(reversed(questions)):
        _set_times(question, created_minutes_ago=minutes + 1)
    newest_first = [q.pk for q in questions[::-1]]

    first = client.get("/?pagesize=15")
    second = client.get("/?pagesize=15&page=2")
    past_the_end = client.get("/?pagesize=15&page=99")

    assert _listed_question_ids(first) == newest_first[:15]
    assert _listed_question_ids(second) == newest_first[15:]
    assert "Page 1 of 2" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()
    assert _listed_question_ids(past_the_end) == newest_first[15:]
    # The Next and Previous links keep the page size the reader chose.
    next_page = client.get("/" + _link_href(first, "next"))
    assert _listed_question_ids(next_page) == newest_first[15:]
    previous_page = client.get("/" + _link_href(next_page, "prev"))
    assert _listed_question_ids(previous_page) == newest_first[:15]
    assert len(_listed_question_ids(client.get("/"))) == 17  # 30 a page by default


def test_the_tags_page_lists_tags_with_their_question_counts(client):
    make_question(tags=["feedback", "hiring"])
    make_question(tags=["feedback"])
    response = client.get("/tags/")
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'href="/tags/feedback/">feedback</a> <span class="muted">× 2', body)
    assert re.search(r'href="/tags/hiring/">hiring</a> <span class="muted">× 1', body)
    assert body.index(">feedback<") < body.index(">hiring<")
    by_name = client.get("/tags/?sort=name").content.decode()
    assert by_name.index(">feedback<") < by_name.index(">hiring<")


def test_a_tag_page_lists_only_questions_with_that_tag(client):
    tagged = make_question(tags=["feedback"])
    make_question(tags=["hiring"])
    response = client.get("/tags/feedback/")
    assert response.status_code == 200
    assert _listed_question_ids(response) == [tagged.pk]
    assert "Questions tagged [feedback]" in response.content.decode()
    assert _listed_question_ids(client.get("/tags/Feedback/")) == [tagged.pk]
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_tags_with_plus_hash_and_dot_link_to_their_own_pages(client):
    question = make_question(tags=["c#", "c++", ".net"])
    body = client.get(question.get_absolute_url()).content.decode()
    links = re.findall(r'<a class="tag" href="([^"]+)">', body)
    assert len(links) == 3
    for link, name in zip(links, ["c#", "c++", ".net"], strict=True):
        response = client.get(link)
        assert response.status_code == 200, link
        assert f"Questions tagged [{name}]" in response.content.decode()
        assert _listed_question_ids(response) == [question.pk]


def test_a_category_page_lists_only_questions_in_that_category(client):
    hiring = make_category(slug="hiring", name="Hiring")
    in_category = make_question(category=hiring)
    make_question(category=make_category(slug="strategy"))
    response = client.get("/categories/hiring/")
    assert response.status_code == 200
    assert _listed_question_ids(response) == [in_category.pk]
    assert "<h1>Hiring</h1>" in response.content.decode()
    assert client.get("/categories/no-such-category/").status_code == 404


def test_the_users_page_lists_members(client):
    make_user(username="ada_lovelace")
    make_user(username="grace_hopper")
    body = client.get("/users/").content.decode()
    assert "ada_lovelace" in body and "grace_hopper" in body
    by_name = client.get("/users/?sort=name").content.decode()
    assert by_name.index("ada_lovelace") < by_name.index("grace_hopper")


def test_a_user_page_lists_their_questions_and_answers(client):
    person = make_user(username="mentor")
    asked = make_question(author=person, title="How do I mentor someone more senior than me?")
    other = make_question(title="Should team leads still write code every week?")
    answer = make_answer(question=other, author=person)
    make_question(title="A question by somebody else entirely, not the mentor")

    response = client.get(f"/users/{person.pk}/mentor/")
    body = response.content.decode()

    assert response.status_code == 200
    assert "1 question<" in body and "1 answer<" in body
    assert f'href="{asked.get_absolute_url()}"' in body
    assert f'href="{other.get_absolute_url()}#answer-{answer.pk}"' in body
    assert "A question by somebody else entirely" not in body


def test_a_user_page_with_a_wrong_or_missing_slug_redirects_to_the_right_one(client):
    person = make_user(username="mentor")
    for path in (f"/users/{person.pk}/", f"/users/{person.pk}/someone-else/"):
        response = client.get(path)
        assert response.status_code == 301
        assert response["Location"] == f"/users/{person.pk}/mentor/"


# Addresses ----------------------------------------------------------------------------


def test_short_question_links_redirect_permanently_to_the_canonical_address(client):
    question = make_question(title="How do I say no to my own manager?")
    response = client.get(f"/q/{question.pk}")
    assert response.status_code == 301
    assert response["Location"] == f"/questions/{question.pk}/how-do-i-say-no-to-my-own-manager/"


def test_short_answer_links_redirect_to_the_answer_on_its_question_page(client):
    question = make_question(title="How do I say no to my own manager?")
    answer = make_answer(question=question)
    response = client.get(f"/a/{answer.pk}")
    assert response.status_code == 301
    assert response["Location"] == (
        f"/questions/{question.pk}/how-do-i-say-no-to-my-own-manager/#answer-{answer.pk}"
    )


def test_a_question_address_with_a_wrong_or_missing_slug_redirects_to_the_canonical_one(client):
    question = make_question(title="How do I say no to my own manager?")
    canonical = f"/questions/{question.pk}/how-do-i-say-no-to-my-own-manager/"
    for path in (f"/questions/{question.pk}/", f"/questions/{question.pk}/old-title/"):
        response = client.get(path)
        assert response.status_code == 301
        assert response["Location"] == canonical
    assert client.get(canonical).status_code == 200


def test_an_unknown_question_is_not_found(client):
    question = make_question()
    missing = question.pk + 1000
    assert client.get(f"/questions/{missing}/anything/").status_code == 404
    assert client.get(f"/questions/{missing}/").status_code == 404
    assert client.get(f"/q/{missing}").status_code == 404
    assert client.get(f"/a/{missing}").status_code == 404


def test_an_answer_id_is_not_a_question_page(client):
    answer = make_answer(question=make_question())
    assert client.get(f"/questions/{answer.pk}/anything/").status_code == 404


def test_reading_a_question_counts_one_view_per_visitor_a_day(client):
    # Views other tests left in the buffer are not this test's.
    visits.flush_views()
    QuestionVisit.objects.all().delete()
    question = make_question()
    url = question.get_absolute_url()
    for _ in range(3):
        client.get(url, HTTP_USER_AGENT="Browser A")
        client.get(url, HTTP_USER_AGENT="Browser B")
    visits.flush_views()
    assert _fresh(question).view_count == 2

    again = client.get(url, HTTP_USER_AGENT="Browser A")
    assert "Viewed 2 times" in again.content.decode()
    visits.flush_views()
    assert _fresh(question).view_count == 2


# The question page's contract markup --------------------------------------------------


@pytest.fixture
def discussed_question():
    asker = make_user(username="asker")
    question = make_question(author=asker)
    accepted = make_answer(question=question)
    other = make_answer(question=question)
    actions.cast_vote(user=make_user(), post=question, value=1)
    actions.cast_vote(user=make_user(reputation=VOTE_DOWN_REPUTATION), post=other, value=-1)
    actions.accept_answer(user=asker, answer=accepted)
    return question, accepted, other


def test_the_question_page_marks_each_post_with_its_id_and_score(client, discussed_question):
    question, accepted, other = discussed_question
    response = client.get(question.get_absolute_url())

    assert response.status_code == 200
    assert _by_id(response, f"question-{question.pk}")["data-score"] == "1"
    assert _by_id(response, f"answer-{accepted.pk}")["data-score"] == "0"
    assert _by_id(response, f"answer-{other.pk}")["data-score"] == "-1"
    assert _by_id(response, f"answer-{accepted.pk}")["data-accepted"] == "true"
    assert "data-accepted" not in _by_id(response, f"answer-{other.pk}")
    body = response.content.decode()
    assert body.index(f'id="answer-{accepted.pk}"') < body.index(f'id="answer-{other.pk}"')
    assert "2 answers" in body


def test_every_post_has_upvote_and_downvote_buttons(client, discussed_question):
    client.force_login(make_user())
    response = client.get(discussed_question[0].get_absolute_url())
    assert len(_with_aria_label(response, "Upvote")) == 3
    assert len(_with_aria_label(response, "Downvote")) == 3


def test_the_viewer_s_own_votes_are_shown_pressed(client):
    question = make_question()
    voter = make_user()
    actions.cast_vote(user=voter, post=question, value=1)
    client.force_login(voter)
    response = client.get(question.get_absolute_url())
    assert _with_aria_label(response, "Upvote")[0]["aria-pressed"] == "true"
    assert _with_aria_label(response, "Downvote")[0]["aria-pressed"] == "false"


def test_only_the_asker_sees_accept_buttons(client, discussed_question):
    question, accepted, other = discussed_question
    url = question.get_absolute_url()

    assert _with_aria_label(client.get(url), "Accept this answer") == []
    client.force_login(make_user())
    assert _with_aria_label(client.get(url), "Accept this answer") == []
    client.force_login(question.author)
    buttons = _with_aria_label(client.get(url), "Accept this answer")
    assert len(buttons) == 2
    assert sorted(button["aria-pressed"] for button in buttons) == ["false", "true"]


def test_the_ask_page_has_labelled_fields_and_a_post_button(client):
    client.force_login(make_user())
    response = client.get("/questions/ask/")
    page = _parse(response)
    assert response.status_code == 200
    for label in ("Title", "Body", "Tags", "Category"):
        assert label in page.labels
    assert "Post your question" in page.buttons


def test_the_question_page_has_labelled_answer_and_comment_forms(client):
    question = make_question()
    client.force_login(make_user())
    page = _parse(client.get(question.get_absolute_url()))
    assert "Your answer" in page.labels
    assert "Comment" in page.labels
    assert "Post your answer" in page.buttons
    assert "Add comment" in page.buttons


def test_anonymous_visitors_are_invited_to_log_in_to_answer(client):
    question = make_question()
    response = client.get(question.get_absolute_url())
    page = _parse(response)
    assert "Post your answer" not in page.buttons
    assert "Add comment" not in page.buttons
    assert "to answer" in response.content.decode()


def test_the_edit_page_has_a_save_edits_button(client):
    question = make_question()
    client.force_login(question.author)
    response = client.get(f"/posts/{question.pk}/edit/")
    page = _parse(response)
    assert response.status_code == 200
    assert {"Title", "Body", "Tags"} <= set(page.labels)
    assert "Save edits" in page.buttons
    assert _by_id(response, "id_base_revision")["value"] == "1"


# Voting -------------------------------------------------------------------------------


def test_voting_with_a_plain_form_redirects_back_and_changes_the_score(client):
    question = make_question()
    answer = make_answer(question=question)
    client.force_login(make_user())

    response = client.post(f"/posts/{answer.pk}/vote/", {"direction": "up"})

    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}#answer-{answer.pk}"
    assert _fresh(answer).score == 1
    page = client.get(question.get_absolute_url())
    assert _by_id(page, f"answer-{answer.pk}")["data-score"] == "1"


def test_voting_with_htmx_returns_the_vote_fragment_with_the_new_score(client):
    question = make_question()
    client.force_login(make_user(reputation=VOTE_DOWN_REPUTATION))

    response = client.post(
        f"/posts/{question.pk}/vote/", {"direction": "down"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert _by_id(response, f"vote-{question.pk}")["data-score"] == "-1"
    assert '<span class="score" aria-live="polite" title="score">-1</span>' in body
    assert _with_aria_label(response, "Downvote")[0]["aria-pressed"] == "true"
    assert _fresh(question).score == -1

    undo = client.post(
        f"/posts/{question.pk}/vote/", {"direction": "down"}, headers={"HX-Request": "true"}
    )
    assert _by_id(undo, f"vote-{question.pk}")["data-score"] == "0"
    assert _with_aria_label(undo, "Downvote")[0]["aria-pressed"] == "false"


def test_a_vote_needs_a_direction(client):
    question = make_question()
    client.force_login(make_user())
    response = client.post(f"/posts/{question.pk}/vote/", {"direction": "sideways"})
    assert response.status_code == 400
    assert not Vote.objects.exists()


# Asking, answering, commenting --------------------------------------------------------


def test_asking_a_question_redirects_to_it(client):
    author = make_user()
    make_category(slug="teams", name="Teams")
    make_tags("team-structure", "growth")  # tags the site has; new ones need a privilege
    client.force_login(author)

    response = client.post(
        "/questions/ask/",
        {
            "title": "  How do I split a team that has grown too big?  ",
            "body": LONG_BODY,
            "tags": "Team-Structure, growth",
            "category": "teams",
        },
    )

    question = Post.objects.get(post_type=PostType.QUESTION)
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert question.title == "How do I split a team that has grown too big?"
    assert question.tag_list == ["team-structure", "growth"]
    assert question.author_id == author.pk
    page = client.get(response["Location"])
    assert "<h1>How do I split a team that has grown too big?</h1>" in page.content.decode()


def test_asking_needs_a_login(client):
    response = client.get("/questions/ask/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_answering_a_question_shows_the_answer_on_its_page(client):
    question = make_question()
    answerer = make_user()
    client.force_login(answerer)

    response = client.post(
        f"/questions/{question.pk}/answer/",
        {"body": "Split by the work, not by the people: **two teams**, two backlogs."},
    )

    answer = Post.objects.get(post_type=PostType.ANSWER)
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}#answer-{answer.pk}"
    assert answer.author_id == answerer.pk
    page = client.get(question.get_absolute_url())
    assert _has_id(page, f"answer-{answer.pk}")
    assert "<strong>two teams</strong>" in page.content.decode()
    assert _fresh(question).answer_count == 1


def test_commenting_shows_the_comment_under_the_post(client):
    question = make_question()
    client.force_login(make_user())

    response = client.post(
        f"/posts/{question.pk}/comments/", {"body": "Which *country* are you hiring in?"}
    )

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    page = client.get(question.get_absolute_url())
    assert _has_id(page, f"comment-{comment.pk}")
    assert "Which <em>country</em> are you hiring in?" in page.content.decode()


def test_commenting_with_htmx_returns_the_new_comment_and_a_fresh_form(client):
    answer = make_answer(question=make_question())
    client.force_login(make_user())

    response = client.post(
        f"/posts/{answer.pk}/comments/",
        {"body": "This worked for my team of nine as well."},
        headers={"HX-Request": "true"},
    )

    comment = Comment.objects.get()
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f'id="comment-{comment.pk}"' in body
    assert f'hx-swap-oob="beforeend:#comments-{answer.pk}"' in body
    assert "Add comment" in _parse(response).buttons
    # Its author may edit and delete it at once (not flag it), through forms with a token.
    assert f'href="/comments/{comment.pk}/edit/"' in body
    assert f'action="/comments/{comment.pk}/delete/"' in body
    assert f'href="/comments/{comment.pk}/flag/"' not in body
    assert body.count('name="csrfmiddlewaretoken"') == 2  # the new form and the delete


def test_a_comment_can_be_edited_through_its_page(client):
    author = make_user()
    question = make_question()
    comment = make_comment(post=question, author=author)
    client.force_login(author)

    form = client.get(f"/comments/{comment.pk}/edit/")
    assert form.status_code == 200
    assert "Save edits" in _parse(form).buttons
    response = client.post(
        f"/comments/{comment.pk}/edit/", {"body": "Could you say more about the team size?"}
    )

    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).body == "Could you say more about the team size?"
    assert "(edited)" in client.get(question.get_absolute_url()).content.decode()


def test_deleting_a_comment_removes_it_from_the_page(client):
    author = make_user()
    question = make_question()
    comment = make_comment(post=question, author=author)
    client.force_login(author)

    response = client.post(f"/comments/{comment.pk}/delete/")

    assert response.status_code == 302
    assert not _has_id(client.get(question.get_absolute_url()), f"comment-{comment.pk}")


def test_the_asker_accepts_an_answer_with_the_accept_button(client):
    question = make_question()
    answer = make_answer(question=question)
    client.force_login(question.author)

    response = client.post(f"/posts/{answer.pk}/accept/")

    assert response.status_code == 302
    assert _fresh(question).accepted_answer_id == answer.pk
    page = client.get(question.get_absolute_url())
    assert _by_id(page, f"answer-{answer.pk}")["data-accepted"] == "true"


def test_the_author_deletes_a_question_and_it_leaves_the_home_page(client):
    question = make_question()
    client.force_login(question.author)

    response = client.post(f"/posts/{question.pk}/delete/")

    assert response.status_code == 302
    assert _fresh(question).is_deleted is True
    assert _listed_question_ids(client.get("/")) == []
    client.logout()
    assert client.get(question.get_absolute_url()).status_code == 404


# Editing, history, rollback -----------------------------------------------------------


def test_editing_a_question_saves_it_and_the_history_page_shows_a_diff(client):
    question = make_question(
        title="How do I run better one-on-ones with my team?",
        body="First line stays.\n\nSecond line is the old one.",
        tags=["one-on-ones"],
    )
    make_tags("remote")  # a tag the site has; new ones need a privilege
    client.force_login(question.author)

    response = client.post(
        f"/posts/{question.pk}/edit/",
        {
            "title": "How do I run better one-on-ones with remote reports?",
            "body": "First line stays.\n\nSecond line is the new one, with more detail.",
            "tags": "one-on-ones remote",
            "comment": "added the remote angle",
            "base_revision": "1",
        },
    )

    assert response.status_code == 302
    question = _fresh(question)
    assert response["Location"] == question.get_absolute_url()
    assert question.revision_number == 2
    history = client.get(f"/questions/{question.pk}/{question.slug}/revisions/")
    body = history.content.decode()
    assert history.status_code == 200
    assert _has_id(history, "revision-1") and _has_id(history, "revision-2")
    assert '<span class="diff-delete">- Second line is the old one.</span>' in body
    assert (
        '<span class="diff-insert">+ Second line is the new one, with more detail.</span>' in body
    )
    assert "added the remote angle" in body
    assert "<del>How do I run better one-on-ones with my team?</del>" in body
    assert "<ins>one-on-ones remote</ins>" in body
    assert "History" in client.get(question.get_absolute_url()).content.decode()


def test_an_answer_s_history_is_at_its_post_address(client):
    answer = make_answer(question=make_question())
    actions.edit_post(
        editor=answer.author,
        post=answer,
        body="A rewritten answer that replaces the old text completely.",
        base_revision=1,
    )
    response = client.get(f"/posts/{answer.pk}/revisions/")
    assert response.status_code == 200
    assert "+ A rewritten answer that replaces the old text completely." in (
        response.content.decode()
    )


def test_saving_an_edit_from_a_stale_revision_shows_the_conflict_and_keeps_the_typed_text(client):
    question = make_question(body="The original body of the question, long enough to post.")
    actions.edit_post(
        editor=make_user(is_staff=True),
        post=question,
        title=question.title,
        body="A moderator's body, saved while the author was still typing.",
        tag_names=question.tag_list,
        base_revision=1,
    )
    client.force_login(question.author)

    response = client.post(
        f"/posts/{question.pk}/edit/",
        {
            "title": question.title,
            "body": "The author's own new body, started from the first revision.",
            "tags": "one-on-ones",
            "base_revision": "1",
        },
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved an edit while you were editing" in body
    assert "The author&#x27;s own new body, started from the first revision." in body
    assert _by_id(response, "id_base_revision")["value"] == "2"
    assert _fresh(question).body == "A moderator's body, saved while the author was still typing."


def test_the_owner_rolls_back_to_an_earlier_revision(client):
    question = make_question(body="The original body that the owner wants back again.")
    actions.edit_post(
        editor=question.author,
        post=question,
        title=question.title,
        body="An edit that the owner regrets and wants to undo now.",
        tag_names=question.tag_list,
        base_revision=1,
    )
    client.force_login(question.author)
    history = client.get(f"/posts/{question.pk}/revisions/")
    assert "Roll back to this revision" in _parse(history).buttons

    response = client.post(f"/posts/{question.pk}/rollback/1/")

    assert response.status_code == 302
    question = _fresh(question)
    assert question.revision_number == 3
    assert question.body == "The original body that the owner wants back again."
    assert Revision.objects.get(post=question, number=3).comment == "rolled back to revision 1"


def test_others_see_the_history_without_a_rollback_button(client):
    question = make_question()
    actions.edit_post(
        editor=question.author,
        post=question,
        title=question.title,
        body="An edited version of the body for the history page to show.",
        tag_names=question.tag_list,
        base_revision=1,
    )
    client.force_login(make_user())
    history = client.get(f"/posts/{question.pk}/revisions/")
    assert history.status_code == 200
    assert "Roll back to this revision" not in _parse(history).buttons
    assert client.post(f"/posts/{question.pk}/rollback/1/").status_code == 403
    assert _fresh(question).revision_number == 2


def test_rolling_back_to_an_unknown_revision_is_not_found(client):
    question = make_question()
    client.force_login(question.author)
    assert client.post(f"/posts/{question.pk}/rollback/9/").status_code == 404
    assert _fresh(question).revision_number == 1


# Editor helpers -----------------------------------------------------------------------


def test_the_markdown_preview_renders_safe_html(client):
    client.force_login(make_user())
    response = client.post(
        "/markdown/preview/", {"body": "Some **bold** text <script>alert(1)</script>"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in body
    assert "<script>" not in body
    assert "&lt;script&gt;" in body


def test_the_markdown_preview_needs_a_login(client):
    response = client.post("/markdown/preview/", {"body": "**bold**"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_question_draft_is_restored_on_the_ask_page_and_gone_after_posting(client):
    author = make_user()
    make_category(slug="teams", name="Teams")
    make_tags("growth")  # a tag the site has; new ones need a privilege
    client.force_login(author)

    saved = client.post(
        "/drafts/question/",
        {
            "title": "Half-written title about team splits",
            "body": "Half-written body",
            "tags": "growth",
            "category": "teams",
        },
    )
    assert saved.status_code == 204

    form = client.get("/questions/ask/")
    assert _by_id(form, "id_title")["value"] == "Half-written title about team splits"
    assert _by_id(form, "id_tags")["value"] == "growth"
    assert "Half-written body</textarea>" in form.content.decode()
    assert '<option value="teams" selected>' in form.content.decode()

    client.post(
        "/questions/ask/",
        {
            "title": "How do I split a team that has grown too big?",
            "body": LONG_BODY,
            "tags": "growth",
            "category": "teams",
        },
    )
    assert not Draft.objects.filter(user=author).exists()
    assert _by_id(client.get("/questions/ask/"), "id_title").get("value") is None


def test_an_answer_draft_is_restored_on_the_question_page_and_gone_after_answering(client):
    question = make_question()
    author = make_user()
    client.force_login(author)

    saved = client.post(f"/drafts/answer/{question.pk}/", {"body": "My half-written answer"})
    assert saved.status_code == 204
    assert "My half-written answer</textarea>" in (
        client.get(question.get_absolute_url()).content.decode()
    )

    client.post(
        f"/questions/{question.pk}/answer/",
        {"body": "My finished answer, long enough to be posted here."},
    )
    assert not Draft.objects.filter(user=author, kind=DraftKind.ANSWER).exists()
    assert "My half-written answer" not in (
        client.get(question.get_absolute_url()).content.decode()
    )


def test_draft_endpoints_need_a_login_and_save_nothing_for_visitors(client):
    question = make_question()
    assert client.post("/drafts/question/", {"title": "x"}).status_code == 302
    assert client.post(f"/drafts/answer/{question.pk}/", {"body": "x"}).status_code == 302
    assert not Draft.objects.exists()


def test_an_answer_draft_for_an_unknown_question_is_not_found(client):
    client.force_login(make_user())
    assert client.post("/drafts/answer/987654/", {"body": "x"}).status_code == 404
    assert not Draft.objects.exists()


# Site-wide pages ----------------------------------------------------------------------


def test_the_sitemap_lists_questions_but_not_deleted_ones(client):
    kept = make_question()
    gone = make_question()
    answer = make_answer(question=kept)
    actions.delete_post(user=gone.author, post=gone)

    response = client.get("/sitemap.xml")
    body = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert f"<loc>http://testserver{kept.get_absolute_url()}</loc>" in body
    assert f"/questions/{gone.pk}/" not in body
    assert f"#answer-{answer.pk}" not in body


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in body
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_healthz_reports_ok_as_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    checks = json.loads(response.content)
    assert checks["status"] == "ok"
    assert checks["database"] == "ok"
    assert checks["cache"] == "ok"


def test_the_about_page_is_shown(client):
    if not Page.objects.filter(slug="about").exists():
        # A transactional test run earlier in this process emptied the tables; put the
        # pages back exactly as the migration does.
        migration = importlib.import_module("questor.core.migrations.0001_initial")
        migration.create_pages(django_apps, None)
    response = client.get("/about/")
    assert response.status_code == 200
    assert "<h1>About</h1>" in response.content.decode()
    assert "question-and-answer community" in response.content.decode()


def test_an_unknown_page_is_not_found(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_list_pages_sql_gives_the_orms_questions_in_the_orms_order():
    """QuestionListing (hand-written SQL, for the pages) and its queryset() (the ORM, for
    the Hot tab and the API) must list the same questions, in the same order, with the
    same rows: every tab, a tag, a category, deleted, held and closed questions, tied
    scores and dates, across page boundaries."""
    from questor.qa import rows, selectors

    category = make_category(slug="teams", name="Teams & <co>")
    now = timezone.now()
    questions = []
    for number in range(12):
        question = make_question(
            title=f"Question {number} <b>",
            tags=["budgets", "hiring"] if number % 2 else ["budgets"],
            category=category if number % 3 else None,
        )
        questions.append(question)
        Post.objects.filter(pk=question.pk).update(
            score=number % 3,  # ties
            created_at=now - timedelta(hours=number // 2),  # ties too
            last_activity_at=now - timedelta(minutes=number % 4),
            is_answered=number % 4 == 1,
            view_count=number * 1000,
        )
    Post.objects.filter(pk=questions[1].pk).update(is_deleted=True)
    Post.objects.filter(pk=questions[2].pk).update(held_for_review=True)
    Post.objects.filter(pk=questions[3].pk).update(closed_at=now, author=None, author_name="Gone")
    budgets, hiring = (Tag.objects.get(name=name).pk for name in ("budgets", "hiring"))

    for tab in ("newest", "active", "votes", "unanswered"):
        for filters in ({}, {"tag_id": budgets}, {"tag_id": hiring}, {"category_id": category.pk}):
            listing = selectors.QuestionListing(tab=tab, **filters)
            expected = list(listing.queryset())
            assert listing.count() == len(expected) > 0
            for start, stop in ((0, 4), (4, 8), (8, 30)):
                page = listing[start:stop]
                assert [q.pk for q in page] == [q.pk for q in expected[start:stop]]
                assert rows.question_rows(page, None) == rows.question_rows(
                    expected[start:stop], None
                )
