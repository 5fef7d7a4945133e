"""questor.lib.rawsql gives the same instances as the ORM, on either database."""

from __future__ import annotations

import pytest

from questor.accounts.models import User
from questor.lib import rawsql
from questor.qa.models import Post
from questor.testing.factories import make_answer, make_question, make_user

pytestmark = pytest.mark.django_db


def test_select_reads_the_fields_the_orm_reads_with_their_types():
    question = make_question(title="Budgets & <teams>", tags=["budgets"])
    answer = make_answer(question=question)
    post = rawsql.table(Post)

    found = rawsql.select(
        Post, f"{post}.id IN (%s, %s)", [question.pk, answer.pk], order_by=f"{post}.id"
    )

    expected = list(Post.objects.filter(pk__in=[question.pk, answer.pk]).order_by("pk"))
    for mine, theirs in zip(found, expected, strict=True):
        for field in Post._meta.concrete_fields:
            assert getattr(mine, field.attname) == getattr(theirs, field.attname), field.name
        assert mine._state.adding is False and mine._state.db == theirs._state.db


def test_deferred_fields_load_when_touched_and_extra_columns_become_attributes(
    django_assert_num_queries,
):
    author = make_user()
    User.objects.filter(pk=author.pk).update(display_name="Ada")
    question = make_question(author=author, body="The body.")
    post, user = rawsql.table(Post), rawsql.table(User)

    with django_assert_num_queries(1):
        (found,) = rawsql.select(
            Post,
            f"{post}.id = %s",
            [question.pk],
            exclude=("body", "body_html"),
            also=rawsql.related_columns(User, "author", ("id", "display_name", "reputation")),
            join=f" LEFT OUTER JOIN {user} author ON author.id = {post}.author_id",
        )
        rawsql.attach([found], "author", User, "author", ("id", "display_name", "reputation"))
        assert found.author.display_name == "Ada"  # attached: no query
        assert found.created_at == question.created_at  # converted to a datetime
    with django_assert_num_queries(1):
        assert found.body == "The body."  # deferred: read when touched


def test_save_new_stores_what_save_stores_and_sends_its_signals_when_asked():
    from django.db.models.signals import post_save

    from questor.qa.models import PostType, Vote

    question, voter = make_question(), make_user()
    heard_of: list[tuple[int, bool]] = []

    def heard(*, instance: Post, created: bool, **kwargs: object) -> None:
        heard_of.append((instance.pk, created))

    post_save.connect(heard, sender=Post, dispatch_uid="test-save-new")
    try:
        answer = rawsql.save_new(
            Post(post_type=PostType.ANSWER, question=question, author=voter, body="An answer."),
            signals=True,
        )
        vote = rawsql.save_new(Vote(post=answer, user=question.author, value=1))
    finally:
        post_save.disconnect(dispatch_uid="test-save-new", sender=Post)

    assert heard_of == [(answer.pk, True)]  # the post's signal, and not the vote's
    assert answer._state.adding is False and vote._state.adding is False
    stored = Post.objects.get(pk=answer.pk)
    for field in Post._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(answer, field.attname), field.name
    assert Vote.objects.get(pk=vote.pk).created_at == vote.created_at


def test_save_new_all_gives_each_row_its_own_id():
    from questor.qa.models import Vote

    question = make_question()
    voters = [make_user() for _ in range(3)]

    votes = rawsql.save_new_all([Vote(post=question, user=voter, value=1) for voter in voters])

    assert [vote.user_id for vote in votes] == [voter.pk for voter in voters]
    stored = dict(Vote.objects.filter(post=question).values_list("pk", "user_id"))
    assert stored == {vote.pk: vote.user_id for vote in votes}


def test_instances_defer_what_the_orm_defers_and_save_only_what_was_read():
    question = make_question(title="Old title", body="The body stays.")
    post = rawsql.table(Post)

    (found,) = rawsql.select(Post, f"{post}.id = %s", [question.pk], only=("title", "score"))

    expected = Post.objects.only("title", "score").get(pk=question.pk)
    assert found.get_deferred_fields() == expected.get_deferred_fields()
    found.title = "New title"
    found.save()
    question.refresh_from_db()
    assert (question.title, question.body) == ("New title", "The body stays.")


def test_a_listener_to_post_init_hears_every_instance_read():
    """Instances are made without Model.__init__ only where nothing could tell."""
    from django.db.models.signals import post_init

    questions = [make_question(), make_question()]
    heard: list[int | None] = []

    def listener(*, instance: Post, **kwargs: object) -> None:
        heard.append(instance.pk)

    post = rawsql.table(Post)
    post_init.connect(listener, sender=Post, dispatch_uid="test-post-init")
    try:
        found = rawsql.select(
            Post, f"{post}.id IN (%s, %s)", [q.pk for q in questions], order_by=f"{post}.id"
        )
    finally:
        post_init.disconnect(dispatch_uid="test-post-init", sender=Post)

    assert heard == [q.pk for q in questions] == [q.pk for q in found]
