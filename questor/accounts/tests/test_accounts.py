from __future__ import annotations

import pytest

from questor.accounts.models import User
from questor.accounts.tokens import make_verification_token
from questor.testing.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _signup(client, **overrides):
    data = {
        "username": "ada.l",
        "email": "ada@example.com",
        "password1": "an analytical engine",
        "password2": "an analytical engine",
        **overrides,
    }
    return client.post("/accounts/signup/", data)


def test_sign_up_creates_an_unverified_account_and_queues_the_email(
    client, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="ada.l")
    assert user.email_verified is False
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"]["to"] == ["ada@example.com"]
    assert "/accounts/verify/" in queued.args_kwargs["kwargs"]["text"]


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("ab", "at least 3 characters"),
        ("a" * 31, "at most 30 characters"),
        ("has space", "letters, digits, and _ . - only"),
        ("ADA.L", "That username is taken."),
    ],
)
def test_username_rules(client, username, message):
    make_user(username="ada.l")
    response = _signup(client, username=username, email="other@example.com")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == 1


def test_the_same_email_cannot_sign_up_twice_in_any_case(client):
    make_user(email="ada@example.com")
    response = _signup(client, email="ADA@example.com")
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_verification_link_confirms_only_the_current_address(client):
    user = make_user(verified=False, email="old@example.com")
    token = make_verification_token(user)
    user.email = "new@example.com"
    user.save()
    assert client.get(f"/accounts/verify/{token}/").status_code == 400
    user.refresh_from_db()
    assert user.email_verified is False

    assert client.get(f"/accounts/verify/{make_verification_token(user)}/").status_code == 302
    user.refresh_from_db()
    assert user.email_verified is True


def test_a_tampered_or_expired_link_is_refused(client, settings):
    user = make_user(verified=False)
    token = make_verification_token(user)
    assert client.get(f"/accounts/verify/{token}x/").status_code == 400
    settings.EMAIL_VERIFICATION_MAX_AGE = -1
    assert client.get(f"/accounts/verify/{token}/").status_code == 400


def test_log_in_with_username_or_email_in_any_case(client):
    make_user(username="Grace", email="grace@example.com")
    for login in ("grace", "GRACE@example.com"):
        response = client.post(
            "/accounts/login/", {"username": login, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302, login
        client.post("/accounts/logout/")


def test_throttle_counts_failures_per_address_across_accounts(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 4
    make_user(username="victim")
    for name in ("alpha", "beta", "gamma", "delta"):
        client.post("/accounts/login/", {"username": name, "password": "guess"})
    response = client.post("/accounts/login/", {"username": "victim", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    # Another address is not affected.
    response = client.post(
        "/accounts/login/",
        {"username": "victim", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302


def test_unverified_users_are_reminded_and_can_resend(client, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    user = make_user(verified=False)
    client.force_login(user)
    page = client.get("/tags/").content.decode()
    assert "Please confirm your email address" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/verify/resend/", {"next": "/tags/"})
    assert DBTaskResult.objects.count() == 1


def test_profile_page_shows_markdown_about_and_edits_are_saved(client):
    user = make_user(username="lin")
    client.force_login(user)
    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "Lin <b>Ong</b>",
            "about": "I coach **new managers**.<script>x()</script>",
        },
    )
    assert response.status_code == 302
    page = client.get(user.get_absolute_url(), follow=True).content.decode()
    assert "<strong>new managers</strong>" in page
    assert "<script>x()" not in page
    assert "Lin &lt;b&gt;Ong&lt;/b&gt;" in page


def test_an_imported_profile_is_edited_as_markdown_made_from_its_html(client):
    # Importers keep a profile's HTML and leave `about` empty until its owner edits it.
    user = make_user(username="imported.7")
    User.objects.filter(pk=user.pk).update(
        about="", about_html="<p>I lead a <strong>support</strong> team.</p>"
    )
    client.force_login(user)
    form = client.get("/accounts/profile/").content.decode()
    assert "I lead a **support** team." in form
    client.post("/accounts/profile/", {"display_name": "", "about": "I lead a **support** team."})
    user.refresh_from_db()
    assert user.about == "I lead a **support** team."
    assert user.about_html.strip() == "<p>I lead a <strong>support</strong> team.</p>"


def test_password_change_requires_the_old_password(client):
    user = make_user()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": "wrong",
            "new_password1": "another fine phrase",
            "new_password2": "another fine phrase",
        },
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_required_verified_email_setting_stops_posting(client, settings):
    settings.REQUIRE_VERIFIED_EMAIL = True
    client.force_login(make_user(verified=False))
    assert client.get("/questions/ask/").status_code == 403


def test_the_moderator_flag_follows_membership_of_the_moderators_group():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Moderators")
    user = make_user()
    user.groups.add(group)
    user.refresh_from_db()
    assert user.in_moderators_group is True
    group.user_set.remove(user)
    user.refresh_from_db()
    assert user.in_moderators_group is False
    group.user_set.add(user)
    user.refresh_from_db()
    assert user.in_moderators_group is True
    user.groups.clear()
    user.refresh_from_db()
    assert user.in_moderators_group is False
