"""Moderation flows through the pages and the actions: flags, close by votes, duplicates,
deletion, locks, protection, suspensions, review queues, the log, the command."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from questor.accounts.models import User
from questor.moderation import actions
from questor.moderation.models import (
    Flag,
    FlagStatus,
    ModerationLogEntry,
    ReviewDecision,
    ReviewQueue,
    ReviewTask,
)
from questor.qa import actions as qa_actions
from questor.qa import moderation as qa_moderation
from questor.qa import selectors
from questor.qa.models import Post
from questor.testing.factories import make_answer, make_comment, make_question, make_user

from .conftest import PRIVILEGED_REPUTATION

pytestmark = pytest.mark.django_db


def _fresh(post: Post) -> Post:
    return Post.objects.get(pk=post.pk)


# Flags --------------------------------------------------------------------------------


def test_six_spam_flags_from_different_members_hide_a_post_at_once(client: Any) -> None:
    author = make_user()
    question = make_question(author=author, title="Buy cheap watches here, best prices now")
    for _ in range(5):
        actions.flag_post(user=make_user(), post=question, kind="spam")
    assert _fresh(question).hidden_by_flags is False
    actions.flag_post(user=make_user(), post=question, kind="rude")

    assert _fresh(question).hidden_by_flags is True
    assert question.pk not in {q.pk for q in selectors.question_list()}
    assert client.get(question.get_absolute_url()).status_code == 404
    assert "Buy cheap watches" not in client.get("/").content.decode()
    assert "Buy cheap watches" not in client.get(author.get_absolute_url()).content.decode()
    client.force_login(author)
    assert "hidden by members" in client.get(question.get_absolute_url()).content.decode()


def test_one_flag_per_member_and_post() -> None:
    question = make_question()
    flagger = make_user()
    actions.flag_post(user=flagger, post=question, kind="spam")
    with pytest.raises(PermissionDenied):
        actions.flag_post(user=flagger, post=question, kind="low-quality")


def test_a_moderator_decides_flags_and_the_flaggers_see_the_outcome(
    client: Any, moderator: User
) -> None:
    answer = make_answer(question=make_question())
    flagger = make_user()
    client.force_login(flagger)
    response = client.post(
        f"/posts/{answer.pk}/flag/", {"kind": "moderator", "text": "Copied from a blog post"}
    )
    assert response.status_code == 302
    client.force_login(moderator)
    queue = client.get("/moderation/").content.decode()
    assert "Copied from a blog post" in queue
    assert 'data-kind="moderator">needs moderator attention <span class="count">1</span>' in queue

    client.post(
        f"/moderation/posts/{answer.pk}/decide/",
        {"decision": "helpful", "action": "delete", "note": "plagiarism"},
    )

    assert _fresh(answer).is_deleted
    flag = Flag.objects.get()
    assert flag.status == FlagStatus.HELPFUL and flag.decided_by == moderator
    client.force_login(flagger)
    mine = client.get("/moderation/my-flags/").content.decode()
    assert "helpful" in mine.lower() and "deleted: plagiarism" in mine
    assert ModerationLogEntry.objects.filter(action="flags helpful", actor=moderator).exists()


def test_declining_the_flags_of_a_hidden_post_shows_it_again(moderator: User) -> None:
    question = make_question()
    for _ in range(6):
        actions.flag_post(user=make_user(), post=question, kind="spam")
    actions.decide_flags(user=moderator, post=_fresh(question), helpful=False)
    assert _fresh(question).hidden_by_flags is False
    assert set(Flag.objects.values_list("status", flat=True)) == {FlagStatus.DECLINED}


def test_comments_can_be_flagged(client: Any, moderator: User) -> None:
    comment = make_comment(post=make_question())
    client.force_login(make_user())
    response = client.post(f"/comments/{comment.pk}/flag/", {"kind": "rude"})
    assert response.status_code == 302
    assert Flag.objects.get().comment == comment
    actions.decide_flags(user=moderator, comment=comment, helpful=True, action="delete")
    comment.refresh_from_db()
    assert comment.is_deleted


# Close, reopen, duplicates ------------------------------------------------------------


def test_three_votes_close_a_question_and_it_takes_no_new_answers(client: Any) -> None:
    question = make_question()
    voters = [make_user(reputation=PRIVILEGED_REPUTATION) for _ in range(3)]
    for number, voter in enumerate(voters):
        client.force_login(voter)
        client.post(f"/posts/{question.pk}/close/", {"reason": "opinion-based"})
        assert _fresh(question).is_closed == (number == 2)

    page = client.get(question.get_absolute_url()).content.decode()
    assert "closed as opinion-based by" in page
    assert voters[2].name in page
    with pytest.raises(PermissionDenied, match="closed"):
        make_answer(question=_fresh(question))
    client.force_login(make_user())
    response = client.post(f"/questions/{question.pk}/answer/", {"body": "An answer " * 5})
    assert response.status_code == 403


def test_the_vote_count_is_configurable(settings: Any) -> None:
    settings.MODERATION_VOTES_NEEDED = 1
    question = make_question()
    result = actions.vote_to_close(
        user=make_user(reputation=PRIVILEGED_REPUTATION), question=question, reason="needs-focus"
    )
    assert result.done and _fresh(question).is_closed


def test_off_topic_needs_a_site_specific_reason(client: Any, moderator: User) -> None:
    question = make_question()
    client.force_login(moderator)
    response = client.post(f"/posts/{question.pk}/close/", {"reason": "off-topic"})
    assert response.status_code == 400
    reason = qa_moderation.off_topic_reasons()[0]
    client.post(f"/posts/{question.pk}/close/", {"reason": "off-topic", "off_topic_reason": reason})
    assert _fresh(question).close_note == reason


def test_a_duplicate_links_to_its_original_and_the_original_lists_it(
    client: Any, moderator: User
) -> None:
    original = make_question(title="How do I give hard feedback to a senior report?")
    duplicate = make_question(title="Giving negative feedback to someone older than me")
    client.force_login(moderator)
    response = client.post(
        f"/posts/{duplicate.pk}/close/",
        {"reason": "duplicate", "duplicate_of": f"http://testserver{original.get_absolute_url()}"},
    )
    assert response.status_code == 302
    assert _fresh(duplicate).duplicate_of_id == original.pk

    client.logout()
    page = client.get(duplicate.get_absolute_url()).content.decode()
    banner = page.index("already has an answer here")
    assert banner < page.index("<h1>")
    assert original.get_absolute_url() in page[banner:]
    listed = client.get(original.get_absolute_url()).content.decode()
    assert "Linked duplicates" in listed and duplicate.get_absolute_url() in listed


def test_duplicate_of_must_name_another_question(client: Any, moderator: User) -> None:
    question = make_question()
    client.force_login(moderator)
    for value in ["", str(question.pk), "99999", "not a question"]:
        response = client.post(
            f"/posts/{question.pk}/close/", {"reason": "duplicate", "duplicate_of": value}
        )
        assert response.status_code == 400, value
    assert not _fresh(question).is_closed


def test_reopen_by_votes(settings: Any, moderator: User) -> None:
    question = make_question()
    qa_moderation.close_question(user=moderator, question=question, reason="needs-details")
    voters = [make_user(reputation=PRIVILEGED_REPUTATION) for _ in range(3)]
    results = [actions.vote_to_reopen(user=voter, question=question) for voter in voters]
    assert [r.done for r in results] == [False, False, True]
    assert not _fresh(question).is_closed
    assert ReviewTask.objects.get(queue=ReviewQueue.REOPEN_VOTES).completed_at is not None


# Delete and undelete ------------------------------------------------------------------


def test_an_author_cannot_delete_a_question_with_answers(client: Any) -> None:
    author = make_user()
    question = make_question(author=author)
    make_answer(question=question)
    client.force_login(author)
    response = client.post(f"/posts/{question.pk}/delete/")
    assert response.status_code == 403
    assert "has answers" in response.content.decode()


def test_deletion_asks_for_confirmation_first(client: Any) -> None:
    author = make_user()
    answer = make_answer(question=make_question(), author=author)
    client.force_login(author)
    page = client.get(f"/posts/{answer.pk}/delete/").content.decode()
    assert '<button type="submit" class="button danger">Delete</button>' in page
    assert not _fresh(answer).is_deleted


def test_privileged_members_vote_to_delete_closed_questions(moderator: User) -> None:
    question = make_question()
    make_answer(question=question)
    voters = [make_user(reputation=PRIVILEGED_REPUTATION) for _ in range(3)]
    with pytest.raises(PermissionDenied):
        actions.vote_to_delete(user=voters[0], question=question)  # still open
    qa_moderation.close_question(user=moderator, question=question, reason="needs-focus")
    results = [actions.vote_to_delete(user=voter, question=question) for voter in voters]
    assert [r.done for r in results] == [False, False, True]
    assert _fresh(question).is_deleted


def test_a_moderator_undeletes_and_counts_come_back(moderator: User) -> None:
    author = make_user()
    question = make_question(author=author)
    answer = make_answer(question=question)
    qa_actions.delete_post(user=moderator, post=answer)
    assert _fresh(question).answer_count == 0
    qa_moderation.undelete_post(user=moderator, post=answer)
    assert _fresh(question).answer_count == 1
    assert list(
        ModerationLogEntry.objects.filter(post=answer).values_list("action", flat=True)
    ) == ["undelete", "delete"]


def test_deleted_posts_stay_off_lists_and_user_pages(client: Any, moderator: User) -> None:
    author = make_user()
    question = make_question(author=author, title="A question the moderators removed quietly")
    qa_actions.delete_post(user=moderator, post=question)
    for url in ["/", "/?tab=active", "/tags/one-on-ones/", author.get_absolute_url()]:
        assert "removed quietly" not in client.get(url).content.decode(), url
    client.force_login(make_user())
    assert client.get(question.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "This question is deleted" in page and ">Undelete</button>" in page


# Lock and protect ---------------------------------------------------------------------


def test_a_locked_post_takes_no_edits_votes_or_comments_until_it_expires(
    moderator: User,
) -> None:
    author = make_user()
    question = make_question(author=author)
    qa_moderation.lock_post(
        user=moderator, post=question, reason="Edit war", until=timezone.now() + timedelta(days=1)
    )
    locked = _fresh(question)
    voter = make_user()
    with pytest.raises(PermissionDenied):
        qa_actions.cast_vote(user=voter, post=locked, value=1)
    with pytest.raises(PermissionDenied):
        make_comment(post=locked, author=author)
    with pytest.raises(PermissionDenied):
        qa_actions.edit_post(editor=author, post=locked, body="New body " * 5, base_revision=1,
                             title=locked.title, tag_names=locked.tag_list)  # fmt: skip
    Post.objects.filter(pk=question.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    qa_actions.cast_vote(user=voter, post=_fresh(question), value=1)
    assert _fresh(question).score == 1


def test_a_protected_question_takes_answers_only_from_members_with_reputation(
    moderator: User,
) -> None:
    question = make_question()
    qa_moderation.protect_question(user=moderator, question=question, reason="Spam magnet")
    with pytest.raises(PermissionDenied, match="protected"):
        make_answer(question=_fresh(question), author=make_user())
    make_answer(question=_fresh(question), author=make_user(reputation=20))


# Suspension ---------------------------------------------------------------------------


def test_a_suspended_member_reads_sees_why_and_cannot_write_until_it_ends(
    client: Any, moderator: User
) -> None:
    member = make_user()
    question = make_question()
    client.force_login(moderator)
    client.post(f"/moderation/users/{member.pk}/suspend/", {"reason": "Voting ring", "days": "7"})
    member.refresh_from_db()
    assert member.is_suspended

    client.force_login(member)
    page = client.get(question.get_absolute_url())
    assert page.status_code == 200 and "Voting ring" in page.content.decode()
    assert client.post(f"/posts/{question.pk}/vote/", {"direction": "up"}).status_code == 403
    assert client.post(f"/questions/{question.pk}/answer/", {"body": "x " * 40}).status_code == 403
    assert client.post(f"/posts/{question.pk}/flag/", {"kind": "spam"}).status_code == 403

    User.objects.filter(pk=member.pk).update(suspended_until=timezone.now() - timedelta(seconds=1))
    assert "Voting ring" not in client.get("/").content.decode()
    assert client.post(f"/posts/{question.pk}/vote/", {"direction": "up"}).status_code == 302
    assert ModerationLogEntry.objects.filter(action="suspend", target_user=member).exists()


# Review queues ------------------------------------------------------------------------


def test_first_posts_and_late_answers_wait_for_review(client: Any) -> None:
    newcomer = make_user()
    question = make_question(author=newcomer)
    assert ReviewTask.objects.filter(queue=ReviewQueue.FIRST_POSTS, post=question).exists()
    Post.objects.filter(pk=question.pk).update(created_at=timezone.now() - timedelta(days=90))
    answerer = make_user()
    make_question(author=answerer)
    late = make_answer(question=_fresh(question), author=answerer)
    assert ReviewTask.objects.filter(queue=ReviewQueue.LATE_ANSWERS, post=late).exists()

    reviewer = make_user(reputation=PRIVILEGED_REPUTATION)
    other = make_user(reputation=PRIVILEGED_REPUTATION)
    client.force_login(reviewer)
    index = client.get("/review/").content.decode()
    assert 'href="/review/suggested-edits/"' in index
    task = ReviewTask.objects.get(queue=ReviewQueue.FIRST_POSTS, post=question)
    assert question.title in client.get("/review/first-posts/").content.decode()
    client.post(f"/review/tasks/{task.pk}/", {"decision": "skip"})
    assert question.title not in client.get("/review/first-posts/").content.decode()
    task.refresh_from_db()
    assert task.is_open

    actions.review(user=other, task=task, decision="looks-ok")
    task.refresh_from_db()
    assert not task.is_open and task.outcome == "looks-ok"
    assert ReviewDecision.objects.filter(task=task).count() == 2
    history = client.get("/review/history/").content.decode()
    assert "looks-ok" in history and "skip" in history


def test_close_votes_go_to_review_and_reviewers_vote_there(settings: Any) -> None:
    question = make_question()
    first = make_user(reputation=PRIVILEGED_REPUTATION)
    actions.vote_to_close(user=first, question=question, reason="needs-details")
    task = ReviewTask.objects.get(queue=ReviewQueue.CLOSE_VOTES, post=question)
    for _ in range(2):
        actions.review(
            user=make_user(reputation=PRIVILEGED_REPUTATION), task=task, decision="close"
        )
    closed = _fresh(question)
    assert closed.is_closed and closed.close_reason == "needs-details"
    task.refresh_from_db()
    assert not task.is_open


def test_low_quality_flags_feed_their_queue() -> None:
    question = make_question()
    actions.flag_post(user=make_user(), post=question, kind="low-quality")
    assert ReviewTask.objects.filter(queue=ReviewQueue.LOW_QUALITY, post=question).exists()


# The log ------------------------------------------------------------------------------


def test_the_log_records_moderator_actions_and_filters_them(client: Any, moderator: User) -> None:
    author = make_user()
    question = make_question(author=author)
    qa_actions.edit_post(
        editor=moderator,
        post=question,
        title=question.title,
        body="A body the moderator rewrote to remove a name.",
        tag_names=question.tag_list,
        base_revision=1,
    )
    qa_moderation.lock_post(user=moderator, post=question, reason="Heated comments")
    qa_moderation.unlock_post(user=moderator, post=question)
    client.force_login(moderator)

    everything = client.get("/moderation/log/").content.decode()
    assert everything.count('class="log-entry"') == 3
    assert "remove a name" in everything  # the text after the edit
    locks = client.get("/moderation/log/?action=lock").content.decode()
    assert locks.count('class="log-entry"') == 1 and "Heated comments" in locks
    assert client.get("/moderation/log/?actor=nobody").content.decode().count("log-entry") == 0
    for odd in ("²", "9" * 30):  # a digit int() refuses, a number no row can have
        assert client.get(f"/moderation/log/?post={odd}").status_code == 200


# The command --------------------------------------------------------------------------


def test_the_moderator_command_adds_and_removes(capsys: Any) -> None:
    member = make_user(username="future_mod")
    call_command("moderator", "add", "future_mod")
    member.refresh_from_db()
    assert member.in_moderators_group
    call_command("moderator", "list")
    assert "future_mod" in capsys.readouterr().out
    call_command("moderator", "remove", "future_mod")
    member.refresh_from_db()
    assert not member.in_moderators_group


def test_moderator_only_information_never_reaches_visitors(client: Any) -> None:
    question = make_question()
    actions.flag_post(user=make_user(), post=question, kind="moderator", text="Secret note")
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Secret note" not in page and "/moderation/" not in page
