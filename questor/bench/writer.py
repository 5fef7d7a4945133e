"""Writes through the real forms, from several processes: members post answers, vote and
comment with their session and CSRF cookies, as browsers without JavaScript do.

    python -m questor.bench.writer SPEC.json OUT.json

SPEC: base_url, sessions (user_id, session), questions, answers, seconds, processes,
connections (per process, default 1), and run: [index, runs] when several runs write to
the same database (each votes on its own share of the answers, so no run takes back a
vote of another; default [0, 1]). Each connection is a thread with its own keep-alive
connection and its own members, so processes x connections requests are in flight: enough
to keep the server's workers busy, which 4 requests at a time were not.
Standard library only, so it loads nothing of the app it measures."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import random
import re
import string
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ANSWER_LOCATION = re.compile(r"#answer-(\d+)$")


class Member:
    def __init__(self, base_url: str, session: str) -> None:
        parts = urllib.parse.urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.cookies = {"sessionid": session}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.last_headers: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "User-Agent": "questor-bench",
        }
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode(errors="replace")
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 2:
                    raise
        self.last_headers = {header.lower(): value for header, value in response.getheaders()}
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text


def _work(args: tuple[dict[str, Any], list[dict[str, Any]], int]) -> dict[str, Any]:
    """One process: its members shared out over `connections` threads."""
    spec, sessions, seed = args
    connections = max(1, min(int(spec.get("connections", 1)), len(sessions)))
    shares = [sessions[index::connections] for index in range(connections)]
    parts: list[dict[str, Any]] = [{} for _ in shares]
    threads = [
        threading.Thread(target=_connection, args=(spec, share, seed * 1000 + index, parts[index]))
        for index, share in enumerate(shares)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return _merge(parts)


def _connection(
    spec: dict[str, Any], sessions: list[dict[str, Any]], seed: int, out: dict[str, Any]
) -> None:
    """One keep-alive connection writing as its members in turn, one request at a time."""
    run, runs = spec.get("run", [0, 1])
    rng = random.Random(f"{run}-{seed}")
    members = [Member(spec["base_url"], s["session"]) for s in sessions]
    for member in members:
        # A CSRF cookie of the browser's own making is as good as one the site set.
        member.cookies["csrftoken"] = "".join(
            rng.choices(string.ascii_letters + string.digits, k=32)
        )
    questions: list[int] = spec["questions"]
    answers: list[int] = (spec["answers"] or questions)[run::runs]
    # Each member votes up posts it has not voted on in this run (nor in another: each run
    # has its own share of the answers): every vote is a new vote that changes a score and
    # a reputation (the same vote again would take it back). Members belong to one
    # connection only, so no other thread votes as them.
    voted: list[set[int]] = [set() for _ in members]
    latencies: dict[str, list[float]] = {"answer": [], "vote": [], "comment": []}
    statuses: dict[str, dict[str, int]] = {kind: {} for kind in latencies}
    posted: list[tuple[int, int, str]] = []  # (question, answer, marker)
    started_at = time.monotonic()
    # Filled as it goes, so a thread that fails still reports what it did.
    out.update(latencies=latencies, statuses=statuses, locked=0, posted=posted, seconds=0.0)
    deadline = started_at + spec["seconds"]
    number = 0
    while time.monotonic() < deadline:
        index = number % len(members)
        member = members[index]
        kind = ("answer", "vote", "comment")[number % 3]
        number += 1
        marker = f"bench-{run}-{seed}-{number}"
        if kind == "answer":
            question = rng.choice(questions)
            path = f"/questions/{question}/answer/"
            form = {
                "body": f"Answer {marker}: write the decision down, share it with the team, "
                "and check a week later that it still holds."
            }
        elif kind == "vote":
            if len(voted[index]) >= len(answers):
                voted[index].clear()  # every post voted on: the next votes take some back
            post = rng.choice(answers)
            while post in voted[index]:
                post = rng.choice(answers)
            voted[index].add(post)
            path = f"/posts/{post}/vote/"
            form = {"direction": "up"}
        else:
            path = f"/posts/{rng.choice(questions)}/comments/"
            form = {"body": f"Comment {marker}: could you say more about the team size?"}
        started = time.perf_counter()
        try:
            status, location, text = member.request("POST", path, form)
        except (http.client.HTTPException, OSError):
            status, location, text = 0, "", ""  # reported as status 0
            time.sleep(0.1)  # the server is gone or refusing: do not spin
        latencies[kind].append(time.perf_counter() - started)
        statuses[kind][str(status)] = statuses[kind].get(str(status), 0) + 1
        if "database is locked" in text:
            out["locked"] += 1
        if kind == "answer" and status == 302:
            match = ANSWER_LOCATION.search(location)
            if match:
                posted.append((int(path.split("/")[2]), int(match[1]), marker))
        out["seconds"] = time.monotonic() - started_at
    del posted[:-3]  # the last answers are checked on the next page load


def _merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    latencies: dict[str, list[float]] = {"answer": [], "vote": [], "comment": []}
    statuses: dict[str, dict[str, int]] = {kind: {} for kind in latencies}
    for part in parts:
        for kind, values in part["latencies"].items():
            latencies[kind].extend(values)
        for kind, counts in part["statuses"].items():
            for status, count in counts.items():
                statuses[kind][status] = statuses[kind].get(status, 0) + count
    return {
        "latencies": latencies,
        "statuses": statuses,
        "locked": sum(part["locked"] for part in parts),
        "posted": [item for part in parts for item in part["posted"]],
        "seconds": max(part["seconds"] for part in parts),
    }


def run(spec: dict[str, Any]) -> dict[str, Any]:
    processes = int(spec.get("processes", 4))
    sessions = spec["sessions"]
    shares = [sessions[index::processes] for index in range(processes)]
    with multiprocessing.Pool(processes) as pool:
        parts = pool.map(_work, [(spec, share, index) for index, share in enumerate(shares)])
    merged = _merge(parts)
    elapsed = merged["seconds"]  # the writing, not the pool's start
    latencies, statuses = merged["latencies"], merged["statuses"]
    # Each write is on the next page load: the last answers each connection posted.
    checked = visible = 0
    missing: list[str] = []  # why the first few were not seen
    reader = Member(spec["base_url"], "")
    reader.cookies.clear()
    for question, answer, marker in merged["posted"]:
        checked += 1
        status, location, _ = reader.request("GET", f"/questions/{question}/")
        status, _, text = reader.request("GET", location or f"/questions/{question}/")
        # "bench-0-1:", not "bench-0-12": the marker ends with the colon in the body.
        shown = f"{marker}:" in text and f'id="answer-{answer}"' in text
        visible += int(status == 200 and shown)
        if not (status == 200 and shown) and len(missing) < 5:
            cached = reader.last_headers.get("x-page-cache", "not cached")
            missing.append(f"answer {answer} on question {question}: {status}, {cached}")
    everything = [value for values in latencies.values() for value in values]
    done = sum(
        count for counts in statuses.values() for s, count in counts.items() if s in {"200", "302"}
    )
    return {
        "seconds": elapsed,
        "requests": len(everything),
        "writes_ok": done,
        "writes_per_second": done / elapsed if elapsed else 0.0,
        "statuses": statuses,
        "p50_ms": _percentile(everything, 50) * 1000,
        "p99_ms": _percentile(everything, 99) * 1000,
        "per_kind": {
            kind: {
                "count": len(values),
                "p50_ms": _percentile(values, 50) * 1000,
                "p99_ms": _percentile(values, 99) * 1000,
            }
            for kind, values in latencies.items()
        },
        "database_locked": merged["locked"],
        "in_flight": processes * max(1, int(spec.get("connections", 1))),
        "visible_checked": checked,
        "visible": visible,
        "missing": missing,
    }


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def main(argv: list[str]) -> None:
    spec = json.loads(Path(argv[0]).read_text())
    Path(argv[1]).write_text(json.dumps(run(spec), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
