"""View counts: once per question per visitor per 24 hours, written off the request path.

A page view only appends to an in-process buffer. A background thread in each server
process flushes the buffer every few seconds: it checks the visits table for who was
already counted in the last day, then adds the new views to the questions in one
UPDATE per question. A crash loses at most one interval of views; the count may lag.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from questor.qa.models import Post, QuestionVisit

logger = logging.getLogger(__name__)

FLUSH_INTERVAL_SECONDS = 5.0
WINDOW = timedelta(hours=24)

_lock = threading.Lock()
_pending: set[tuple[int, str]] = set()
_flusher: threading.Thread | None = None


def record_view(*, question_id: int, visitor: str) -> None:
    """Note a view; counted at the next flush. Costs no query."""
    global _flusher
    with _lock:
        _pending.add((question_id, visitor))
        if settings.VIEW_COUNT_FLUSH_THREAD and _flusher is None:
            _flusher = threading.Thread(target=_flush_forever, name="questor-views", daemon=True)
            _flusher.start()
            atexit.register(flush_views)


def flush_views() -> int:
    """Count the buffered views; returns how many were new in their window."""
    with _lock:
        batch = list(_pending)
        _pending.clear()
    if not batch:
        return 0
    now = timezone.now()
    counted = 0
    with transaction.atomic():
        question_ids = {question_id for question_id, _ in batch}
        recent = set(
            QuestionVisit.objects.filter(
                question_id__in=question_ids,
                visitor__in={visitor for _, visitor in batch},
                counted_at__gt=now - WINDOW,
            ).values_list("question_id", "visitor")
        )
        fresh = [pair for pair in batch if pair not in recent]
        if fresh:
            # Stale rows for these pairs (older than the window) are replaced.
            for question_id, visitor in fresh:
                QuestionVisit.objects.update_or_create(
                    question_id=question_id, visitor=visitor, defaults={"counted_at": now}
                )
            per_question = Counter(question_id for question_id, _ in fresh)
            for question_id, views in per_question.items():
                Post.objects.filter(pk=question_id).update(view_count=F("view_count") + views)
            counted = len(fresh)
        QuestionVisit.objects.filter(counted_at__lte=now - WINDOW).delete()
    return counted


def _flush_forever() -> None:
    stop = threading.Event()
    while not stop.wait(FLUSH_INTERVAL_SECONDS):
        try:
            close_old_connections()
            flush_views()
        except Exception:  # keep counting after a passing database error
            logger.exception("Flushing view counts failed")
