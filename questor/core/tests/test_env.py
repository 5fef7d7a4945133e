from __future__ import annotations

import pytest

from questor.lib.env import database_config, email_config, secret_key


def test_sqlite_url_gets_wal_busy_timeout_and_immediate_writes(tmp_path):
    config = database_config(f"sqlite:///{tmp_path}/q.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == f"{tmp_path}/q.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout" in config["OPTIONS"]["init_command"]


def test_postgres_url_is_split_into_its_parts():
    config = database_config("postgres://ann:s%40cret@db.internal:6543/questor?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("ann", "s@cret")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", "6543", "questor")
    assert config["OPTIONS"] == {"sslmode": "require"}


def test_unknown_database_scheme_says_what_to_use():
    with pytest.raises(ValueError, match="use sqlite:///"):
        database_config("mysql://root@localhost/questor")


def test_email_urls():
    assert email_config("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = email_config("smtp+tls://mailer:pw@mail.example.com")
    assert smtp["EMAIL_PORT"] == 587 and smtp["EMAIL_USE_TLS"] and not smtp["EMAIL_USE_SSL"]
    assert email_config("smtps://mail.example.com")["EMAIL_PORT"] == 465
    with pytest.raises(ValueError, match="EMAIL_URL"):
        email_config("carrier-pigeon://coop")


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) > 40
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
