"""Writes through the real forms, from several processes: members post answers, vote and
comment with their session and CSRF cookies, as browsers without JavaScript do.

    python -m questor.bench.writer SPEC.json OUT.json

SPEC: base_url, sessions (user_id, session), questions, answers, seconds, processes.
Standard library only, so it loads nothing of the app it measures."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import random
import re
import string
import sys
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
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text


def _work(args: tuple[dict[str, Any], list[dict[str, Any]], int]) -> dict[str, Any]:
    spec, sessions, seed = args
    rng = random.Random(seed)
    members = [Member(spec["base_url"], s["session"]) for s in sessions]
    for member in members:
        # A CSRF cookie of the browser's own making is as good as one the site set.
        member.cookies["csrftoken"] = "".join(
            rng.choices(string.ascii_letters + string.digits, k=32)
        )
    questions: list[int] = spec["questions"]
    answers: list[int] = spec["answers"]
    latencies: dict[str, list[float]] = {"answer": [], "vote": [], "comment": []}
    statuses: dict[str, dict[str, int]] = {kind: {} for kind in latencies}
    locked = 0
    posted: list[tuple[int, int, str]] = []  # (question, answer, marker)
    started_at = time.monotonic()
    deadline = started_at + spec["seconds"]
    number = 0
    while time.monotonic() < deadline:
        member = members[number % len(members)]
        kind = ("answer", "vote", "comment")[number % 3]
        number += 1
        marker = f"bench-{seed}-{number}"
        if kind == "answer":
            question = rng.choice(questions)
            path = f"/questions/{question}/answer/"
            form = {
                "body": f"Answer {marker}: write the decision down, share it with the team, "
                "and check a week later that it still holds."
            }
        elif kind == "vote":
            path = f"/posts/{rng.choice(answers or questions)}/vote/"
            form = {"direction": "up"}
        else:
            path = f"/posts/{rng.choice(questions)}/comments/"
            form = {"body": f"Comment {marker}: could you say more about the team size?"}
        started = time.perf_counter()
        status, location, text = member.request("POST", path, form)
        latencies[kind].append(time.perf_counter() - started)
        statuses[kind][str(status)] = statuses[kind].get(str(status), 0) + 1
        if "database is locked" in text:
            locked += 1
        if kind == "answer" and status == 302:
            match = ANSWER_LOCATION.search(location)
            if match:
                posted.append((int(path.split("/")[2]), int(match[1]), marker))
    return {
        "latencies": latencies,
        "statuses": statuses,
        "locked": locked,
        "posted": posted[-3:],
        "seconds": time.monotonic() - started_at,
    }


def run(spec: dict[str, Any]) -> dict[str, Any]:
    processes = int(spec.get("processes", 4))
    sessions = spec["sessions"]
    shares = [sessions[index::processes] for index in range(processes)]
    with multiprocessing.Pool(processes) as pool:
        parts = pool.map(_work, [(spec, share, index) for index, share in enumerate(shares)])
    elapsed = max(part["seconds"] for part in parts)  # the writing, not the pool's start
    latencies: dict[str, list[float]] = {"answer": [], "vote": [], "comment": []}
    statuses: dict[str, dict[str, int]] = {kind: {} for kind in latencies}
    for part in parts:
        for kind, values in part["latencies"].items():
            latencies[kind].extend(values)
        for kind, counts in part["statuses"].items():
            for status, count in counts.items():
                statuses[kind][status] = statuses[kind].get(status, 0) + count
    # Each write is on the next page load: the last answers each process posted.
    checked = visible = 0
    reader = Member(spec["base_url"], "")
    reader.cookies.clear()
    for part in parts:
        for question, answer, marker in part["posted"]:
            checked += 1
            status, location, _ = reader.request("GET", f"/questions/{question}/")
            status, _, text = reader.request("GET", location or f"/questions/{question}/")
            visible += int(status == 200 and marker in text and f'id="answer-{answer}"' in text)
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
        "database_locked": sum(part["locked"] for part in parts),
        "visible_checked": checked,
        "visible": visible,
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
