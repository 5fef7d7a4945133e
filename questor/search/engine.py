"""The text index, one interface over two databases.

SQLite: an FTS5 table (tokenizer `porter unicode61 remove_diacritics 2`), ranked by
`bm25()` with column weights. PostgreSQL: a table with a stored tsvector (configuration
`english`, title weight A, tags B, body D) under a GIN index, ranked by a weighted
`ts_rank_cd`. PostgreSQL is given text already split into the tokens SQLite's tokenizer
makes (letters and digits, diacritics removed), so both read documents and queries alike.

Callers pass post ids and plain text, and get ids back; whether a post may be shown, and
every filter that is not about words, is the caller's business.

Writes run on the caller's connection, so they commit or roll back with its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.html import escape

from questor.search import ranking
from questor.search.query import ParsedQuery, normalise, significant, tokens

# At most this many best-ranked matches are considered for one query.
MAX_HITS = 1000
# A query matching more posts than this is ranked among its RANK_WINDOW newest matches
# (both databases): ranking scores every candidate, so a common word would otherwise cost
# time in proportion to the size of the site (docs/search.md, "Speed").
RANK_WINDOW = 5000
# Counting the documents that hold a phrase reads every occurrence of its words (the
# 158,025 posts holding both words of "status meeting" at a million posts: 17 ms, a third
# of that search). The ranking needs the count only for its inverse document frequency:
# above COUNT_SAMPLE ids it is counted in COUNT_SLICES slices of ids spread over the index
# (a seek each, 2 ms in all) and scaled to the whole (docs/search.md, "Sixth round").
COUNT_SAMPLE = 100_000
COUNT_SLICES = 10
# Column weights: a title hit ranks above a tag hit, a tag hit above a body hit.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)  # title, tags, body for bm25()
POSTGRES_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"  # D (body), C, B (tags), A (title)
SNIPPET_WORDS = 30
# Private-use characters mark highlights until the snippet is escaped.
_START, _STOP = "\ue000", "\ue001"


@dataclass(frozen=True)
class Document:
    post_id: int
    title: str
    tags: str
    body: str


@dataclass(frozen=True)
class Hit:
    post_id: int
    rank: float  # higher is better


def _clean(text: str) -> str:
    return text.replace(_START, " ").replace(_STOP, " ").replace("\x00", " ")


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def _vendor() -> str:
    return connection.vendor


# Writing ------------------------------------------------------------------------------


def index_posts(docs: Iterable[Document], *, new: bool = False) -> None:
    """Add or replace these posts' documents (`new`: posts that have none yet, created in
    this transaction: nothing to delete first)."""
    rows = [(doc.post_id, _clean(doc.title), _clean(doc.tags), _clean(doc.body)) for doc in docs]
    if not rows:
        return
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.executemany(
                "INSERT INTO search_document (rowid, title, tags, body, vector) "
                "VALUES (%s, %s, %s, %s, "
                "setweight(to_tsvector('english', %s), 'A') || "
                "setweight(to_tsvector('english', %s), 'B') || "
                "setweight(to_tsvector('english', %s), 'D')) "
                "ON CONFLICT (rowid) DO UPDATE SET title = EXCLUDED.title, "
                "tags = EXCLUDED.tags, body = EXCLUDED.body, vector = EXCLUDED.vector",
                [
                    (pk, title, tags, body, normalise(title), normalise(tags), normalise(body))
                    for pk, title, tags, body in rows
                ],
            )
        else:
            if not new:
                for chunk in _chunks([row[0] for row in rows]):
                    cursor.execute(
                        f"DELETE FROM search_document WHERE rowid IN ({_placeholders(len(chunk))})",  # noqa: S608
                        list(chunk),
                    )
            cursor.executemany(
                "INSERT INTO search_document (rowid, title, tags, body) VALUES (%s, %s, %s, %s)",
                rows,
            )


def remove_posts(ids: Iterable[int]) -> None:
    id_list = list(ids)
    with connection.cursor() as cursor:
        for chunk in _chunks(id_list):
            cursor.execute(
                f"DELETE FROM search_document WHERE rowid IN ({_placeholders(len(chunk))})",  # noqa: S608
                list(chunk),
            )


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_document")


def optimise() -> None:
    """Merge the index after a bulk load (FTS5 `optimize`; on PostgreSQL, GIN's pending
    list: VACUUM ANALYZE cannot run in a transaction, refresh_planner_statistics() runs
    it after)."""
    with connection.cursor() as cursor:
        if _vendor() == "sqlite":
            cursor.execute("INSERT INTO search_document (search_document) VALUES ('optimize')")
        else:
            # GIN's pending list (fastupdate) keeps the last rows written, unsorted, and
            # every search reads all of it until autovacuum merges it: 169 pages after a
            # million-post rebuild. Merged now, in this transaction.
            cursor.execute("SELECT gin_clean_pending_list('search_document_vector_idx')")


def document_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_document")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def index_size_bytes() -> int | None:
    """Bytes the index takes on disk (tables and indexes), where the database says."""
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('search_document')")
            row = cursor.fetchone()
            return int(row[0]) if row else None
        try:
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_document%%'")
        except Exception:  # dbstat is a compile-time option of SQLite
            return None
        row = cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else None


# Query expressions --------------------------------------------------------------------


def _fts_unit(unit: list[str], column: str = "") -> str:
    phrase = '"' + " ".join(unit) + '"'  # tokens are letters and digits: nothing to escape
    return f"{column} : {phrase}" if column else phrase


def _fts_positive(query: ParsedQuery) -> list[str]:
    return [
        *(_fts_unit(unit) for unit in query.words),
        *(_fts_unit(unit) for unit in query.phrases),
        *(_fts_unit(unit, "title") for unit in query.title_words),
        *(_fts_unit(unit, "body") for unit in query.body_words),
    ]


def _fts_expression(query: ParsedQuery, *, with_excluded: bool = True) -> str:
    # Phrases in this order: questor_bm25() takes their row counts in it.
    expression = "(" + " AND ".join(_fts_positive(query)) + ")"
    if with_excluded:
        for unit in query.excluded:
            expression += " NOT " + _fts_unit(unit)
    return expression


def _fts_any(units: Sequence[list[str]], columns: str = "") -> str:
    ored = "(" + " OR ".join(_fts_unit(unit) for unit in units) + ")"
    return f"{columns} : {ored}" if columns else ored


def _ts_unit(unit: list[str], weight: str = "") -> str:
    suffix = f":{weight}" if weight else ""
    return "(" + " <-> ".join(f"{token}{suffix}" for token in unit) + ")"


def _ts_expression(query: ParsedQuery, *, with_excluded: bool = True) -> str:
    parts = [
        *(_ts_unit(unit) for unit in query.words),
        *(_ts_unit(unit) for unit in query.phrases),
        *(_ts_unit(unit, "A") for unit in query.title_words),
        *(_ts_unit(unit, "D") for unit in query.body_words),
    ]
    if with_excluded:
        parts += [f"!{_ts_unit(unit)}" for unit in query.excluded]
    return " & ".join(parts)


def _ts_any(units: Sequence[list[str]], weight: str = "") -> str:
    return " | ".join(_ts_unit(unit, weight) for unit in units)


# Reading ------------------------------------------------------------------------------


def ranking_phrases(query: ParsedQuery) -> list[str]:
    """The query's phrases whose row counts the ranking needs from the caller (see
    `search`), as the index writes them; empty when the database counts them itself
    (PostgreSQL, or SQLite without the ranking extension: bm25() counts on every query)."""
    if not query.has_text or _vendor() != "sqlite" or not ranking.is_loaded(connection):
        return []
    return _fts_positive(query)


def rows_holding(phrase: str) -> int:
    """How many documents hold this phrase (one of `ranking_phrases`), as bm25() counts
    them, worth keeping since it costs as much as bm25()'s own count: exactly while the
    index spans at most COUNT_SAMPLE ids, else estimated from COUNT_SLICES slices of ids
    spread over the index. A phrase in one column (`title : "hiring"`) is always counted
    exactly: FTS5 ends a column's walk through an id range only at a match, so a slice
    holding none (a run of answers, imported after their questions) reads on to the next."""
    with connection.cursor() as cursor:
        # Each is one step along the index's rowid order (min() and max() together in one
        # SELECT would scan).
        cursor.execute(
            "SELECT (SELECT rowid FROM search_document ORDER BY rowid LIMIT 1), "
            "(SELECT rowid FROM search_document ORDER BY rowid DESC LIMIT 1)"
        )
        lowest, highest = cursor.fetchone()
        if highest is None:
            return 0
        span = int(highest) - int(lowest) + 1
        if span <= COUNT_SAMPLE or not phrase.startswith('"'):
            cursor.execute(
                "SELECT count(*) FROM search_document WHERE search_document MATCH %s", [phrase]
            )
            return int(cursor.fetchone()[0])
        width = COUNT_SAMPLE // COUNT_SLICES
        starts = [lowest + (span - width) * i // (COUNT_SLICES - 1) for i in range(COUNT_SLICES)]
        cursor.execute(
            "SELECT " + " + ".join([_COUNT_IN_SLICE] * len(starts)),
            [value for start in starts for value in (phrase, start, start + width - 1)],
        )
        found = int(cursor.fetchone()[0])
    # Ids are about as dense in the slices as in the whole index.
    return round(found * span / (width * len(starts)))


_COUNT_IN_SLICE = (
    "(SELECT count(*) FROM search_document WHERE search_document MATCH %s "
    "AND rowid BETWEEN %s AND %s)"
)


def _window(query: ParsedQuery) -> str:
    """PostgreSQL's condition and order for the ranking window (see `search`).

    A phrase is far rarer than its words together, which is all the planner's estimate
    knows: it would walk the primary key expecting the window soon and read the whole
    table (`"status meeting"`, 3,379 matches at a million posts: 4.3 s). `rowid + 0` has
    no index, so the GIN index finds the posts holding the words and the phrase is checked
    in those alone (1.1–2.7 s there). `title:` words are found in questions only: the walk
    takes the index of titled documents (migration 0002) and skips the answers' rows."""
    units = (*query.words, *query.phrases, *query.title_words, *query.body_words)
    condition = "vector @@ q AND title <> ''" if query.title_words else "vector @@ q"
    order = "rowid + 0 DESC" if any(len(unit) > 1 for unit in units) else "rowid DESC"
    return f"{condition} ORDER BY {order}"


def search(
    query: ParsedQuery, *, limit: int = MAX_HITS, rows: Mapping[str, int] | None = None
) -> list[Hit]:
    """The best-ranked posts whose text matches the query's words, phrases and
    title:/body: terms, without its excluded words. Empty when it has no such terms.

    `rows`: how many documents hold each of `ranking_phrases(query)` (`rows_holding`), kept
    by the caller; with all of them, SQLite ranks with questor_bm25(), bm25()'s score
    without bm25()'s counting. Without them it ranks with bm25(): the same order."""
    if not query.has_text:
        return []
    phrases = ranking_phrases(query) if rows is not None else []
    # Whether every match is known to fit in the window: the phrases are ANDed, so a
    # query matches at most as many documents as its rarest phrase.
    within_window = False
    if phrases and rows is not None and all(phrase in rows for phrase in phrases):
        # Excluded phrases are in the MATCH expression too, and never in a matching row:
        # bm25() adds nothing for them, whatever their count.
        counts = [rows[phrase] for phrase in phrases] + [0] * len(query.excluded)
        rank = f"questor_bm25(search_document, {_placeholders(3 + len(counts))})"
        rank_params: list[Any] = [*SQLITE_WEIGHTS, *counts]
        within_window = min(rows[phrase] for phrase in phrases) <= RANK_WINDOW
    else:
        rank = "bm25(search_document, %s, %s, %s)"
        rank_params = [*SQLITE_WEIGHTS]
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            # The RANK_WINDOW newest matches, ranked, as on SQLite: ts_rank_cd() reads each
            # match's vector from the table (1 KB a post), and ranking every match of a
            # common word read most of the table (2–3 s at a million posts). For a common
            # word the planner walks the primary key newest first and stops after the
            # window; for a rare one it reads the few matches from the GIN index. At worst
            # (a word it takes for common that is rare among the newest posts) the walk
            # reads the table once, as ranking every match did. The rank is computed in
            # the window's query, for the rows the walk returns: selecting the vectors
            # instead made the planner sort them in parallel workers (40 ms to start on a
            # busy machine, for a word found nowhere).
            cursor.execute(
                "SELECT rowid, r FROM (SELECT rowid, ts_rank_cd(%s, vector, q, 1) AS r "  # noqa: S608
                "FROM search_document, to_tsquery('english', %s) q "
                f"WHERE {_window(query)} LIMIT %s) AS newest "
                "ORDER BY r DESC, rowid DESC LIMIT %s",
                [POSTGRES_WEIGHTS, _ts_expression(query), RANK_WINDOW, limit],
            )
        elif within_window:
            # Every match ranked, read in the index's own order: walking a phrase of two
            # common words newest first cost FTS5 a sixth more (3,120 matches among the
            # 158,025 posts holding both words at a million posts: 44 ms against 51).
            cursor.execute(
                f"SELECT rowid, -{rank} AS r FROM search_document "  # noqa: S608
                "WHERE search_document MATCH %s ORDER BY r DESC, rowid DESC LIMIT %s",
                [*rank_params, _fts_expression(query), limit],
            )
        else:
            # The RANK_WINDOW newest matches, ranked: FTS5 walks matches newest first and
            # stops after the window (bm25() costs per match), and a query with fewer
            # matches is read once, not once to find the window and again to rank it.
            cursor.execute(
                f"SELECT rowid, r FROM (SELECT rowid, -{rank} AS r "  # noqa: S608
                "FROM search_document WHERE search_document MATCH %s "
                "ORDER BY rowid DESC LIMIT %s) ORDER BY r DESC, rowid DESC LIMIT %s",
                [*rank_params, _fts_expression(query), RANK_WINDOW, limit],
            )
        return [Hit(int(pk), float(rank)) for pk, rank in cursor.fetchall()]


def excluded_ids_sql(query: ParsedQuery) -> tuple[str, list[Any]] | None:
    """SQL selecting the ids of posts holding any excluded word, for a query that has
    nothing else to match on (`-word` alone, or with filters only)."""
    if not query.excluded:
        return None
    if _vendor() == "postgresql":
        return (
            "SELECT rowid FROM search_document WHERE vector @@ to_tsquery('english', %s)",
            [_ts_any(query.excluded)],
        )
    return (
        "SELECT rowid FROM search_document WHERE search_document MATCH %s",
        [_fts_any(query.excluded)],
    )


def similar(text: str, *, limit: int = 20, include_body: bool = False) -> list[Hit]:
    """Posts whose title or tags share words with `text`, best first: any of the words,
    the rarer ones counting more. Only questions have titles and tags."""
    words = list(dict.fromkeys(significant(tokens(text))))[:16]
    if not words:
        return []
    units = [[word] for word in words]
    if _vendor() == "postgresql":
        sql = (
            "SELECT rowid, ts_rank(%s, vector, q, 1) AS r "
            "FROM search_document, to_tsquery('english', %s) q "
            "WHERE vector @@ q ORDER BY r DESC, rowid DESC LIMIT %s"
        )
        params: list[Any] = [
            POSTGRES_WEIGHTS,
            _ts_any(units, "" if include_body else "AB"),
            limit,
        ]
    else:
        sql = (
            "SELECT rowid, -bm25(search_document, %s, %s, %s) AS r FROM search_document "
            "WHERE search_document MATCH %s ORDER BY r DESC, rowid DESC LIMIT %s"
        )
        params = [*SQLITE_WEIGHTS, _fts_any(units, "" if include_body else "{title tags}"), limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(int(pk), float(rank)) for pk, rank in cursor.fetchall()]


def snippets(ids: Sequence[int], query: ParsedQuery | None = None) -> dict[int, str]:
    """A short, escaped excerpt of each post's body (safe HTML), the query's words
    marked with <mark>. Posts without a document are left out."""
    if not ids:
        return {}
    units = query.highlight_terms if query is not None else []
    found: dict[int, str] = {}
    marks = f"StartSel={_START}, StopSel={_STOP}"
    with connection.cursor() as cursor:
        for chunk in _chunks(list(ids)):
            marks_in = _placeholders(len(chunk))
            if units and _vendor() == "postgresql":
                cursor.execute(
                    "SELECT rowid, ts_headline('english', body, to_tsquery('english', %s), %s) "  # noqa: S608
                    f"FROM search_document WHERE rowid IN ({marks_in})",
                    [
                        _ts_any(units),
                        f"{marks}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
                        'MaxFragments=2, FragmentDelimiter=" … "',
                        *chunk,
                    ],
                )
            elif units:
                cursor.execute(
                    "SELECT rowid, snippet(search_document, 2, %s, %s, '…', %s) "  # noqa: S608
                    "FROM search_document WHERE search_document MATCH %s "
                    f"AND rowid IN ({marks_in})",
                    [_START, _STOP, SNIPPET_WORDS, _fts_any(units), *chunk],
                )
            else:
                cursor.execute(
                    f"SELECT rowid, substr(body, 1, 400) FROM search_document "  # noqa: S608
                    f"WHERE rowid IN ({marks_in})",
                    list(chunk),
                )
            for pk, text in cursor.fetchall():
                found[int(pk)] = _render(str(text or ""), cut=not units)
        missing = [pk for pk in ids if pk not in found]
        # Title-only matches: FTS5 returns no row for them above; show the body's start.
        for chunk in _chunks(missing):
            cursor.execute(
                f"SELECT rowid, substr(body, 1, 400) FROM search_document "  # noqa: S608
                f"WHERE rowid IN ({_placeholders(len(chunk))})",
                list(chunk),
            )
            for pk, text in cursor.fetchall():
                found[int(pk)] = _render(str(text or ""), cut=True)
    return found


def _render(text: str, *, cut: bool) -> str:
    text = " ".join(text.split())
    if cut:
        words = text.split(" ")
        text = " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")
    html = str(escape(text))
    # Unclosed marks (a fragment cut inside one) are closed so the markup stays whole.
    opened = html.count(_START) - html.count(_STOP)
    html = html.replace(_START, "<mark>").replace(_STOP, "</mark>")
    return html + "</mark>" * max(opened, 0)
