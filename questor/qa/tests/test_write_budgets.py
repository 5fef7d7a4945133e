"""Query budgets for the writes members make most: a vote, an answer and a comment, posted
through their forms by a signed-in member, as `make bench` posts them.

Every query of a write costs CPU (about 0.3 ms of the ORM's), and on SQLite the ones in
its transaction hold the whole database's write lock, which every other writer waits
for. The budgets are for the database cache (the session is a cache read, and the page
cache's invalidation an UPDATE of the cache table) and include SQLite's BEGIN and COMMIT;
with Redis the same writes cost no more. On PostgreSQL there is no BEGIN or COMMIT in the
log, but a vote locks the members' rows.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from questor.qa.models import Comment, Post, Vote
from questor.testing.factories import DEFAULT_PASSWORD, make_answer, make_question, make_user

# Commits run (the page cache is invalidated on commit), and the page cache is on.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.page_cache]

# Session and member; the post (with its question); then in one transaction: the post
# again (locked), the member's vote on it, the vote, the post's counts, the question's
# is_answered (the answer's score crossed zero), the author's ledger (one query for the
# total and the daily cap), the ledger line, the author's total, the badge check's queue
# row; BEGIN and COMMIT; the page cache's invalidation. It was 26, with a recount of the
# question's answers, the member locks SQLite does without, the ledger summed twice and
# the page cache's invalidation in a transaction of its own.
VOTE_POST = 15
# On PostgreSQL the voter's and the author's rows are locked (two queries) before their
# reputation changes; on SQLite the transaction's write lock already covers them.
VOTE_POST_POSTGRESQL = VOTE_POST + 2
# Session and member; the question, read again as it is now; then the answer, whether
# its author has other posts (the first-posts review queue), its first revision, its
# search document (a new post has no document nor fingerprint to replace), the question's
# count and activity (one UPDATE, not a recount), the draft, the badge check, the inbox
# entries (who follows the question or the author, in one query; those members with
# their settings, in one; the entries); BEGIN and COMMIT; the page cache; the author's
# email, queued once the entry commits. It was 22, with the deletes of the fingerprint
# and the document, and the followers and the members' settings read apart; 30 before
# (a member's first answer costs 1 more: it goes to the first-posts review queue).
ANSWER_POST = 18
# Session and member; the post (with its question); the comment, the post's count, the
# badge check, the inbox entries (the other commenters and the followers, in one query;
# those members with their settings, in one; the entries); BEGIN and COMMIT; the page
# cache; the author's email. It was 15, with those read in four queries; 19 before.
COMMENT_POST = 13


def _member() -> tuple[Client, object]:
    user = make_user(reputation=1000)
    client = Client()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return client, user


def _queries(client: Client, url: str, data: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    assert response.status_code == 302, response.content[:500]
    return len(captured)


def test_a_vote_costs_a_fixed_number_of_queries():
    client, user = _member()
    question = make_question()
    warm, answer = make_answer(question=question), make_answer(question=question)
    _queries(client, f"/posts/{warm.pk}/vote/", {"direction": "up"})  # privileges read
    budget = VOTE_POST_POSTGRESQL if connection.vendor == "postgresql" else VOTE_POST
    assert _queries(client, f"/posts/{answer.pk}/vote/", {"direction": "up"}) <= budget
    answer.refresh_from_db()
    assert (answer.score, answer.up_votes) == (1, 1)
    assert Vote.objects.filter(post=answer, user=user, value=1).exists()
    question.refresh_from_db()
    assert question.is_answered and question.answer_count == 2
    assert answer.author is not None
    answer.author.refresh_from_db()
    assert answer.author.reputation == 11


def test_an_answer_costs_a_fixed_number_of_queries():
    client, user = _member()
    first, question = make_question(), make_question()
    body = "Write the decision down, share it with the team, and check it a week later."
    _queries(client, f"/questions/{first.pk}/answer/", {"body": body})  # a first post's review
    assert _queries(client, f"/questions/{question.pk}/answer/", {"body": body}) <= ANSWER_POST
    question.refresh_from_db()
    assert question.answer_count == 1
    assert Post.objects.filter(question=question, author=user).count() == 1


def test_a_comment_costs_a_fixed_number_of_queries():
    client, user = _member()
    warm, question = make_question(), make_question()
    body = {"body": "Could you say more about the size of the team?"}
    _queries(client, f"/posts/{warm.pk}/comments/", body)  # privileges read
    assert _queries(client, f"/posts/{question.pk}/comments/", body) <= COMMENT_POST
    question.refresh_from_db()
    assert question.comment_count == 1
    assert Comment.objects.filter(post=question, author=user).count() == 1
