"""Badges: every rule, never twice, deleted posts ignored, the worker path, and the pages
(with their query budgets)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from functools import partial

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questor.accounts.models import User
from questor.qa import actions
from questor.qa.badge_rules import BADGES, award_earned_badges, sync_badges
from questor.qa.badge_selectors import badges_for_user
from questor.qa.badges import queue_badge_check, run_waiting_badge_checks
from questor.qa.models import (
    Award,
    Badge,
    BadgeTier,
    Comment,
    PendingBadgeCheck,
    Post,
    ReputationEvent,
    ReputationKind,
    Vote,
)
from questor.testing.factories import make_answer, make_comment, make_question, make_user

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# Helpers ------------------------------------------------------------------------------


def _set(post: Post, **fields: object) -> Post:
    Post.objects.filter(pk=post.pk).update(**fields)
    post.refresh_from_db()
    return post


def _votes(user: User, value: int, count: int) -> list[Post]:
    """`count` votes by `user` on other people's questions (rows written directly, so the
    test does not depend on the vote privilege thresholds)."""
    posts = [make_question() for _ in range(count)]
    Vote.objects.bulk_create([Vote(post=post, user=user, value=value) for post in posts])
    return posts


def _accepted_answer(author: User, *, score: int = 0) -> Post:
    asker = make_user()
    question = make_question(author=asker)
    answer = make_answer(question=question, author=author)
    actions.accept_answer(user=asker, answer=answer)
    return _set(answer, score=score)


def _revival(author: User, *, days_late: int = 31, score: int = 2) -> Post:
    question = make_question()
    _set(question, created_at=timezone.now() - days_late * DAY)
    answer = make_answer(question=question, author=author)
    return _set(answer, score=score)


def _reputation(user: User, points: list[int], *, at: datetime.datetime) -> None:
    post = make_question(author=user)
    ReputationEvent.objects.bulk_create(
        [
            ReputationEvent(
                user=user,
                kind=ReputationKind.QUESTION_UPVOTED,
                points=value,
                post=post,
                created_at=at + datetime.timedelta(minutes=n),
            )
            for n, value in enumerate(points)
        ]
    )


def _noon_yesterday() -> datetime.datetime:
    now = timezone.now().astimezone(datetime.UTC)
    return now.replace(hour=12, minute=0, second=0, microsecond=0) - DAY


def _awards(slug: str, user: User | None = None) -> list[Award]:
    awards = Award.objects.filter(badge__slug=slug)
    if user is not None:
        awards = awards.filter(user=user)
    return list(awards)


# What earns each badge, and a near miss for each ------------------------------------
# A builder makes the data for one user and returns the post a per-post badge is for.

Builder = Callable[[User], Post | None]
EARNS: dict[str, Builder] = {}
MISSES: dict[str, Builder] = {}


def earns(slug: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        EARNS[slug] = builder
        return builder

    return register


def misses(slug: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        MISSES[slug] = builder
        return builder

    return register


def _question_scoring(user: User, **fields: object) -> Post:
    return _set(make_question(author=user), **fields)


def _answer_scoring(user: User, score: int) -> Post:
    return _set(make_answer(question=make_question(), author=user), score=score)


@earns("student")
def _asks(user: User) -> None:
    make_question(author=user)


@misses("student")
@earns("teacher")
def _answers(user: User) -> None:
    make_answer(question=make_question(), author=user)


@misses("teacher")
@misses("editor")
def _only_asks(user: User) -> None:
    make_question(author=user)  # revision 1 is not an edit


@earns("mentor")
def _answer_accepted(user: User) -> None:
    _accepted_answer(user)


@misses("mentor")
def _answer_not_accepted(user: User) -> None:
    answer = make_answer(question=make_question(), author=user)
    # Accepted, then the acceptance undone.
    asker = answer.question.author  # type: ignore[union-attr]
    actions.accept_answer(user=asker, answer=answer)
    actions.accept_answer(user=asker, answer=answer)


@earns("scholar")
def _accepts(user: User) -> None:
    actions.accept_answer(user=user, answer=make_answer(question=make_question(author=user)))


@misses("scholar")
def _gets_an_answer(user: User) -> None:
    make_answer(question=make_question(author=user))


@earns("editor")
def _edits(user: User) -> None:
    actions.edit_post(
        editor=user,
        post=make_question(author=user),
        title="How do I run better one-on-ones with six reports?",
        body="A clearer body for this question, edited by its author, with more detail.",
        tag_names=["one-on-ones"],
        base_revision=1,
    )


@earns("supporter")
@misses("critic")
def _votes_up(user: User) -> None:
    _votes(user, 1, 1)


@earns("critic")
@misses("supporter")
def _votes_down(user: User) -> None:
    _votes(user, -1, 1)


@earns("voter")
def _votes_up_ten_times(user: User) -> None:
    _votes(user, 1, 10)


@misses("voter")
def _votes_up_nine_times(user: User) -> None:
    _votes(user, 1, 9)
    _votes(user, -1, 3)


@earns("commentator")
def _comments_ten_times(user: User) -> None:
    question = make_question(author=user)
    for _ in range(10):
        make_comment(post=question, author=user)


@misses("commentator")
def _comments_nine_times(user: User) -> None:
    question = make_question(author=user)
    for _ in range(9):
        make_comment(post=question, author=user)
    # A tenth that was deleted does not count.
    Comment.objects.filter(pk=make_comment(post=question, author=user).pk).update(is_deleted=True)


@earns("autobiographer")
def _writes_about(user: User) -> None:
    User.objects.filter(pk=user.pk).update(about="I lead a team of six.")


@misses("autobiographer")
def _writes_blank_about(user: User) -> None:
    User.objects.filter(pk=user.pk).update(about="  \n ")


@earns("big-day")
def _hundred_in_a_day(user: User) -> None:
    _reputation(user, [10] * 10, at=_noon_yesterday())


@misses("big-day")
def _hundred_across_midnight(user: User) -> None:
    _reputation(user, [10] * 10 + [-1], at=_noon_yesterday())  # 99 in a day
    last_minute = _noon_yesterday() - 3 * DAY + datetime.timedelta(hours=11, minutes=59)
    _reputation(user, [50, 50], at=last_minute)  # 23:59 and 00:00 UTC


for _slug, _minimum in [("nice", 10), ("good", 25), ("great", 100)]:
    EARNS[f"{_slug}-question"] = partial(_question_scoring, score=_minimum)
    MISSES[f"{_slug}-question"] = partial(_question_scoring, score=_minimum - 1)
    EARNS[f"{_slug}-answer"] = partial(_answer_scoring, score=_minimum)
    MISSES[f"{_slug}-answer"] = partial(_answer_scoring, score=_minimum - 1)
for _slug, _minimum in [("popular", 1_000), ("notable", 2_500), ("famous", 10_000)]:
    EARNS[f"{_slug}-question"] = partial(_question_scoring, view_count=_minimum)
    MISSES[f"{_slug}-question"] = partial(_question_scoring, view_count=_minimum - 1)


@earns("revival")
def _revives(user: User) -> Post:
    return _revival(user)


@misses("revival")
def _almost_revives(user: User) -> None:
    _revival(user, days_late=29)
    _revival(user, score=1)
    answer = _revival(user)
    earlier = make_answer(question=answer.question)  # type: ignore[arg-type]
    _set(earlier, created_at=answer.created_at - DAY)


@earns("enlightened")
def _accepted_and_scored(user: User) -> Post:
    return _accepted_answer(user, score=10)


@misses("enlightened")
def _accepted_or_scored(user: User) -> None:
    _accepted_answer(user, score=9)
    _answer_scoring(user, 10)


# The catalogue ------------------------------------------------------------------------


def test_every_badge_is_in_the_database_after_migrate():
    slugs = {definition.slug for definition in BADGES}
    assert len(slugs) == len(BADGES) >= 18
    assert set(Badge.objects.values_list("slug", flat=True)) >= slugs
    tiers = {definition.tier for definition in BADGES}
    assert tiers == {BadgeTier.GOLD, BadgeTier.SILVER, BadgeTier.BRONZE}
    assert any(d.per_post for d in BADGES) and any(not d.per_post for d in BADGES)
    assert set(EARNS) == slugs and set(MISSES) == slugs, "every badge is tested both ways"


def test_sync_badges_is_idempotent_and_repairs_changed_rows():
    assert sync_badges() == 0
    Badge.objects.filter(slug="student").update(name="Renamed", tier=BadgeTier.GOLD)
    Badge.objects.filter(slug="teacher").delete()
    assert sync_badges() == 2
    student = Badge.objects.get(slug="student")
    assert (student.name, student.tier) == ("Student", BadgeTier.BRONZE)
    assert Badge.objects.filter(slug="teacher").exists()
    assert sync_badges() == 0


# Each rule ----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(EARNS))
def test_each_badge_is_awarded_once(slug):
    user = make_user()
    post = EARNS[slug](user)

    assert award_earned_badges([user.pk]) >= 1
    [award] = _awards(slug, user)
    badge = Badge.objects.get(slug=slug)
    assert award.post_id == (post.pk if badge.per_post else None)
    assert badge.award_count == 1

    assert award_earned_badges([user.pk]) == 0
    assert award_earned_badges([user.pk, user.pk]) == 0
    assert len(_awards(slug)) == 1
    assert Badge.objects.get(slug=slug).award_count == 1


@pytest.mark.parametrize("slug", sorted(MISSES))
def test_each_badge_needs_its_condition(slug):
    user = make_user()
    MISSES[slug](user)
    award_earned_badges([user.pk])
    assert _awards(slug) == []
    assert Badge.objects.get(slug=slug).award_count == 0


def test_only_the_given_users_are_checked():
    asker, other = make_user(), make_user()
    make_question(author=asker)
    make_question(author=other)
    assert award_earned_badges([asker.pk]) == 1
    assert [a.user_id for a in _awards("student")] == [asker.pk]
    assert award_earned_badges([]) == 0
    assert award_earned_badges([None]) == 0


def test_a_badge_earned_once_is_not_looked_for_again_for_its_holder():
    """Checks run for every write: a member's check skips the rules of the badges they
    hold that are earned once (one query fewer for each), never per-post badges."""
    holder, newcomer = make_user(), make_user()
    make_question(author=holder)
    assert award_earned_badges([holder.pk]) == 1  # Student
    with CaptureQueriesContext(connection) as holder_check:
        assert award_earned_badges([holder.pk]) == 0
    with CaptureQueriesContext(connection) as newcomer_check:
        assert award_earned_badges([newcomer.pk]) == 0
    assert len(holder_check) == len(newcomer_check) - 1
    # A badge per post is still found for a holder of the badge.
    _set(make_question(author=holder), score=10)
    _set(make_question(author=holder), score=10)
    assert award_earned_badges([holder.pk]) == 2
    assert len(_awards("nice-question", holder)) == 2
    assert len(_awards("student", holder)) == 1


def test_per_post_badges_are_awarded_for_each_post():
    user = make_user()
    first = _set(make_question(author=user), score=10)
    second = _set(make_question(author=user), score=12)
    _set(make_question(author=user), score=3)

    assert award_earned_badges([user.pk]) == 3  # Student, and Nice Question twice
    assert sorted(a.post_id for a in _awards("nice-question", user)) == sorted(
        [first.pk, second.pk]
    )
    assert award_earned_badges([user.pk]) == 0
    assert Badge.objects.get(slug="nice-question").award_count == 2

    third = _set(make_question(author=user), score=10)
    assert award_earned_badges([user.pk]) == 1
    assert {a.post_id for a in _awards("nice-question", user)} == {first.pk, second.pk, third.pk}
    assert Badge.objects.get(slug="nice-question").award_count == 3


def test_a_once_per_user_badge_is_awarded_once_however_often_it_is_earned():
    user = make_user()
    for _ in range(3):
        make_question(author=user)
    assert award_earned_badges([user.pk]) == 1
    [award] = _awards("student", user)
    assert award.post_id is None


def test_many_users_in_one_check():
    users = [make_user() for _ in range(5)]
    for user in users:
        _set(make_answer(question=make_question(), author=user), score=10)
    # Each: Teacher and Nice Answer.
    assert award_earned_badges([user.pk for user in users]) == 10
    assert Badge.objects.get(slug="nice-answer").award_count == 5


def test_deleted_posts_do_not_count():
    user = make_user()
    question = _set(make_question(author=user), score=100, view_count=10_000)
    actions.delete_post(user=user, post=question)
    # An answer under a deleted question counts as deleted too.
    other_question = make_question()
    answer = _set(make_answer(question=other_question, author=user), score=100)
    actions.delete_post(user=other_question.author, post=other_question)  # type: ignore[arg-type]
    # Votes, comments and reputation on deleted posts.
    voted = _votes(user, 1, 10)
    for post in voted:
        _set(post, is_deleted=True)
    _reputation(user, [50, 50], at=_noon_yesterday())
    Post.objects.filter(author=user, is_deleted=False).update(is_deleted=True)

    assert award_earned_badges([user.pk]) == 0
    assert not Award.objects.filter(user=user).exists()
    assert answer.pk and question.pk


def test_a_deleted_earlier_answer_does_not_stop_a_revival():
    user = make_user()
    answer = _revival(user)
    assert answer.question is not None
    earlier = make_answer(question=answer.question)
    _set(earlier, created_at=answer.created_at - DAY)
    actions.delete_post(user=earlier.author, post=earlier)  # type: ignore[arg-type]
    award_earned_badges([user.pk])
    [award] = _awards("revival", user)
    assert award.post_id == answer.pk


def test_awards_stay_when_the_post_is_deleted_later():
    user = make_user()
    question = make_question(author=user)
    award_earned_badges([user.pk])
    actions.delete_post(user=user, post=question)
    assert award_earned_badges([user.pk]) == 0
    assert len(_awards("student", user)) == 1


def test_the_database_refuses_a_second_award():
    user = make_user()
    question = make_question(author=user)
    student = Badge.objects.get(slug="student")
    nice = Badge.objects.get(slug="nice-question")
    Award.objects.create(badge=student, user=user)
    Award.objects.create(badge=nice, user=user, post=question)
    Award.objects.bulk_create(
        [Award(badge=student, user=user), Award(badge=nice, user=user, post=question)],
        ignore_conflicts=True,
    )
    assert Award.objects.filter(user=user).count() == 2
    for duplicate in (
        Award(badge=student, user=user),
        Award(badge=nice, user=user, post=question),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()


def test_an_award_written_by_a_concurrent_check_is_not_written_again(monkeypatch):
    """Another worker awards the badge after this check looked and before it writes: the
    check looks again under the badge lock and writes nothing."""
    from questor.qa import badge_rules

    user = make_user()
    make_question(author=user)
    real_awarded = badge_rules._awarded
    calls = []

    def stale_then_real(user_ids, badge_ids):
        calls.append(1)
        if len(calls) == 1:
            # The other worker commits its award just after our first look.
            Award.objects.create(badge=Badge.objects.get(slug="student"), user=user)
            return set()
        return real_awarded(user_ids, badge_ids)

    monkeypatch.setattr(badge_rules, "_awarded", stale_then_real)
    assert award_earned_badges([user.pk]) == 0
    assert len(calls) == 2
    assert len(_awards("student", user)) == 1
    assert Badge.objects.get(slug="student").award_count == 1


def test_award_count_is_recounted():
    users = [make_user() for _ in range(3)]
    for user in users:
        make_question(author=user)
    award_earned_badges([u.pk for u in users])
    assert Badge.objects.get(slug="student").award_count == 3
    users[0].delete()  # takes its awards with it
    newcomer = make_user()
    make_question(author=newcomer)
    assert award_earned_badges([newcomer.pk]) == 1
    assert Badge.objects.get(slug="student").award_count == 3


def test_rules_cost_a_fixed_number_of_queries():
    def queries(users: list[User]) -> int:
        with CaptureQueriesContext(connection) as captured:
            award_earned_badges([u.pk for u in users])
        return len(captured)

    few = [make_user()]
    many = [make_user() for _ in range(20)]
    for user in few + many:
        _set(make_question(author=user), score=10)
        make_answer(question=make_question(), author=user)
    assert queries(few) == queries(many)
    # A check that finds nothing new writes nothing.
    assert queries(few) == queries(many)


# The background task ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_awards_badges(run_tasks):
    user = make_user()
    Post.objects.filter(pk=make_question(author=user).pk).update(score=10)
    run_tasks()  # whatever the actions queued
    queue_badge_check([user.pk])
    queue_badge_check([user.pk])
    run_tasks()
    assert len(_awards("student", user)) == 1
    assert len(_awards("nice-question", user)) == 1
    assert Badge.objects.get(slug="student").award_count == 1
    assert not PendingBadgeCheck.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_member_waits_once_however_many_changes_they_make(run_tasks):
    user, other = make_user(), make_user()
    run_tasks()
    for _ in range(3):
        queue_badge_check([user.pk, other.pk, None])
    queue_badge_check([user.pk])
    assert sorted(PendingBadgeCheck.objects.values_list("user_id", flat=True)) == sorted(
        [user.pk, other.pk]
    )


@pytest.mark.django_db(transaction=True)
def test_one_run_of_the_worker_checks_every_waiting_member_at_once(run_tasks):
    users = [make_user() for _ in range(3)]
    questions = [make_question(author=user) for user in users]
    run_tasks()  # whatever the actions queued
    Post.objects.filter(pk__in=[question.pk for question in questions]).update(score=10)
    for user in users:
        queue_badge_check([user.pk])
    with CaptureQueriesContext(connection) as captured:
        awarded = run_waiting_badge_checks()
    for user in users:
        assert len(_awards("nice-question", user)) == 1
    assert awarded == 3
    assert not PendingBadgeCheck.objects.exists()
    # One evaluation of the rules (a query or two each) for the three, not three.
    assert len(captured) < 2 * len(BADGES)


@pytest.mark.django_db(transaction=True)
def test_queue_badge_check_runs_after_commit(run_tasks):
    user = make_user()
    with transaction.atomic():
        Post.objects.filter(pk=make_question(author=user).pk).update(view_count=1_000)
        queue_badge_check([user.pk, None])
    run_tasks()
    assert len(_awards("popular-question", user)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_check_is_queued_with_the_change_and_rolled_back_with_it():
    """The check's row is written in the change's transaction: no write of its own after
    the commit, and nothing queued for a change that was rolled back."""
    user = make_user()
    PendingBadgeCheck.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_badge_check([user.pk])
        raise RuntimeError("roll back")
    assert not PendingBadgeCheck.objects.exists()
    with transaction.atomic():
        queue_badge_check([user.pk])
        assert PendingBadgeCheck.objects.get().user_id == user.pk  # in this transaction
    assert PendingBadgeCheck.objects.get().user_id == user.pk


@pytest.mark.django_db(transaction=True)
def test_the_running_worker_checks_waiting_members_unprompted(settings):
    """`questor worker` runs the checks from its thread of periodic jobs, unprompted."""
    from questor.core.tasks import PeriodicJobs

    settings.BADGE_CHECK_DELAY_SECONDS = 0.05
    user = make_user()
    Post.objects.filter(pk=make_question(author=user).pk).update(score=10)
    jobs = PeriodicJobs()
    jobs.start()
    try:
        # Nothing read meanwhile: SQLite's shared-cache memory database of the tests
        # refuses a write to a table another connection is reading ("table is locked").
        deadline = time.monotonic() + 30
        while jobs.runs < 2 and time.monotonic() < deadline:  # pruning, then the checks
            time.sleep(0.05)
    finally:
        jobs.stop()
    assert len(_awards("nice-question", user)) == 1
    assert not PendingBadgeCheck.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_actions_queue_badge_checks(run_tasks):
    """Integration: the actions themselves queue the checks (no direct call here)."""
    asker, answerer = make_user(), make_user()
    question = make_question(author=asker)
    answer = make_answer(question=question, author=answerer)
    actions.accept_answer(user=asker, answer=answer)
    run_tasks()
    assert [b.slug for b in badges_for_user(asker)] == ["scholar", "student"]
    assert [b.slug for b in badges_for_user(answerer)] == ["mentor", "teacher"]


# Pages --------------------------------------------------------------------------------


def test_the_badge_list_shows_every_badge_and_who_earned_it(client):
    user = make_user(username="priya_n")
    make_question(author=user)
    award_earned_badges([user.pk])
    response = client.get("/badges/")
    assert response.status_code == 200
    html = response.content.decode()
    for definition in BADGES:
        assert definition.name in html
    for label in ("Gold", "Silver", "Bronze"):
        assert label in html
    assert html.index("Gold") < html.index("Silver") < html.index("Bronze")
    assert "priya_n" in html
    assert 'href="/badges/student/"' in html
    assert 'href="/badges/"' in html  # the main nav
    assert "✓ earned" not in html


def test_the_badge_list_shows_each_badges_three_newest_earners_however_many_badges():
    """More badges than one query takes (imported sites bring hundreds of tag badges),
    each with its three newest earners in order."""
    from questor.qa import badge_selectors

    members = [make_user(username=f"earner{number}") for number in range(5)]
    made = Badge.objects.bulk_create(
        Badge(slug=f"tag-topic-{number}", name=f"Topic {number}", description="Tag.", tier=3)
        for number in range(badge_selectors._BADGES_PER_QUERY + 5)
    )
    start = timezone.now() - datetime.timedelta(days=10)
    for badge in (made[0], made[-1]):
        Award.objects.bulk_create(
            Award(badge=badge, user=member, awarded_at=start + datetime.timedelta(days=days))
            for days, member in enumerate(members)
        )

    entries = {
        entry.badge.pk: entry
        for group in badge_selectors.badge_index(AnonymousUser())
        for entry in group.entries
    }

    for badge in (made[0], made[-1]):
        newest = [award.user.username for award in entries[badge.pk].recent]
        assert newest == ["earner4", "earner3", "earner2"]
    assert entries[made[1].pk].recent == []


def test_the_badge_list_marks_the_viewers_badges(client):
    user = make_user()
    make_question(author=user)
    award_earned_badges([user.pk])
    client.force_login(user)
    html = client.get("/badges/").content.decode()
    assert html.count("✓ earned") == 1


def test_the_badge_page_lists_who_earned_it_with_the_post(client):
    asker = make_user(username="asker_one")
    answerer = make_user(username="answerer_two")
    question = _set(make_question(author=asker, title="How do I delegate well?"), score=10)
    answer = _set(make_answer(question=question, author=answerer), score=10)
    award_earned_badges([asker.pk, answerer.pk])

    response = client.get("/badges/nice-question/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nice Question" in html and "asker_one" in html
    assert question.get_absolute_url() in html

    html = client.get("/badges/nice-answer/").content.decode()
    assert "answerer_two" in html
    assert f"#answer-{answer.pk}" in html

    html = client.get("/badges/teacher/").content.decode()
    assert "answerer_two" in html and "asker_one" not in html

    actions.delete_post(user=asker, post=question)
    html = client.get("/badges/nice-question/").content.decode()
    assert "asker_one" in html and "a deleted post" in html
    assert question.get_absolute_url() not in html


def test_the_badge_page_lists_newest_first_and_pages():
    badge = Badge.objects.get(slug="student")
    users = [make_user() for _ in range(55)]
    now = timezone.now()
    Award.objects.bulk_create(
        [Award(badge=badge, user=u, awarded_at=now - n * DAY) for n, u in enumerate(users)]
    )
    from django.test import Client

    client = Client()
    first = client.get("/badges/student/").content.decode()
    assert users[0].username in first and users[54].username not in first
    assert first.index(users[0].username) < first.index(users[1].username)
    second = client.get("/badges/student/?page=2").content.decode()
    assert users[54].username in second


def test_an_unknown_badge_is_not_found(client):
    assert client.get("/badges/no-such-badge/").status_code == 404


def test_badges_for_user_and_the_profile_include():
    user = make_user()
    _set(make_question(author=user), score=100)
    _set(make_question(author=user), score=25)
    award_earned_badges([user.pk])
    badges = badges_for_user(user)
    assert [b.slug for b in badges] == [
        "great-question",
        "good-question",
        "nice-question",
        "student",
    ]
    assert (badges.gold, badges.silver, badges.bronze) == (1, 2, 3)
    assert [b.count for b in badges] == [1, 2, 2, 1]

    html = render_to_string("qa/includes/user_badges.html", {"badges": badges})
    assert "Great Question" in html and "1 gold" in html and "3 bronze" in html
    assert 'href="/badges/nice-question/"' in html and "× 2" in html
    assert "No badges yet" in render_to_string(
        "qa/includes/user_badges.html", {"badges": badges_for_user(make_user())}
    )


# Query budgets ------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _earn_per_post_badges(count: int) -> None:
    """`count` members, each with Student, Teacher, Nice Question and Nice Answer."""
    users = []
    for _ in range(count):
        user = make_user()
        question = _set(make_question(author=user), score=10)
        _set(make_answer(question=question, author=user), score=10)
        users.append(user)
    award_earned_badges([u.pk for u in users])


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_badge_pages_cost_the_same_with_1_or_50_awards(client, signed_in):
    viewer = make_user()
    make_question(author=viewer)
    award_earned_badges([viewer.pk])
    if signed_in:
        client.force_login(viewer)
    _earn_per_post_badges(1)
    urls = ["/badges/", "/badges/student/", "/badges/nice-question/", "/badges/nice-answer/"]
    small = {url: _queries(client, url) for url in urls}
    _earn_per_post_badges(50)
    assert Badge.objects.get(slug="student").award_count == 52
    large = {url: _queries(client, url) for url in urls}
    assert small == large
    # The list: the badges and the latest earners (+ session, user, viewer's badges).
    assert large["/badges/"] <= (5 if signed_in else 2)
    # A badge: the badge, the count and the page.
    assert large["/badges/student/"] <= (5 if signed_in else 3)
