from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_fails_loudly_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"].startswith("error")


def test_about_terms_and_privacy_pages_exist_and_are_editable(client):
    from questor.core.models import Page

    for slug in ("about", "terms", "privacy"):
        assert client.get(f"/{slug}/").status_code == 200
    page = Page.objects.get(slug="about")
    page.body = "We talk about **leading people**."
    page.save()
    assert "<strong>leading people</strong>" in client.get("/about/").content.decode()


def test_robots_txt_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_pages_load_nothing_from_other_hosts(client):
    html = client.get("/accounts/login/").content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
