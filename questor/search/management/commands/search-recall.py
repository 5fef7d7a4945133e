"""`questor search-recall DUMP_DIR...`: how often "similar questions" finds the original
of a real duplicate.

Each folder is a Stack Exchange dump (Posts.xml, PostLinks.xml). Its questions are put
in the search index inside a transaction that is rolled back at the end (the database
is left as it was); then, for every duplicate link marked by the site's moderators
(PostLinks LinkTypeId 3: PostId duplicates RelatedPostId), the duplicate's title is
looked up as an asker would type it, and we count how often the original is among the
first five similar questions (the duplicate itself left out).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET  # noqa: N817
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from questor.search import engine

_TAG_RE = re.compile(r"<[^>]+>")


class _Rollback(Exception):
    pass


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    return [dict(row.attrib) for row in ET.parse(path).getroot().iter("row")]  # noqa: S314


def _tags(raw: str) -> str:
    return " ".join(re.findall(r"[^<>|]+", raw)).replace("-", " ")


class Command(BaseCommand):
    help = "Measure how often similar-question search finds the original of a duplicate."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("dumps", nargs="+", type=Path)
        parser.add_argument("--top", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        top = options["top"]
        totals = {"title+tags": [0, 0], "title+tags+body": [0, 0]}
        for folder in options["dumps"]:
            if not (folder / "Posts.xml").exists():
                raise CommandError(f"{folder} has no Posts.xml.")
            found = self._measure(folder, top)
            for variant, (hits, links) in found.items():
                totals[variant][0] += hits
                totals[variant][1] += links
                share = f"{hits / links:.0%}" if links else "-"
                self.stdout.write(
                    f"{folder.name}: {variant}: original in top {top} "
                    f"for {hits} of {links} duplicates ({share})"
                )
        for variant, (hits, links) in totals.items():
            share = f"{hits / links:.0%}" if links else "-"
            self.stdout.write(
                self.style.SUCCESS(f"All dumps: {variant}: recall@{top} = {hits}/{links} ({share})")
            )

    def _measure(self, folder: Path, top: int) -> dict[str, tuple[int, int]]:
        posts = _rows(folder / "Posts.xml")
        questions = {int(p["Id"]): p for p in posts if p.get("PostTypeId") == "1"}
        links = [
            (int(link["PostId"]), int(link["RelatedPostId"]))
            for link in _rows(folder / "PostLinks.xml")
            if link.get("LinkTypeId") == "3"
        ]
        links = [(dup, orig) for dup, orig in links if dup in questions and orig in questions]
        results: dict[str, tuple[int, int]] = {}
        try:
            with transaction.atomic():
                engine.clear()
                engine.index_posts(
                    engine.Document(
                        post_id=pk,
                        title=row.get("Title", ""),
                        tags=_tags(row.get("Tags", "")),
                        body=html.unescape(_TAG_RE.sub(" ", row.get("Body", ""))),
                    )
                    for pk, row in questions.items()
                )
                for variant, include_body in (("title+tags", False), ("title+tags+body", True)):
                    hits = 0
                    for duplicate, original in links:
                        title = questions[duplicate].get("Title", "")
                        found = [
                            hit.post_id
                            for hit in engine.similar(
                                title, limit=top + 1, include_body=include_body
                            )
                            if hit.post_id != duplicate
                        ][:top]
                        hits += original in found
                    results[variant] = (hits, len(links))
                raise _Rollback
        except _Rollback:
            pass
        return results
