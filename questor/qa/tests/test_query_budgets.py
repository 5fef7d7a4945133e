from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questor.qa import actions
from questor.testing.factories import make_answer, make_comment, make_question, make_user

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, r.status_code
    return len(ctx), [q["sql"][:200] for q in ctx.captured_queries]


def test_explore(client):
    asker = make_user()
    q = make_question(author=asker)
    voter = make_user()
    for _ in range(3):
        a = make_answer(question=q)
        make_comment(post=a)
        actions.cast_vote(user=voter, post=a, value=1)
    url = q.get_absolute_url()
    for label, c in [("anon", client)]:
        n, qs = _count(c, url)
        print(label, n)
        for s in qs: print("   ", s)
    client.force_login(voter)
    client.get(url)
    n, qs = _count(client, url)
    print("logged", n)
    for s in qs: print("   ", s)
    for u in ["/", "/?tab=active", "/?tab=unanswered", "/tags/one-on-ones/", "/categories/leadership/", asker.get_absolute_url(), "/users/", "/tags/"]:
        n, qs = _count(client, u)
        print(u, n)
        for s in qs: print("   ", s)
