"""Fixtures for the API tests: a JSON client with or without a token, and members."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from questor.accounts.models import User
from questor.api import tokens

BASE = "/api/v1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "api_fuzz: schemathesis runs over the whole OpenAPI spec (in process)"
    )


class ApiClient:
    """Django's test client (every middleware, the URLs, CSRF) speaking JSON to /api/v1."""

    def __init__(self, token: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _send(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        send = getattr(self.client, method)
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if body is not None and not isinstance(body, str | bytes):
            body = json.dumps(body)
        if body is not None:
            kwargs["data"] = body
            kwargs["content_type"] = "application/json"
        return send(f"{BASE}{path}", headers=headers, **kwargs)

    def get(self, path: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.client.get(
            f"{BASE}{path}", params or {}, headers={**self.headers, **kwargs.pop("headers", {})}
        )

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self._send("post", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self._send("put", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self._send("patch", path, body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self._send("delete", path, None, **kwargs)


def token_for(user: User, **kwargs: Any) -> str:
    return tokens.create_token(user=user, name="tests", **kwargs).secret


def client_for(user: User, **kwargs: Any) -> ApiClient:
    return ApiClient(token_for(user, **kwargs))


@pytest.fixture
def anonymous(db: Any) -> ApiClient:
    return ApiClient()


def assert_error(response: Any, status: int, code: str, field: str | None = None) -> str:
    """The one error shape; returns the message."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) == {"error"}, data
    assert set(data["error"]) == {"code", "message", "field"}, data
    assert data["error"]["code"] == code, data
    assert data["error"]["field"] == field, data
    assert data["error"]["message"]
    return str(data["error"]["message"])
