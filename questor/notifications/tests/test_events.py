"""Each kind of event makes the right inbox entry and, per the member's settings, the
right email, delivered by the worker to a real SMTP server."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from questor.notifications import actions as notification_actions
from questor.notifications.events import notify
from questor.notifications.models import Delivery, Kind, Notification, NotificationSetting
from questor.qa import actions
from questor.qa.badge_rules import award_earned_badges
from questor.testing.factories import (
    make_answer,
    make_category,
    make_comment,
    make_question,
    make_tags,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=True)


def entries(user, kind: str | None = None) -> list[Notification]:
    found = Notification.objects.filter(recipient=user).order_by("id")
    return list(found.filter(kind=kind) if kind else found)


def unsubscribe_link(text: str) -> str:
    match = re.search(r"Stop these emails in one click: (\S+)", text) or re.search(
        r"Stop this digest in one click: (\S+)", text
    )
    assert match, text
    return match.group(1)


def test_a_new_answer_reaches_the_askers_inbox_and_email(smtp_server, run_tasks):
    asker = make_user(username="asker")
    question = make_question(author=asker, title="How do I give feedback to a senior peer?")
    answerer = make_user(username="helper")

    answer = make_answer(question=question, author=answerer)

    [entry] = entries(asker)
    assert entry.kind == Kind.ANSWER
    assert (
        entry.summary == "helper answered your question “How do I give feedback to a senior peer?”"
    )
    assert entry.url == f"{question.get_absolute_url()}#answer-{answer.pk}"
    assert entry.actor == answerer and entry.question_id == question.pk
    assert entry.delivery == Delivery.IMMEDIATE and entry.read_at is None
    assert entries(answerer) == []  # nobody hears of their own action

    assert smtp_server.messages == []  # never inside the request: the worker sends it
    run_tasks()
    [message] = smtp_server.to("asker@example.com")
    assert "helper answered your question" in message["Subject"]
    text = smtp_server.text_of(message)
    assert f"http://localhost:8000{entry.url}" in text
    html = message.get_body(preferencelist=("html",))
    assert html is not None and "helper answered your question" in html.get_content()
    assert message["List-Unsubscribe"].strip().startswith("<http://localhost:8000/notifications/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_comments_reach_the_post_author_and_earlier_commenters(smtp_server, run_tasks):
    author = make_user(username="author")
    question = make_question(author=author)
    first = make_user(username="first")
    make_comment(post=question, author=first, body="Which team is this about?")
    assert [entry.kind for entry in entries(author)] == [Kind.COMMENT]

    second = make_user(username="second")
    comment = make_comment(post=question, author=second, body="I had the same problem last year.")

    assert len(entries(author)) == 2
    [reply] = entries(first)
    assert reply.kind == Kind.COMMENT
    assert reply.summary.startswith("second replied after your comment on")
    assert reply.url.endswith(f"#comment-{comment.pk}") and reply.comment_id == comment.pk
    run_tasks()
    assert len(smtp_server.to("author@example.com")) == 2
    assert len(smtp_server.to("first@example.com")) == 1


def test_a_comment_on_an_answer_names_the_answer(smtp_server, run_tasks):
    answerer = make_user(username="answerer")
    answer = make_answer(question=make_question(), author=answerer)
    make_comment(post=answer, author=make_user(username="curious"))
    [entry] = entries(answerer)
    assert entry.summary.startswith("curious commented on your answer")


def test_mentions_notify_the_named_members_once(smtp_server, run_tasks):
    priya = make_user(username="priya_n")
    make_user(username="someone.else")
    question = make_question()
    make_comment(
        post=question,
        author=make_user(username="writer"),
        body="@Priya_N and @priya_n, see this; also @nobody-here and mail@priya_n.org.",
    )
    [entry] = entries(priya)
    assert entry.kind == Kind.MENTION
    assert entry.summary.startswith("writer mentioned you in a comment on")
    run_tasks()
    assert len(smtp_server.to("priya_n@example.com")) == 1


def test_mentions_in_answers_and_questions(smtp_server):
    named = make_user(username="named")
    make_answer(question=make_question(), body="As @named says, ask what they want first.")
    make_question(body="Our team lead @named suggested asking here about one-on-ones.")
    assert [entry.kind for entry in entries(named)] == [Kind.MENTION, Kind.MENTION]


def test_acceptance_and_edits_by_others(smtp_server, run_tasks):
    asker = make_user()
    answerer = make_user(username="answerer")
    question = make_question(author=asker)
    answer = make_answer(question=question, author=answerer)
    actions.accept_answer(user=asker, answer=answer)
    actions.accept_answer(user=asker, answer=answer)  # undone: no second entry
    editor = make_user(username="editor", is_staff=True, reputation=5000)
    actions.edit_post(
        editor=editor,
        post=answer,
        body="Ask them what they want to talk about first, then keep a shared agenda.",
        base_revision=1,
    )
    actions.edit_post(  # the author's own edit tells nobody
        editor=answerer,
        post=answer,
        body="Ask them what they want to talk about first, then keep a shared agenda doc.",
        base_revision=2,
    )
    kinds = [entry.kind for entry in entries(answerer)]
    assert kinds == [Kind.ACCEPTED, Kind.EDITED]
    assert entries(answerer)[1].summary.startswith("editor edited your answer")
    run_tasks()
    # Defaults: acceptance and edits go to the inbox only.
    assert smtp_server.to("answerer@example.com") == []


def test_an_edit_tells_members_it_newly_mentions_once():
    author = make_user(username="author")
    maria = make_user(username="maria")
    omar = make_user(username="omar")
    question = make_question(author=author, body="@maria, how do you run your retros?")
    assert len(entries(maria, Kind.MENTION)) == 1

    actions.edit_post(
        editor=author,
        post=question,
        title=question.title,
        body="@maria, how do you run your retros? @omar may know too.",
        base_revision=1,
    )

    assert len(entries(maria, Kind.MENTION)) == 1  # named before: told once, when asked
    (told,) = entries(omar, Kind.MENTION)
    assert told.summary.startswith("author mentioned you in an edit of")
    assert told.post_id == question.pk


def test_suggested_edits_tell_the_author_and_the_suggester(smtp_server):
    author = make_user(username="author")
    question = make_question(author=author)
    suggester = make_user(username="suggester")
    suggestion = actions.suggest_edit(
        author=suggester,
        post=question,
        title=question.title,
        body="A clearer body for this question about one-on-ones and their agenda.",
        tag_names=question.tag_list,
        base_revision=1,
    )
    reviewer = make_user(username="reviewer", reputation=5000)
    actions.review_suggested_edit(reviewer=reviewer, suggestion=suggestion, approve=True)
    [edited] = entries(author)
    assert edited.kind == Kind.EDITED and edited.actor == suggester
    [outcome] = entries(suggester)
    assert outcome.kind == Kind.SUGGESTED_EDIT
    assert outcome.summary.startswith("reviewer approved your suggested edit")


def test_badges_earned_reach_the_inbox(smtp_server):
    asker = make_user()
    make_question(author=asker)
    award_earned_badges([asker.pk])
    badges = entries(asker, Kind.BADGE)
    assert badges and all(entry.url.startswith("/badges/") for entry in badges)
    assert any("badge" in entry.summary for entry in badges)
    award_earned_badges([asker.pk])  # never twice
    assert len(entries(asker, Kind.BADGE)) == len(badges)


def test_moderator_messages_and_flag_outcomes_through_notify(smtp_server, run_tasks):
    member = make_user(username="member")
    moderator = make_user(username="mod", is_staff=True)
    message = notify(
        member.pk,
        kind="moderator_message",
        text="Please keep comments civil.\nThank you.",
        url="/users/1/mod/",
        actor_id=moderator.pk,
    )
    outcome = notify(member.pk, kind="flag_outcome", text="Your flag was marked helpful.")
    assert message is not None and outcome is not None
    assert message.summary == "Please keep comments civil. Thank you."
    assert [entry.kind for entry in entries(member)] == [
        Kind.MODERATOR_MESSAGE,
        Kind.FLAG_OUTCOME,
    ]
    run_tasks()
    # Moderator messages are emailed by default; flag outcomes stay in the inbox.
    [mail] = smtp_server.to("member@example.com")
    assert "Please keep comments civil" in mail["Subject"]
    with pytest.raises(ValueError):
        notify(member.pk, kind="shouting", text="nope")
    assert notify(999_999, kind="flag_outcome", text="nobody") is None


def test_followers_hear_of_questions_answers_and_comments(smtp_server, run_tasks):
    make_tags("delegation")
    tag_fan = make_user(username="tagfan")
    category_fan = make_user(username="catfan")
    question_fan = make_user(username="qfan")
    user_fan = make_user(username="ufan")
    asker = make_user(username="asker")
    category = make_category(slug="teams")
    from questor.notifications.actions import Target, follow
    from questor.qa.models import Tag

    follow(user=tag_fan, target=Target("tag", tag=Tag.objects.get(name="delegation")))
    follow(user=category_fan, target=Target("category", category=category))
    follow(user=user_fan, target=Target("user", user=asker))

    question = make_question(author=asker, tags=["delegation"], category=category)
    follow(user=question_fan, target=Target("question", question=question))
    make_answer(question=question)
    make_comment(post=question)

    assert [e.kind for e in entries(tag_fan)] == [Kind.FOLLOWED_TAG]
    assert [e.kind for e in entries(category_fan)] == [Kind.FOLLOWED_TAG]
    assert [e.kind for e in entries(user_fan)] == [Kind.FOLLOWED_USER]
    assert [e.kind for e in entries(question_fan)] == [
        Kind.FOLLOWED_QUESTION,
        Kind.FOLLOWED_QUESTION,
    ]
    # Followed tags default to the weekly digest: nothing is emailed now.
    assert entries(tag_fan)[0].delivery == Delivery.WEEKLY
    run_tasks()
    assert smtp_server.to("tagfan@example.com") == []


def test_settings_are_respected(smtp_server, run_tasks):
    asker = make_user(username="asker")
    notification_actions.save_settings(
        user=asker, choices={Kind.ANSWER: Delivery.NEVER, Kind.COMMENT: Delivery.DAILY}
    )
    question = make_question(author=asker)
    make_answer(question=question)
    make_comment(post=question)
    answer_entry, comment_entry = entries(asker)
    assert answer_entry.delivery == Delivery.NEVER and answer_entry.emailed_at is None
    assert comment_entry.delivery == Delivery.DAILY and comment_entry.emailed_at is None
    run_tasks()
    assert smtp_server.to("asker@example.com") == []

    answerer = make_user(username="answerer")
    notification_actions.save_settings(
        user=answerer, choices={Kind.ACCEPTED: Delivery.IMMEDIATE, "bogus": Delivery.DAILY}
    )
    answer = make_answer(question=question, author=answerer)
    actions.accept_answer(user=asker, answer=answer)
    run_tasks()
    [mail] = smtp_server.to("answerer@example.com")
    assert "accepted your answer" in mail["Subject"]


def test_unverified_addresses_get_no_email(smtp_server, run_tasks):
    asker = make_user(username="unverified", verified=False)
    make_answer(question=make_question(author=asker))
    [entry] = entries(asker)
    assert entry.emailed_at is None
    run_tasks()
    assert smtp_server.messages == []


def test_html_in_titles_and_names_never_reaches_the_mail_as_markup(smtp_server, run_tasks):
    asker = make_user(username="asker")
    question = make_question(
        author=asker, title='Why does <script>alert("x")</script> <b>bold</b> happen?'
    )
    villain = make_user(username="villain")
    villain.display_name = '<img src=x onerror="alert(1)">Eve'
    villain.save()
    make_answer(question=question, author=villain)
    run_tasks()
    [message] = smtp_server.to("asker@example.com")
    html_part = message.get_body(preferencelist=("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    assert "\n" not in message["Subject"]
    # The plain-text part is text: it shows what was typed, and no client renders it.
    assert '<img src=x onerror="alert(1)">Eve' in smtp_server.text_of(message)


def test_unsubscribe_in_one_click_from_the_mail_without_logging_in(smtp_server, run_tasks):
    asker = make_user(username="asker")
    question = make_question(author=asker)
    make_answer(question=question)
    run_tasks()
    [message] = smtp_server.to("asker@example.com")
    link = unsubscribe_link(smtp_server.text_of(message))
    assert message["List-Unsubscribe"].strip() == f"<{link}>"
    path = link.removeprefix("http://localhost:8000")

    browser = Client(enforce_csrf_checks=True)  # not logged in, no CSRF token
    page = browser.get(path)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    assert not NotificationSetting.objects.filter(user=asker).exists()  # GET changes nothing
    # What a mail client does with List-Unsubscribe-Post (RFC 8058).
    done = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"Unsubscribed" in done.content
    assert NotificationSetting.objects.get(user=asker, kind=Kind.ANSWER).delivery == Delivery.NEVER

    make_answer(question=question)
    run_tasks()
    assert len(smtp_server.to("asker@example.com")) == 1  # no more answer emails
    make_comment(post=question)  # other kinds still arrive
    run_tasks()
    assert len(smtp_server.to("asker@example.com")) == 2


def test_a_forged_or_altered_unsubscribe_token_is_refused(client):
    member = make_user()
    from questor.notifications.emails import make_unsubscribe_token

    token = make_unsubscribe_token(user_id=member.pk, kind=Kind.ANSWER)
    response = client.post(f"/notifications/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert not NotificationSetting.objects.filter(user=member).exists()


def test_nothing_is_recorded_when_the_action_rolls_back(smtp_server, run_tasks):
    asker = make_user(username="asker")
    question = make_question(author=asker)
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        make_answer(question=question)
        raise RuntimeError("the request failed after the answer")
    assert entries(asker) == []
    run_tasks()
    assert smtp_server.messages == []
