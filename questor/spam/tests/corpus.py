"""The labelled corpus (tests/data/spam.json and ordinary.json) and how the spam check
scores on it. `python -m questor.spam.tests.corpus` prints the figures in docs/spam.md."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from questor.spam import detector

DATA = Path(__file__).parent / "data"


def load(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def spam_posts() -> list[dict[str, Any]]:
    return load("spam.json")


def ordinary_posts() -> list[dict[str, Any]]:
    return load("ordinary.json")


def _questions() -> dict[str, dict[str, Any]]:
    return {post["id"]: post for post in ordinary_posts() if post["kind"] == "question"}


def context(post: dict[str, Any]) -> dict[str, str]:
    """What the detector is given besides the body: a question's title, or an answer's
    question."""
    if post["kind"] == "answer":
        question = _questions()[post["question"]]
        return {"title": "", "question": f"{question['title']}\n{question['body']}"}
    return {"title": post["title"], "question": ""}


def text_of(post: dict[str, Any]) -> str:
    return f"{post.get('title', '')}\n{post['body']}"


@dataclass
class Figures:
    spam_total: int
    spam_held: int
    ordinary_total: int
    ordinary_held: int
    missed: list[str]
    false_positives: list[str]

    @property
    def spam_rate(self) -> float:
        return self.spam_held / self.spam_total

    @property
    def false_positive_rate(self) -> float:
        return self.ordinary_held / self.ordinary_total


def evaluate(model_for: Any = None) -> Figures:
    """Screen every post as a fresh site would, in one stream (ordinary and spam
    interleaved), each compared with the fingerprints of those before it.

    `model_for(post)` may give a naive Bayes model to use for that post.
    """
    spam, ordinary = spam_posts(), ordinary_posts()
    stream = [
        (post, is_spam)
        for pair in zip(ordinary, spam, strict=False)
        for post, is_spam in ((pair[0], False), (pair[1], True))
    ]
    stream += [(post, False) for post in ordinary[len(spam) :]]
    stream += [(post, True) for post in spam[len(ordinary) :]]
    seen: list[tuple[str, tuple[int, ...]]] = []
    figures = Figures(len(spam), 0, len(ordinary), 0, [], [])
    for post, is_spam in stream:
        signature = detector.minhash(detector.shingles(text_of(post)))
        duplicates = sorted(
            ((label, detector.similarity(signature, other)) for label, other in seen),
            key=lambda item: -item[1],
        )
        verdict = detector.detect(
            body=post["body"],
            new_account=True,
            duplicates=duplicates,
            model=model_for(post) if model_for else None,
            **context(post),
        )
        seen.append((f"post {post['id']}", signature))
        if is_spam and verdict.is_spam:
            figures.spam_held += 1
        elif is_spam:
            figures.missed.append(post["id"])
        elif verdict.is_spam:
            figures.ordinary_held += 1
            figures.false_positives.append(post["id"])
    return figures


def cross_validated(folds: int = 5) -> Figures:
    """The same, with naive Bayes trained on the other folds' labels (as if moderators
    had ruled on those posts), so no post is judged by a model that saw it."""
    labelled = [(post, True) for post in spam_posts()] + [
        (post, False) for post in ordinary_posts()
    ]
    fold_of = {post["id"]: index % folds for index, (post, _) in enumerate(labelled)}
    models = {
        fold: detector.NaiveBayes.train(
            (text_of(post), is_spam) for post, is_spam in labelled if fold_of[post["id"]] != fold
        )
        for fold in range(folds)
    }
    return evaluate(model_for=lambda post: models[fold_of[post["id"]]])


if __name__ == "__main__":  # pragma: no cover
    for name, figures in (("rules only", evaluate()), ("with naive Bayes", cross_validated())):
        print(
            f"{name}: spam held {figures.spam_held}/{figures.spam_total} "
            f"({figures.spam_rate:.1%}), ordinary held {figures.ordinary_held}/"
            f"{figures.ordinary_total} ({figures.false_positive_rate:.1%}); "
            f"missed {figures.missed}, false positives {figures.false_positives}"
        )
