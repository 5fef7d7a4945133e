"""The tag list's sort orders and filter box; tag excerpts and wikis edited by
privileged members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from questor.qa.models import Tag
from questor.testing.factories import make_question, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags():
    make_question(tags=["alpha"])
    make_question(tags=["alpha"])
    make_question(tags=["beta-testing"])
    make_question(tags=["gamma"])
    Tag.objects.filter(name="alpha").update(created_at=timezone.now() - timedelta(days=3))
    Tag.objects.filter(name="beta-testing").update(created_at=timezone.now() - timedelta(days=1))
    Tag.objects.filter(name="gamma").update(created_at=timezone.now() - timedelta(days=2))


def _order(client, **params) -> list[str]:
    page = client.get("/tags/", params).content.decode()
    names = ["alpha", "beta-testing", "gamma"]
    found = [name for name in names if f'class="tag" href="/tags/{name}/"' in page]
    return sorted(found, key=lambda name: page.index(f'href="/tags/{name}/"'))


def test_tags_sort_by_popularity_name_and_newest(client, tags):
    assert _order(client)[0] == "alpha"
    assert _order(client, sort="name") == ["alpha", "beta-testing", "gamma"]
    assert _order(client, sort="new") == ["beta-testing", "gamma", "alpha"]
    assert client.get("/tags/", {"sort": "bogus"}).status_code == 200


def test_the_filter_box_narrows_the_list(client, tags):
    assert _order(client, filter="TEST") == ["beta-testing"]
    assert _order(client, filter="a", sort="name") == ["alpha", "beta-testing", "gamma"]
    assert "No tag contains" in client.get("/tags/", {"filter": "zzz"}).content.decode()


def test_privileged_members_edit_a_tags_excerpt_and_wiki(client, tags):
    client.force_login(make_user(reputation=1))
    assert client.get("/tags/alpha/info/edit/").status_code == 403
    assert client.post("/tags/alpha/info/edit/", {"excerpt": "x"}).status_code == 403

    client.force_login(make_user(reputation=5000))
    response = client.post(
        "/tags/alpha/info/edit/",
        {"excerpt": "  For the first   letter. ", "wiki": "Read **this** <script>x()</script>"},
    )
    assert response.status_code == 302
    tag = Tag.objects.get(name="alpha")
    assert tag.excerpt == "For the first letter."
    assert "<strong>this</strong>" in tag.wiki_html and "<script>" not in tag.wiki_html
    page = client.get("/tags/alpha/info/").content.decode()
    assert "For the first letter." in page and "Edit tag info" in page
    assert "For the first letter." in client.get("/tags/").content.decode()
    assert "About this tag" in client.get("/tags/alpha/").content.decode()
    form = client.get("/tags/alpha/info/edit/").content.decode()
    assert "**this**" in form
