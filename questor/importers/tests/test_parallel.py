# ruff: noqa: E501 - dump rows read best on one line each
"""Large files are read by worker processes (questor/importers/parallel.py): the database
must come out exactly as with one process, broken files must be reported the same way,
and a file that is not one row per line must still import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from questor.importers import parallel
from questor.importers.generate import generate_dump
from questor.importers.reader import DumpFileError, iter_rows
from questor.importers.tests.helpers import assert_same, run_import, snapshot, wipe
from questor.importers.tests.test_broken_dumps import small_dump, write
from questor.qa.models import Badge, Comment, Post

pytestmark = pytest.mark.django_db
SITE = "generated.stackexchange.com"


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file goes to the workers, in small chunks (many chunk boundaries)."""
    monkeypatch.setattr(parallel, "MIN_SIZE", 0)
    monkeypatch.setattr(parallel, "CHUNK_SIZE", 4096)
    monkeypatch.setattr(parallel, "workers", lambda: 2)


def test_workers_import_the_same_database_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_dump(tmp_path, posts=400, seed=5)
    badges = set(Badge.objects.values_list("pk", flat=True))
    one_process = run_import(tmp_path, site=SITE)
    expected: dict[str, Any] = snapshot()
    wipe(badges)
    monkeypatch.setattr(parallel, "MIN_SIZE", 0)
    monkeypatch.setattr(parallel, "CHUNK_SIZE", 4096)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    with_workers = run_import(tmp_path, site=SITE)
    assert with_workers.errors == []
    for name, report in one_process.files.items():
        got = with_workers.files[name]
        assert (got.read, got.imported, got.skipped, got.notes) == (
            report.read,
            report.imported,
            report.skipped,
            report.notes,
        ), name
    assert_same(expected, snapshot())


def test_a_broken_file_read_by_workers_names_the_same_line(tmp_path: Path, workers: None) -> None:
    small_dump(tmp_path)
    good = '<row Id="{}" PostId="10" Score="0" Text="ok *fine*" CreationDate="2020-02-03T00:00:00.000" />'
    rows = [good.format(n) for n in range(1, 200)]
    rows.insert(150, '<row Id="500" PostId="10" Text="cut off')
    path = write(tmp_path, "Comments", rows)
    with pytest.raises(DumpFileError) as one_process:
        list(iter_rows(path))
    assert one_process.value.line == 154
    result = run_import(tmp_path, site="x.stackexchange.com")
    assert result.errors == [str(one_process.value)]
    assert Comment.objects.count() == 0
    assert Post.objects.count() == 2


def test_rows_across_lines_fall_back_to_one_process(tmp_path: Path, workers: None) -> None:
    small_dump(tmp_path)
    row = '<row Id="{}" PostId="10" Score="0"\n    Text="line {}" CreationDate="2020-02-03T00:00:00.000" />'
    write(tmp_path, "Comments", [row.format(n, n) for n in range(1, 300)])
    result = run_import(tmp_path, site="x.stackexchange.com")
    assert result.errors == []
    assert result.files["Comments"].read == result.files["Comments"].imported == 299
    assert Comment.objects.get(pk=7).body == "line 7"
