"""The spec is served, matches the committed docs/openapi.json, and the docs page loads
nothing from another host."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from questor.api import spec
from questor.api.tests.conftest import assert_error
from questor.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_served_spec_is_the_committed_one():
    served = Client().get("/api/v1/openapi.json")

    assert served.status_code == 200
    committed = json.loads(spec.COMMITTED.read_text())
    assert served.json() == committed, (
        "docs/openapi.json is out of date: run `.venv/bin/questor export-openapi`."
    )
    assert spec.COMMITTED.read_text() == spec.render()


def test_every_operation_documents_the_error_shape_for_every_error_status():
    document = json.loads(spec.render())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "409", "422", "429"):
                response = operation["responses"].get(status)
                assert response, f"{method} {path} does not document {status}"
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}
    assert "detail" not in json.dumps(document["components"]["schemas"]["ErrorOut"])


def test_the_docs_page_loads_only_questor_s_own_assets():
    client = Client()
    page = client.get("/api/v1/docs")

    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/v1/openapi.json" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(sources) == 4
    for source in sources:
        assert source.startswith("/api/v1/docs/assets/"), source
        asset = client.get(source)
        assert asset.status_code == 200, source
        assert b"".join(asset.streaming_content)
    assert_error(client.get("/api/v1/docs/assets/redoc.standalone.js.map"), 404, "not_found")


def test_the_docs_page_sends_the_csrf_token_for_a_logged_in_member():
    client = Client()
    client.force_login(make_user())

    html = client.get("/api/v1/docs").content.decode()

    assert re.search(r'data-csrf-token="[A-Za-z0-9]{32,}"', html)
