"""What members notice when they vote, accept, delete, edit, draft, comment and read:
the actions in questor.qa.actions and the reads in questor.qa.selectors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from questor.qa import actions, selectors, visits
from questor.qa.models import (
    Category,
    Comment,
    Draft,
    DraftKind,
    Post,
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

# Voting down needs this much reputation (the default `small` preset); members who vote
# down as part of a scenario have it.
VOTE_DOWN_REPUTATION = 50


def _fresh(post: Post) -> Post:
    return Post.objects.get(pk=post.pk)


def _set_created_at(post: Post, minutes_ago: int) -> None:
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def _answer_order(question: Post, viewer=None) -> list[int]:
    page = selectors.question_page(question=_fresh(question), viewer=viewer or AnonymousUser())
    return [answer.pk for answer in page.answers]


# Voting -------------------------------------------------------------------------------


def test_an_upvote_adds_one_to_the_score_and_one_up_vote():
    answer = make_answer(question=make_question())
    voter = make_user()

    outcome = actions.cast_vote(user=voter, post=answer, value=1)

    assert outcome.score == 1
    assert outcome.value == 1
    answer = _fresh(answer)
    assert (answer.score, answer.up_votes, answer.down_votes) == (1, 1, 0)
    assert Vote.objects.get(post=answer, user=voter).value == 1


def test_a_downvote_takes_one_from_the_score_and_counts_one_down_vote():
    question = make_question()
    voter = make_user(reputation=VOTE_DOWN_REPUTATION)

    outcome = actions.cast_vote(user=voter, post=question, value=-1)

    assert (outcome.score, outcome.value) == (-1, -1)
    question = _fresh(question)
    assert (question.score, question.up_votes, question.down_votes) == (-1, 0, 1)


def test_clicking_the_same_vote_again_undoes_it():
    question = make_question()
    voter = make_user()
    actions.cast_vote(user=voter, post=question, value=1)

    outcome = actions.cast_vote(user=voter, post=question, value=1)

    assert (outcome.score, outcome.value) == (0, 0)
    question = _fresh(question)
    assert (question.score, question.up_votes, question.down_votes) == (0, 0, 0)
    assert not Vote.objects.filter(post=question, user=voter).exists()


def test_clicking_the_same_downvote_again_undoes_it():
    question = make_question()
    voter = make_user(reputation=VOTE_DOWN_REPUTATION)
    actions.cast_vote(user=voter, post=question, value=-1)

    outcome = actions.cast_vote(user=voter, post=question, value=-1)

    assert (outcome.score, outcome.value) == (0, 0)
    question = _fresh(question)
    assert (question.score, question.up_votes, question.down_votes) == (0, 0, 0)
    assert not Vote.objects.exists()


def test_switching_from_up_to_down_changes_the_score_by_two():
    question = make_question()
    voter = make_user(reputation=VOTE_DOWN_REPUTATION)
    actions.cast_vote(user=voter, post=question, value=1)

    outcome = actions.cast_vote(user=voter, post=question, value=-1)

    assert (outcome.score, outcome.value) == (-1, -1)
    question = _fresh(question)
    assert (question.score, question.up_votes, question.down_votes) == (-1, 0, 1)
    assert Vote.objects.get(post=question, user=voter).value == -1
    assert Vote.objects.filter(post=question).count() == 1


def test_switching_from_down_to_up_changes_the_score_by_two():
    question = make_question()
    voter = make_user(reputation=VOTE_DOWN_REPUTATION)
    actions.cast_vote(user=voter, post=question, value=-1)

    outcome = actions.cast_vote(user=voter, post=question, value=1)

    assert (outcome.score, outcome.value) == (1, 1)
    question = _fresh(question)
    assert (question.score, question.up_votes, question.down_votes) == (1, 1, 0)


def test_votes_from_several_members_add_up_in_score_and_counts():
    question = make_question()
    for _ in range(3):
        actions.cast_vote(user=make_user(), post=question, value=1)
    actions.cast_vote(user=make_user(reputation=VOTE_DOWN_REPUTATION), post=question, value=-1)

    question = _fresh(question)
    assert (question.score, question.up_votes, question.down_votes) == (2, 3, 1)
    assert Vote.objects.filter(post=question).count() == 4


def test_nobody_can_vote_on_their_own_question_or_answer():
    author = make_user()
    question = make_question(author=author)
    answer = make_answer(question=make_question(), author=author)

    for post in (question, answer):
        with pytest.raises(PermissionDenied):
            actions.cast_vote(user=author, post=post, value=1)
        with pytest.raises(PermissionDenied):
            actions.cast_vote(user=author, post=post, value=-1)
        post = _fresh(post)
        assert (post.score, post.up_votes, post.down_votes) == (0, 0, 0)
    assert not Vote.objects.exists()


def test_a_deleted_post_takes_no_votes():
    author = make_user()
    question = make_question(author=author)
    actions.delete_post(user=author, post=question)

    with pytest.raises(PermissionDenied):
        actions.cast_vote(user=make_user(), post=question, value=1)
    assert _fresh(question).score == 0
    assert not Vote.objects.exists()


def test_an_answer_under_a_deleted_question_takes_no_votes():
    question = make_question()
    answer = make_answer(question=question)
    actions.delete_post(user=question.author, post=question)

    with pytest.raises(PermissionDenied):
        actions.cast_vote(user=make_user(), post=_fresh(answer), value=1)
    assert _fresh(answer).score == 0
    assert _fresh(question).is_answered is False
    assert not Vote.objects.exists()


def test_a_vote_is_one_or_minus_one():
    question = make_question()
    with pytest.raises(ValueError):
        actions.cast_vote(user=make_user(), post=question, value=2)
    assert not Vote.objects.exists()


# Accepting ----------------------------------------------------------------------------


def test_the_asker_can_accept_an_answer():
    asker = make_user()
    question = make_question(author=asker)
    answer = make_answer(question=question)

    assert actions.accept_answer(user=asker, answer=answer) is True

    question = _fresh(question)
    assert question.accepted_answer_id == answer.pk
    assert question.is_answered is True


def test_only_the_asker_can_accept_an_answer():
    question = make_question()
    answerer = make_user()
    answer = make_answer(question=question, author=answerer)

    for someone in (make_user(), answerer, make_user(is_staff=True)):
        with pytest.raises(PermissionDenied):
            actions.accept_answer(user=someone, answer=answer)

    question = _fresh(question)
    assert question.accepted_answer_id is None
    assert question.is_answered is False


def test_accepting_another_answer_moves_the_acceptance():
    asker = make_user()
    question = make_question(author=asker)
    first = make_answer(question=question)
    second = make_answer(question=question)
    actions.accept_answer(user=asker, answer=first)

    assert actions.accept_answer(user=asker, answer=second) is True

    assert _fresh(question).accepted_answer_id == second.pk
    assert Post.objects.filter(accepted_answer__isnull=False).count() == 1


def test_accepting_the_accepted_answer_again_undoes_the_acceptance():
    asker = make_user()
    question = make_question(author=asker)
    answer = make_answer(question=question)
    actions.accept_answer(user=asker, answer=answer)

    assert actions.accept_answer(user=asker, answer=answer) is False

    question = _fresh(question)
    assert question.accepted_answer_id is None
    assert question.is_answered is False


def test_a_deleted_answer_cannot_be_accepted():
    asker = make_user()
    question = make_question(author=asker)
    answerer = make_user()
    answer = make_answer(question=question, author=answerer)
    actions.delete_post(user=answerer, post=answer)

    with pytest.raises(PermissionDenied):
        actions.accept_answer(user=asker, answer=_fresh(answer))
    assert _fresh(question).accepted_answer_id is None


def test_a_question_with_only_unvoted_answers_is_not_answered():
    question = make_question()
    make_answer(question=question)
    make_answer(question=question)

    question = _fresh(question)
    assert question.answer_count == 2
    assert question.is_answered is False


def test_an_answer_with_a_positive_score_makes_the_question_answered_and_losing_it_undoes_that():
    question = make_question()
    answer = make_answer(question=question)
    voter = make_user(reputation=VOTE_DOWN_REPUTATION)

    actions.cast_vote(user=voter, post=answer, value=1)
    assert _fresh(question).is_answered is True

    actions.cast_vote(user=voter, post=answer, value=-1)
    assert _fresh(question).is_answered is False

    actions.cast_vote(user=voter, post=answer, value=-1)  # undo: score 0 is not positive
    assert _fresh(question).is_answered is False


def test_an_accepted_answer_makes_the_question_answered_even_with_a_negative_score():
    asker = make_user()
    question = make_question(author=asker)
    answer = make_answer(question=question)
    actions.cast_vote(user=make_user(reputation=VOTE_DOWN_REPUTATION), post=answer, value=-1)
    assert _fresh(question).is_answered is False

    actions.accept_answer(user=asker, answer=answer)
    assert _fresh(question).is_answered is True

    actions.accept_answer(user=asker, answer=answer)
    assert _fresh(question).is_answered is False


def test_upvoting_the_question_itself_does_not_make_it_answered():
    question = make_question()
    actions.cast_vote(user=make_user(), post=question, value=1)
    assert _fresh(question).is_answered is False


def test_the_unanswered_tab_lists_only_questions_without_an_accepted_or_upvoted_answer():
    asker = make_user()
    no_answers = make_question()
    unvoted_answer = make_question()
    make_answer(question=unvoted_answer)
    upvoted_answer = make_question()
    actions.cast_vote(user=make_user(), post=make_answer(question=upvoted_answer), value=1)
    accepted = make_question(author=asker)
    actions.accept_answer(user=asker, answer=make_answer(question=accepted))

    unanswered = {question.pk for question in selectors.question_list(tab="unanswered")}
    everything = {question.pk for question in selectors.question_list(tab="newest")}

    assert unanswered == {no_answers.pk, unvoted_answer.pk}
    assert everything == {no_answers.pk, unvoted_answer.pk, upvoted_answer.pk, accepted.pk}


# Answer order -------------------------------------------------------------------------


def test_answers_are_ordered_accepted_first_then_by_score_then_oldest_first():
    asker = make_user()
    question = make_question(author=asker)
    oldest_zero = make_answer(question=question)
    newer_zero = make_answer(question=question)
    top = make_answer(question=question)
    accepted = make_answer(question=question)
    negative = make_answer(question=question)
    for post, minutes_ago in [
        (oldest_zero, 50),
        (newer_zero, 40),
        (top, 30),
        (accepted, 20),
        (negative, 60),
    ]:
        _set_created_at(post, minutes_ago)
    for _ in range(2):
        actions.cast_vote(user=make_user(), post=top, value=1)
    actions.cast_vote(user=make_user(reputation=VOTE_DOWN_REPUTATION), post=negative, value=-1)
    actions.accept_answer(user=asker, answer=accepted)

    assert _answer_order(question) == [
        accepted.pk,
        top.pk,
        oldest_zero.pk,
        newer_zero.pk,
        negative.pk,
    ]


def test_without_an_accepted_answer_the_highest_score_comes_first():
    question = make_question()
    low = make_answer(question=question)
    high = make_answer(question=question)
    _set_created_at(low, 10)
    _set_created_at(high, 5)
    actions.cast_vote(user=make_user(), post=high, value=1)

    assert _answer_order(question) == [high.pk, low.pk]


# Soft delete --------------------------------------------------------------------------


def test_deleting_a_question_keeps_its_revisions_votes_comments_and_answers():
    author = make_user()
    question = make_question(author=author)
    actions.edit_post(
        editor=author,
        post=question,
        title=question.title,
        body="A clearer body for the question, now with more detail in it.",
        tag_names=["one-on-ones"],
        base_revision=1,
    )
    actions.cast_vote(user=make_user(), post=question, value=1)
    make_comment(post=question)
    answer = make_answer(question=question)

    actions.delete_post(user=author, post=question)

    question = _fresh(question)
    assert question.is_deleted is True
    assert question.deleted_by_id == author.pk
    assert question.deleted_at is not None
    assert Revision.objects.filter(post=question).count() == 2
    assert Vote.objects.filter(post=question).count() == 1
    assert Comment.objects.filter(post=question, is_deleted=False).count() == 1
    assert Post.objects.filter(pk=answer.pk).exists()


def test_a_deleted_question_leaves_every_list_and_is_not_found_for_anonymous_visitors(client):
    author = make_user()
    category = make_category(slug="hiring")
    kept = make_question(tags=["interviews"], category=category)
    gone = make_question(author=author, tags=["interviews"], category=category)
    tag = Tag.objects.get(name="interviews")

    actions.delete_post(user=author, post=gone)

    for tab in selectors.TABS:
        assert [q.pk for q in selectors.question_list(tab=tab)] == [kept.pk]
    for tab in selectors.TABS:
        for listing in (
            selectors.QuestionListing(tab=tab, tag_id=tag.pk),
            selectors.QuestionListing(tab=tab, category_id=category.pk),
        ):
            assert [q.pk for q in listing[0:30]] == [kept.pk]
            assert listing.count() == 1
    assert list(selectors.user_questions(author)) == []
    assert client.get(_fresh(gone).get_absolute_url()).status_code == 404
    assert client.get(kept.get_absolute_url()).status_code == 200


def test_a_deleted_question_is_still_shown_to_its_author_marked_as_deleted(client):
    author = make_user()
    question = make_question(author=author)
    actions.delete_post(user=author, post=question)

    client.force_login(author)
    response = client.get(question.get_absolute_url())

    assert response.status_code == 200
    assert "This question is deleted" in response.content.decode()


def test_a_deleted_answer_is_hidden_from_others_and_no_longer_counted():
    question = make_question()
    answerer = make_user()
    kept = make_answer(question=question)
    gone = make_answer(question=question, author=answerer)
    make_comment(post=gone)
    actions.cast_vote(user=make_user(), post=gone, value=1)
    assert _fresh(question).answer_count == 2
    assert _fresh(question).is_answered is True

    actions.delete_post(user=answerer, post=gone)

    question = _fresh(question)
    assert question.answer_count == 1
    assert question.is_answered is False
    assert _answer_order(question) == [kept.pk]
    assert _answer_order(question, viewer=make_user()) == [kept.pk]
    assert set(_answer_order(question, viewer=answerer)) == {kept.pk, gone.pk}
    assert list(selectors.user_answers(answerer)) == []
    assert Vote.objects.filter(post=gone).count() == 1
    assert Comment.objects.filter(post=gone).count() == 1
    assert Revision.objects.filter(post=gone).count() == 1


def test_deleting_the_accepted_answer_clears_the_acceptance():
    asker = make_user()
    question = make_question(author=asker)
    answerer = make_user()
    answer = make_answer(question=question, author=answerer)
    actions.accept_answer(user=asker, answer=answer)

    actions.delete_post(user=answerer, post=answer)

    question = _fresh(question)
    assert question.accepted_answer_id is None
    assert question.is_answered is False
    assert question.pk in {q.pk for q in selectors.question_list(tab="unanswered")}


def test_only_the_author_or_staff_can_delete_a_post():
    question = make_question()
    with pytest.raises(PermissionDenied):
        actions.delete_post(user=make_user(), post=question)
    assert _fresh(question).is_deleted is False

    actions.delete_post(user=make_user(is_staff=True), post=question)
    assert _fresh(question).is_deleted is True


def test_a_deleted_question_takes_no_answers():
    author = make_user()
    question = make_question(author=author)
    actions.delete_post(user=author, post=question)

    with pytest.raises(PermissionDenied):
        make_answer(question=_fresh(question))
    assert not Post.objects.filter(question=question).exists()


# Tag and category counts --------------------------------------------------------------


def _tag_count(name: str) -> int:
    return Tag.objects.get(name=name).question_count


def test_tag_counts_go_up_when_asked_and_down_when_deleted():
    author = make_user()
    first = make_question(author=author, tags=["delegation", "feedback"])
    make_question(tags=["feedback"])
    assert (_tag_count("delegation"), _tag_count("feedback")) == (1, 2)

    actions.delete_post(user=author, post=first)

    assert (_tag_count("delegation"), _tag_count("feedback")) == (0, 1)
    assert [tag.name for tag in selectors.tag_list()] == ["feedback"]


def test_retagging_a_question_moves_the_tag_counts():
    author = make_user()
    question = make_question(author=author, tags=["delegation", "feedback"])
    make_tags("hiring")  # the site has it, unused so far

    actions.edit_post(
        editor=author,
        post=question,
        title=question.title,
        body=question.body,
        tag_names=["feedback", "hiring"],
        base_revision=1,
    )

    assert (_tag_count("delegation"), _tag_count("feedback"), _tag_count("hiring")) == (0, 1, 1)
    assert _fresh(question).tag_list == ["feedback", "hiring"]


def test_category_counts_go_up_when_asked_and_down_when_deleted():
    author = make_user()
    hiring = make_category(slug="hiring")
    other = make_category(slug="strategy")
    first = make_question(author=author, category=hiring)
    make_question(category=hiring)
    make_question(category=other)
    assert Category.objects.get(pk=hiring.pk).question_count == 2
    assert Category.objects.get(pk=other.pk).question_count == 1

    actions.delete_post(user=author, post=first)

    assert Category.objects.get(pk=hiring.pk).question_count == 1
    assert Category.objects.get(pk=other.pk).question_count == 1


def test_answers_do_not_change_tag_or_category_counts():
    category = make_category(slug="hiring")
    question = make_question(tags=["interviews"], category=category)
    answerer = make_user()
    answer = make_answer(question=question, author=answerer)
    actions.delete_post(user=answerer, post=answer)

    assert _tag_count("interviews") == 1
    assert Category.objects.get(pk=category.pk).question_count == 1


# Revisions, conflicts, rollback -------------------------------------------------------


def test_asking_creates_the_first_revision():
    question = make_question(title="How should I give feedback to a senior engineer?")
    revisions = list(Revision.objects.filter(post=question))
    assert len(revisions) == 1
    assert revisions[0].number == 1
    assert revisions[0].title == "How should I give feedback to a senior engineer?"
    assert revisions[0].body == question.body
    assert _fresh(question).revision_number == 1


def test_answering_creates_the_answer_s_first_revision():
    answer = make_answer(question=make_question(), body="Start with what they did well. " * 3)
    assert list(Revision.objects.filter(post=answer).values_list("number", "body")) == [
        (1, "Start with what they did well. " * 3)
    ]


def test_each_edit_adds_a_numbered_revision_with_the_new_text():
    author = make_user()
    question = make_question(author=author)
    editor = make_user(is_staff=True)
    make_tags("meetings")  # retagging to a tag the site already has

    actions.edit_post(
        editor=author,
        post=question,
        title="How do I run one-on-ones that are not status meetings?",
        body="Second version of the body, with more context about the team.",
        tag_names=["one-on-ones", "meetings"],
        base_revision=1,
        comment="clarified the title",
    )
    actions.edit_post(
        editor=editor,
        post=question,
        title="How do I run one-on-ones that are not status meetings?",
        body="Third version of the body, tidied up by a moderator for reading.",
        tag_names=["one-on-ones", "meetings"],
        base_revision=2,
    )

    question = _fresh(question)
    assert question.revision_number == 3
    assert question.body == "Third version of the body, tidied up by a moderator for reading."
    assert question.last_editor_id == editor.pk
    assert question.last_edited_at is not None
    history = list(Revision.objects.filter(post=question).order_by("number"))
    assert [r.number for r in history] == [1, 2, 3]
    assert history[1].comment == "clarified the title"
    assert history[1].title == "How do I run one-on-ones that are not status meetings?"
    assert history[1].tag_names == "one-on-ones meetings"
    assert history[2].author_id == editor.pk


def test_an_edit_from_a_stale_revision_raises_edit_conflict_and_changes_nothing():
    author = make_user()
    question = make_question(author=author, tags=["feedback"])
    moderator = make_user(is_staff=True)
    actions.edit_post(
        editor=moderator,
        post=question,
        title=question.title,
        body="The moderator's version of the body, saved while the author typed.",
        tag_names=["feedback"],
        base_revision=1,
    )
    before = _fresh(question)

    with pytest.raises(actions.EditConflict) as conflict:
        actions.edit_post(
            editor=author,
            post=question,
            title="The author's new title that must not be saved",
            body="The author's version of the body, started from revision one.",
            tag_names=["hiring"],
            base_revision=1,
        )

    assert conflict.value.current.number == 2
    assert conflict.value.current.body == before.body
    after = _fresh(question)
    assert (after.title, after.body, after.tag_names, after.revision_number) == (
        before.title,
        before.body,
        before.tag_names,
        2,
    )
    assert Revision.objects.filter(post=question).count() == 2
    assert _tag_count("feedback") == 1
    assert not Tag.objects.filter(name="hiring").exists()


def test_only_the_author_or_staff_can_edit_a_post():
    question = make_question()
    with pytest.raises(PermissionDenied):
        actions.edit_post(
            editor=make_user(),
            post=question,
            title=question.title,
            body="Someone else's attempt to rewrite this question body.",
            tag_names=["feedback"],
            base_revision=1,
        )
    assert _fresh(question).revision_number == 1
    assert Revision.objects.filter(post=question).count() == 1


def test_rolling_back_creates_a_new_revision_with_the_old_text():
    author = make_user()
    original_body = "The first body, which turned out to be the better one after all."
    question = make_question(
        author=author,
        title="What should a first week as a manager look like?",
        body=original_body,
        tags=["new-managers"],
    )
    make_tags("onboarding")  # the site has it, unused so far
    actions.edit_post(
        editor=author,
        post=question,
        title="What should the first week of a new manager look like?",
        body="A second body that made things worse rather than better, sadly.",
        tag_names=["onboarding"],
        base_revision=1,
    )

    actions.rollback_post(user=author, post=question, revision_number=1)

    question = _fresh(question)
    assert question.revision_number == 3
    assert question.title == "What should a first week as a manager look like?"
    assert question.body == original_body
    assert question.tag_list == ["new-managers"]
    assert (_tag_count("new-managers"), _tag_count("onboarding")) == (1, 0)
    newest = Revision.objects.get(post=question, number=3)
    assert newest.body == original_body
    assert newest.comment == "rolled back to revision 1"
    assert Revision.objects.filter(post=question).count() == 3


def test_only_the_author_can_roll_a_post_back():
    question = make_question()
    actions.edit_post(
        editor=question.author,
        post=question,
        title=question.title,
        body="An edited body that a passer-by would like to undo for them.",
        tag_names=["one-on-ones"],
        base_revision=1,
    )
    with pytest.raises(PermissionDenied):
        actions.rollback_post(user=make_user(), post=question, revision_number=1)
    assert _fresh(question).revision_number == 2


# Drafts -------------------------------------------------------------------------------


def test_a_question_draft_is_saved_restored_and_discarded_when_the_question_is_posted():
    author = make_user()
    actions.save_draft(
        user=author,
        kind=DraftKind.QUESTION,
        title="Half a title",
        body="Half a body",
        tags="feedback",
        category_slug="leadership",
    )
    actions.save_draft(user=author, kind=DraftKind.QUESTION, title="A better half title")

    draft = selectors.get_draft(user=author, kind=DraftKind.QUESTION)
    assert draft is not None
    assert draft.title == "A better half title"
    assert Draft.objects.filter(user=author).count() == 1

    make_question(author=author)

    assert selectors.get_draft(user=author, kind=DraftKind.QUESTION) is None


def test_an_answer_draft_belongs_to_its_question_and_is_discarded_when_that_answer_is_posted():
    author = make_user()
    first, second = make_question(), make_question()
    actions.save_draft(user=author, kind=DraftKind.ANSWER, question_id=first.pk, body="For one")
    actions.save_draft(user=author, kind=DraftKind.ANSWER, question_id=second.pk, body="For two")

    draft = selectors.get_draft(user=author, kind=DraftKind.ANSWER, question_id=first.pk)
    assert draft is not None
    assert draft.body == "For one"

    make_answer(question=first, author=author)

    assert selectors.get_draft(user=author, kind=DraftKind.ANSWER, question_id=first.pk) is None
    kept = selectors.get_draft(user=author, kind=DraftKind.ANSWER, question_id=second.pk)
    assert kept is not None
    assert kept.body == "For two"


def test_drafts_are_private_to_their_author():
    author = make_user()
    actions.save_draft(user=author, kind=DraftKind.QUESTION, title="Mine alone")
    assert selectors.get_draft(user=make_user(), kind=DraftKind.QUESTION) is None


def test_a_draft_can_be_discarded():
    author = make_user()
    actions.save_draft(user=author, kind=DraftKind.QUESTION, title="Never mind")
    actions.discard_draft(user=author, kind=DraftKind.QUESTION)
    assert selectors.get_draft(user=author, kind=DraftKind.QUESTION) is None


# Comments -----------------------------------------------------------------------------


def _age_comment(comment: Comment, minutes: float) -> None:
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_a_comment_counts_on_its_post():
    question = make_question()
    make_comment(post=question)
    make_comment(post=question)
    assert _fresh(question).comment_count == 2


def test_a_comment_can_be_edited_within_five_minutes():
    author = make_user()
    comment = make_comment(post=make_question(), author=author)
    _age_comment(comment, 4)

    actions.edit_comment(
        user=author,
        comment=Comment.objects.get(pk=comment.pk),
        body="A *corrected* comment that fixes a typo.",
    )

    comment = Comment.objects.get(pk=comment.pk)
    assert comment.body == "A *corrected* comment that fixes a typo."
    assert "<em>corrected</em>" in comment.body_html
    assert comment.edited_at is not None


def test_a_comment_cannot_be_edited_after_five_minutes():
    author = make_user()
    comment = make_comment(post=make_question(), author=author, body="The original comment text.")
    _age_comment(comment, 6)

    with pytest.raises(PermissionDenied):
        actions.edit_comment(
            user=author,
            comment=Comment.objects.get(pk=comment.pk),
            body="A late change to the comment text.",
        )

    comment = Comment.objects.get(pk=comment.pk)
    assert comment.body == "The original comment text."
    assert comment.edited_at is None


def test_nobody_else_can_edit_a_comment():
    comment = make_comment(post=make_question(), body="The original comment text.")
    with pytest.raises(PermissionDenied):
        actions.edit_comment(
            user=make_user(), comment=comment, body="Someone else's words put in here."
        )
    assert Comment.objects.get(pk=comment.pk).body == "The original comment text."


def test_deleting_a_comment_hides_it_and_lowers_the_count():
    author = make_user()
    question = make_question()
    comment = make_comment(post=question, author=author)

    actions.delete_comment(user=author, comment=comment)

    assert _fresh(question).comment_count == 0
    assert Comment.objects.get(pk=comment.pk).is_deleted is True
    page = selectors.question_page(question=_fresh(question), viewer=AnonymousUser())
    assert page.comments[question.pk] == []


# View counts --------------------------------------------------------------------------


@pytest.fixture
def empty_view_buffer():
    """Views recorded by earlier tests (never flushed) must not count here."""
    visits.flush_views()
    QuestionVisit.objects.all().delete()
    yield
    visits.flush_views()


def _views(question: Post) -> int:
    return _fresh(question).view_count


def test_two_visitors_viewing_three_times_each_count_two_views(empty_view_buffer):
    question = make_question()
    for _ in range(3):
        visits.record_view(question_id=question.pk, visitor="visitor-a")
        visits.record_view(question_id=question.pk, visitor="visitor-b")
    assert _views(question) == 0  # nothing is written until the flush

    assert visits.flush_views() == 2
    assert _views(question) == 2


def test_the_same_visitor_again_within_a_day_adds_no_view(empty_view_buffer):
    question = make_question()
    visits.record_view(question_id=question.pk, visitor="visitor-a")
    visits.flush_views()

    visits.record_view(question_id=question.pk, visitor="visitor-a")
    assert visits.flush_views() == 0
    assert _views(question) == 1


def test_a_visitor_counts_again_after_the_24_hour_window(empty_view_buffer):
    question = make_question()
    visits.record_view(question_id=question.pk, visitor="visitor-a")
    visits.flush_views()
    QuestionVisit.objects.filter(question_id=question.pk).update(
        counted_at=timezone.now() - visits.WINDOW - timedelta(minutes=1)
    )

    visits.record_view(question_id=question.pk, visitor="visitor-a")
    assert visits.flush_views() == 1
    assert _views(question) == 2


def test_views_count_per_question(empty_view_buffer):
    first, second = make_question(), make_question()
    visits.record_view(question_id=first.pk, visitor="visitor-a")
    visits.record_view(question_id=second.pk, visitor="visitor-a")
    visits.flush_views()
    assert (_views(first), _views(second)) == (1, 1)
