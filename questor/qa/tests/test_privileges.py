"""Each privilege in both presets: allowed at its threshold, refused below it with the
threshold in plain words, through the action and through the page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from questor.qa import actions
from questor.qa.models import Post, SuggestedEdit, Tag, Vote
from questor.qa.privileges import PRESETS, apply_preset, threshold
from questor.testing.factories import make_answer, make_question, make_user

pytestmark = pytest.mark.django_db

PRESET_NAMES = sorted(PRESETS)


@pytest.fixture(params=PRESET_NAMES)
def preset(request):
    apply_preset(request.param)
    return PRESETS[request.param]


def test_the_small_preset_is_the_default():
    assert {key: threshold(key) for key in PRESETS["small"]} == PRESETS["small"]


def test_the_command_switches_presets_and_prints_the_table(capsys):
    call_command("privileges", "--preset", "large")
    assert threshold("vote_down") == 125 and threshold("edit_others") == 2000
    assert "Applied the large preset." in capsys.readouterr().out
    call_command("privileges", "--preset", "small")
    assert threshold("vote_down") == 50


@pytest.mark.parametrize(("direction", "key"), [(1, "vote_up"), (-1, "vote_down")])
def test_voting_needs_its_privilege(preset, direction, key):
    question = make_question()
    needed = preset[key]
    if needed > 1:
        below = make_user(reputation=needed - 1)
        with pytest.raises(PermissionDenied) as refusal:
            actions.cast_vote(user=below, post=question, value=direction)
        action = "vote up" if direction == 1 else "vote down"
        assert str(refusal.value) == (
            f"You need {needed:,} reputation to {action}; you have {needed - 1:,}."
        )
    at = make_user(reputation=needed)
    assert actions.cast_vote(user=at, post=question, value=direction).value == direction


def test_a_refused_vote_through_the_page_explains_the_threshold(client, preset):
    question = make_question()
    member = make_user(reputation=preset["vote_down"] - 1)
    client.force_login(member)
    response = client.post(f"/posts/{question.pk}/vote/", {"direction": "down"})
    assert response.status_code == 403
    assert f"You need {preset['vote_down']:,} reputation to vote down" in response.content.decode()
    assert not Vote.objects.exists()


def test_taking_a_vote_back_needs_no_privilege():
    question = make_question()
    voter = make_user(reputation=50)
    actions.cast_vote(user=voter, post=question, value=-1)
    apply_preset("large")  # the bar rises above the voter
    voter.refresh_from_db()
    assert actions.cast_vote(user=voter, post=question, value=-1).value == 0


def test_creating_a_tag_needs_its_privilege(preset):
    from questor.testing.factories import make_category

    category = make_category()
    needed = preset["create_tags"]
    below = make_user(reputation=needed - 1)
    with pytest.raises(
        PermissionDenied, match=f"You need {needed:,} reputation to create new tags"
    ):
        actions.ask_question(
            author=below, title="How do I run a retrospective?", body="x" * 40,
            tag_names=["brand-new-tag"], category=category,
        )  # fmt: skip
    assert not Tag.objects.filter(name="brand-new-tag").exists()
    Tag.objects.create(name="existing")
    actions.ask_question(
        author=below, title="How do I run a retrospective?", body="x" * 40,
        tag_names=["existing"], category=category,
    )  # fmt: skip
    at = make_user(reputation=needed)
    actions.ask_question(
        author=at, title="How do I run a retrospective now?", body="x" * 40,
        tag_names=["brand-new-tag"], category=category,
    )  # fmt: skip
    assert Tag.objects.filter(name="brand-new-tag").exists()


def test_a_new_tag_without_the_privilege_is_explained_next_to_the_tags_field(client):
    from questor.testing.factories import make_category

    make_category()
    client.force_login(make_user())
    response = client.post(
        "/questions/ask/",
        {"title": "How do I run a retrospective?", "body": "x" * 40,
         "tags": "brand-new-tag", "category": "leadership"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "“brand-new-tag” is a new tag. You need 50 reputation to create new tags" in page
    assert 'value="How do I run a retrospective?"' in page
    assert not Post.objects.exists()


def test_commenting_on_others_posts_needs_its_privilege_but_your_own_never_does(preset):
    asker = make_user(reputation=1)
    question = make_question(author=asker)
    answer = make_answer(question=question)
    assert actions.add_comment(author=asker, post=question, body="Adding some detail here.")
    assert actions.add_comment(author=asker, post=answer, body="Thanks, that helps a lot.")
    stranger = make_user(reputation=preset["comment"] - 1 or 0)
    if preset["comment"] > 1:
        with pytest.raises(PermissionDenied, match="reputation to comment on others' posts"):
            actions.add_comment(author=stranger, post=question, body="What have you tried so far?")
    commenter = make_user(reputation=preset["comment"])
    assert actions.add_comment(author=commenter, post=question, body="What have you tried so far?")


def test_the_question_page_hides_the_comment_form_from_those_who_may_not_comment(client):
    apply_preset("large")
    question = make_question()
    client.force_login(make_user(reputation=10))
    assert "Add a comment" not in client.get(question.get_absolute_url()).content.decode()
    client.force_login(make_user(reputation=50))
    assert "Add a comment" in client.get(question.get_absolute_url()).content.decode()


def test_editing_others_posts_needs_its_privilege_and_below_it_becomes_a_suggestion(preset):
    question = make_question()
    needed = preset["edit_others"]
    below = make_user(reputation=needed - 1)
    with pytest.raises(PermissionDenied, match=f"You need {needed:,} reputation to edit others"):
        actions.edit_post(editor=below, post=question, body="y" * 40, title=question.title,
                          tag_names=question.tag_list, base_revision=1)  # fmt: skip
    suggestion = actions.suggest_edit(author=below, post=question, body="y" * 40,
                                      title=question.title, tag_names=question.tag_list,
                                      base_revision=1)  # fmt: skip
    assert suggestion.status == "pending"
    question.refresh_from_db()
    assert question.body != "y" * 40
    editor = make_user(reputation=needed)
    actions.edit_post(editor=editor, post=question, body="z" * 40, title=question.title,
                      tag_names=question.tag_list, base_revision=1)  # fmt: skip
    question.refresh_from_db()
    assert question.body == "z" * 40


def test_the_edit_page_turns_an_unprivileged_edit_into_a_suggestion(client):
    question = make_question()
    client.force_login(make_user())
    page = client.get(f"/posts/{question.pk}/edit/").content.decode()
    assert "Suggest an edit" in page
    response = client.post(
        f"/posts/{question.pk}/edit/",
        {"title": question.title, "body": "A clearer body that says the same thing.",
         "tags": question.tag_names, "base_revision": 1, "comment": "clarified"},
    )  # fmt: skip
    assert response.status_code == 302
    assert SuggestedEdit.objects.get().comment == "clarified"
    question.refresh_from_db()
    assert question.revision_number == 1


def test_approving_a_suggestion_applies_it_credits_its_author_and_pays_two():
    question = make_question()
    suggester = make_user()
    reviewer = make_user(reputation=500)
    suggestion = actions.suggest_edit(author=suggester, post=question, body="A clearer body " * 3,
                                      title=question.title, tag_names=question.tag_list,
                                      base_revision=1)  # fmt: skip
    actions.review_suggested_edit(reviewer=reviewer, suggestion=suggestion, approve=True)
    question.refresh_from_db()
    suggester.refresh_from_db()
    assert question.body == "A clearer body " * 3
    assert question.revisions.get(number=2).author == suggester
    assert suggester.reputation == 3


def test_rejecting_a_suggestion_changes_nothing_and_pays_nothing():
    question = make_question()
    suggester = make_user()
    suggestion = actions.suggest_edit(author=suggester, post=question, body="b" * 40,
                                      title=question.title, base_revision=1)  # fmt: skip
    actions.review_suggested_edit(
        reviewer=make_user(reputation=500), suggestion=suggestion, approve=False, reason="no"
    )
    suggestion.refresh_from_db()
    suggester.refresh_from_db()
    assert suggestion.status == "rejected" and suggester.reputation == 1
    question.refresh_from_db()
    assert question.revision_number == 1


def test_a_suggestion_overtaken_by_a_later_edit_is_rejected_not_applied():
    question = make_question()
    suggestion = actions.suggest_edit(author=make_user(), post=question, body="b" * 40,
                                      title=question.title, base_revision=1)  # fmt: skip
    assert question.author is not None
    actions.edit_post(editor=question.author, post=question, body="c" * 40,
                      title=question.title, base_revision=1)  # fmt: skip
    actions.review_suggested_edit(
        reviewer=make_user(reputation=500), suggestion=suggestion, approve=True
    )
    suggestion.refresh_from_db()
    question.refresh_from_db()
    assert suggestion.status == "rejected" and question.body == "c" * 40


def test_reviewing_needs_the_edit_privilege(client, preset):
    client.force_login(make_user(reputation=preset["edit_others"] - 1))
    response = client.get("/review/suggested-edits/")
    assert response.status_code == 403
    assert f"You need {preset['edit_others']:,} reputation" in response.content.decode()
    client.force_login(make_user(reputation=preset["edit_others"]))
    assert client.get("/review/suggested-edits/").status_code == 200


def test_the_privileges_page_lists_the_current_thresholds(client, preset):
    page = client.get("/help/privileges/").content.decode()
    for key, value in preset.items():
        assert f'id="privilege-{key}"><td>{value:,}</td>' in page


def test_staff_have_every_privilege():
    apply_preset("large")
    question = make_question()
    staff = make_user(is_staff=True)
    assert actions.cast_vote(user=staff, post=question, value=-1).value == -1
