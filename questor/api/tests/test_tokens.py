"""Personal access tokens: created on the tokens page (shown once, stored hashed), used
as a bearer token, read-only scope, expiry and revocation; the session with CSRF."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from questor.api.models import PersonalAccessToken
from questor.api.tests.conftest import ApiClient, assert_error, client_for, token_for
from questor.testing.factories import DEFAULT_PASSWORD, make_question, make_user

pytestmark = pytest.mark.django_db

QUESTION = {
    "title": "How do I hand over a project to a new lead?",
    "body": "The project has been mine for two years and I am moving to another team soon.",
    "tags": ["one-on-ones"],
    "category": "leadership",
}


def _logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return client


def test_a_member_creates_a_token_on_the_tokens_page_and_sees_it_once():
    user = make_user()
    browser = _logged_in(user)

    page = browser.post("/api/tokens/", {"name": "reports script", "expires": "30"})

    assert page.status_code == 200
    secret = re.search(r'value="(qst_[A-Za-z0-9_-]+)"', page.content.decode())[1]
    stored = PersonalAccessToken.objects.get(user=user)
    assert stored.name == "reports script"
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(stored.__dict__)
    assert 29 <= (stored.expires_at - timezone.now()).days <= 30
    again = browser.get("/api/tokens/")
    assert "reports script" in again.content.decode()
    assert secret not in again.content.decode()
    me = ApiClient(secret).get("/me")
    assert me.status_code == 200
    assert me.json()["username"] == user.username


def test_the_tokens_page_needs_a_login():
    response = Client().get("/api/tokens/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_token_works_until_its_owner_revokes_it():
    user = make_user()
    secret = token_for(user)
    assert ApiClient(secret).get("/me").status_code == 200
    token = PersonalAccessToken.objects.get(user=user)
    assert token.last_used_at is not None

    _logged_in(user).post(f"/api/tokens/{token.pk}/revoke/")

    message = assert_error(ApiClient(secret).get("/me"), 401, "unauthorized")
    assert "revoked" in message


def test_nobody_revokes_another_member_s_token():
    owner, other = make_user(), make_user()
    secret = token_for(owner)
    token = PersonalAccessToken.objects.get(user=owner)

    _logged_in(other).post(f"/api/tokens/{token.pk}/revoke/")

    assert ApiClient(secret).get("/me").status_code == 200


def test_an_expired_token_is_refused():
    user = make_user()
    secret = token_for(user, expires_in_days=1)
    PersonalAccessToken.objects.filter(user=user).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    message = assert_error(ApiClient(secret).get("/me"), 401, "unauthorized")
    assert "expired" in message


def test_an_unknown_or_malformed_token_is_refused_not_ignored():
    make_user()
    response = ApiClient("qst_not-a-real-token").get("/questions")
    assert_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")
    basic = ApiClient().get("/questions", headers={"Authorization": "Basic YTpi"})
    assert_error(basic, 401, "unauthorized")


def test_a_read_only_token_reads_but_cannot_write():
    make_question()  # the tag and category exist
    api = client_for(make_user(), read_only=True)

    assert api.get("/me").json()["token_read_only"] is True
    assert api.get("/questions").status_code == 200
    message = assert_error(api.post("/questions", QUESTION), 403, "forbidden")
    assert "read-only" in message


def test_a_write_token_asks_as_its_owner():
    make_question()
    user = make_user()

    response = client_for(user).post("/questions", QUESTION)

    assert response.status_code == 201, response.content
    assert response.json()["author"]["username"] == user.username


def test_the_session_works_for_the_site_s_javascript_with_its_csrf_token():
    make_question()
    user = make_user()
    browser = _logged_in(user, enforce_csrf_checks=True)
    api = ApiClient(client=browser)

    assert api.get("/me").json()["username"] == user.username
    refused = api.post("/questions", QUESTION)
    assert "CSRF" in assert_error(refused, 403, "forbidden")
    browser.get("/api/tokens/")  # sets the CSRF cookie, as any page does
    csrf = browser.cookies["csrftoken"].value
    allowed = api.post("/questions", QUESTION, headers={"X-CSRFToken": csrf})
    assert allowed.status_code == 201, allowed.content


def test_anonymous_callers_read_but_must_authenticate_to_write(anonymous):
    make_question()

    assert anonymous.get("/questions").status_code == 200
    assert_error(anonymous.post("/questions", QUESTION), 401, "unauthorized")
    assert_error(anonymous.get("/me"), 401, "unauthorized")


def test_the_profile_page_links_to_the_tokens_page():
    page = _logged_in(make_user()).get("/accounts/profile/")

    assert 'href="/api/tokens/"' in page.content.decode()
