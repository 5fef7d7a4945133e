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
