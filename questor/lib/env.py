"""Read configuration from the environment (12-factor), with safe defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def secret_key(var_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/.

    Several servers sharing one database must share the key, so they must set
    SECRET_KEY themselves: a key file on one machine is not seen by another.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Create with owner-only permissions; another process may win the race, so read back.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database_config(url: str) -> dict[str, Any]:
    """Turn DATABASE_URL (sqlite:///path or postgres://user:pass@host:port/name) into settings."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as dj-database-url reads them.
        name = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if parts.netloc:
            name = f"{parts.netloc}/{name}"
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name or ":memory:",
            "OPTIONS": {
                # WAL lets readers run while one writer writes; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue on busy_timeout instead of failing
                # with "database is locked" when one upgrades a read lock.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
            # Kept between requests, as for PostgreSQL: opening one costs ~1 ms a request
            # (Django's functions registered, the pragmas, SQLite reading the schema).
            "CONN_MAX_AGE": 60,
            "TEST": {"NAME": None},
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        config: dict[str, Any] = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(query.pop("conn_max_age", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": query,
        }
        return config
    raise ValueError(
        f"DATABASE_URL has the scheme {scheme!r}; use sqlite:///path/to/file.sqlite3 "
        "or postgres://user:password@host:5432/name."
    )


def email_config(url: str) -> dict[str, Any]:
    """Turn EMAIL_URL into email settings.

    console://             print messages on standard output (the default)
    smtp://user:pass@host:25        plain SMTP
    smtp+tls://user:pass@host:587   SMTP with STARTTLS
    smtps://user:pass@host:465      SMTP over TLS
    file:///path/to/folder          one file per message
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if scheme in {"smtp", "smtp+tls", "smtps"}:
        return {
            # Django's SMTP backend plus EMAIL_CA_FILE (questor/core/mail.py).
            "EMAIL_BACKEND": "questor.core.mail.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or {"smtp": 25, "smtp+tls": 587, "smtps": 465}[scheme],
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_TIMEOUT": 30,
        }
    raise ValueError(
        f"EMAIL_URL has the scheme {scheme!r}; use console://, smtp://, smtp+tls://, "
        "smtps:// or file:///path."
    )
