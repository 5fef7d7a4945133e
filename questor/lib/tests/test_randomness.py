"""CSRF tokens drawn with one read of the system's random source (questor/lib/randomness.py)
are as Django's: the right length and alphabet, every character equally likely, and the
middleware still accepts the tokens it hands out."""

from __future__ import annotations

from collections import Counter

import pytest
from django.middleware import csrf
from django.test import Client

from questor.lib.randomness import random_string

ALPHABET = csrf.CSRF_ALLOWED_CHARS


def test_length_and_alphabet():
    for length in (0, 1, 32, 64, 1000):
        drawn = random_string(length, ALPHABET)
        assert len(drawn) == length
        assert set(drawn) <= set(ALPHABET)
    assert random_string(32, ALPHABET) != random_string(32, ALPHABET)
    with pytest.raises(ValueError):
        random_string(5, "")


def test_every_character_is_equally_likely():
    """62 characters over 256 byte values: a modulo without dropping the top 8 values
    would make the first 8 characters 25% likelier; the drawn counts would show it."""
    counts = Counter(random_string(620_000, ALPHABET))
    expected = 10_000
    assert set(counts) == set(ALPHABET)
    # Binomial(620,000, 1/62): standard deviation about 99; 6 of them is never reached by
    # chance, while a 25% bias would be 2,500 over.
    assert all(abs(count - expected) < 600 for count in counts.values()), counts


def test_csrf_middleware_draws_with_it_and_still_checks_tokens(db):
    assert csrf.get_random_string is random_string
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.context["csrf_token"]
    assert len(str(token)) == 64
    refused = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert refused.status_code == 403
    accepted = client.post(
        "/accounts/login/", {"username": "x", "password": "y", "csrfmiddlewaretoken": str(token)}
    )
    assert accepted.status_code == 400  # the form again, with its error: not a CSRF 403
