"""Writes about identity. Views, the API and importers all call these."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from questor.accounts.models import User
from questor.accounts.signals import profile_updated
from questor.accounts.tokens import make_verification_token
from questor.core.tasks import enqueue_email
from questor.lib.markdown import render_markdown


@transaction.atomic
def register_user(*, username: str, email: str, password: str, base_url: str) -> User:
    """Create an account and queue its verification email."""
    user = User(username=username, email=email.strip())
    user.set_password(password)
    user.save()
    send_verification_email(user=user, base_url=base_url)
    return user


def send_verification_email(*, user: User, base_url: str) -> None:
    link = base_url.rstrip("/") + reverse(
        "accounts:verify_email", kwargs={"token": make_verification_token(user)}
    )
    context = {"user": user, "link": link, "site_name": settings.SITE_NAME}
    enqueue_email(
        to=user.email,
        subject=f"Confirm your email address for {settings.SITE_NAME}",
        text=render_to_string("accounts/email/verify.txt", context),
        html=render_to_string("accounts/email/verify.html", context),
    )


def verify_email(*, user: User, email: str) -> bool:
    """Mark the address verified if it is still the user's address."""
    if user.email.lower() != email:
        return False
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return True


def update_profile(*, user: User, display_name: str, about: str) -> User:
    user.display_name = display_name.strip()
    user.about = about
    user.about_html = render_markdown(about)
    user.save(update_fields=["display_name", "about", "about_html"])
    profile_updated.send(sender=User, user=user)
    return user


def create_admin(*, username: str, email: str, password: str) -> User:
    user = User.objects.create_superuser(username=username, email=email, password=password)
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    return user
