"""Golden tests: each endpoint's JSON under the `default` filter, on the imported dump,
equals the file stored in golden/ (the same on SQLite and PostgreSQL). After an
intended change, rewrite them with SEAPI_UPDATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from questor.seapi.tests.conftest import SITE

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SEAPI_UPDATE_GOLDEN") == "1"

# name → path and query (site= is added). Small pages, orders with no ties left to the
# database, and no relevance sorts (SQLite's and PostgreSQL's rankings differ).
CASES: dict[str, tuple[str, dict[str, str]]] = {
    "sites": ("/2.3/sites", {"pagesize": "1000", "filter": "!*L1*AY-85YllAr2)"}),
    "info": ("/2.3/info", {}),
    "questions": ("/2.3/questions", {"pagesize": "3", "sort": "creation"}),
    "questions_ids": ("/2.3/questions/1;2;3", {"sort": "creation"}),
    "questions_answers": ("/2.3/questions/1/answers", {"sort": "creation"}),
    "questions_comments": ("/2.3/questions/1;2;3;4;5/comments", {"pagesize": "3"}),
    "questions_linked": ("/2.3/questions/1;2;3;4;5;6;7;8;9;10/linked", {"sort": "creation"}),
    "questions_unanswered": ("/2.3/questions/unanswered", {"pagesize": "2", "sort": "creation"}),
    "questions_no_answers": ("/2.3/questions/no-answers", {"pagesize": "2", "sort": "creation"}),
    "answers": ("/2.3/answers", {"pagesize": "2", "sort": "creation"}),
    "answers_ids": ("/2.3/answers/8;9", {"sort": "creation"}),
    "answers_comments": ("/2.3/answers/8;9;10;11;12/comments", {"pagesize": "2"}),
    "comments_ids": ("/2.3/comments/1;2;3", {}),
    "search": ("/2.3/search", {"intitle": "tag", "pagesize": "2", "sort": "creation"}),
    "search_advanced": ("/2.3/search/advanced", {"q": "tag", "pagesize": "2", "sort": "creation"}),
    "search_excerpts": ("/2.3/search/excerpts", {"q": "tag", "pagesize": "2", "sort": "creation"}),
    "similar": ("/2.3/similar", {"title": "tag wiki", "pagesize": "2", "sort": "creation"}),
    "tags": ("/2.3/tags", {"pagesize": "3", "sort": "name"}),
    "tags_info": ("/2.3/tags/discussion;bug/info", {"sort": "name"}),
    "users": ("/2.3/users", {"pagesize": "2", "sort": "creation", "order": "asc"}),
    "users_ids": ("/2.3/users/1;2", {"sort": "creation"}),
    "users_questions": ("/2.3/users/1;2;3;4;5/questions", {"pagesize": "2", "sort": "creation"}),
    "users_answers": ("/2.3/users/1;2;3;4;5/answers", {"pagesize": "2", "sort": "creation"}),
    "posts_ids": ("/2.3/posts/1;2", {"sort": "creation"}),
    "error_no_method": ("/2.3/no/such/method", {}),
    "error_bad_parameter": ("/2.3/questions", {"pagesize": "101"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_endpoint_json_matches_the_golden_file(dump: None, client: Client, name: str) -> None:
    path, query = CASES[name]
    response = client.get(path, {**query, "site": SITE})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    if name == "search_excerpts":
        # Highlighted fragments are the database's own (FTS5 snippet, ts_headline).
        for item in body["items"]:
            assert '<span class="highlight">' in item["excerpt"]
            item["excerpt"] = "(database-specific)"
    golden = GOLDEN / f"{name}.json"
    if UPDATE:
        golden.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n")
    expected = json.loads(golden.read_text())
    assert body == expected
    if name.startswith("error"):
        assert response.status_code == 400
    else:
        assert response.status_code == 200
        assert body["items"], f"{name}: pick a request that finds something"


def test_golden_files_hold_no_questor_only_fields() -> None:
    """Only Stack Exchange's own field names appear under the default filter."""
    allowed = set(
        re.findall(
            r"[a-z_]+",
            """items has_more quota_max quota_remaining error_id error_name error_message
            tags owner is_answered view_count accepted_answer_id answer_count score
            last_activity_date creation_date last_edit_date closed_date closed_reason
            locked_date protected_date question_id content_license link title
            account_id reputation user_id user_type profile_image display_name accept_rate
            is_accepted answer_id edited post_id comment_id reply_to_user post_type
            badge_counts bronze silver gold is_employee last_modified_date last_access_date
            reputation_change_year reputation_change_quarter reputation_change_month
            reputation_change_week reputation_change_day location website_url
            has_synonyms is_moderator_only is_required count name
            new_active_users total_users badges_per_minute total_badges total_votes
            total_comments answers_per_minute questions_per_minute total_answers
            total_accepted total_unanswered total_questions api_revision
            aliases styling link_color tag_foreground_color tag_background_color related_sites
            markdown_extensions launch_date site_state high_resolution_icon_url favicon_url
            icon_url audience site_url api_site_parameter logo_url site_type
            question_score has_accepted_answer item_type body excerpt""",
        )
    )

    def walk(value: Any) -> set[str]:
        if isinstance(value, dict):
            found = set(value)
            for item in value.values():
                found |= walk(item)
            return found
        if isinstance(value, list):
            return set().union(*(walk(item) for item in value)) if value else set()
        return set()

    for golden in GOLDEN.glob("*.json"):
        extra = walk(json.loads(golden.read_text())) - allowed
        assert not extra, f"{golden.name}: {sorted(extra)}"
