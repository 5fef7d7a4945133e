"""Mounted at /2.3/ and /2.2/ (questor/urls.py). Every path works with and without a
trailing slash; `{ids}` is any `;`-separated list (checked by the view); anything else
under the prefix is SE's `no_method` error, as JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, re_path

from questor.seapi.views import posts, questions, search, site, tags, users

IDS = r"(?P<ids>[^/]+)"


def method(pattern: str, view: Callable[..., Any]) -> URLPattern:
    return re_path(rf"^{pattern}/?$", view)


urlpatterns = [
    method("sites", site.sites),
    method("info", site.info),
    method(r"errors/(?P<error_id>[^/]+)", site.errors),
    method("questions", questions.questions),
    method("questions/unanswered", questions.unanswered),
    method("questions/no-answers", questions.no_answers),
    method(f"questions/{IDS}", questions.questions_by_ids),
    method(f"questions/{IDS}/answers", questions.question_answers),
    method(f"questions/{IDS}/comments", questions.question_comments),
    method(f"questions/{IDS}/linked", questions.linked),
    method(f"questions/{IDS}/related", questions.related),
    method("answers", posts.answers),
    method(f"answers/{IDS}", posts.answers_by_ids),
    method(f"answers/{IDS}/comments", posts.answer_comments),
    method(f"comments/{IDS}", posts.comments_by_ids),
    method("posts", posts.posts),
    method(f"posts/{IDS}", posts.posts_by_ids),
    method("search", search.search),
    method("search/advanced", search.advanced),
    method("search/excerpts", search.excerpts),
    method("similar", search.similar),
    method("tags", tags.tags),
    method(r"tags/(?P<names>[^/]+)/info", tags.tags_info),
    method("users", users.users),
    method(f"users/{IDS}", users.users_by_ids),
    method(f"users/{IDS}/questions", users.user_questions),
    method(f"users/{IDS}/answers", users.user_answers),
    re_path(r"^.*$", site.no_method),
]
