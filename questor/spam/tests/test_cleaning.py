"""The cleaning rule importers share with the spam check: a block pasted twice in a row is
kept once; a line that comes back elsewhere stays."""

from __future__ import annotations

from questor.spam.detector import clean_scraped_text, repeated_runs

FIRST = "Our new director wants weekly status reports from every team."
SECOND = "Nobody reads them and they take an afternoon to write."


def test_a_block_repeated_right_after_itself_is_kept_once():
    text = f"{FIRST}\n{SECOND}\n{FIRST}\n{SECOND}\nWhat should we do?"
    cleaned, dropped = clean_scraped_text(text, title="How do we push back on status reports?")
    assert cleaned == f"{FIRST}\n{SECOND}\nWhat should we do?"
    assert dropped == [FIRST, SECOND]


def test_blank_lines_between_the_copies_do_not_matter_and_three_copies_become_one():
    text = f"{FIRST}\n\n\n{FIRST}\n{FIRST}\nThanks."
    cleaned, dropped = clean_scraped_text(text, title="Status reports")
    assert cleaned.split() == f"{FIRST} Thanks.".split()
    assert dropped == [FIRST, FIRST]
    assert [run.length for run in repeated_runs(text)] == [1, 1]


def test_a_line_repeated_elsewhere_stays():
    text = f"{FIRST}\n{SECOND}\nSome other thought in between.\n{FIRST}"
    cleaned, dropped = clean_scraped_text(text, title="Status reports")
    assert cleaned == text and dropped == []


def test_short_lines_said_twice_are_not_a_fault():
    text = "Agreed.\nAgreed.\nThanks!\nThanks!"
    assert repeated_runs(text) == []
    assert clean_scraped_text(text, title="Status reports")[0] == text
