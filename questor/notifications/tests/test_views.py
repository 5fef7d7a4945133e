"""The inbox, the header's unread count, following, watched and ignored tags, settings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questor.notifications.actions import Target, follow, ignore_tag
from questor.notifications.events import notify
from questor.notifications.models import Delivery, Follow, IgnoredTag, Kind, Notification
from questor.qa.models import Tag
from questor.testing.factories import (
    make_answer,
    make_category,
    make_question,
    make_tags,
    make_user,
)

pytestmark = pytest.mark.django_db


def inbox_url(user) -> str:
    return f"/users/{user.pk}/{user.slug}/inbox/"


def test_the_inbox_lists_entries_newest_first_and_only_for_its_owner(client):
    member = make_user(username="member")
    question = make_question(author=member, title="How do I say no to my manager politely?")
    make_answer(question=question, author=make_user(username="first"))
    make_answer(question=question, author=make_user(username="second"))
    client.force_login(member)

    page = client.get(inbox_url(member)).content.decode()
    assert page.index("second answered") < page.index("first answered")
    assert "2 unread" in page

    client.force_login(make_user())
    assert client.get(inbox_url(member)).status_code == 404
    client.logout()
    assert client.get(inbox_url(member)).status_code == 302  # to the log-in page


def test_unread_count_endpoint_and_marking_read(client):
    member = make_user()
    client.force_login(member)
    assert client.get("/notifications/unread/").content.decode().strip() == "Inbox"
    first = notify(member.pk, kind=Kind.FLAG_OUTCOME, text="Flag helpful", url="/tags/")
    notify(member.pk, kind=Kind.FLAG_OUTCOME, text="Flag declined")
    assert first is not None
    badge = client.get("/notifications/unread/").content.decode()
    assert 'class="unread-count"' in badge and ">2<" in badge

    # Marking one read (htmx) answers with the entry, now read, and tells the header.
    response = client.post(f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true")
    assert response["HX-Trigger"] == "inbox-changed"
    assert "unread" not in response.content.decode().split(">")[0]
    assert ">1<" in client.get("/notifications/unread/").content.decode()

    client.post("/notifications/read-all/")
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 0
    assert "unread-count" not in client.get("/notifications/unread/").content.decode()


def test_opening_an_entry_marks_it_read_and_goes_to_its_page(client):
    member = make_user()
    entry = notify(member.pk, kind=Kind.FLAG_OUTCOME, text="Flag helpful", url="/tags/")
    evil = notify(member.pk, kind=Kind.FLAG_OUTCOME, text="x", url="//evil.example/")
    assert entry is not None and evil is not None
    client.force_login(member)
    response = client.get(f"/notifications/{entry.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/tags/"
    entry.refresh_from_db()
    assert entry.read_at is not None
    assert client.get(f"/notifications/{evil.pk}/open/")["Location"] == "/"
    client.force_login(make_user())  # someone else's entry
    assert client.get(f"/notifications/{entry.pk}/open/").status_code == 404


def test_the_unread_count_costs_pages_no_query(client):
    """The header only holds an htmx placeholder: the count is its own request."""
    member = make_user()
    notify(member.pk, kind=Kind.FLAG_OUTCOME, text="Flag helpful")
    client.force_login(member)
    page = client.get("/").content.decode()
    assert 'hx-get="/notifications/unread/"' in page and "every 60s" in page
    with CaptureQueriesContext(connection) as captured:
        client.get("/notifications/unread/")
    assert len(captured) <= 3  # session, user, the count


@pytest.mark.parametrize("key", ["²", "9" * 30, "", "abc"])
def test_following_something_that_is_not_there_is_a_404(client, key):
    client.force_login(make_user())
    for kind in ("question", "user"):
        response = client.post(
            "/notifications/follow/", {"type": kind, "key": key, "action": "follow"}
        )
        assert response.status_code == 404


def test_follow_and_unfollow_with_htmx_and_without(client):
    member = make_user()
    question = make_question()
    client.force_login(member)
    button = client.get(f"/notifications/follow/button/?type=question&key={question.pk}")
    assert 'value="follow"' in button.content.decode()

    response = client.post(
        "/notifications/follow/",
        {"type": "question", "key": question.pk, "action": "follow"},
        HTTP_HX_REQUEST="true",
    )
    assert "Following" in response.content.decode()
    assert Follow.objects.filter(user=member, question=question).exists()
    response = client.post(
        "/notifications/follow/",
        {"type": "question", "key": question.pk, "action": "unfollow", "next": "/q/1"},
    )
    assert response.status_code == 302 and response["Location"] == "/q/1"
    assert not Follow.objects.filter(user=member).exists()

    person = make_user()
    category = make_category(slug="teams")
    make_tags("delegation")
    for kind, key in (("user", person.pk), ("category", "teams"), ("tag", "delegation")):
        client.post("/notifications/follow/", {"type": kind, "key": key, "action": "follow"})
    assert Follow.objects.filter(user=member).count() == 3
    assert Follow.objects.filter(user=member, category=category).exists()
    # Following yourself is not a thing.
    client.post("/notifications/follow/", {"type": "user", "key": member.pk, "action": "follow"})
    assert not Follow.objects.filter(user=member, followed_user=member).exists()
    assert (
        client.post(
            "/notifications/follow/", {"type": "tag", "key": "nope", "action": "follow"}
        ).status_code
        == 404
    )


def test_ignoring_a_tag_stops_watching_it_and_the_reverse(client):
    member = make_user()
    [tag] = make_tags("delegation")
    client.force_login(member)
    client.post("/notifications/follow/", {"type": "tag", "key": "delegation", "action": "follow"})
    client.post("/notifications/follow/", {"type": "tag", "key": "delegation", "action": "ignore"})
    assert IgnoredTag.objects.filter(user=member, tag=tag).exists()
    assert not Follow.objects.filter(user=member, tag=tag).exists()
    client.post("/notifications/follow/", {"type": "tag", "key": "delegation", "action": "follow"})
    assert not IgnoredTag.objects.filter(user=member, tag=tag).exists()


def test_watched_tags_are_highlighted_and_ignored_tags_faded_in_lists(client):
    member = make_user()
    watched = make_question(title="A question about delegation and trust", tags=["delegation"])
    ignored = make_question(title="A question about hiring and interviews", tags=["hiring"])
    plain = make_question(title="A question about one-on-ones and agendas", tags=["one-on-ones"])
    follow(user=member, target=Target("tag", tag=Tag.objects.get(name="delegation")))
    ignore_tag(user=member, tag=Tag.objects.get(name="hiring"), ignored=True)

    client.force_login(member)
    page = client.get("/").content.decode()
    assert f'class="question-row watched" id="question-summary-{watched.pk}"' in page
    assert f'class="question-row ignored" id="question-summary-{ignored.pk}"' in page
    assert f'class="question-row" id="question-summary-{plain.pk}"' in page
    assert 'class="tag watched"' in page and 'class="tag ignored"' in page

    client.logout()
    page = client.get("/").content.decode()
    assert "watched" not in page and "ignored" not in page


def test_the_settings_page_shows_the_defaults_and_saves(client):
    member = make_user()
    client.force_login(member)
    page = client.get("/notifications/settings/").content.decode()
    assert '<option value="immediate" selected>' in page
    assert '<option value="weekly" selected>' in page  # followed tags
    response = client.post(
        "/notifications/settings/", {Kind.ANSWER: Delivery.DAILY, Kind.BADGE: "sometimes"}
    )
    assert response.status_code == 302
    from questor.notifications.actions import delivery_settings

    chosen = delivery_settings(member)
    assert chosen[Kind.ANSWER] == Delivery.DAILY
    assert chosen[Kind.BADGE] == Delivery.NEVER  # the default: an unknown value is ignored
    assert chosen[Kind.MENTION] == Delivery.IMMEDIATE


def test_mention_suggestions(client):
    make_user(username="priya_n")
    make_user(username="Priyanka")
    make_user(username="sam")
    client.force_login(make_user())
    names = client.get("/notifications/mentions/?q=@pri").json()["names"]
    assert names == ["priya_n", "Priyanka"]
    assert client.get("/notifications/mentions/?q=").json()["names"] == []
