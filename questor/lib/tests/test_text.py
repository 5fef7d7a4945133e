from __future__ import annotations

import pytest

from questor.lib.text import id_from


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", 42), ("007", 7), ("9" * 18, int("9" * 18)), ("9" * 19, None), ("²", None),
     ("", None), ("-1", None), ("4 2", None), ("x", None)],
)  # fmt: skip
def test_id_from_reads_only_numbers_a_database_id_can_be(text, expected):
    assert id_from(text) == expected
