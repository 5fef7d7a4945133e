"""The query parser: what each operator means, and that no input makes it fail."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questor.search.query import DateRange, Range, normalise, parse, tokens


def test_plain_words_are_lower_cased_tokens_without_common_words():
    query = parse("How do I DELEGATE to my Team")
    assert query.words == [["delegate"], ["team"]]
    assert query.has_text and not query.has_filters


def test_a_word_with_punctuation_is_one_unit_of_several_tokens():
    assert parse("node.js").words == [["node", "js"]]


def test_diacritics_are_removed():
    assert tokens("Café Crème") == ["cafe", "creme"]
    assert normalise("naïve—résumé") == "naive resume"


def test_phrases_and_exclusions():
    query = parse('"one on one" -micromanage -"status meeting"')
    assert query.phrases == [["one", "on", "one"]]
    assert query.excluded == [["micromanage"], ["status", "meeting"]]
    assert not query.words


def test_title_and_body_words():
    query = parse('title:budget body:spreadsheet title:"annual review"')
    assert query.title_words == [["budget"], ["annual", "review"]]
    assert query.body_words == [["spreadsheet"]]


def test_tags_included_and_excluded():
    query = parse("[Delegation] [hiring] -[remote-work] [delegation]")
    assert query.tags == ["delegation", "hiring"]
    assert query.excluded_tags == ["remote-work"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("score:3", Range(3, None)),
        ("score:..-1", Range(None, -1)),
        ("score:2..5", Range(2, 5)),
        ("score:5..2", Range(2, 5)),
        ("score:-2", Range(-2, None)),
        ("score:4..", Range(4, None)),
    ],
)
def test_score_ranges(text, expected):
    assert parse(text).score == expected


def test_answers_zero_means_none_and_a_number_means_at_least():
    assert parse("answers:0").answers == Range(None, 0)
    assert parse("answers:3").answers == Range(3, None)
    assert parse("answers:1..2").answers == Range(1, 2)
    assert parse("views:100").views == Range(100, None)


def test_yes_no_operators():
    query = parse("isaccepted:yes hasaccepted:no closed:YES")
    assert (query.is_accepted, query.has_accepted, query.closed) == (True, False, True)


def test_user_and_type():
    assert parse("user:42").user == 42
    assert parse("user:me").user_is_me
    assert parse("is:question").post_type == "question"
    assert parse("is:answer").post_type == "answer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("created:2009", DateRange(date(2009, 1, 1), date(2010, 1, 1))),
        ("created:2009-09..2010-01", DateRange(date(2009, 9, 1), date(2010, 2, 1))),
        ("created:2021-02", DateRange(date(2021, 2, 1), date(2021, 3, 1))),
        ("created:2021-05-03", DateRange(date(2021, 5, 3), date(2021, 5, 4))),
        ("created:2021-05-03..", DateRange(date(2021, 5, 3), None)),
        ("created:..2020", DateRange(None, date(2021, 1, 1))),
    ],
)
def test_created_ranges(text, expected):
    assert parse(text).created == expected


def test_category():
    assert parse("category:Teams").category == "teams"


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("score:lots", "“score:lots”: write a number"),
        ("answers:", "“answers:” needs a value"),
        ("created:2021-13", "that date does not exist"),
        ("created:2021..2019", "ends before it starts"),
        ("is:comment", "use is:question or is:answer"),
        ("closed:maybe", "use closed:yes or closed:no"),
        ("user:bob", "a member's number"),
        ("[unclosed", "square brackets"),
        ("[no spaces]", "square brackets"),
        ('"open phrase', "was not closed"),
        ("-score:3", "only words, phrases and tags can be excluded"),
        ("category:two/parts", "short name"),
    ],
)
def test_malformed_operators_become_readable_hints(text, hint):
    query = parse(text)
    assert any(hint in shown for shown in query.hints), query.hints


def test_a_malformed_operator_does_not_hide_the_rest():
    query = parse("budget score:lots [hiring]")
    assert query.words == [["budget"]]
    assert query.tags == ["hiring"]
    assert query.score is None
    assert len(query.hints) == 1


def test_an_unknown_name_with_a_colon_is_searched_as_words():
    assert parse("http://example.com").words == [["http", "example", "com"]]
    assert parse("ratio:high").words == [["ratio", "high"]]


def test_only_common_words_is_an_empty_query():
    assert parse("the and of").is_empty
    assert parse("").is_empty
    assert parse("   ").is_empty


def test_very_long_queries_are_cut_with_a_hint():
    query = parse("word " * 400)
    assert query.hints
    assert len(query.words) <= 32


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_every_string_parses_without_an_exception(text):
    query = parse(text)
    for unit in query.highlight_terms + query.excluded:
        assert unit, "no empty unit reaches the index"
        assert all(token.isalnum() for token in unit)


OPERATOR_PIECES = st.sampled_from(
    [
        "score:", "answers:", "views:", "created:", "user:", "is:", "closed:", "title:",
        "body:", "isaccepted:", "hasaccepted:", "category:", "[", "]", "-", '"', "..", ":",
        "-[", "me", "yes", "2009-", "12", "-3", " ", "\x00", "é", "ß", "字",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(OPERATOR_PIECES, st.text(max_size=4)), max_size=20))
def test_operator_soup_parses_without_an_exception(pieces):
    parse("".join(pieces))
