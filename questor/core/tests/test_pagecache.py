"""The anonymous page cache (questor/core/pagecache.py): hits are cheap, every write
makes the next anonymous load fresh, members never get a cached page, and each visitor
gets their own CSRF token.

Invalidation happens on commit, so those tests use `transactional_db` (the `db`
fixture's transaction is never committed)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]
from django.test import Client
from django.test.utils import CaptureQueriesContext

from questor.core import pagecache
from questor.qa import visits
from questor.qa.models import Post
from questor.testing.factories import DEFAULT_PASSWORD, make_answer, make_question, make_user

pytestmark = pytest.mark.page_cache


def _score(body: str, post_id: int) -> int:
    match = re.search(rf'id="vote-{post_id}" data-score="(-?\d+)"', body)
    assert match, f"no score for post {post_id}"
    return int(match[1])


def _get(client: Client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.headers.get("X-Page-Cache", ""), response.content.decode()


def _member(**kwargs: Any) -> tuple[Any, Client]:
    user = make_user(**kwargs)
    client = Client()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return user, client


# Writes that change pages --------------------------------------------------------------


def test_write_detection() -> None:
    assert pagecache.is_page_write('UPDATE "qa_post" SET "score" = ("qa_post"."score" + 1)')
    assert pagecache.is_page_write('INSERT INTO "qa_vote" ("user_id") VALUES (%s)')
    assert pagecache.is_page_write('  delete from "qa_comment" WHERE id = 1')
    assert pagecache.is_page_write("INSERT OR IGNORE INTO search_fts(rowid) VALUES (1)")
    assert not pagecache.is_page_write('SELECT "qa_post"."id" FROM "qa_post"')
    assert not pagecache.is_page_write('UPDATE "django_session" SET "session_data" = %s')
    assert not pagecache.is_page_write('INSERT INTO "questor_cache" (cache_key) VALUES (%s)')
    assert not pagecache.is_page_write('UPDATE "qa_post" SET "view_count" = ("view_count" + 3)')
    assert not pagecache.is_page_write('INSERT INTO "qa_questionvisit" ("visitor") VALUES (%s)')


def _generation() -> Any:
    from django.core.cache import cache

    return cache.get(pagecache.GENERATION_KEY)


@pytest.mark.django_db(transaction=True)
def test_generation_changes_on_commit_only() -> None:
    question = make_question()
    before = _generation()
    with transaction.atomic():
        Post.objects.filter(pk=question.pk).update(score=5)
        assert _generation() == before, "bumped before the commit"
        Post.objects.filter(pk=question.pk).update(score=6)
    after = _generation()
    assert after not in (None, before)
    try:
        with transaction.atomic():
            Post.objects.filter(pk=question.pk).update(score=7)
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert _generation() == after, "a rolled-back write bumped the generation"
    # A write after a rolled-back savepoint still bumps at the commit.
    with transaction.atomic():
        try:
            with transaction.atomic():
                Post.objects.filter(pk=question.pk).update(score=8)
                raise RuntimeError("roll back the savepoint")
        except RuntimeError:
            pass
        Post.objects.filter(pk=question.pk).update(score=9)
    assert _generation() != after


@pytest.mark.django_db
def test_with_the_database_cache_a_bump_is_one_update(settings: Any) -> None:
    """Every write pays for a bump: with the database cache it is one UPDATE of the
    generation's row (cache.set would count the table and read the row first), and the
    cache reads it back as cache.set would have stored it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "questor_cache",
            "KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        }
    }
    call_command("createcachetable", verbosity=0)  # with Redis the suite has none
    first = pagecache.bump_generation()  # no row yet: cache.set makes it
    assert first is not None and _generation() == first
    with CaptureQueriesContext(connection) as captured:
        second = pagecache.bump_generation()
    assert len(captured) == 1
    assert second not in (None, first)
    assert _generation() == second
    with CaptureQueriesContext(connection) as captured:
        assert pagecache._read_generation() == second  # what a hit from a copy reads
    assert len(captured) == 1


@pytest.mark.django_db(transaction=True)
def test_view_counts_do_not_invalidate() -> None:
    question = make_question()
    before = _generation()
    visits.record_view(question_id=question.pk, visitor="v1")
    assert visits.flush_views() == 1
    assert _generation() == before


# Hits ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_hit_costs_at_most_one_query(client: Client) -> None:
    question = make_question()
    for _ in range(30):
        make_answer(question=question)
    urls = [
        question.get_absolute_url(),
        "/",
        "/?tab=votes",
        "/tags/one-on-ones/",
        question.author.get_absolute_url() if question.author else "/users/",
        "/search/?q=one-on-ones",
        "/search/?q=%5Bone-on-ones%5D+score%3A0..5",
    ]
    for url in urls:
        state, first = _get(client, url)
        assert state == "miss", url
        with CaptureQueriesContext(connection) as captured:
            state, second = _get(client, url)
        assert state == "hit", url
        assert len(captured) <= 1, (url, [q["sql"] for q in captured])
        assert second.count("csrfmiddlewaretoken") == first.count("csrfmiddlewaretoken")


@pytest.mark.django_db
def test_hits_count_views_and_keep_each_visitors_csrf_token() -> None:
    question = make_question()
    url = question.get_absolute_url()
    first, second = Client(), Client(REMOTE_ADDR="192.0.2.7")
    assert _get(first, url)[0] == "miss"
    visits._pending.clear()
    state, body = _get(second, url)
    assert state == "hit"
    assert len(visits._pending) == 1, "a page served from the cache counts its view"
    assert "__questor_csrf" not in body
    secret = second.cookies["csrftoken"].value
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', body))
    assert tokens
    assert all(_unmask_cipher_token(token) == secret for token in tokens)
    assert secret != first.cookies["csrftoken"].value


@pytest.mark.django_db
def test_a_process_serves_its_copy_of_a_page_only_under_the_current_generation() -> None:
    """A hit reads only the generation when this process has a copy of the page; a
    write from any process (here: the generation replaced in the shared cache, as another
    worker's commit does) makes the next load fresh."""
    from django.core.cache import cache

    question = make_question()
    url = question.get_absolute_url()
    client = Client()
    assert _get(client, url)[0] == "miss"
    for key in list(pagecache._copies._pages):
        cache.delete(key)  # only this process's copy is left
    state, body = _get(client, url)
    assert state == "hit"
    assert f'data-score="{question.score}"' in body

    Post.objects.filter(pk=question.pk).update(score=41)  # in the test's transaction: no bump
    cache.set(pagecache.GENERATION_KEY, "another-process-wrote", timeout=None)
    state, body = _get(client, url)
    assert state == "miss"
    assert _score(body, question.pk) == 41


def test_copies_are_bounded_by_size(monkeypatch: pytest.MonkeyPatch) -> None:
    copies = pagecache._Copies()
    monkeypatch.setattr(copies, "MAX_BYTES", 250)
    page = b"x" * 100
    for key in ("a", "b", "c"):
        copies.put(key, ("g", [], page, 1e12))
    assert copies.get("a") is None  # the oldest went
    assert copies.get("b") is not None
    copies.put("d", ("g", [], page, 1e12))  # "b" was used last, so "c" goes
    assert copies.get("c") is None
    assert copies.get("b") is not None and copies.get("d") is not None


@pytest.mark.django_db
def test_not_for_sessions_messages_writes_or_errors(client: Client) -> None:
    question = make_question()
    url = question.get_absolute_url()
    _get(client, url)
    assert _get(client, url)[0] == "hit"
    # Anyone with a session or pending messages gets the page made for them.
    client.cookies["sessionid"] = "not-a-session"
    assert _get(client, url)[0] == ""
    del client.cookies["sessionid"]
    client.cookies["messages"] = "x"
    assert _get(client, url)[0] == ""
    del client.cookies["messages"]
    assert client.head(url).headers.get("X-Page-Cache", "") == ""
    assert client.get("/questions/999999/x/").status_code == 404
    assert client.get("/questions/999999/x/").headers.get("X-Page-Cache", "") == ""
    # Pages that are not registered are never kept.
    assert client.get("/accounts/login/").headers.get("X-Page-Cache", "") == ""


@pytest.mark.django_db
def test_off_when_page_cache_seconds_is_zero(client: Client, settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    url = make_question().get_absolute_url()
    assert _get(client, url)[0] == ""
    assert _get(client, url)[0] == ""


@pytest.mark.django_db
def test_members_never_get_cached_pages(client: Client) -> None:
    question = make_question()
    url = question.get_absolute_url()
    _get(client, url)
    assert _get(client, url)[0] == "hit"
    member, member_client = _member(username="cached_member_check")
    for _ in range(2):
        state, body = _get(member_client, url)
        assert state == ""
        assert "cached_member_check" in body


# Every write makes the next anonymous load fresh -------------------------------------


@pytest.mark.django_db(transaction=True)
def test_votes_answers_comments_edits_show_at_once(client: Client) -> None:
    author, author_client = _member(reputation=1000)
    question = make_question(author=author)
    answer = make_answer(question=question)
    url = question.get_absolute_url()
    _, voter_client = _member(reputation=100)
    _get(client, url)
    assert _get(client, url)[0] == "hit"

    assert voter_client.post(f"/posts/{question.pk}/vote/", {"direction": "up"}).status_code == 302
    state, body = _get(client, url)
    assert state == "miss" and _score(body, question.pk) == 1
    assert _get(client, url)[0] == "hit"

    text = "A fresh answer about keeping one-on-ones about the person, not the status."
    assert voter_client.post(f"/questions/{question.pk}/answer/", {"body": text}).status_code == 302
    state, body = _get(client, url)
    assert state == "miss" and text in body

    comment = "A comment that must be seen on the very next load."
    response = voter_client.post(f"/posts/{answer.pk}/comments/", {"body": comment})
    assert response.status_code == 302
    state, body = _get(client, url)
    assert state == "miss" and comment in body

    edited = "Edited: I have six reports, and our one-on-ones are status meetings now."
    response = author_client.post(
        f"/posts/{question.pk}/edit/",
        {
            "title": question.title,
            "body": edited,
            "tags": "one-on-ones",
            "comment": "clearer",
            "base_revision": "1",
        },
    )
    assert response.status_code == 302, response.content[:500]
    state, body = _get(client, url)
    assert state == "miss" and edited in body


@pytest.mark.django_db(transaction=True)
def test_close_and_delete_show_at_once(client: Client) -> None:
    question = make_question()
    answer = make_answer(question=question)
    url = question.get_absolute_url()
    _, moderator_client = _member(is_staff=True, reputation=5000)
    _get(client, url)
    assert _get(client, url)[0] == "hit"

    response = moderator_client.post(
        f"/posts/{question.pk}/close/", {"reason": "needs-focus", "note": "one thing at a time"}
    )
    assert response.status_code == 302, response.content[:500]
    state, body = _get(client, url)
    assert state == "miss" and "closed-banner" in body

    assert f'id="answer-{answer.pk}"' in body
    assert moderator_client.post(f"/posts/{answer.pk}/delete/").status_code == 302
    state, body = _get(client, url)
    assert state == "miss" and f'id="answer-{answer.pk}"' not in body

    # The home page too: deleting the question takes it off the list at once.
    assert question.title in _get(client, "/")[1]
    assert _get(client, "/")[0] == "hit"
    assert moderator_client.post(f"/posts/{question.pk}/delete/").status_code == 302
    state, body = _get(client, "/")
    assert state == "miss" and question.title not in body
    assert client.get(url).status_code == 404


# Counts kept between writes -----------------------------------------------------------


def _count_shown(body: str) -> int:
    match = re.search(r'<p class="count">(\d+) question', body)
    assert match, "no question count on the page"
    return int(match[1])


@pytest.mark.django_db(transaction=True)
def test_a_list_count_is_kept_until_the_next_write() -> None:
    """Members get no cached pages, but the list's count (which reads a whole index) is
    kept under the same generation: read again only after a write."""
    for _ in range(3):
        make_question()
    member, member_client = _member()

    def load() -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            _, body = _get(member_client, "/")
        return _count_shown(body), [q["sql"] for q in captured if "COUNT(*)" in q["sql"]]

    first, counted_first = load()
    again, counted_again = load()
    assert first == again == 3
    assert counted_first and not counted_again, "the count was read again without a write"

    make_question(author=member)
    after_write, counted_after = load()
    assert after_write == 4 and counted_after
