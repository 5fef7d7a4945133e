"""Schemathesis over the whole OpenAPI spec, in process (Django's WSGI handler, inside
the test's transaction), derandomized: first with the token of a member who holds every
privilege, then anonymously. Nothing may answer 500, use a status or content type the
spec does not list, or answer a body that does not match its schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from questor.accounts.models import User
from questor.api.api import api
from questor.api.tests.conftest import token_for
from questor.moderation.tests.conftest import make_moderator
from questor.qa.models import Privilege
from questor.testing.factories import make_answer, make_comment, make_question

pytestmark = [pytest.mark.api_fuzz, pytest.mark.django_db]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 20

_CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 11,
        # The examples phase sends the spec's examples (a valid question, answer, comment);
        # the fuzzing phase EXAMPLES generated cases, valid and invalid. The coverage phase
        # (hundreds of boundary cases per operation) would take minutes: left out.
        "phases": {"coverage": {"enabled": False}},
        "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True},
    }
)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1/"), config=_CONFIG
)
schema.app = WSGIHandler()
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


@pytest.fixture
def in_process(db: Any) -> Iterator[None]:
    """Requests run in the test's thread and transaction: Django must not close the
    connection at the end of each request, as it does for a real server."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(in_process: None) -> str:
    """Some content for the fuzzer to find, and a member who may do everything."""
    admin = make_moderator(username="fuzz_admin", reputation=100_000, is_staff=True)
    User.objects.filter(pk=admin.pk).update(is_superuser=True)
    assert not Privilege.objects.filter(threshold__gt=admin.reputation).exists()
    question = make_question()
    answer = make_answer(question=question)
    make_comment(post=answer, author=question.author)
    return token_for(admin)


@schema.parametrize()
@FUZZ
def test_every_operation_with_a_privileged_token(case: Any, world: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {world}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_every_operation_anonymously(case: Any, world: str) -> None:
    case.call_and_validate(checks=CHECKS)
