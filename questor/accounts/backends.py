from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from questor.accounts.models import User
from questor.lib import rawsql


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the email address, either in any letter case."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        field = "email__iexact" if "@" in username else "username__iexact"
        user = User.objects.filter(**{field: username}).first()
        if user is None:
            # Spend the same time as a real check, so timing does not reveal which names exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in member of every request, by the id in their session: written out
        (questor/lib/rawsql.py), as get() compiled the member's forty columns each time."""
        found = rawsql.select(User, f"{rawsql.table(User)}.id = %s", [user_id])
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
