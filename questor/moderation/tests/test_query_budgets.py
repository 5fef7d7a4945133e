"""The question page stays within its budgets with moderation on it: duplicates, a closed
banner, a moderator's controls."""

from __future__ import annotations

from typing import Any

import pytest

from questor.qa import moderation as qa_moderation
from questor.qa.privileges import forget_thresholds
from questor.qa.tests.test_query_budgets import QUESTION_PAGE_ANONYMOUS, QUESTION_PAGE_SIGNED_IN
from questor.testing.factories import make_answer, make_question, make_user

from .conftest import make_moderator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewer", ["anonymous", "member", "moderator"])
def test_an_original_with_duplicates_and_a_closed_duplicate_stay_within_budget(
    client: Any, django_assert_max_num_queries: Any, viewer: str
) -> None:
    moderator = make_moderator()
    original = make_question()
    make_answer(question=original)
    duplicates = [make_question() for _ in range(3)]
    for duplicate in duplicates:
        qa_moderation.close_question(
            user=moderator, question=duplicate, reason="duplicate", duplicate_of=original
        )
    if viewer != "anonymous":
        client.force_login(moderator if viewer == "moderator" else make_user())
    budget = QUESTION_PAGE_ANONYMOUS if viewer == "anonymous" else QUESTION_PAGE_SIGNED_IN
    for url in (original.get_absolute_url(), duplicates[0].get_absolute_url()):
        forget_thresholds()
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200
    page = client.get(original.get_absolute_url()).content.decode()
    assert all(duplicate.title in page for duplicate in duplicates)
    assert page.count('class="post answer') == 1
