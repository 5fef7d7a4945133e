"""`make bench`: import a generated dump into fresh databases, serve it as `make run`
does, load it with wrk (reads) and with members posting through the forms (writes), and
write what was measured into docs/benchmarks.md. See docs/benchmarks.md for the method.

Environment:
  BENCH_POSTS      dump size (default 300000); below 20000 it is a smoke run: short
                   loads, and the report goes to a temporary file unless BENCH_OUTPUT is set
  BENCH_SHAPE      "dump" (questor generate-dump) or "askbot" (2,000 questions x 5 answers
                   of about 150 words, the shape of ../shared/bench/askbot)
  BENCH_DATABASES  "sqlite,postgres" (default) or one of them
  BENCH_RUNS       wrk runs per page (default 1); the run with the median p50 is reported
  BENCH_CONFIGS    which of "db", "db+cache", "redis", "redis+cache" to serve (default all;
                   "none": no read pages, only the writes)
  BENCH_SECONDS    wrk duration per page (default 10; smoke 1)
  BENCH_WRITE_SECONDS  duration of each writes run (default 15; smoke 2)
  BENCH_WRITERS    writer processes x connections each, "4x4" (default): requests in flight
  BENCH_WRITE_LIMITS  the writes runs: "0,1" (default: rate limits off, then on), "0", "none"
  BENCH_WRK        wrk load options (default "-t2 -c8")
  BENCH_PG_URL     a PostgreSQL server to create the benchmark database on
  BENCH_REDIS_URL  the Redis for the "redis" configurations (default redis://127.0.0.1:6379/4)
  BENCH_OUTPUT     where to write the report (default docs/benchmarks.md)
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from questor.testing.servers import (
    ServerDidNotStart,
    free_port,
    stop_server,
    wait_until_healthy,
)

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
SECRET = "bench-secret-key-not-for-production-0123456789-abcdefghijklmnop"  # noqa: S105
CONFIGS = {
    # name: (use Redis, page cache seconds)
    "db": (False, 0),
    "db+cache": (False, 60),
    "redis": (True, 0),
    "redis+cache": (True, 60),
}
CONFIG_LABELS = {
    "db": "database cache, page cache off",
    "db+cache": "database cache, page cache on",
    "redis": "Redis, page cache off",
    "redis+cache": "Redis, page cache on",
}


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@dataclass
class Settings:
    posts: int
    shape: str
    smoke: bool
    databases: list[str]
    # "db,redis+cache" for every database, or "sqlite:db,db+cache;postgres:redis";
    # empty: all four (a smoke run: a few, covering each switch once).
    configs: str
    seconds: int
    # wrk runs per page: with several, the run with the median p50 (of an even number, the
    # slower of the middle two) is reported and every run's p50 listed (this kind of
    # machine's throughput moves by a third, at times 3x, between runs).
    runs: int
    write_seconds: int
    # Writer processes, and keep-alive connections (threads) in each.
    writer_processes: int
    writer_connections: int
    # RATE_LIMITS_ENABLED of each writes run ("0", "1"); none: no writes.
    write_limits: list[str]
    wrk: list[str]
    pg_url: str
    redis_url: str
    output: Path

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        shape = env.get("BENCH_SHAPE", "dump")
        posts = 12_000 if shape == "askbot" else int(env.get("BENCH_POSTS") or 300_000)
        smoke = posts < 20_000 and shape != "askbot"
        processes, _, connections = (env.get("BENCH_WRITERS") or "4x4").partition("x")
        default_output = (
            Path(tempfile.gettempdir()) / "questor-bench-smoke.md"
            if smoke
            else ROOT / "docs" / "benchmarks.md"
        )
        return cls(
            posts=posts,
            shape=shape,
            smoke=smoke,
            databases=[d for d in env.get("BENCH_DATABASES", "sqlite,postgres").split(",") if d],
            configs=env.get("BENCH_CONFIGS", ""),
            seconds=int(env.get("BENCH_SECONDS") or (1 if smoke else 10)),
            runs=max(1, int(env.get("BENCH_RUNS") or 1)),
            write_seconds=int(env.get("BENCH_WRITE_SECONDS") or (2 if smoke else 15)),
            writer_processes=int(processes),
            writer_connections=int(connections or 1),
            write_limits=[
                limit
                for limit in (env.get("BENCH_WRITE_LIMITS") or "0,1").split(",")
                if limit in {"0", "1"}
            ],
            wrk=(env.get("BENCH_WRK") or "-t2 -c8").split(),
            pg_url=env.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
            redis_url=env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"),
            output=Path(env.get("BENCH_OUTPUT") or default_output),
        )


# Tools and the machine -----------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (Debian package)")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)  # noqa: S607
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit("make bench needs wrk: apt-get install wrk (Debian), or brew install wrk.")


def check_disk(where: Path, posts: int) -> None:
    # The dump (~3 KB a post), the SQLite file and the PostgreSQL database, and room to spare.
    needed = posts * 12_000 + 1_000_000_000
    free = shutil.disk_usage(where).free
    if free < needed:
        raise SystemExit(
            f"Not enough free disk under {where}: {free / 1e9:.1f} GB free, "
            f"{needed / 1e9:.1f} GB needed for {posts:,} posts."
        )


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    versions = subprocess.run(  # noqa: S603 - fixed argv
        [PY, "-c", "import django, gunicorn, sqlite3; "
         "print(django.get_version(), gunicorn.__version__, sqlite3.sqlite_version)"],
        capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    return {
        "cpu": f"{cpu} × {os.cpu_count()} (logical)",
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django / gunicorn / SQLite": " / ".join(versions),
        "wrk": (wrk_version.stdout or wrk_version.stderr).split("\n")[0].strip(),
    }


# Databases -----------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_database(kind: str, work: Path, settings: Settings) -> Iterator[str]:
    if kind == "sqlite":
        path = work / "bench.sqlite3"
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").unlink()
        return
    import psycopg
    from psycopg import sql

    name = f"questor_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(settings.pg_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urllib.parse.urlsplit(settings.pg_url)
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(settings.pg_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def site_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BENCH_", "PYTEST"))}
    env.pop("REDIS_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="questor.settings",
        DATABASE_URL=database_url,
        QUESTOR_VAR_DIR=str(var_dir),
        QUESTOR_DEMO="0",
        SECRET_KEY=SECRET,
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def questor(env: dict[str, str], *args: str, timeout: int = 7200) -> float:
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - fixed argv
        [PY, "-m", "questor.cli", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"questor {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return time.monotonic() - started


def probe(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed argv
        [PY, "-m", "questor.bench.probe", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"probe {args[0]} failed:\n{result.stdout}\n{result.stderr}")


def collected_static(env: dict[str, str]) -> Path:
    """`questor collectstatic` (WhiteNoise compresses every file: minutes on a busy
    machine), kept between runs under the temporary directory, keyed by the sources."""
    import hashlib

    import django

    sources = [ROOT / "questor", Path(django.__file__).parent / "contrib" / "admin" / "static"]
    digest = hashlib.sha256()
    for source in sources:
        for path in sorted(source.rglob("static/**/*")) + sorted(source.rglob("*.css")):
            if path.is_file():
                digest.update(f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}".encode())
    target = Path(tempfile.gettempdir()) / f"questor-bench-static-{digest.hexdigest()[:16]}"
    if not (target / "staticfiles.json").exists():
        log("collectstatic")
        questor(env, "collectstatic", "--noinput", "--verbosity", "0")
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(Path(env["QUESTOR_VAR_DIR"]) / "static"), str(target))
    return target


# The Askbot-shaped dump: 2,000 questions x 5 answers of about 150 words ---------------

TOPICS = (  # noqa: SIM905 - a word list reads better as text
    "python django postgresql sqlite mysql redis celery docker kubernetes nginx gunicorn "
    "uwsgi linux debian ubuntu bash git javascript typescript react vue css html http rest "
    "graphql json xml unicode regex testing pytest performance caching security oauth ldap "
    "email smtp dns networking asyncio threading multiprocessing numpy pandas orm migrations "
    "templates deployment"
).split()
VOCABULARY = (  # noqa: SIM905 - a word list reads better as text
    "the a an to of and in for on with is are was be by this that it from as at you can "
    "should would could will not if when then but or use using used need request response "
    "server client query database table index column row field model view template form "
    "session cookie cache middleware worker process thread queue error exception log "
    "config setting value file path"
).split()


class DumpWriter:
    """One dump file, as Stack Exchange writes them (no Django needed here)."""

    def __init__(self, path: Path, root: str) -> None:
        self.root = root
        self.file = path.open("w", encoding="utf-8")
        self.file.write(f'\ufeff<?xml version="1.0" encoding="utf-8"?>\n<{root}>\n')

    def row(self, **attributes: Any) -> None:
        from xml.sax.saxutils import quoteattr

        def value(item: Any) -> str:
            if isinstance(item, datetime):
                return item.strftime("%Y-%m-%dT%H:%M:%S.000")
            return str(item)

        parts = " ".join(f"{k}={quoteattr(value(v))}" for k, v in attributes.items())
        self.file.write(f"  <row {parts} />\n")

    def __enter__(self) -> DumpWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.write(f"</{self.root}>\n")
        self.file.close()


def write_askbot_shape(target: Path) -> None:
    rng = random.Random(13)
    target.mkdir(parents=True, exist_ok=True)
    start = datetime(2024, 1, 1, tzinfo=UTC)

    def text(words: int) -> str:
        chosen = rng.choices(VOCABULARY, k=words - 3) + rng.sample(TOPICS, 3)
        rng.shuffle(chosen)
        sentences = [" ".join(chosen[i : i + 15]).capitalize() + "." for i in range(0, words, 15)]
        return "<p>" + " ".join(sentences) + "</p>"

    with DumpWriter(target / "Users.xml", "users") as out:
        for user_id in range(1, 201):
            out.row(Id=user_id, Reputation=100, CreationDate=start,
                    DisplayName=f"Member {user_id}", LastAccessDate=start)  # fmt: skip
    with DumpWriter(target / "Posts.xml", "posts") as out:
        answer_id = 2001
        answers = []
        for question_id in range(1, 2001):
            when = start + timedelta(minutes=question_id)
            tags = rng.sample(TOPICS, 2)
            out.row(
                Id=question_id, PostTypeId=1, CreationDate=when, Score=0, ViewCount=1,
                Body=text(150), OwnerUserId=rng.randint(1, 200), LastActivityDate=when,
                Title=f"How do I use {tags[0]} with {tags[1]}, case {question_id}?",
                Tags="".join(f"<{t}>" for t in tags), AnswerCount=5, CommentCount=0,
                ContentLicense="CC BY-SA 4.0",
            )  # fmt: skip
            for _ in range(5):
                answers.append((answer_id, question_id, when))
                answer_id += 1
        for post_id, question_id, when in answers:
            out.row(
                Id=post_id, PostTypeId=2, ParentId=question_id, Score=0, Body=text(150),
                CreationDate=when + timedelta(seconds=30), OwnerUserId=rng.randint(1, 200),
                LastActivityDate=when, CommentCount=0, ContentLicense="CC BY-SA 4.0",
            )  # fmt: skip


# Serving -------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    def stop(self) -> None:
        stop_server(self.process, grace=30)

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each gunicorn worker (the master's children)."""
        masters = [pid for pid in _children(self.process.pid) if b"gunicorn" in _cmdline(pid)]
        return [_rss_mb(pid) for master in masters for pid in _children(master)]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            found.extend(int(child) for child in text)
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def serve(env: dict[str, str], work: Path, name: str) -> Server:
    """`questor serve --with-worker`, as `make run` serves (default workers and threads)."""
    port = free_port()
    log_path = work / f"server-{name}.log"
    with log_path.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            [PY, "-m", "questor.cli", "serve", "--port", str(port), "--with-worker"],
            env=env, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    try:
        wait_until_healthy(
            process,
            server.base_url,
            timeout=120,
            log_text=lambda: log_path.read_text(errors="replace")[-3000:],
            request_timeout=5,
        )
    except ServerDidNotStart as error:
        server.stop()
        raise SystemExit(str(error)) from None
    return server


@dataclass
class WrkResult:
    rps: float
    p50: str
    p99: str
    errors: int
    load: str


def wrk(
    url: str,
    seconds: int,
    options: list[str],
    headers: list[str] | None = None,
    smoke: bool = False,
) -> WrkResult:
    extra: list[str] = []
    for header in headers or []:
        extra += ["-H", header]
    # An unreported warm-up, then the measured run.
    warm = max(1, seconds // 5)
    if not smoke:
        subprocess.run(  # noqa: S603
            ["wrk", *options, f"-d{warm}s", *extra, url],  # noqa: S607
            capture_output=True, check=False, timeout=warm + 120,
        )  # fmt: skip
    load = loadavg()
    result = subprocess.run(  # noqa: S603
        ["wrk", *options, f"-d{seconds}s", "--latency", *extra, url],  # noqa: S607
        capture_output=True, text=True, check=False, timeout=seconds + 120,
    )  # fmt: skip
    out = result.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non2xx[1]) if non2xx else 0
    if socket_errors:
        errors += sum(int(socket_errors[i]) for i in range(1, 5))
    return WrkResult(
        rps=float(rps[1]) if rps else 0.0,
        p50=p50[1] if p50 else "?",
        p99=p99[1] if p99 else "?",
        errors=errors,
        load=load,
    )


# One run -------------------------------------------------------------------------------


@dataclass
class Report:
    settings: Settings
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    lines: list[str] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)
        self.write()

    def write(self) -> None:
        """Between this run's markers in the report (so runs of other shapes and the
        hand-written method and findings around them are kept); written as it goes."""
        name = f"{self.settings.shape}-{self.settings.posts}-{'+'.join(self.settings.databases)}"
        start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
        block = "\n".join([start, *self.lines, end])
        path = self.settings.output
        path.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text() if path.exists() else "# Benchmarks\n"
        if start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + block + rest.split(end, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        path.write_text(text)


def _milliseconds(value: str) -> float | None:
    """wrk's latency ("812.00us", "20.56ms", "1.38s") in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not match:
        return None
    return float(match[1]) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[match[2]]


def _slowness(value: str) -> float:
    """For ordering runs by latency: one wrk did not report sorts last."""
    milliseconds = _milliseconds(value)
    return float("inf") if milliseconds is None else milliseconds


def _ms(value: str) -> str:
    number = _milliseconds(value)
    if number is None:
        return value
    return f"{number:.1f} ms" if number < 100 else f"{number:.0f} ms"


def bench_database(kind: str, settings: Settings, work: Path, dump: Path, report: Report) -> None:
    label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[kind]
    var_dir = work / f"var-{kind}"
    var_dir.mkdir()
    (var_dir / "static").symlink_to(work / "static")
    with fresh_database(kind, work, settings) as url:
        base = site_env(url, var_dir)
        log(f"{label}: migrate and import {dump.name}")
        questor(base, "migrate", "--noinput", "--verbosity", "0")
        imported = questor(base, "import-stackexchange", str(dump), "--site", "bench.example.org")
        # What `make run` does before serving (the admin is made after the import, whose
        # ids are the dump's).
        questor(base, "setup")
        spec_path = work / f"spec-{kind}.json"
        probe(site_env(url, var_dir, RATE_LIMITS_ENABLED="0", PAGE_CACHE_SECONDS="0",
                       VIEW_COUNT_FLUSH_THREAD="0"), "prepare", str(spec_path))  # fmt: skip
        spec = json.loads(spec_path.read_text())
        if settings.shape == "askbot":  # the pages ../shared/bench/askbot measures
            urls = spec["urls"]
            spec["urls"] = {
                "question (5 answers)": urls["question (5 answers)"],
                "question list": "/",
                "tag page": "/tags/python/",
                "search": "/search/?q=kubernetes",
            }
            spec_path.write_text(json.dumps(spec))
        counts = spec["counts"]
        size = ""
        if kind == "sqlite":
            size = f", database file {(work / 'bench.sqlite3').stat().st_size / 1e6:,.0f} MB"
        report.add(
            "",
            f"### {label}",
            "",
            f"Imported in {imported:.0f} s: {counts['posts']:,} posts "
            f"({counts['questions']:,} questions), {counts['users']:,} users, "
            f"{counts['tags']:,} tags{size}. Load average at the start: {loadavg()}.",
        )
        if settings.shape == "dump" and "/2.3/questions" not in spec["urls"]:
            report.add("", "`/2.3/questions` is not served by this tree yet: skipped.")
        configs = configs_for(settings, kind)
        for config in configs:
            use_redis, cache_seconds = CONFIGS[config]
            extra = {"PAGE_CACHE_SECONDS": str(cache_seconds)}
            if use_redis:
                extra["REDIS_URL"] = settings.redis_url
            bench_config(
                label, config, site_env(url, var_dir, **extra), spec, settings, work, report
            )
        if settings.shape == "dump":
            profile_path = work / f"profile-{kind}.json"
            probe(site_env(url, var_dir, PAGE_CACHE_SECONDS="0", VIEW_COUNT_FLUSH_THREAD="0"),
                  "profile", str(spec_path), str(profile_path),
                  "3" if settings.smoke else "30")  # fmt: skip
            profiles = json.loads(profile_path.read_text())
            report.add(
                "", f"#### Where the time goes ({label}, page cache off, cProfile, 30 requests)"
            )
            for page, text in profiles.items():
                report.add("", f"{page}:", "", "```", text, "```")
        if settings.write_limits:
            bench_writes(label, url, var_dir, spec, settings, work, report)


def configs_for(settings: Settings, kind: str) -> list[str]:
    spec = settings.configs
    if ":" in spec:
        spec = dict(part.split(":", 1) for part in spec.split(";") if part).get(kind, "")
    elif not spec:
        if settings.smoke:
            return {"sqlite": ["db", "redis+cache"], "postgres": ["db+cache"]}[kind]
        return list(CONFIGS)
    return [config for config in spec.split(",") if config in CONFIGS]


def bench_config(
    label: str,
    config: str,
    env: dict[str, str],
    spec: dict[str, Any],
    settings: Settings,
    work: Path,
    report: Report,
) -> None:
    log(f"{label}, {CONFIG_LABELS[config]}: serving")
    queries_path = work / f"queries-{label}-{config}.json"
    probe(
        {**env, "VIEW_COUNT_FLUSH_THREAD": "0"},
        "queries",
        _spec_file(spec, work),
        str(queries_path),
    )
    queries: dict[str, int] = json.loads(queries_path.read_text())
    server = serve(env, work, f"{label}-{config}")
    try:
        each_run = " p50 of each run |" if settings.runs > 1 else ""
        rows = [
            "",
            f"#### {label}, {CONFIG_LABELS[config]}",
            "",
            f"| page | req/s | p50 | p99 | errors | SQL/request | load avg |{each_run}",
            "|---|---:|---:|---:|---:|---:|---|" + ("---|" if each_run else ""),
        ]
        pages = list(spec["urls"].items())
        session = spec["sessions"][0]["session"]
        # Every worker process imports and warms up on its first requests: not measured.
        for _ in range(1 if settings.smoke else 3):
            for _, path in pages:
                with contextlib.suppress(urllib.error.URLError, OSError):
                    urllib.request.urlopen(server.base_url + path, timeout=60).close()  # noqa: S310
        if settings.shape != "askbot":
            pages.append(("question (5 answers), logged in", spec["urls"]["question (5 answers)"]))
        for name, path in pages:
            headers = [f"Cookie: sessionid={session}"] if name.endswith("logged in") else []
            results = [
                wrk(server.base_url + path, settings.seconds, settings.wrk, headers, settings.smoke)
                for _ in range(settings.runs)
            ]
            by_p50 = sorted(results, key=lambda run: _slowness(run.p50))
            result = by_p50[len(by_p50) // 2]
            sql = queries.get(name, "?")
            runs = (" " + ", ".join(_ms(run.p50) for run in results) + " |") if each_run else ""
            rows.append(
                f"| {name} | {result.rps:,.1f} | {_ms(result.p50)} | {_ms(result.p99)} | "
                f"{result.errors} | {sql} | {result.load} |{runs}"
            )
            log(f"  {name}: {result.rps:,.1f} req/s, p50 {result.p50}")
        rss = server.worker_rss_mb()
        rows += [
            "",
            f"Memory after the load: {len(rss)} gunicorn workers, RSS "
            + ", ".join(f"{value:.0f}" for value in sorted(rss))
            + f" MB (largest {max(rss, default=0):.0f} MB).",
        ]
        report.add(*rows)
    finally:
        server.stop()


def _spec_file(spec: dict[str, Any], work: Path) -> str:
    path = work / "spec-current.json"
    path.write_text(json.dumps(spec))
    return str(path)


def bench_writes(
    label: str,
    url: str,
    var_dir: Path,
    spec: dict[str, Any],
    settings: Settings,
    work: Path,
    report: Report,
) -> None:
    processes, connections = settings.writer_processes, settings.writer_connections
    rows = [
        "",
        f"#### Writes through the forms ({label}, database cache, page cache on)",
        "",
        f"{len(spec['sessions'])} members (1,000 reputation) post answers, vote and comment "
        f"in turn, from {processes} processes of {connections} keep-alive connections each "
        f"({processes * connections} requests in flight), for {settings.write_seconds} s; "
        "each vote is a new up-vote.",
        "",
        "| rate limits | writes/s | p50 | p99 | answers / votes / comments | statuses | "
        '"database is locked" | visible on next load | load avg |',
        "|---|---:|---:|---:|---|---|---:|---|---|",
    ]
    notes: list[str] = []
    for run, limits in enumerate(settings.write_limits):
        env = site_env(url, var_dir, RATE_LIMITS_ENABLED=limits, PAGE_CACHE_SECONDS="60")
        server = serve(env, work, f"{label}-writes-{limits}")
        try:
            for _ in range(3):  # each worker process warms up on its first requests
                for path in list(spec["urls"].values())[:4]:
                    with contextlib.suppress(urllib.error.URLError, OSError):
                        urllib.request.urlopen(server.base_url + path, timeout=60).close()  # noqa: S310
            log(f"{label}: writes, rate limits {'on' if limits == '1' else 'off'}")
            load = loadavg()
            writer_spec = {**spec, "base_url": server.base_url, "seconds": settings.write_seconds,
                           "processes": processes, "connections": connections,
                           "run": [run, len(settings.write_limits)]}  # fmt: skip
            spec_path = work / "writer.json"
            out_path = work / "writer-out.json"
            spec_path.write_text(json.dumps(writer_spec))
            subprocess.run(  # noqa: S603
                [PY, "-m", "questor.bench.writer", str(spec_path), str(out_path)],
                cwd=ROOT, check=True, timeout=settings.write_seconds + 600,
            )  # fmt: skip
            result = json.loads(out_path.read_text())
            locked_in_log = server.log.read_text(errors="replace").count("database is locked")
            per_kind = result["per_kind"]
            statuses = "; ".join(
                f"{kind} " + ", ".join(f"{s}×{n}" for s, n in sorted(counts.items()))
                for kind, counts in result["statuses"].items()
            )
            rows.append(
                f"| {'on' if limits == '1' else 'off'} | {result['writes_per_second']:,.1f} | "
                f"{result['p50_ms']:.0f} ms | {result['p99_ms']:.0f} ms | "
                f"{per_kind['answer']['count']} / {per_kind['vote']['count']} / "
                f"{per_kind['comment']['count']} | {statuses} | "
                f"{result['database_locked'] + locked_in_log} | "
                f"{result['visible']} of {result['visible_checked']} | {load} |"
            )
            notes += [f"- not on the next load: {why}" for why in result.get("missing", [])]
        finally:
            server.stop()
    report.add(*rows, *([""] + notes if notes else []))


def main() -> None:
    settings = Settings.from_env()
    ensure_wrk()
    tmp_root = Path(os.environ.get("BENCH_TMPDIR") or tempfile.gettempdir())
    check_disk(tmp_root, settings.posts)
    work = Path(tempfile.mkdtemp(prefix="questor-bench-", dir=tmp_root))
    report = Report(settings)
    try:
        info = machine()
        report.add(
            f"## {'Smoke run' if settings.smoke else 'Run'}: "
            + (
                "the Askbot shape (2,000 questions × 5 answers of ~150 words)"
                if settings.shape == "askbot"
                else f"{settings.posts:,} posts (questor generate-dump)"
            ),
            "",
            f"Measured {report.started:%Y-%m-%d %H:%M} UTC by `make bench` "
            f"(wrk {' '.join(settings.wrk)}, {settings.seconds} s a page after a warm-up, "
            "loopback).",
            "",
            *(f"- {key}: {value}" for key, value in info.items()),
            f"- load average at the start: {loadavg()}",
        )
        dump = work / "dump"
        started = time.monotonic()
        static_env = site_env("sqlite:///" + str(work / "static.sqlite3"), work / "static-var")
        if settings.shape == "askbot":
            write_askbot_shape(dump)
        else:
            log(f"generate-dump {settings.posts:,} posts")
            questor(static_env, "generate-dump", str(dump), "--posts", str(settings.posts))
        generated = time.monotonic() - started
        dump_size = sum(f.stat().st_size for f in dump.iterdir()) / 1e6
        report.add("", f"Dump written in {generated:.0f} s ({dump_size:,.0f} MB).")
        (work / "static").symlink_to(collected_static(static_env))
        for kind in settings.databases:
            bench_database(kind, settings, work, dump, report)
        report.add("", f"Finished {datetime.now(UTC):%H:%M} UTC; load average {loadavg()}.")
        log(f"report written to {settings.output}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
