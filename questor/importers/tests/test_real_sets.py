"""The two real dump sets (see data/SOURCES.md): counts and sampled fields against the
XML, re-imports that change nothing, attribution on the page, and the round trip.

The larger set (cardano) is imported once for this module and removed at its end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client

from questor.accounts.models import User
from questor.importers.export import Exporter
from questor.importers.tests.helpers import (
    CARDANO,
    CONLANG,
    assert_same,
    run_import,
    snapshot,
    wipe,
    xml_rows,
)
from questor.qa.models import (
    Award,
    Badge,
    CloseReason,
    Comment,
    Post,
    PostLink,
    ReputationEvent,
    Revision,
    Tag,
)

SITE = "cardano.stackexchange.com"


@pytest.fixture(scope="module")
def cardano(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock():
        assert not Post.objects.exists(), "the importer tests need an empty database"
        badges_before = set(Badge.objects.values_list("pk", flat=True))
        result = run_import(CARDANO)
        try:
            yield {"result": result, "snapshot": snapshot()}
        finally:
            wipe(badges_before)


@pytest.fixture
def xml() -> dict[str, list[dict[str, str]]]:
    return {
        name: xml_rows(CARDANO / f"{name}.xml")
        for name in ("Posts", "Users", "Comments", "Votes", "PostLinks", "Badges", "Tags")
    }


def _date(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@pytest.mark.django_db
def test_counts_match_the_xml(
    cardano: dict[str, Any], xml: dict[str, list[dict[str, str]]]
) -> None:
    result = cardano["result"]
    assert result.errors == []
    posts = xml["Posts"]
    questions = {row["Id"] for row in posts if row["PostTypeId"] == "1"}
    answers = {
        row["Id"] for row in posts if row["PostTypeId"] == "2" and row["ParentId"] in questions
    }
    assert Post.objects.filter(post_type=1).count() == len(questions) == 1042
    assert Post.objects.filter(post_type=2).count() == len(answers)
    assert User.objects.count() == len(xml["Users"]) == 3988
    post_ids = questions | answers
    assert Comment.objects.count() == sum(row["PostId"] in post_ids for row in xml["Comments"])
    assert PostLink.objects.count() == sum(
        row["PostId"] in post_ids and row["RelatedPostId"] in post_ids for row in xml["PostLinks"]
    )
    distinct_awards = {(row["Name"].lower(), row["UserId"]) for row in xml["Badges"]}
    assert Award.objects.count() == len(distinct_awards)
    assert Tag.objects.count() == len(xml["Tags"])
    reports = result.files
    assert reports["Posts"].read == len(posts)
    assert reports["Posts"].skipped == Counter({"post type 6 is not imported": 6})
    assert reports["Votes"].skipped["favorites (not kept)"] == sum(
        row["VoteTypeId"] == "5" for row in xml["Votes"]
    )
    assert reports["Badges"].skipped_total == len(xml["Badges"]) - len(distinct_awards)
    assert not reports["PostHistory"].present


@pytest.mark.django_db
def test_sampled_fields_match_the_xml(
    cardano: dict[str, Any], xml: dict[str, list[dict[str, str]]]
) -> None:
    question = Post.objects.get(pk=1)
    assert question.title == "How Cardano is different from Ethereum (2.0)?"
    assert (question.score, question.view_count, question.accepted_answer_id) == (36, 918, 12)
    assert question.tag_names == "proof-of-work governance ethereum"
    assert question.created_at == datetime(2021, 4, 27, 15, 6, 44, 553000, tzinfo=UTC)
    assert question.author_id == 17 and question.last_editor_id == 149
    assert question.source_url == f"https://{SITE}/q/1"
    assert question.content_license == "CC BY-SA 4.0"
    assert question.source_author == User.objects.get(pk=17).display_name
    assert question.body_is_html and question.body.startswith("<p>As far as I know")
    assert question.is_answered and question.revision_number == 1
    votes = Counter((row["PostId"], row["VoteTypeId"]) for row in xml["Votes"])
    by_id = {row["Id"]: row for row in xml["Posts"]}
    for post in Post.objects.order_by("?")[:200]:
        row = by_id[str(post.pk)]
        assert post.score == int(row["Score"])
        assert post.created_at == _date(row["CreationDate"])
        assert post.last_activity_at == _date(row["LastActivityDate"])
        assert post.up_votes == votes[(row["Id"], "2")]
        assert post.down_votes == votes[(row["Id"], "3")]
        assert (post.closed_at is not None) == ("ClosedDate" in row)
        if "OwnerUserId" not in row:
            assert post.author_id is None and post.author_name == row.get("OwnerDisplayName", "")
    users = {row["Id"]: row for row in xml["Users"]}
    for user in User.objects.order_by("?")[:200]:
        row = users[str(user.pk)]
        assert user.display_name == row["DisplayName"]
        assert user.reputation == max(1, int(row["Reputation"]))
        assert user.date_joined == _date(row["CreationDate"])
        assert user.is_imported and not user.has_usable_password()
        assert user.source_url == f"https://{SITE}/users/{user.pk}"
    community = User.objects.get(pk=-1)
    assert community.display_name == "Community"
    comments = {row["Id"]: row for row in xml["Comments"]}
    for comment in Comment.objects.order_by("?")[:100]:
        row = comments[str(comment.pk)]
        assert comment.body == row["Text"] and comment.post_id == int(row["PostId"])
        assert comment.score == int(row["Score"])


@pytest.mark.django_db
def test_closed_duplicates_links_and_tag_wikis(
    cardano: dict[str, Any], xml: dict[str, list[dict[str, str]]]
) -> None:
    closed = {int(row["Id"]) for row in xml["Posts"] if "ClosedDate" in row}
    assert set(Post.objects.filter(closed_at__isnull=False).values_list("pk", flat=True)) == closed
    duplicate_links = [
        (int(row["PostId"]), int(row["RelatedPostId"]))
        for row in xml["PostLinks"]
        if row["LinkTypeId"] == "3"
    ]
    for post_id, related_id in duplicate_links:
        post = Post.objects.filter(pk=post_id).first()
        if post is not None and post.is_question and Post.objects.filter(pk=related_id).exists():
            assert post.duplicate_of_id == related_id
            if post.closed_at:
                assert post.close_reason == CloseReason.DUPLICATE
    tags = {row["TagName"]: row for row in xml["Tags"]}
    bodies = {row["Id"]: row.get("Body", "") for row in xml["Posts"]}
    with_excerpt = [
        name for name, row in tags.items() if bodies.get(row.get("ExcerptPostId", ""), "").strip()
    ]
    assert len(with_excerpt) > 10
    for name in with_excerpt:
        tag = Tag.objects.get(name=name)
        assert tag.excerpt and "<" not in tag.excerpt
        assert tag.wiki_html or not bodies.get(tags[name].get("WikiPostId", ""))
    assert (
        Tag.objects.get(name="ada").question_count
        == Post.objects.filter(post_type=1, tags__name="ada").count()
    )


@pytest.mark.django_db
def test_reputation_ledger_explains_every_total(cardano: dict[str, Any]) -> None:
    sums = dict(
        ReputationEvent.objects.values("user_id")
        .annotate(total=Sum("points"))
        .values_list("user_id", "total")
    )
    for user_id, reputation in User.objects.values_list("pk", "reputation"):
        assert reputation == max(1, 1 + (sums.get(user_id) or 0))
    assert set(ReputationEvent.objects.values_list("kind", flat=True)) == {"adjustment"}


@pytest.mark.django_db
def test_reimport_changes_nothing(cardano: dict[str, Any]) -> None:
    again = run_import(CARDANO)
    assert again.errors == []
    for report in again.files.values():
        assert report.imported == 0, report.name
    assert_same(cardano["snapshot"], snapshot())


@pytest.mark.django_db
def test_post_page_shows_attribution_and_old_links_work(cardano: dict[str, Any]) -> None:
    client = Client()
    response = client.get("/q/1", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    author = User.objects.get(pk=17)
    assert f'Originally posted by <a href="https://{SITE}/users/17"' in page
    assert author.display_name in page
    assert f'<a href="https://{SITE}/q/1" rel="nofollow">{SITE}</a>' in page
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in page
    assert client.get("/questions/1/").status_code == 301
    answer = Post.objects.filter(post_type=2).first()
    assert answer is not None
    assert client.get(f"/a/{answer.pk}").status_code == 301


@pytest.mark.django_db
def test_first_edit_turns_imported_html_into_markdown(cardano: dict[str, Any]) -> None:
    from questor.qa import actions
    from questor.testing.factories import make_user

    post = Post.objects.get(pk=1)
    editor = make_user(username="editor1", reputation=5000)
    client = Client()
    client.force_login(editor)
    form = client.get(f"/posts/{post.pk}/edit/").content.decode()
    assert "As far as I know, the Cardano project" in form and "&lt;p&gt;As far" not in form
    from questor.lib.markdown import html_to_markdown

    markdown = html_to_markdown(post.body)
    saved = actions.edit_post(
        editor=editor, post=post, body=markdown, base_revision=1, title=post.title,
        tag_names=post.tag_list, comment="markdown",
    )  # fmt: skip
    saved.refresh_from_db()
    assert not saved.body_is_html and saved.body == markdown
    assert saved.revisions.count() == 2


@pytest.mark.django_db
def test_round_trip_cardano(cardano: dict[str, Any], tmp_path: Path) -> None:
    before = snapshot()
    Exporter(tmp_path, site="questor.test").run()
    wipe()
    result = run_import(tmp_path, site="questor.test")
    assert result.errors == []
    assert_same(before, snapshot())


@pytest.mark.django_db
def test_conlang_history_closing_and_round_trip(cardano: dict[str, Any], tmp_path: Path) -> None:
    wipe()  # this test's own empty database (rolled back with the test)
    result = run_import(CONLANG)
    assert result.errors == []
    history = xml_rows(CONLANG / "PostHistory.xml")
    posts = {row["Id"]: row for row in xml_rows(CONLANG / "Posts.xml")}
    assert Post.objects.filter(post_type=1).count() == 54
    # Bodies are the Markdown sources of their last revision.
    question = Post.objects.get(pk=1)
    assert not question.body_is_html
    assert "**do we accept questions asked in (popular) conlangs?**" in question.body
    assert question.body_html.startswith("<p>")
    last = Revision.objects.filter(post=question).order_by("-number").first()
    assert last is not None and last.body == question.body
    assert question.revision_number == Revision.objects.filter(post=question).count()
    edited = {row["PostId"] for row in history if row["PostHistoryTypeId"] == "5"}
    for post in Post.objects.filter(pk__in=edited):
        assert post.revision_number >= 2
    authors = {
        (int(row["PostId"]), int(row["UserId"]))
        for row in history
        if row["PostHistoryTypeId"] == "2" and "UserId" in row
    }
    for post_id, user_id in list(authors)[:30]:
        first = Revision.objects.filter(post_id=post_id, number=1).first()
        if first is not None:
            assert first.author_id == user_id
    closed = [row for row in posts.values() if "ClosedDate" in row]
    for row in closed:
        post = Post.objects.get(pk=row["Id"])
        assert post.closed_at is not None
        assert post.close_reason  # from PostHistory type 10's reason code
    before = snapshot()
    Exporter(tmp_path, site="questor.test").run()
    wipe()
    assert run_import(tmp_path, site="questor.test").errors == []
    assert_same(before, snapshot())
