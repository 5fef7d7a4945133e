"""Reputation: each event and its undo, the daily cap, the floor, the ledger, recalc."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from questor.accounts.models import User
from questor.qa import actions
from questor.qa.models import ReputationEvent, ReputationKind
from questor.qa.reputation import total_from_ledger
from questor.testing.factories import make_answer, make_question, make_user

pytestmark = pytest.mark.django_db


def rep(user: User) -> int:
    user.refresh_from_db(fields=["reputation"])
    return user.reputation


@pytest.fixture
def asker():
    return make_user(username="asker")


@pytest.fixture
def question(asker):
    return make_question(author=asker)


@pytest.fixture
def voter():
    return make_user(username="voter", reputation=200)


def test_new_members_start_at_one(asker):
    assert rep(asker) == 1


def test_a_question_upvote_gives_ten_and_undoing_it_takes_them_back(asker, question, voter):
    actions.cast_vote(user=voter, post=question, value=1)
    assert rep(asker) == 11
    actions.cast_vote(user=voter, post=question, value=1)  # the same click again undoes
    assert rep(asker) == 1
    assert not ReputationEvent.objects.filter(user=asker, kind="question_upvoted").exists()


def test_an_answer_upvote_gives_ten(question, voter):
    answerer = make_user()
    answer = make_answer(question=question, author=answerer)
    actions.cast_vote(user=voter, post=answer, value=1)
    assert rep(answerer) == 11
    assert ReputationEvent.objects.get(user=answerer).kind == ReputationKind.ANSWER_UPVOTED


def test_a_downvote_on_an_answer_costs_the_author_two_and_the_voter_one(question, voter):
    answerer = make_user(reputation=21)
    answer = make_answer(question=question, author=answerer)
    actions.cast_vote(user=voter, post=answer, value=-1)
    assert rep(answerer) == 19
    assert rep(voter) == 199


def test_a_downvote_on_a_question_costs_only_the_author(asker, question, voter):
    asker = make_user(reputation=11)
    question = make_question(author=asker)
    actions.cast_vote(user=voter, post=question, value=-1)
    assert rep(asker) == 9
    assert rep(voter) == 200


def test_switching_a_vote_replaces_its_points(asker, question, voter):
    actions.cast_vote(user=voter, post=question, value=1)
    actions.cast_vote(user=voter, post=question, value=-1)
    assert rep(asker) == 1  # 1 + (-2), floored at 1
    assert list(ReputationEvent.objects.filter(user=asker).values_list("kind", "points")) == [
        ("downvote_received", -2)
    ]
    actions.cast_vote(user=voter, post=question, value=1)
    assert rep(asker) == 11


def test_reputation_never_goes_below_one(asker, question):
    for _ in range(3):
        actions.cast_vote(user=make_user(reputation=100), post=question, value=-1)
    assert rep(asker) == 1
    assert total_from_ledger(asker.pk) == 1


def test_accepting_gives_fifteen_to_the_answerer_and_two_to_the_asker(asker, question):
    answerer = make_user()
    answer = make_answer(question=question, author=answerer)
    actions.accept_answer(user=asker, answer=answer)
    assert (rep(answerer), rep(asker)) == (16, 3)


def test_undoing_an_accept_undoes_its_points(asker, question):
    answer = make_answer(question=question)
    actions.accept_answer(user=asker, answer=answer)
    actions.accept_answer(user=asker, answer=answer)
    assert rep(answer.author) == 1 and rep(asker) == 1


def test_accepting_another_answer_moves_the_fifteen(asker, question):
    first, second = make_answer(question=question), make_answer(question=question)
    actions.accept_answer(user=asker, answer=first)
    actions.accept_answer(user=asker, answer=second)
    assert (rep(first.author), rep(second.author), rep(asker)) == (1, 16, 3)


def test_accepting_your_own_answer_earns_nothing(asker, question):
    own = make_answer(question=question, author=asker)
    actions.accept_answer(user=asker, answer=own)
    assert rep(asker) == 1


def test_votes_earn_at_most_two_hundred_a_day(asker):
    questions = [make_question(author=asker) for _ in range(3)]
    voters = [make_user(reputation=20) for _ in range(8)]
    for question in questions:
        for voter in voters:
            actions.cast_vote(user=voter, post=question, value=1)
    # 24 upvotes would be 240; the cap stops at 200.
    assert rep(asker) == 201
    # Accepted answers are not capped.
    answer = make_answer(question=make_question(), author=asker)
    actions.accept_answer(user=answer.question.author, answer=answer)
    assert rep(asker) == 216


def test_undoing_a_capped_vote_takes_back_only_what_it_gave(asker):
    questions = [make_question(author=asker) for _ in range(3)]
    voters = [make_user(reputation=20) for _ in range(7)]
    for question in questions:
        for voter in voters:
            actions.cast_vote(user=voter, post=question, value=1)
    assert rep(asker) == 201  # 21 upvotes: the 21st earned 0
    actions.cast_vote(user=voters[-1], post=questions[-1], value=1)  # undo the capped one
    assert rep(asker) == 201


def test_the_ledger_explains_the_total_and_recalc_restores_it(asker, question, voter):
    answer = make_answer(question=question)
    actions.cast_vote(user=voter, post=question, value=1)
    actions.cast_vote(user=voter, post=answer, value=-1)
    actions.accept_answer(user=asker, answer=answer)
    expected = {user.pk: rep(user) for user in User.objects.all()}
    for user_id, total in expected.items():
        assert total == total_from_ledger(user_id)
    User.objects.update(reputation=999)
    call_command("recalc-reputation")
    assert {user.pk: user.reputation for user in User.objects.all()} == expected


def test_the_reputation_history_page_lists_each_event(client, asker, question, voter):
    actions.cast_vote(user=voter, post=question, value=1)
    page = client.get(f"/users/{asker.pk}/{asker.slug}/reputation/").content.decode()
    assert "+10" in page and "question upvoted" in page and question.title in page


def test_the_users_list_sorts_by_reputation_newest_and_name(client):
    make_user(username="zed", reputation=5)
    make_user(username="amy", reputation=500)
    make_user(username="mia", reputation=50)
    by_rep = client.get("/users/?sort=reputation").content.decode()
    assert by_rep.index("amy") < by_rep.index("mia") < by_rep.index("zed")
    by_name = client.get("/users/?sort=name").content.decode()
    assert by_name.index("amy") < by_name.index("mia") < by_name.index("zed")
    newest = client.get("/users/?sort=new").content.decode()
    assert newest.index("mia") < newest.index("amy") < newest.index("zed")


def test_reputation_and_level_show_beside_author_names(client, asker, question):
    asker.reputation = 1234
    asker.save()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "1,234" in page and "Trusted" in page
