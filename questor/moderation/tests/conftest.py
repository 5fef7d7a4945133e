from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from questor.accounts.models import User
from questor.accounts.signals import MODERATORS_GROUP
from questor.testing.factories import make_user

# Enough for every community privilege below moderator tools (the default `small` preset).
PRIVILEGED_REPUTATION = 1000


def make_moderator(**kwargs: Any) -> User:
    user = make_user(**kwargs)
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    user.groups.add(group)
    user.refresh_from_db()
    assert user.in_moderators_group
    return user


@pytest.fixture
def moderator(db: Any) -> User:
    return make_moderator(username="mod_maria")
