"""Background work of the spam check: retraining naive Bayes after moderators decide."""

from __future__ import annotations

from django_tasks import task


@task()
def retrain_spam_model() -> int:
    """Retrain on every moderator decision; returns how many examples it learned from."""
    from questor.spam.services import retrain

    row = retrain()
    return row.spam_examples + row.ham_examples
