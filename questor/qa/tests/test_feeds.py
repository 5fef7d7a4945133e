"""RSS 2.0 and Atom 1.0 feeds, read back with feedparser: well formed, the right
entries, stable ids, valid dates, escaped content, nothing hidden."""

from __future__ import annotations

import feedparser
import pytest

from questor.qa import actions
from questor.qa.models import Post
from questor.testing.factories import make_answer, make_category, make_question, make_user

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom"]


def _feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, f"{url}: {parsed.get('bozo_exception')}"
    return response, parsed


@pytest.fixture
def site():
    teams = make_category(slug="teams", name="Teams")
    careers = make_category(slug="careers", name="Careers")
    author = make_user(username="writer")
    first = make_question(
        author=author, title="First <question> & its \"quotes\"", tags=["hiring"],
        category=teams, body="Body with <script>alert('x')</script> and **bold** text here.",
    )  # fmt: skip
    second = make_question(title="Second question on careers", tags=["feedback"], category=careers)
    answer = make_answer(question=first, author=author, body="An answer with detail enough.")
    deleted = make_question(author=author, title="A deleted question never shown", category=teams,
                            tags=["hiring"])  # fmt: skip
    actions.delete_post(user=author, post=deleted)
    held = make_answer(question=first, body="A held answer that waits for review.")
    Post.objects.filter(pk=held.pk).update(held_for_review=True)
    return {"first": first, "second": second, "answer": answer, "deleted": deleted,
            "held": held, "author": author}  # fmt: skip


def _ids(parsed) -> list[str]:
    return [entry.id for entry in parsed.entries]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_newest_questions_feed(client, site, fmt):
    response, parsed = _feed(client, f"/feeds/questions.{fmt}")
    assert response["Content-Type"].startswith(f"application/{fmt}+xml")
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["Second question on careers", 'First <question> & its "quotes"']
    first = parsed.entries[1]
    assert first.id == f"http://testserver/q/{site['first'].pk}"
    assert first.link.endswith(site["first"].get_absolute_url())
    assert first.published_parsed is not None
    content = first.get("summary", "")
    assert "<script>" not in content and "<strong>bold</strong>" in content
    assert "deleted question" not in response.content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_tag_and_category_feeds(client, site, fmt):
    _, tagged = _feed(client, f"/feeds/tags/hiring.{fmt}")
    assert _ids(tagged) == [f"http://testserver/q/{site['first'].pk}"]
    _, category = _feed(client, f"/feeds/categories/careers.{fmt}")
    assert _ids(category) == [f"http://testserver/q/{site['second'].pk}"]
    assert client.get(f"/feeds/tags/no-such-tag.{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_question_feed_holds_the_question_and_its_public_answers(client, site, fmt):
    _, parsed = _feed(client, f"/feeds/questions/{site['first'].pk}.{fmt}")
    assert _ids(parsed) == [
        f"http://testserver/q/{site['first'].pk}",
        f"http://testserver/a/{site['answer'].pk}",
    ]
    assert parsed.entries[1].title.startswith("Answer to: First")
    assert client.get(f"/feeds/questions/{site['deleted'].pk}.{fmt}").status_code == 404
    assert client.get(f"/feeds/questions/{site['answer'].pk}.{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_members_feed_shows_only_their_public_posts(client, site, fmt):
    _, parsed = _feed(client, f"/feeds/users/{site['author'].pk}.{fmt}")
    assert set(_ids(parsed)) == {
        f"http://testserver/q/{site['first'].pk}",
        f"http://testserver/a/{site['answer'].pk}",
    }


def test_ids_never_change_when_a_title_does(client, site):
    _, before = _feed(client, "/feeds/questions.atom")
    question = site["second"]
    actions.edit_post(
        editor=question.author, post=question, title="Second question, now renamed",
        body=question.body, tag_names=question.tag_list, base_revision=1,
    )  # fmt: skip
    _, after = _feed(client, "/feeds/questions.atom")
    assert _ids(before) == _ids(after)
    assert after.entries[0].title == "Second question, now renamed"


def test_pages_link_their_feeds(client, site):
    cases = {
        "/": "/feeds/questions",
        "/tags/hiring/": "/feeds/tags/hiring",
        "/categories/teams/": "/feeds/categories/teams",
        site["first"].get_absolute_url(): f"/feeds/questions/{site['first'].pk}",
        site["author"].get_absolute_url(): f"/feeds/users/{site['author'].pk}",
    }
    for url, feed in cases.items():
        page = client.get(url).content.decode()
        assert 'type="application/rss+xml" title=' in page, url
        assert f'href="{feed}.rss"' in page, url
        assert f'href="{feed}.atom"' in page, url


def test_a_feed_with_no_entries_is_still_valid(client):
    for fmt in FORMATS:
        _, parsed = _feed(client, f"/feeds/questions.{fmt}")
        assert parsed.entries == []
