"""What clients are strict about, through Django's test client on the imported dump:
routing, errors, paging, filters, hidden content, parameters, hosts, query budgets."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from questor.qa.models import Comment, Post, PostType
from questor.seapi.tests.conftest import SITE

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"error_id", "error_name", "error_message"}


def get(client: Client, path: str, **params: Any) -> Any:
    params.setdefault("site", SITE)
    return client.get(path, params)


def _questions() -> Any:
    return Post.objects.public().filter(post_type=PostType.QUESTION)


@pytest.mark.parametrize(
    "path", ["/2.3/questions", "/2.3/questions/", "/2.2/questions", "/2.2/questions/"]
)
def test_paths_work_with_and_without_slash_under_both_versions(
    dump: None, client: Client, path: str
) -> None:
    response = get(client, path, pagesize=2)
    assert response.status_code == 200
    assert len(response.json()["items"]) == 2


def test_ids_may_be_raw_or_percent_encoded(dump: None, client: Client) -> None:
    raw = get(client, "/2.3/questions/1;3/").json()
    encoded = client.get(f"/2.3/questions/1%3B3?site={SITE}").json()
    assert raw == encoded
    assert {item["question_id"] for item in raw["items"]} == {1, 3}


def test_unknown_ids_are_an_empty_list_not_an_error(dump: None, client: Client) -> None:
    body = get(client, "/2.3/questions/999999;888888").json()
    assert body["items"] == [] and body["has_more"] is False
    # An answer's id is no question's.
    assert get(client, "/2.3/questions/2").json()["items"] == []
    # Imported dumps keep the Community user, whose id is -1.
    community = get(client, "/2.3/users/-1").json()["items"]
    assert [user["display_name"] for user in community] == ["Community"]


@pytest.mark.parametrize(
    ("path", "params", "error_id", "error_name"),
    [
        ("/2.3/no-such-method", {}, 404, "no_method"),
        ("/2.3/questions/1/nonsense", {}, 404, "no_method"),
        ("/2.3/questions", {"site": ""}, 400, "bad_parameter"),
        ("/2.3/questions", {"site": "stackoverflow"}, 400, "bad_parameter"),
        ("/2.3/questions", {"pagesize": "101"}, 400, "bad_parameter"),
        ("/2.3/questions", {"page": "0"}, 400, "bad_parameter"),
        ("/2.3/questions", {"sort": "relevance"}, 400, "bad_parameter"),
        ("/2.3/questions", {"order": "up"}, 400, "bad_parameter"),
        ("/2.3/questions", {"fromdate": "yesterday"}, 400, "bad_parameter"),
        ("/2.3/questions/1;x", {}, 404, "no_method"),
        ("/2.3/questions/featured", {}, 404, "no_method"),
        ("/2.3/questions/" + ";".join(str(n) for n in range(1, 102)), {}, 400, "bad_parameter"),
        ("/2.3/search", {}, 400, "bad_parameter"),
        ("/2.3/similar", {}, 400, "bad_parameter"),
        ("/2.3/errors/502", {}, 502, "throttle_violation"),
    ],
)
def test_every_error_is_json_with_all_three_keys(
    dump: None, client: Client, path: str, params: dict[str, str], error_id: int, error_name: str
) -> None:
    response = get(client, path, **params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert (body["error_id"], body["error_name"]) == (error_id, error_name)


def test_other_http_methods_and_server_errors_are_json_too(
    dump: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    posted = client.post(f"/2.3/questions?site={SITE}")
    assert posted.status_code == 400 and set(posted.json()) == ERROR_KEYS
    assert set(client.post("/2.3/nothing/here").json()) == ERROR_KEYS

    from questor.seapi import selectors

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "site_totals", broken)
    failed = get(client, "/2.3/info")
    assert failed.json()["error_name"] == "internal_error"


def test_has_more_is_true_only_when_the_next_page_has_items(dump: None, client: Client) -> None:
    total = _questions().count()  # 54 in this dump
    size = 27 if total == 54 else total
    seen: list[int] = []
    page = 1
    while True:
        body = get(client, "/2.3/questions", pagesize=size, page=page).json()
        seen += [item["question_id"] for item in body["items"]]
        assert body["items"], "never an empty page before the end"
        if not body["has_more"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == total
    past = get(client, "/2.3/questions", pagesize=size, page=page + 1).json()
    assert past["items"] == [] and past["has_more"] is False
    assert "backoff" not in past


def test_deleted_held_and_hidden_content_never_appears(dump: None, client: Client) -> None:
    deleted, held, hidden = list(_questions().filter(answer_count__gt=0).order_by("pk")[:3])
    Post.objects.filter(pk=deleted.pk).update(is_deleted=True)
    Post.objects.filter(pk=held.pk).update(held_for_review=True)
    Post.objects.filter(pk=hidden.pk).update(hidden_by_flags=True)
    gone = {deleted.pk, held.pk, hidden.pk}
    ids = ";".join(str(pk) for pk in gone)
    assert get(client, f"/2.3/questions/{ids}").json()["items"] == []
    listed = get(client, "/2.3/questions", pagesize=100).json()["items"]
    assert gone.isdisjoint(item["question_id"] for item in listed)
    answers = get(client, "/2.3/answers", pagesize=100, page=1).json()["items"]
    answers += get(client, "/2.3/answers", pagesize=100, page=2).json()["items"]
    assert gone.isdisjoint(item["question_id"] for item in answers)
    comment_ids = Comment.objects.filter(post_id__in=gone).values_list("pk", flat=True)
    if comment_ids:
        joined = ";".join(str(pk) for pk in comment_ids)
        assert get(client, f"/2.3/comments/{joined}").json()["items"] == []
    word = deleted.title.split()[0]
    found = get(client, "/2.3/search/excerpts", q=word, pagesize=100).json()["items"]
    assert gone.isdisjoint(item["question_id"] for item in found)
    info = get(client, "/2.3/info").json()["items"][0]
    assert info["total_questions"] == _questions().count()


def test_filters_total_none_unknown_and_v1_compatibility(dump: None, client: Client) -> None:
    assert get(client, "/2.3/questions", filter="total").json() == {"total": _questions().count()}
    assert get(client, "/2.3/questions", filter="none").json() == {}
    default = get(client, "/2.3/questions", pagesize=3).json()
    assert get(client, "/2.3/questions", pagesize=3, filter="!unknownFilter").json() == default
    assert "body" not in default["items"][0] and "answers" not in default["items"][0]

    with_all = get(client, "/2.3/questions/1", filter="_bca").json()["items"][0]
    assert with_all["body"] == Post.objects.get(pk=1).body_html
    answers = with_all["answers"]
    assert [a["answer_id"] for a in answers] != [] and all("body" in a for a in answers)
    assert {c["comment_id"] for c in with_all["comments"]} == set(
        Comment.objects.filter(post_id=1, is_deleted=False).values_list("pk", flat=True)
    )


def test_the_llama_index_posts_filter_returns_exactly_its_fields(
    dump: None, client: Client
) -> None:
    body = client.get("/2.3/posts?&team=questor&filter=!nOedRLbqzB&page=1").json()
    allowed = {
        "post_id", "post_type", "body_markdown", "owner", "link", "score",
        "last_activity_date", "creation_date", "title", "last_edit_date",
    }  # fmt: skip
    owner_keys = {
        "account_id", "reputation", "user_id", "user_type", "profile_image", "display_name",
        "link",
    }  # fmt: skip
    assert body["items"] and body["has_more"] is True
    for item in body["items"]:
        assert set(item) <= allowed
        assert {"link", "score", "last_activity_date", "creation_date"} <= set(item)
        assert set(item["owner"]) <= owner_keys


def test_sort_bounds_and_dates(dump: None, client: Client) -> None:
    items = get(client, "/2.3/questions", sort="votes", min="2", max="5.0", pagesize=100).json()
    scores = [item["score"] for item in items["items"]]
    assert scores == sorted(scores, reverse=True) and all(2 <= s <= 5 for s in scores)
    assert len(scores) == _questions().filter(score__gte=2, score__lte=5).count()
    ascending = get(client, "/2.3/questions", sort="creation", order="asc", pagesize=5).json()
    dates = [item["creation_date"] for item in ascending["items"]]
    assert dates == sorted(dates)
    start, end = dates[1], dates[3]
    window = get(
        client, "/2.3/questions", sort="creation", order="asc", fromdate=start, todate=end
    ).json()
    assert [item["creation_date"] for item in window["items"]] == dates[1:4]
    by_day = get(client, "/2.3/questions", fromdate="2018-02-07", todate="2018-02-08").json()
    assert all(1517961600 <= i["creation_date"] <= 1518048000 for i in by_day["items"])


def test_site_is_accepted_by_name_domain_or_team_and_sites_needs_none(
    dump: None, client: Client
) -> None:
    for site in (SITE, "qa.example.org", "QUESTOR"):
        assert get(client, "/2.3/info", site=site).status_code == 200
    assert client.get("/2.3/info?team=questor").status_code == 200
    sites = client.get("/2.3/sites/?pagesize=1000&page=1&filter=%21%2AL1%2AAY-85YllAr2%29").json()
    assert [s["api_site_parameter"] for s in sites["items"]] == [SITE]
    assert sites["has_more"] is False


def test_unknown_parameters_are_ignored(dump: None, client: Client) -> None:
    plain = get(client, "/2.3/questions", pagesize=3).json()
    noisy = get(
        client, "/2.3/questions", pagesize=3, body="false", comments="false", answers="true",
        key="KEY123", callback="", whatever="1",
    ).json()  # fmt: skip
    assert noisy == plain


def test_titles_and_names_are_html_escaped(dump: None, client: Client) -> None:
    Post.objects.filter(pk=1).update(title='Isn\'t <b>this</b> "odd" & new?')
    item = get(client, "/2.3/questions/1").json()["items"][0]
    assert item["title"] == "Isn&#39;t &lt;b&gt;this&lt;/b&gt; &quot;odd&quot; &amp; new?"


def test_the_stack_exchange_host_is_accepted_for_the_api_only(dump: None, client: Client) -> None:
    api = client.get(f"/2.3/info?site={SITE}", HTTP_HOST="api.stackexchange.com")
    assert api.status_code == 200
    page = client.get("/", HTTP_HOST="api.stackexchange.com")
    assert page.status_code == 400  # DisallowedHost, as for any unknown host
    other = client.get(f"/2.3/info?site={SITE}", HTTP_HOST="evil.example.com")
    assert other.status_code == 400 and set(other.json()) == ERROR_KEYS


@pytest.mark.parametrize("filter_name", ["default", "_bca"])
def test_question_list_queries_do_not_grow_with_the_page_size(
    dump: None, client: Client, filter_name: str
) -> None:
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = get(client, "/2.3/questions", pagesize=size, filter=filter_name)
        assert len(response.json()["items"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= (1 if filter_name == "default" else 3) + 2  # + savepoint/cache noise


SORTS = {
    "/2.3/questions": ["activity", "votes", "creation", "hot", "week", "month"],
    "/2.3/questions/1;3;5;6;9": ["activity", "votes", "creation"],
    "/2.3/questions/1;3;5;6;9/answers": ["activity", "votes", "creation"],
    "/2.3/questions/1;3;5;6;9/comments": ["creation", "votes"],
    "/2.3/questions/1;3;5;6;9/linked": ["activity", "votes", "creation", "rank"],
    "/2.3/questions/1;3;5;6;9/related": ["activity", "votes", "creation", "rank"],
    "/2.3/questions/unanswered": ["activity", "votes", "creation"],
    "/2.3/questions/no-answers": ["activity", "votes", "creation"],
    "/2.3/answers": ["activity", "votes", "creation"],
    "/2.3/answers/2;8;10": ["activity", "votes", "creation"],
    "/2.3/answers/2;8;10/comments": ["creation", "votes"],
    "/2.3/comments/1;2;3;4": ["creation", "votes"],
    "/2.3/posts": ["activity", "votes", "creation"],
    "/2.3/posts/1;2;3": ["activity", "votes", "creation"],
    "/2.3/search?intitle=language&tagged=discussion;support": [
        "activity",
        "votes",
        "creation",
        "relevance",
    ],
    "/2.3/search/advanced?q=language&accepted=false&views=1": [
        "activity",
        "votes",
        "creation",
        "relevance",
    ],
    "/2.3/search/excerpts?q=language&tagged=discussion": [
        "activity",
        "votes",
        "creation",
        "relevance",
    ],
    "/2.3/similar?title=constructed+language+questions&nottagged=bug": [
        "activity",
        "votes",
        "creation",
        "relevance",
    ],
    "/2.3/tags?inname=o": ["popular", "activity", "name"],
    "/2.3/tags/discussion;support;c%23/info": ["popular", "activity", "name"],
    "/2.3/users?inname=a": ["reputation", "creation", "name", "modified"],
    "/2.3/users/1;2;8;12": ["reputation", "creation", "name", "modified"],
    "/2.3/users/1;2;8;12/questions": ["activity", "votes", "creation"],
    "/2.3/users/1;2;8;12/answers": ["activity", "votes", "creation"],
}


@pytest.mark.parametrize("path", sorted(SORTS))
def test_every_method_answers_every_sort_order_and_filter(
    dump: None, client: Client, path: str
) -> None:
    joiner = "&" if "?" in path else "?"
    for sort in SORTS[path]:
        for extra in ("order=asc", "order=desc&filter=withbody", "filter=_bca&pagesize=3"):
            response = client.get(f"{path}{joiner}site={SITE}&sort={sort}&{extra}")
            body = response.json()
            assert response.status_code == 200, (sort, extra, body)
            # week and month: questions of the last 7 or 30 days; the dump is older.
            assert body["items"] or sort in {"week", "month"}, (path, sort, extra)
            assert isinstance(body["has_more"], bool)
            assert None not in [value for item in body["items"] for value in item.values()]
        total = client.get(f"{path}{joiner}site={SITE}&sort={sort}&filter=total").json()
        assert set(total) == {"total"} and (total["total"] >= 1 or sort in {"week", "month"})


def test_the_absolute_form_request_target_is_reduced_to_its_path(dump: None) -> None:
    """Django's runserver passes `GET http://api.stackexchange.com/2.3/info` on as the
    path; gunicorn does not (test_clients covers it), the middleware does the same."""
    from django.test import RequestFactory

    from questor.seapi.middleware import StackExchangeApiMiddleware

    request = RequestFactory().get(f"/2.3/info?site={SITE}", HTTP_HOST="api.stackexchange.com")
    request.path_info = request.path = "http://api.stackexchange.com/2.3/info"
    seen: list[str] = []

    def view(inner: Any) -> Any:
        seen.append(inner.path_info)
        seen.append(inner.get_host())
        from django.http import JsonResponse

        return JsonResponse({})

    StackExchangeApiMiddleware(view)(request)
    assert seen[0] == "/2.3/info"
    assert seen[1] != "api.stackexchange.com"
