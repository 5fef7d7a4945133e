"""The detector's signals on their own, the labelled corpus, and the scraped legacy page."""

from __future__ import annotations

import re

import pytest

from questor.spam import detector
from questor.spam.detector import Lists, NaiveBayes, clean_scraped_text, detect
from questor.spam.tests import corpus

LEGACY = (corpus.DATA / "leadership-vs-management-2009.txt").read_text(encoding="utf-8")
VARIANT = (corpus.DATA / "legacy-variant.txt").read_text(encoding="utf-8")
LEGACY_PROMO = "Have you claimed your Genesis site?"
VARIANT_PROMO = "Grab a free theme for our blog platform today!"


def _names(verdict: detector.Verdict) -> set[str]:
    return {signal.name for signal in verdict.signals}


# The corpus ---------------------------------------------------------------------------


def test_the_corpus_is_big_enough_and_original():
    spam, ordinary = corpus.spam_posts(), corpus.ordinary_posts()
    assert len(spam) >= 60 and len(ordinary) >= 60
    assert len({post["body"] for post in spam + ordinary}) == len(spam) + len(ordinary)


def test_corpus_figures_at_least_90_percent_of_spam_held_at_most_2_percent_of_ordinary():
    figures = corpus.evaluate()
    assert figures.spam_rate >= 0.90, figures.missed
    assert figures.false_positive_rate <= 0.02, figures.false_positives
    # The figures docs/spam.md reports (update both together).
    assert (figures.spam_held, figures.spam_total) == (65, 67)
    assert (figures.ordinary_held, figures.ordinary_total) == (0, 69)


def test_corpus_figures_with_naive_bayes_trained_on_other_folds():
    figures = corpus.cross_validated()
    assert figures.spam_rate >= 0.95
    assert figures.false_positive_rate <= 0.02


# The scraped legacy page ---------------------------------------------------------------


@pytest.mark.parametrize(("page", "promo"), [(LEGACY, LEGACY_PROMO), (VARIANT, VARIANT_PROMO)])
def test_both_faults_of_the_legacy_page_are_caught_by_general_rules(page, promo):
    title = page.splitlines()[0]
    verdict = detect(body=page, title=title)
    assert {"repeated block", "promotion"} <= _names(verdict)
    assert verdict.is_spam
    assert promo in verdict.reasons
    # Each rule finds its fault by itself.
    assert detector.repeated_blocks(page)[0].length == 2
    assert [line.text for line in detector.unrelated_promotions(page, title=title)] == [promo]


def test_the_variant_shares_no_word_with_the_original_promotional_line():
    def words_of(text: str) -> set[str]:
        return set(re.findall(r"[a-z]+", text.lower()))

    assert not words_of(LEGACY_PROMO) & words_of(VARIANT_PROMO)
    assert LEGACY_PROMO not in VARIANT and "Genesis" not in VARIANT


@pytest.mark.parametrize(
    ("page", "promo", "question"),
    [
        (LEGACY, LEGACY_PROMO, "If there is such a difference how you get managing directors?"),
        (
            VARIANT,
            VARIANT_PROMO,
            "Could anybody explain how running a department differs from inspiring it?",
        ),
    ],
)
def test_clean_scraped_text_drops_the_second_copy_and_the_promotional_line(page, promo, question):
    cleaned, dropped = clean_scraped_text(page)
    assert promo not in cleaned
    assert cleaned.count(question) == 1
    assert dropped == [promo, question, promo]
    # Nothing else is touched: every other line is still there.
    assert len(cleaned.splitlines()) == len(page.splitlines()) - 3
    assert set(cleaned.splitlines()) == set(page.splitlines()) - {promo}
    assert not detect(body=cleaned, title=page.splitlines()[0]).signals


# Each signal -------------------------------------------------------------------------


def test_a_repeated_block_is_noticed_but_short_repeats_are_not():
    block = "Our team lead never answers messages after five.\nWhat should I do about it?"
    assert detector.repeated_block_signal(f"{block}\n\n{block}\n{block}").score == 0.8
    text = f"Some context about my team first.\n{block}\nMore detail here.\n{block}\nThanks!"
    assert detector.repeated_block_signal(text).score == 0.5
    assert not detector.repeated_block_signal("Thanks!\nThanks!\n}\n}").score


def test_a_call_to_action_sharing_words_with_the_question_is_not_unrelated():
    question = "Which project management software works for a small remote team?"
    answer = "Try Trello: the free plan is enough for a small remote team and its boards."
    assert not detector.unrelated_promotions(answer, question=question)
    ad = "Buy cheap sunglasses today with free shipping at our store!"
    assert detector.unrelated_promotions(ad, question=question)


def test_ordinary_advice_is_not_a_call_to_action():
    for sentence in [
        "Try asking them what they want to talk about first.",
        "Check whether your company offers coaching as part of the training budget.",
        "Feel free to share your own experience!",
        "Have you tried asking your team what they need from you?",
    ]:
        check = detector.promo_cues(sentence)
        assert not check.is_promotional, (sentence, check)


def test_listed_phrases_and_domains_from_the_admin_list():
    lists = Lists(phrases=("limited time",), domains=("spam.example",), shorteners=())
    verdict = detector.listed_terms_signal(
        "LIMITED   time only at https://www.spam.example/x", lists
    )
    assert verdict.score == 1.0
    assert "spam.example" in verdict.explanation and "limited time" in verdict.explanation
    assert not detector.listed_terms_signal("a limited-timer at notspam.example", lists).score


def test_shorteners_and_many_links_count_only_for_new_accounts():
    text = "See https://bit.ly/abc, https://a.example/1, https://b.example/2 and www.c.example"
    signal = detector.links_signal(text, Lists(), new_account=True)
    assert signal.score == 1.0
    assert "bit.ly" in signal.explanation and "4 links" in signal.explanation
    assert not detector.links_signal(text, Lists(), new_account=False).score


def test_near_duplicates_by_shingling():
    original = corpus.ordinary_posts()[0]["body"]
    copy = original + "\nAny advice is welcome."
    other = corpus.ordinary_posts()[5]["body"]
    sign = detector.minhash
    a, b, c = (sign(detector.shingles(text)) for text in (original, copy, other))
    assert detector.similarity(a, b) >= 0.6 > detector.similarity(a, c)
    assert set(detector.band_keys(a)) & set(detector.band_keys(b))
    signal = detector.near_duplicate_signal([("question #1", detector.similarity(a, b))])
    assert signal.score >= 0.6 and "question #1" in signal.explanation
    assert detector.shingles("too short to compare") == set()


def test_naive_bayes_learns_from_decisions_and_needs_enough_of_them():
    examples = [(corpus.text_of(post), True) for post in corpus.spam_posts()[:30]] + [
        (corpus.text_of(post), False) for post in corpus.ordinary_posts()[:30]
    ]
    model = NaiveBayes.train(examples)
    spam_text = corpus.text_of(corpus.spam_posts()[40])
    ordinary_text = corpus.text_of(corpus.ordinary_posts()[50])
    assert model.probability(spam_text) > 0.9 > 0.1 > model.probability(ordinary_text)
    assert detector.bayes_signal(spam_text, model).score > 0
    assert detector.bayes_signal(ordinary_text, model).score < 0  # approved posts like it
    # It survives the trip through the database's JSON.
    assert NaiveBayes.from_json(model.to_json()).probability(spam_text) == pytest.approx(
        model.probability(spam_text)
    )
    assert not detector.bayes_signal(spam_text, NaiveBayes.train(examples[:3])).score


def test_the_verdict_explains_every_signal_that_fired():
    verdict = detect(
        body="Buy now at https://bit.ly/x and https://a.example and https://b.example!",
        title="Cheap watches",
    )
    assert verdict.is_spam
    for line in verdict.reasons.splitlines():
        assert re.match(r"^[a-z -]+ \(\+\d\.\d\d\): .+", line), line
