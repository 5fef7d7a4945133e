"""SQLite's ranking extension (questor/search/ranking.py, questor_rank.c): questor_bm25()
ranks exactly as bm25() does, and search falls back to bm25() when the extension cannot
be built or loaded. Run on both databases; PostgreSQL never uses it."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questor.qa import search as qa_search
from questor.qa.search import matching_ids
from questor.search import engine, ranking
from questor.search.query import parse
from questor.testing.factories import make_answer, make_question

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 ranking")
# How engine.rows_holding counts a phrase's documents.
COUNTING = "SELECT count(*) FROM search_document WHERE search_document MATCH"

QUERIES = [
    "kanban",
    "kanban board",
    '"kanban board"',
    "title:board",
    "body:board",
    "kanban -retro",
    "board -retro",
    'kanban "kanban board" -retro',
]


@pytest.fixture
def ranking_state() -> Iterator[None]:
    """Each test finds, builds and loads the extension afresh, and leaves it so."""
    built_library = ranking.built_library  # a test may replace it
    built_library.cache_clear()
    ranking.forget(connection=connection)
    yield
    built_library.cache_clear()
    ranking.forget(connection=connection)


def _boards() -> None:
    """Words in every column, at different frequencies and document lengths."""
    make_question(
        title="Kanban board for a support team",
        body="We moved the kanban board to the wall; cards have owners.",
        tags=["kanban"],
    )
    make_question(
        title="Columns on a shared board",
        body="Our board has too many columns and the kanban limits are ignored. " * 3,
        tags=["kanban", "planning"],
    )
    make_question(
        title="Running a retro on a board",
        body="The retro board stays up all week; the kanban board does not.",
        tags=["retro"],
    )
    question = make_question(
        title="Estimates that slip",
        body="Nothing about boards here, only dates and plans.",
        tags=["planning"],
    )
    make_answer(question=question, body="Put every estimate on a kanban board, one column each.")
    make_answer(question=question, body="A board, a retro, and kanban limits: kanban kanban.")


def _search(text: str, rows: dict[str, int] | None) -> tuple[list[engine.Hit], str]:
    with CaptureQueriesContext(connection) as captured:
        hits = engine.search(parse(text), rows=rows)
    return hits, " ".join(query["sql"] for query in captured)


def _order(hits: list[engine.Hit]) -> list[int]:
    return [hit.post_id for hit in hits]


@sqlite_only
@pytest.mark.usefixtures("ranking_state")
def test_questor_bm25_ranks_every_query_as_bm25_does():
    if ranking.built_library() is None:
        pytest.skip("no C compiler or SQLite headers: the fallback is tested below")
    _boards()
    assert ranking.is_loaded(connection)
    for text in QUERIES:
        query = parse(text)
        rows = {phrase: engine.rows_holding(phrase) for phrase in engine.ranking_phrases(query)}
        expected, expected_sql = _search(text, None)
        found, sql = _search(text, rows)

        assert "questor_bm25(" in sql and "questor_bm25(" not in expected_sql, text
        assert len(expected) >= 2, text  # an order to compare
        assert _order(found) == _order(expected), text
        assert [hit.rank for hit in found] == pytest.approx([hit.rank for hit in expected]), text


@sqlite_only
@pytest.mark.usefixtures("ranking_state")
def test_the_counts_are_bm25s_and_a_missing_count_ranks_with_bm25():
    if ranking.built_library() is None:
        pytest.skip("no C compiler or SQLite headers")
    _boards()
    query = parse("kanban -retro title:board")
    assert engine.ranking_phrases(query) == ['"kanban"', 'title : "board"']  # not -retro
    assert engine.rows_holding('"kanban"') == 5
    assert engine.rows_holding('title : "board"') == 3
    assert engine.rows_holding('"nowhere"') == 0

    hits, sql = _search("kanban -retro title:board", {'"kanban"': 5})  # one count missing
    assert "questor_bm25(" not in sql and "bm25(" in sql and hits


@sqlite_only
def test_past_the_sample_a_count_is_estimated_from_slices_of_ids(monkeypatch):
    """At a million posts counting a common phrase costs a third of its search; the
    ranking's inverse document frequency is as good from slices of the index."""
    engine.index_posts(
        engine.Document(
            post_id=pk,
            title="kanban" if 21 <= pk <= 30 else "",
            tags="",
            body="kanban board" if pk % 4 == 0 else ("legacy kanban" if 11 <= pk < 20 else "board"),
        )
        for pk in range(1, 41)
    )
    assert engine.rows_holding('"kanban board"') == 10  # exact: 40 ids, within the sample
    assert engine.rows_holding('"kanban"') == 25  # 10 boards, 7 "legacy", 8 titles alone

    monkeypatch.setattr(engine, "COUNT_SAMPLE", 20)
    monkeypatch.setattr(engine, "COUNT_SLICES", 2)
    # Two slices of 10 ids, 1-10 and 31-40, hold the phrase 5 times: 5 in 20, so 10 in 40.
    assert engine.rows_holding('"kanban board"') == 10
    # The posts between the slices are not read: an estimate.
    assert engine.rows_holding('"kanban"') == 10
    assert engine.rows_holding('"legacy"') == 0
    assert engine.rows_holding('"nowhere"') == 0
    # In one column, counted exactly.
    assert engine.rows_holding('title : "kanban"') == 10
    assert engine.rows_holding('body : "kanban"') == 17


def _designed_order() -> list[int]:
    """Title above tags above body (test_search's case), through the qa side."""
    in_body = make_question(
        title="Running a weekly staff review",
        body="We tried an offsite once and it went badly; the rest is ordinary planning work.",
    )
    in_tags = make_question(
        title="Choosing where the team meets for a planning week",
        body="Everyone flies in; we need somewhere quiet with good rooms and fast internet.",
        tags=["offsite"],
    )
    in_title = make_question(
        title="What makes an offsite worth the money?",
        body="Leadership asked me to justify the cost of bringing everyone together each year.",
    )
    return [in_title.pk, in_tags.pk, in_body.pk]


@pytest.mark.usefixtures("ranking_state")
@pytest.mark.parametrize("compiler", ["/nonexistent/cc", "false"])
def test_search_ranks_with_bm25_when_the_extension_cannot_be_built(
    compiler, settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path  # nothing built there yet
    monkeypatch.setenv("CC", compiler)
    expected = _designed_order()

    assert ranking.built_library() is None
    assert list(tmp_path.rglob("*")) in ([], [tmp_path / "sqlite-extensions"])  # no leftovers
    with CaptureQueriesContext(connection) as captured:
        found = matching_ids(parse("offsite"), AnonymousUser())
    assert found == expected
    assert not any("questor_" in query["sql"] for query in captured)
    if connection.vendor == "sqlite":
        assert not ranking.is_loaded(connection)
        assert any("bm25(" in query["sql"] for query in captured)


@sqlite_only
@pytest.mark.usefixtures("ranking_state")
def test_search_ranks_with_bm25_when_the_extension_cannot_be_loaded(tmp_path, monkeypatch):
    not_a_library = tmp_path / "questor_rank.so"
    not_a_library.write_text("not a shared library")
    monkeypatch.setattr(ranking, "built_library", lambda: not_a_library)
    expected = _designed_order()

    assert not ranking.is_loaded(connection)
    with CaptureQueriesContext(connection) as captured:
        found = matching_ids(parse("offsite"), AnonymousUser())
    assert found == expected
    assert not any("questor_" in query["sql"] for query in captured)


def _counting(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured if query["sql"].startswith(COUNTING)]


@sqlite_only
@pytest.mark.usefixtures("ranking_state")
@pytest.mark.django_db(transaction=True)  # outside a transaction, as a request is
def test_search_with_the_extension_keeps_the_designed_order_and_the_counts():
    """Each word's count is taken once and kept across writes (the ranking's statistics,
    not its hits): a new post is found at once, without the word being counted again."""
    if ranking.built_library() is None:
        pytest.skip("no C compiler or SQLite headers")
    expected = _designed_order()
    with CaptureQueriesContext(connection) as captured:
        found = matching_ids(parse("offsite"), AnonymousUser())
    assert found == expected
    assert any("questor_bm25(" in query["sql"] for query in captured)
    assert len(_counting(captured)) == 1

    newest = make_question(title="Offsite agenda", body="Who plans the offsite this year?")
    with CaptureQueriesContext(connection) as captured:
        found = matching_ids(parse("offsite"), AnonymousUser())
    assert newest.pk in found
    assert _counting(captured) == []
    assert any("questor_bm25(" in query["sql"] for query in captured)


@sqlite_only
@pytest.mark.usefixtures("ranking_state")
def test_a_count_taken_inside_a_transaction_is_used_not_kept():
    """Its transaction's writes may yet be rolled back (each test here runs in one)."""
    if ranking.built_library() is None:
        pytest.skip("no C compiler or SQLite headers")
    expected = _designed_order()
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert matching_ids(parse("offsite"), AnonymousUser()) == expected
        assert len(_counting(captured)) == 1
        assert any("questor_bm25(" in query["sql"] for query in captured)


@sqlite_only
@pytest.mark.usefixtures("ranking_state")
def test_search_ranks_with_bm25_when_counts_may_not_be_kept(monkeypatch):
    """PHRASE_ROWS_CACHE_SECONDS = 0: counting each phrase apart, then ranking, would cost
    what bm25() costs counting as it ranks, in more queries."""
    monkeypatch.setattr(qa_search, "PHRASE_ROWS_CACHE_SECONDS", 0)
    expected = _designed_order()
    with CaptureQueriesContext(connection) as captured:
        found = matching_ids(parse("offsite"), AnonymousUser())
    assert found == expected
    ranked = [query["sql"] for query in captured if "search_document MATCH" in query["sql"]]
    assert not any(sql.startswith(COUNTING) or "questor_bm25(" in sql for sql in ranked)


def _fresh_connection() -> sqlite3.Connection:
    raw = sqlite3.connect(":memory:")
    raw.execute("CREATE VIRTUAL TABLE d USING fts5(title, tags, body)")
    raw.executemany(
        "INSERT INTO d (rowid, title, tags, body) VALUES (?, ?, ?, ?)",
        [(1, "kanban", "", "board"), (2, "", "kanban", "board board"), (3, "", "", "kanban")],
    )
    return raw


def _ranks(raw: sqlite3.Connection, function: str, *extra: Any) -> list[tuple[int, float]]:
    marks = ", ".join("?" * (3 + len(extra)))
    rows = raw.execute(
        f"SELECT rowid, {function}(d, {marks}) FROM d WHERE d MATCH ? ORDER BY rowid",  # noqa: S608
        (10, 4, 1, *extra, "kanban"),
    )
    return list(rows)


@pytest.mark.usefixtures("ranking_state")
def test_both_ways_of_loading_give_the_function(monkeypatch):
    """With `enable_load_extension` where this Python has it, and through SQLite's C API
    (what a Python built without it uses)."""
    library = ranking.built_library()
    if library is None:
        pytest.skip("no C compiler or SQLite headers")
    raw = _fresh_connection()
    ranking._load_through_the_library(raw, library)
    assert _ranks(raw, "questor_bm25", 3) == _ranks(raw, "bm25")
    # SQL's load_extension() is switched off again.
    with pytest.raises(sqlite3.OperationalError):
        raw.execute("SELECT load_extension(?, ?)", (str(library), ranking.ENTRY_POINT))

    raw = _fresh_connection()
    if hasattr(raw, "enable_load_extension"):
        assert ranking.load_into(raw, library)
        assert _ranks(raw, "questor_bm25", 3) == _ranks(raw, "bm25")


def test_a_failed_load_is_reported_not_raised(tmp_path: Path):
    raw = sqlite3.connect(":memory:")
    assert not ranking.load_into(raw, tmp_path / "missing.so")
    assert not ranking.load_into(object(), tmp_path / "missing.so")


@pytest.mark.usefixtures("ranking_state")
def test_an_unwritable_folder_or_a_missing_source_is_reported_not_raised(
    settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path / "a-file"
    settings.VAR_DIR.write_text("not a folder")
    assert ranking.built_library() is None

    ranking.built_library.cache_clear()
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(ranking, "SOURCE", tmp_path / "missing.c")
    assert ranking.built_library() is None


@sqlite_only
def test_a_connection_closed_between_requests_gets_the_function_again(tmp_path, ranking_state):
    """Servers keep connections for CONN_MAX_AGE, then close them at a request's start;
    the next search opens a new one, which must be given the function before it ranks
    (it was once ranked on as if it had them: "no such function")."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    # A database in a file: the test database is in memory, and never really closed.
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(tmp_path / "db")})
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE VIRTUAL TABLE search_document USING fts5(title, tags, body)")
        cursor.execute("INSERT INTO search_document VALUES ('kanban board', '', '')")
    rank = "SELECT questor_bm25(search_document, 10, 4, 1, 1) FROM search_document "
    rank += "WHERE search_document MATCH 'kanban'"
    try:
        assert ranking.is_loaded(wrapper)
        wrapper.close()  # as close_old_connections() does once CONN_MAX_AGE has passed

        assert ranking.is_loaded(wrapper)
        with wrapper.cursor() as cursor:
            cursor.execute(rank)
            assert cursor.fetchone()[0] < 0  # bm25()'s sign: lower is better
    finally:
        wrapper.close()


@sqlite_only
@pytest.mark.usefixtures("ranking_state")
def test_a_query_known_to_fit_in_the_window_is_ranked_without_walking_it(monkeypatch):
    """With the counts kept, a query whose rarest phrase is in fewer documents than the
    window ranks all its matches in the index's own order (no newest-first walk); past
    the window it walks. Same order either way."""
    if ranking.built_library() is None:
        pytest.skip("no C compiler or SQLite headers")
    _boards()
    query = parse('"kanban board" retro')
    rows = {phrase: engine.rows_holding(phrase) for phrase in engine.ranking_phrases(query)}
    found, sql = _search('"kanban board" retro', rows)
    assert "ORDER BY rowid DESC LIMIT" not in sql
    monkeypatch.setattr(engine, "RANK_WINDOW", min(rows.values()) - 1)
    walked, walked_sql = _search('"kanban board" retro', rows)
    assert "ORDER BY rowid DESC LIMIT" in walked_sql
    assert _order(found) and _order(found) == _order(walked)


@pytest.mark.usefixtures("ranking_state")
def test_a_writer_waiting_for_the_lock_polls_and_keeps_its_timeout(tmp_path):
    """questor_poll_locks() replaces SQLite's busy handler (whose sleeps grow to 25 ms and
    more) with the same timeout: a waiting writer gets the lock once it is released, and
    gives up with "database is locked" when it is held past the timeout."""
    library = ranking.built_library()
    if library is None:
        pytest.skip("no C compiler or SQLite headers")
    path = tmp_path / "db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x)")
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0.2)
    assert ranking.load_into(waiter, library)
    waiter.execute("SELECT questor_poll_locks(200)")
    assert waiter.execute("PRAGMA busy_timeout").fetchone() == (0,)  # SQLite's own is gone

    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        waiter.execute("BEGIN IMMEDIATE")  # held past the 200 ms

    waiter.execute("SELECT questor_poll_locks(10000)")
    release = threading.Timer(0.05, lambda: holder.execute("COMMIT"))
    release.start()
    waiter.execute("BEGIN IMMEDIATE")  # waits for the release, well within 10 s
    waiter.execute("INSERT INTO t VALUES (1)")
    waiter.execute("COMMIT")
    release.join()
    assert holder.execute("SELECT x FROM t").fetchall() == [(1,)]


@sqlite_only
def test_django_connections_poll_for_locks_with_their_timeout(ranking_state, tmp_path):
    if ranking.built_library() is None:
        pytest.skip("no C compiler or SQLite headers")
    from django.db.backends.sqlite3.base import DatabaseWrapper

    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(tmp_path / "db")})
    try:
        with wrapper.cursor() as cursor:  # connection_created has run
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone() == (0,)
            cursor.execute("SELECT questor_poll_locks(1)")  # the extension is there
    finally:
        wrapper.close()
