"""A query's ranked ids are kept in the cache while nothing is written (run on SQLite and
on PostgreSQL, with committed transactions, as on a site): the same words searched again
do not ask the index, and a committed edit, deletion or vote is seen by the next search."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questor.qa import actions
from questor.qa.search import matching_ids, run_search
from questor.search.query import parse
from questor.testing.factories import make_answer, make_question, make_user

pytestmark = [pytest.mark.page_cache, pytest.mark.django_db(transaction=True)]


def _search(text: str, tab: str = "relevance") -> tuple[list[int], list[dict[str, Any]]]:
    with CaptureQueriesContext(connection) as captured:
        found = matching_ids(parse(text), AnonymousUser(), tab=tab)
    return found, [query for query in captured if "search_document" in query["sql"]]


def test_the_same_words_again_reuse_the_ranked_ids_until_an_edit_is_committed():
    alice = make_user(username="alice")
    board = make_question(author=alice, title="Running a kanban board", body="Cards. " * 5)
    other = make_question(author=alice, title="Estimates that slip", body="Dates. " * 5)

    found, index_reads = _search("kanban")
    assert found == [board.pk] and index_reads
    found, index_reads = _search("kanban", tab="newest")  # another tab: same ids, no index
    assert found == [board.pk] and not index_reads
    assert run_search("kanban", viewer=AnonymousUser(), page=2).total == 1

    actions.edit_post(
        editor=alice, post=other, title=other.title, body="We moved them to a kanban board.",
        tag_names=other.tag_list, base_revision=other.revision_number,
    )  # fmt: skip
    found, index_reads = _search("kanban")
    assert set(found) == {board.pk, other.pk} and index_reads


def test_a_deletion_and_a_vote_show_in_the_next_search():
    alice, voter = make_user(username="alice"), make_user(reputation=100)
    question = make_question(author=alice, title="Kanban for a small team", body="Cards. " * 5)
    answer = make_answer(question=question, body="A kanban board with three columns works.")
    assert set(_search("kanban")[0]) == {question.pk, answer.pk}

    actions.delete_post(user=answer.author, post=answer)
    assert _search("kanban")[0] == [question.pk]
    assert _search("kanban score:1")[0] == []
    actions.cast_vote(user=voter, post=question, value=1)
    assert _search("kanban score:1")[0] == [question.pk]
