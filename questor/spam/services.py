"""The spam check against the database: lists from the admin, the trained model, and
fingerprints of earlier posts; moderators' decisions and retraining.

qa calls `check_post` through questor.qa.screening (a lazy import: qa does not depend on
this app); importers call `check_legacy_page` and `detector.clean_scraped_text`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from questor.accounts.models import User
from questor.qa.models import Post
from questor.spam import detector
from questor.spam.models import (
    Decision,
    FingerprintBand,
    PostFingerprint,
    SpamDecision,
    SpamModel,
    SpamTerm,
    TermKind,
)

# Fingerprints compared with a new post: the best few candidates are enough.
MAX_CANDIDATES = 50


def current_lists() -> detector.Lists:
    """The active phrases, blocked domains and shorteners, as edited in the admin."""
    rows = SpamTerm.objects.filter(is_active=True).values_list("kind", "text")
    by_kind: dict[str, list[str]] = {kind: [] for kind in TermKind.values}
    for kind, text in rows:
        by_kind[kind].append(text)
    return detector.Lists(
        phrases=tuple(by_kind[TermKind.PHRASE]),
        domains=tuple(by_kind[TermKind.DOMAIN]),
        shorteners=tuple(by_kind[TermKind.SHORTENER]),
    )


def current_model() -> detector.NaiveBayes | None:
    row = SpamModel.objects.filter(name="bayes").first()
    return detector.NaiveBayes.from_json(row.data) if row and row.data else None


def signature_of(text: str) -> tuple[int, ...]:
    return detector.minhash(detector.shingles(text))


def _label(post: Post) -> str:
    if post.title:
        return f"question #{post.pk} “{post.title[:80]}”"
    return f"answer #{post.pk}"


def find_duplicates(
    signature: Sequence[int], *, exclude_post_id: int | None = None
) -> list[tuple[str, float]]:
    """Earlier posts whose text is most like `signature`, best first."""
    keys = detector.band_keys(signature)
    if not keys:
        return []
    candidates = (
        PostFingerprint.objects.filter(bands__key__in=keys)
        .exclude(post_id=exclude_post_id or 0)
        .select_related("post")
        .distinct()
        .order_by("-updated_at")[:MAX_CANDIDATES]
    )
    found = [
        (_label(candidate.post), detector.similarity(signature, candidate.signature))
        for candidate in candidates
    ]
    return sorted(found, key=lambda item: -item[1])


def remember(post: Post, signature: Sequence[int], *, new: bool = False) -> None:
    """Keep (or replace) the post's fingerprint for later near-duplicate checks. A `new`
    post (just created, in this transaction) has none to replace."""
    if not new:
        PostFingerprint.objects.filter(post=post).delete()
    if not signature:
        return
    fingerprint = PostFingerprint.objects.create(post=post, signature=list(signature))
    FingerprintBand.objects.bulk_create(
        [FingerprintBand(fingerprint=fingerprint, key=key) for key in detector.band_keys(signature)]
    )


def _question_context(post: Post) -> str:
    if post.is_question or post.question_id is None:
        return ""
    question = post.question
    assert question is not None
    return f"{question.title}\n{question.body}"


def check_post(
    post: Post, *, writer: User | None, judge: bool = True, new: bool = False
) -> detector.Verdict | None:
    """Fingerprint the post and, when `judge`, run the detector on it.

    Compared with the fingerprints of earlier posts before its own is stored.
    """
    signature = signature_of(f"{post.title}\n{post.body}")
    verdict = None
    if judge:
        verdict = detector.detect(
            body=post.body,
            title=post.title,
            question=_question_context(post),
            new_account=writer is None or writer.reputation < settings.SPAM_NEW_ACCOUNT_REPUTATION,
            lists=current_lists(),
            duplicates=find_duplicates(signature, exclude_post_id=post.pk),
            model=current_model(),
            threshold=settings.SPAM_HOLD_SCORE,
        )
    remember(post, signature, new=new)
    return verdict


def check_legacy_page(*, title: str, text: str) -> detector.Verdict:
    """Judge an imported legacy page as a post by a new account (importers call this,
    after `detector.clean_scraped_text` if they repair the page)."""
    return detector.detect(
        body=text,
        title=title,
        new_account=True,
        lists=current_lists(),
        duplicates=find_duplicates(signature_of(f"{title}\n{text}")),
        model=current_model(),
        threshold=settings.SPAM_HOLD_SCORE,
    )


# Decisions and training ---------------------------------------------------------------


@transaction.atomic
def decide(*, moderator: User, post: Post, spam: bool) -> Post:
    """A moderator's ruling on a held post: publish it, or delete it as spam. Either way
    the decision teaches the naive Bayes model (retrained by a task after commit)."""
    from questor.qa import spam_review

    reasons = post.held_reasons
    if spam:
        post = spam_review.reject_held_post(moderator=moderator, post=post)
    else:
        post = spam_review.approve_held_post(moderator=moderator, post=post)
    SpamDecision.objects.create(
        post=post,
        decision=Decision.SPAM if spam else Decision.NOT_SPAM,
        text=f"{post.title}\n{post.body}".strip(),
        reasons=reasons,
        moderator=moderator,
    )
    from questor.spam.tasks import retrain_spam_model

    transaction.on_commit(lambda: retrain_spam_model.enqueue())
    return post


def retrain() -> SpamModel:
    """Train the naive Bayes model on every decision so far and store it."""
    examples = SpamDecision.objects.values_list("text", "decision").order_by("id")
    model = detector.NaiveBayes.train(
        (text, decision == Decision.SPAM) for text, decision in examples.iterator()
    )
    row, _ = SpamModel.objects.update_or_create(
        name="bayes",
        defaults={
            "spam_examples": model.spam_docs,
            "ham_examples": model.ham_docs,
            "data": model.to_json(),
            "trained_at": timezone.now(),
        },
    )
    return row
