"""`questor search-benchmark --posts N`: search latency for a fixed query mix.

Fills the database (use a scratch one: DATABASE_URL=sqlite:////tmp/bench.sqlite3) with
N synthetic posts (a third questions, Zipf-distributed words from a fixed vocabulary, so
common and rare words behave as in real text), rebuilds the index (timed, with its size),
then runs every query of QUERY_MIX `--rounds` times as the search page does (matching ids
for an anonymous visitor, then the first page of rows and snippets) and prints the
latency percentiles: with every search computed (by bm25() alone; as the first search of
its words, their document counts taken; with those counts kept), then repeated with the
ranked ids kept in the cache. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
from argparse import ArgumentParser
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from questor.accounts.models import User
from questor.core import pagecache
from questor.lib.dbstats import refresh_planner_statistics
from questor.qa import search as qa_search
from questor.qa.models import Category, Post, PostType
from questor.qa.search import rebuild_index, run_search
from questor.search import engine, ranking
from questor.search.query import parse


def _forget_counts(text: str) -> None:
    """Drop the kept document counts of the query's phrases: its next search counts them."""
    phrases = engine.ranking_phrases(parse(text))
    cache.delete_many([qa_search.phrase_rows_key(phrase) for phrase in phrases])


# The fixed mix: common and rare words, phrases, operators alone and with words.
QUERY_MIX = [
    "team",
    "budget",
    "delegation feedback",
    "quarterly planning meeting",
    '"status meeting"',
    "title:hiring",
    "body:spreadsheet",
    "manager -remote",
    "[planning]",
    "[planning] budget",
    "score:5",
    "answers:0 is:question",
    "isaccepted:yes hiring",
    "created:2020 feedback",
    "zyzzogeton",
    "review score:1 [feedback]",
]
_VOCABULARY = (
    "team manager budget meeting hiring feedback planning delegation review report "
    "quarterly status spreadsheet remote office project deadline estimate goal "
    "promotion salary interview onboarding mentor coaching conflict trust culture "
    "process agile scrum retrospective standup roadmap priority stakeholder customer "
    "engineer designer director executive board strategy vision value metric target "
    "growth career skill training workshop conference travel expense invoice contract "
    "vendor hire fire layoff reorg merger startup enterprise policy handbook benefit "
    "leave holiday schedule calendar shift overtime burnout wellbeing morale motivation"
)
# A Zipf-like vocabulary: the real words above are the most frequent, then 5,000 rarer
# made-up terms, each word's weight falling as 1 / (rank + 20).
WORDS = _VOCABULARY.split() + [f"term{number:04d}" for number in range(5000)]
_CUMULATIVE = list(itertools.accumulate(1 / (rank + 20) for rank in range(len(WORDS))))
TAGS = ["planning", "feedback", "hiring", "budgeting", "meetings", "remote-work", "careers"]


def _percentiles(samples: dict[str, list[float]]) -> tuple[float, float]:
    every = sorted(value for values in samples.values() for value in values)
    return every[len(every) // 2], every[min(int(len(every) * 0.95), len(every) - 1)]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=_CUMULATIVE, k=words))


class Command(BaseCommand):
    help = "Fill a scratch database with synthetic posts and measure search latency."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--posts", type=int, default=100_000)
        parser.add_argument("--rounds", type=int, default=20)
        parser.add_argument("--reuse", action="store_true", help="Measure the posts already there.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["reuse"]:
            if Post.objects.exists():
                raise CommandError("The database has posts: use a scratch database or --reuse.")
            self._fill(options["posts"])
            started = time.perf_counter()
            with transaction.atomic():
                count = rebuild_index(progress=True, batch_size=2000)
            refresh_planner_statistics()
            seconds = time.perf_counter() - started
            size = engine.index_size_bytes()
            self.stdout.write(
                f"Index: {count:,} posts in {seconds:.1f} s"
                + (f", {size / 1_048_576:.1f} MiB" if size else "")
            )
        viewer = AnonymousUser()
        rounds = options["rounds"]
        # Every search computed (matching, ranking): first by bm25() alone, counting each
        # phrase's documents as it ranks (PHRASE_ROWS_CACHE_SECONDS = 0); then as the first
        # search of its words in ten minutes (their counts taken, sampled on a large index,
        # then ranked by questor_bm25(); SQLite's ranking extension); then with those
        # counts kept (qa.search.PHRASE_ROWS_CACHE_SECONDS), as a search of words searched
        # in any query in the last ten minutes; then the same searches again with their
        # ranked ids kept (qa.search.HITS_CACHE_SECONDS). The page cache's generation must
        # be on for all but the first, as on a site: PAGE_CACHE_SECONDS > 0.
        kept_for = qa_search.HITS_CACHE_SECONDS
        rows_kept_for = qa_search.PHRASE_ROWS_CACHE_SECONDS
        qa_search.HITS_CACHE_SECONDS = 0
        try:
            qa_search.PHRASE_ROWS_CACHE_SECONDS = 0
            self._measure("computed by bm25() alone", rounds, viewer)
            qa_search.PHRASE_ROWS_CACHE_SECONDS = rows_kept_for
            if rows_kept_for > 0 and pagecache.enabled() and ranking.is_loaded(connection):
                self._measure("computed", rounds, viewer, before_each=_forget_counts)
                for query in QUERY_MIX:  # keeps each word's count
                    run_search(query, viewer=viewer)
                self._measure("computed (word counts kept)", rounds, viewer)
        finally:
            qa_search.HITS_CACHE_SECONDS = kept_for
            qa_search.PHRASE_ROWS_CACHE_SECONDS = rows_kept_for
        if kept_for > 0 and pagecache.enabled():
            for query in QUERY_MIX:  # keeps each query's ids
                run_search(query, viewer=viewer)
            self._measure("repeated (ranked ids kept)", rounds, viewer)

    def _measure(
        self,
        label: str,
        rounds: int,
        viewer: AnonymousUser,
        before_each: Callable[[str], None] | None = None,
    ) -> None:
        """Run the mix `rounds` times; print each query's median and max, then the
        percentiles of wall-clock time and of this process's CPU time (the database is
        in this process on SQLite, so CPU time is what a loaded machine does not skew)."""
        timings: dict[str, list[float]] = {query: [] for query in QUERY_MIX}
        cpu: dict[str, list[float]] = {query: [] for query in QUERY_MIX}
        totals: dict[str, int] = {}
        for _ in range(rounds):
            for query in QUERY_MIX:
                if before_each is not None:
                    before_each(query)
                started, started_cpu = time.perf_counter(), time.process_time()
                results = run_search(query, viewer=viewer)
                cpu[query].append((time.process_time() - started_cpu) * 1000)
                timings[query].append((time.perf_counter() - started) * 1000)
                totals[query] = results.total
        self.stdout.write(f"{label}:")
        for query, values in timings.items():
            self.stdout.write(
                f"  {query:32} hits {totals[query]:>6,}  median {statistics.median(values):7.1f} ms"
                f"  max {max(values):7.1f} ms  cpu {statistics.median(cpu[query]):7.1f} ms"
            )
        wall, used = _percentiles(timings), _percentiles(cpu)
        self.stdout.write(
            self.style.SUCCESS(
                f"{Post.objects.count():,} posts, {label}, {rounds * len(QUERY_MIX)} searches: "
                f"p50 {wall[0]:.1f} ms, p95 {wall[1]:.1f} ms "
                f"(cpu p50 {used[0]:.1f} ms, p95 {used[1]:.1f} ms)"
            )
        )

    def _fill(self, total: int) -> None:
        rng = random.Random(20240501)  # noqa: S311 - synthetic data
        author, _ = User.objects.get_or_create(username="benchmark", defaults={"email": ""})
        category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        now = timezone.now()
        questions = max(total // 3, 1)
        started = time.perf_counter()
        batch: list[Post] = []
        question_ids: list[int] = []

        def flush() -> None:
            Post.objects.bulk_create(batch)
            batch.clear()

        with transaction.atomic():
            for number in range(questions):
                body = _text(rng, 80)
                batch.append(
                    Post(
                        post_type=PostType.QUESTION, author=author, category=category,
                        title=_text(rng, 8).capitalize() + "?", body=body,
                        body_html=f"<p>{body}</p>", tag_names=" ".join(rng.sample(TAGS, 2)),
                        score=int(rng.paretovariate(1.5)) - 1, view_count=rng.randrange(500),
                        created_at=now - timedelta(minutes=number),
                        last_activity_at=now - timedelta(minutes=number),
                    )
                )  # fmt: skip
                if len(batch) >= 2000:
                    flush()
            flush()
            question_ids = list(
                Post.objects.filter(post_type=PostType.QUESTION).values_list("id", flat=True)
            )
            for number in range(total - questions):
                body = _text(rng, 60)
                batch.append(
                    Post(
                        post_type=PostType.ANSWER, author=author,
                        question_id=rng.choice(question_ids), body=body,
                        body_html=f"<p>{body}</p>", score=int(rng.paretovariate(1.5)) - 1,
                        created_at=now - timedelta(minutes=number),
                        last_activity_at=now - timedelta(minutes=number),
                    )
                )  # fmt: skip
                if len(batch) >= 2000:
                    flush()
            flush()
        self.stdout.write(
            f"Created {total:,} posts in {time.perf_counter() - started:.1f} s "
            "(no tags rows: [tag] filters find nothing, which the mix measures too)."
        )
