"""`questor backup FILE` and `questor restore FILE`: the whole site in one archive.

The archive is a gzipped tar, created owner-only (0600) because it holds the secret key:

    questor-backup/manifest.json     what is inside, with a SHA-256 of every file
    questor-backup/database.sqlite3  SQLite: a copy made with SQLite's online backup API
    questor-backup/database.sql      PostgreSQL: `pg_dump` of the server's major version
    questor-backup/secret_key        the SECRET_KEY the site signs sessions and links with
    questor-backup/media/…           uploaded files (MEDIA_ROOT)

A backup is written to a temporary file next to FILE and renamed into place at the end,
so FILE is never half-written. A restore reads and checks the whole archive (checksums
included) before it touches anything, refuses a database that already has content unless
`--force`, and then replaces the database in one transaction (PostgreSQL: `psql
--single-transaction`; SQLite: the backup API, which swaps the pages in at once), then the
uploaded files, then the key. See docs/backup.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table as RichTable

FORMAT = 1
ROOT = "questor-backup"
MANIFEST = f"{ROOT}/manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.sql"
KEY_FILE = "secret_key"
MEDIA = "media"
# Tables whose rows mean "this database is in use": restoring over them needs --force.
CONTENT_TABLES = ("accounts_user", "qa_post", "qa_comment")
# libpq options Questor accepts in DATABASE_URL's query, as environment variables.
_LIBPQ_OPTIONS = {
    "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslpassword", "connect_timeout",
    "application_name", "options", "target_session_attrs", "passfile", "service",
}  # fmt: skip


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


@dataclass
class Step:
    name: str
    what: str
    size: int = 0
    seconds: float = 0.0


@dataclass
class Outcome:
    path: Path
    steps: list[Step] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)


def summary_table(title: str, outcome: Outcome) -> RichTable:
    table = RichTable(title=title)
    table.add_column("Part")
    table.add_column("What")
    table.add_column("Size", justify="right")
    table.add_column("Seconds", justify="right")
    for step in outcome.steps:
        size = _size(step.size) if step.size else ""
        table.add_row(step.name, step.what, size, f"{step.seconds:.1f}")
    return table


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<22}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=console,
    )


# The database -------------------------------------------------------------------------


def _connection(alias: str) -> BaseDatabaseWrapper:
    connection = connections[alias]
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection


def _server_major(connection: BaseDatabaseWrapper) -> int:
    connection.ensure_connection()
    version = int(connection.connection.info.server_version)  # e.g. 150020
    return version // 10000


def pg_tool(name: str, major: int) -> str:
    """The path of `name` (pg_dump, psql) of PostgreSQL `major`: a dump made by another
    major version may not load, and pg_dump refuses a newer server."""
    candidates = [f"/usr/lib/postgresql/{major}/bin/{name}", shutil.which(name) or ""]
    found = []
    for candidate in candidates:
        if not candidate or not os.access(candidate, os.X_OK):
            continue
        output = subprocess.run(  # noqa: S603 - a fixed program path, no shell
            [candidate, "--version"], capture_output=True, text=True, check=False
        ).stdout
        match = re.search(r"(\d+)(?:\.\d+)?", output)
        if match and int(match.group(1)) == major:
            return candidate
        found.append(f"{candidate} ({output.strip() or 'unknown version'})")
    seen = f" Found only: {', '.join(found)}." if found else ""
    raise BackupError(
        f"{name} of PostgreSQL {major} is needed (the server runs PostgreSQL {major}).{seen} "
        f"Install it, e.g. `apt-get install postgresql-client-{major}`."
    )


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the database: the password never goes on a command line."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    pairs = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in _LIBPQ_OPTIONS:
            pairs[f"PG{key.upper()}"] = str(value)
    env.update({key: str(value) for key, value in pairs.items() if value})
    return env


def table_rows(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows in every table of the database (what a restore should give back)."""
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _content(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows in the tables that mean the database is in use (empty: nothing to lose)."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        found = {}
        for table in CONTENT_TABLES:
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                found[table] = int(cursor.fetchone()[0])
    return {table: count for table, count in found.items() if count}


def _migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return applied
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            applied.setdefault(app, []).append(name)
    return applied


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path, progress: Progress) -> None:
    connection.ensure_connection()
    task = progress.add_task("Database (SQLite)", total=None)
    copy = sqlite3.connect(target)
    try:
        page_size = int(connection.connection.execute("PRAGMA page_size").fetchone()[0])

        def advance(_status: int, remaining: int, total: int) -> None:
            progress.update(
                task, total=total * page_size, completed=(total - remaining) * page_size
            )

        # Online: other connections keep reading and writing between steps (16 MB each);
        # pages a writer changes meanwhile are copied again.
        connection.connection.backup(copy, pages=4096, progress=advance, sleep=0.005)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
    size = target.stat().st_size
    progress.update(task, total=size, completed=size)


def _dump_postgres(connection: BaseDatabaseWrapper, target: Path, progress: Progress) -> str:
    major = _server_major(connection)
    pg_dump = pg_tool("pg_dump", major)
    task = progress.add_task(f"Database (pg_dump {major})", total=None)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [pg_dump, "--format=plain", "--no-owner", "--no-privileges", f"--file={target}"],
            env=pg_environment(connection.settings_dict),
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        while process.poll() is None:  # the bar follows the dump's size as it grows
            if target.exists():
                progress.update(task, completed=target.stat().st_size)
            time.sleep(0.2)
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()
    if process.returncode != 0:
        raise BackupError(f"pg_dump failed: {message or process.returncode}")
    size = target.stat().st_size
    progress.update(task, total=size, completed=size)
    version = subprocess.run(  # noqa: S603
        [pg_dump, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return version


# Backup -------------------------------------------------------------------------------


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _secret_key_source() -> str:
    if os.environ.get("SECRET_KEY"):
        return "the SECRET_KEY environment variable"
    return str(Path(settings.VAR_DIR) / "secret_key")


def backup(
    path: Path,
    *,
    alias: str = "default",
    with_secret_key: bool = True,
    console: Console | None = None,
) -> Outcome:
    """Write the database, the uploaded files and the secret key to the archive `path`."""
    console = console or Console(stderr=True)
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: choose another name, or delete it first.")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder: create it first.")
    connection = _connection(alias)
    outcome = Outcome(path=path)
    scratch = Path(tempfile.mkdtemp(prefix=".questor-backup-", dir=path.parent))  # 0700
    partial = scratch / "archive.tar.gz"
    try:
        with _progress(console) as progress:
            started = time.monotonic()
            if connection.vendor == "sqlite":
                database = scratch / SQLITE_FILE
                _dump_sqlite(connection, database, progress)
                tool = f"SQLite {sqlite3.sqlite_version} online backup API"
                check = sqlite3.connect(database)
                try:
                    rows = {
                        name: int(check.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0])  # noqa: S608
                        for (name,) in check.execute(
                            "SELECT name FROM sqlite_master WHERE type = 'table' "
                            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                        )
                    }
                finally:
                    check.close()
            else:
                rows = table_rows(connection)
                database = scratch / POSTGRES_FILE
                tool = _dump_postgres(connection, database, progress)
            outcome.steps.append(
                Step(
                    "Database",
                    f"{connection.vendor}: {len(rows)} tables, {sum(rows.values()):,} rows "
                    f"({tool})",
                    database.stat().st_size,
                    time.monotonic() - started,
                )
            )
            media_root = Path(settings.MEDIA_ROOT)
            media = list(_media_files(media_root))
            key = scratch / KEY_FILE
            if with_secret_key:
                fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as handle:
                    handle.write(settings.SECRET_KEY)
            files = {f"{ROOT}/{database.name}": database}
            if with_secret_key:
                files[f"{ROOT}/{KEY_FILE}"] = key
            for item in media:
                files[f"{ROOT}/{MEDIA}/{item.relative_to(media_root).as_posix()}"] = item
            manifest = {
                "format": FORMAT,
                "app": "questor",
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": {
                    "vendor": connection.vendor,
                    "file": database.name,
                    "tool": tool,
                    "tables": rows,
                },
                "migrations": _migrations(connection),
                "media": {"files": len(media), "bytes": sum(p.stat().st_size for p in media)},
                "secret_key": {
                    "included": with_secret_key,
                    "source": _secret_key_source(),
                },
                "files": {name: _sha256(source) for name, source in files.items()},
            }
            outcome.manifest = manifest
            started = time.monotonic()
            total = sum(source.stat().st_size for source in files.values())
            task = progress.add_task("Archive", total=total)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
                archive.addfile(info, io.BytesIO(data))
                for name, source in files.items():
                    info = archive.gettarinfo(str(source), arcname=name)
                    # Uploaded files are public; the database and the key are not.
                    info.mode = 0o644 if name.startswith(f"{ROOT}/{MEDIA}/") else 0o600
                    info.uid, info.gid, info.uname, info.gname = 0, 0, "", ""
                    with source.open("rb") as handle:
                        archive.addfile(info, handle)
                    progress.advance(task, source.stat().st_size)
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, path)
            os.chmod(path, 0o600)
        outcome.steps.append(
            Step(
                "Uploaded files",
                f"{len(media):,} files from {media_root}",
                int(manifest["media"]["bytes"]),  # type: ignore[index]
            )
        )
        outcome.steps.append(
            Step(
                "Secret key",
                f"from {_secret_key_source()}" if with_secret_key else "left out (--no-secret-key)",
            )
        )
        outcome.steps.append(
            Step("Archive", f"{path} (owner-only, 0600)", path.stat().st_size, 0.0)
        )
        outcome.steps[-1].seconds = time.monotonic() - started
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return outcome


# Restore ------------------------------------------------------------------------------


def _read_archive(path: Path, scratch: Path, progress: Progress) -> dict[str, Any]:
    """Unpack into `scratch` and check everything; raises BackupError on any fault."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    damaged = f"{path.name} is not a readable Questor backup"
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            members = archive.getmembers()
            names = [member.name for member in members]
            if MANIFEST not in names:
                raise BackupError(f"{damaged}: it has no {MANIFEST}.")
            for member in members:
                parts = Path(member.name).parts
                if (
                    member.name.startswith("/")
                    or ".." in parts
                    or not parts
                    or parts[0] != ROOT
                    or not (member.isfile() or member.isdir())
                ):
                    raise BackupError(f"{damaged}: unexpected member {member.name!r}.")
            manifest_file = archive.extractfile(MANIFEST)
            assert manifest_file is not None
            manifest = json.loads(manifest_file.read())
            if manifest.get("app") != "questor" or manifest.get("format") != FORMAT:
                raise BackupError(
                    f"{damaged}: format {manifest.get('format')!r} of "
                    f"{manifest.get('app')!r} (this version reads format {FORMAT})."
                )
            task = progress.add_task("Reading the archive", total=sum(m.size for m in members))
            for member in members:
                if hasattr(tarfile, "data_filter"):  # Python 3.11.4+: refuse what is odd
                    archive.extract(member, scratch, filter="data")
                else:  # the member checks above already refuse links and paths out
                    archive.extract(member, scratch)
                progress.advance(task, member.size)
    except (tarfile.TarError, EOFError, zlib.error, json.JSONDecodeError, OSError) as error:
        raise BackupError(f"{damaged} ({str(error) or type(error).__name__}).") from None
    listed: dict[str, str] = manifest.get("files") or {}
    present = {
        p.relative_to(scratch).as_posix() for p in (scratch / ROOT).rglob("*") if p.is_file()
    } - {MANIFEST}
    if set(listed) != present:
        missing = sorted(set(listed) - present)
        extra = sorted(present - set(listed))
        raise BackupError(f"{damaged}: files missing {missing[:3]}, unexpected {extra[:3]}.")
    for name, digest in listed.items():
        if _sha256(scratch / name) != digest:
            raise BackupError(f"{damaged}: {name} does not match its checksum (damaged).")
    return dict(manifest)


def _other_sessions(connection: BaseDatabaseWrapper) -> list[str]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, COALESCE(NULLIF(application_name, ''), client_addr::text, 'local') "
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [f"{name} (pid {pid})" for pid, name in cursor.fetchall()]


def _restore_sqlite(source: Path, settings_dict: dict[str, Any], progress: Progress) -> None:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("Restoring needs a database file (DATABASE_URL=sqlite:///path).")
    target_path = Path(name)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    task = progress.add_task("Database (SQLite)", total=source.stat().st_size)
    copy = sqlite3.connect(source)
    target = sqlite3.connect(target_path, timeout=2)
    try:
        try:
            # Leaving WAL mode needs the only connection to the file: a web server or
            # worker that has it open makes this fail, and nothing is written.
            target.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            raise BackupError(
                f"Another program has {target_path} open. Stop the web servers and workers, "
                "then restore."
            ) from None
        # One step: the target's pages are replaced in a single write transaction.
        copy.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite refused the restore into {target_path}: {error}") from None
    finally:
        copy.close()
        target.close()
    progress.update(task, completed=source.stat().st_size)


def _restore_postgres(
    source: Path, psql: str, settings_dict: dict[str, Any], progress: Progress
) -> None:
    size = source.stat().st_size
    task = progress.add_task("Database (psql)", total=size)
    env = pg_environment(settings_dict)
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c client_min_messages=warning".strip()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [
                psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
                "--command=DROP SCHEMA IF EXISTS public CASCADE",
                "--command=CREATE SCHEMA public",
                "--file=-",
            ],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )  # fmt: skip
        assert process.stdin is not None
        try:
            with source.open("rb") as dump:  # fed here, so the bar follows what psql read
                for chunk in iter(lambda: dump.read(1 << 20), b""):
                    process.stdin.write(chunk)
                    progress.advance(task, len(chunk))
        except BrokenPipeError:
            pass  # psql stopped at an error: reported below
        finally:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
        process.wait()
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()
    if process.returncode != 0:
        raise BackupError(
            "psql refused the dump; the database was left as it was: "
            + (message[-800:] or str(process.returncode))
        )


def _swap_media(extracted: Path, media_root: Path) -> int:
    """Put the archive's uploaded files in place of MEDIA_ROOT's (renames, no copies)."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    if extracted.is_dir():
        for item in extracted.iterdir():
            shutil.move(str(item), incoming / item.name)
    os.chmod(incoming, 0o755)  # noqa: S103 - uploaded files are served to everyone
    old = media_root.with_name(media_root.name + ".before-restore")
    if media_root.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(media_root, old)
    os.replace(incoming, media_root)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for _ in _media_files(media_root))


def _restore_key(extracted: Path, outcome: Outcome) -> str:
    if not extracted.is_file():
        outcome.messages.append(
            "The backup has no secret key (made with --no-secret-key): sessions and emailed "
            "links made before it no longer work."
        )
        return "not in the backup"
    key = extracted.read_text().strip()
    key_file = Path(settings.VAR_DIR) / "secret_key"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    if not (key_file.is_file() and key_file.read_text().strip() == key):
        partial = key_file.with_name(".secret_key.restoring")
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        os.replace(partial, key_file)
    environment = os.environ.get("SECRET_KEY")
    if environment and environment != key:
        outcome.messages.append(
            f"SECRET_KEY in the environment differs from the backup's key (now in {key_file}): "
            "set SECRET_KEY to that file's content on every server, or sessions and emailed "
            "links made before the backup stop working."
        )
    return f"restored to {key_file} (owner-only, 0600)"


def restore(
    path: Path,
    *,
    alias: str = "default",
    force: bool = False,
    console: Console | None = None,
) -> Outcome:
    """Replace the database, the uploaded files and the secret key with the archive's."""
    console = console or Console(stderr=True)
    path = Path(path)
    connection = _connection(alias)
    outcome = Outcome(path=path)
    media_root = Path(settings.MEDIA_ROOT)
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".questor-restore-", dir=Path(settings.VAR_DIR)))
    try:
        with _progress(console) as progress:
            started = time.monotonic()
            manifest = _read_archive(path, scratch, progress)
            outcome.manifest = manifest
            database = manifest["database"]
            if database["vendor"] != connection.vendor:
                raise BackupError(
                    f"{path.name} holds a {database['vendor']} database and this site uses "
                    f"{connection.vendor}: restore it into {database['vendor']} (set "
                    "DATABASE_URL), then move the data with export-stackexchange if needed."
                )
            if connection.vendor == "sqlite":
                name = str(connection.settings_dict["NAME"])
                if name != ":memory:" and not name.startswith("file:"):
                    Path(name).parent.mkdir(parents=True, exist_ok=True)
            try:
                content = _content(connection)
            except DatabaseError as error:
                raise BackupError(
                    f"Cannot use the database: {str(error).strip()}. Create it first (an "
                    "empty database: `createdb NAME` on PostgreSQL)."
                ) from None
            media_there = any(_media_files(media_root))
            if (content or media_there) and not force:
                what = ", ".join(f"{count:,} rows in {table}" for table, count in content.items())
                if media_there:
                    what = ", ".join(filter(None, [what, f"uploaded files in {media_root}"]))
                raise BackupError(
                    f"The target is not empty ({what}). Restoring replaces all of it: run "
                    "again with --force if that is what you want."
                )
            sessions = _other_sessions(connection)
            if sessions:
                raise BackupError(
                    "Other connections use the database: "
                    + ", ".join(sessions[:5])
                    + ". Stop the web servers and workers, then restore."
                )
            unpacked = scratch / ROOT
            settings_dict = dict(connection.settings_dict)
            vendor = connection.vendor
            psql = pg_tool("psql", _server_major(connection)) if vendor == "postgresql" else ""
            connections.close_all()  # this process's own connections: nothing else may write
            if vendor == "sqlite":
                _restore_sqlite(unpacked / SQLITE_FILE, settings_dict, progress)
            else:
                _restore_postgres(unpacked / POSTGRES_FILE, psql, settings_dict, progress)
            tables = database.get("tables") or {}
            outcome.steps.append(
                Step(
                    "Database",
                    f"{connection.vendor}: {len(tables)} tables, "
                    f"{sum(tables.values()):,} rows, from a backup of "
                    f"{manifest.get('created_at', '?')}",
                    (unpacked / database["file"]).stat().st_size,
                    time.monotonic() - started,
                )
            )
            started = time.monotonic()
            count = _swap_media(unpacked / MEDIA, media_root)
            media_bytes = int((manifest.get("media") or {}).get("bytes", 0))
            outcome.steps.append(
                Step(
                    "Uploaded files",
                    f"{count:,} files into {media_root}",
                    media_bytes,
                    time.monotonic() - started,
                )
            )
            outcome.steps.append(Step("Secret key", _restore_key(unpacked / KEY_FILE, outcome)))
        outcome.messages.extend(_migration_notes(manifest))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return outcome


def _migration_notes(manifest: dict[str, Any]) -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {(app, name) for app, name in loader.disk_migrations}
    migrations = manifest.get("migrations") or {}
    backed = {(app, name) for app, names in migrations.items() for name in names}
    notes = []
    if known - backed:
        notes.append(
            f"The backup predates {len(known - backed)} migration(s) of this version: run "
            "`questor migrate` now."
        )
    unknown = backed - known
    if unknown:
        notes.append(
            f"The backup was made by a newer Questor ({len(unknown)} migration(s) this "
            "version does not know): upgrade Questor before serving this database."
        )
    return notes
