"""Load test: 50 concurrent reviewers working their task lists against a real server on
loopback (issue 9: "50 concurrent reviewers ... for 2 minutes on PostgreSQL: no errors, p95
page time reported").

    .venv/bin/python bench/load.py [--reviewers 50] [--seconds 120] [--workers 4]
                                   [--claims 20000] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
                                   [--name claimdesk_load]

Builds a fresh database --name on the PostgreSQL server at --postgres (default: the
server of DATABASE_URL, else 127.0.0.1): the deterministic files of bench/import.py (one
township, N claims with three bill lines), imported, adjudicated and routed, so that about a
tenth of the claims wait for a person; then reviewer accounts (mostly clerks of the township,
some township leaders and county directors). It starts gunicorn with --workers processes on a
free loopback port and runs one thread per reviewer, each with its own session: sign in, then
until time is up open the task queue (a random page of it) or the inbox, take a task, open it
and approve it (four in five) or reject it with a reason. Prints requests, errors (a 5xx, a
failed connection or an unexpected answer; must be 0), tasks another reviewer took first,
decisions, p50/p95/p99 time per page kind, and the server's peak memory (sum of the gunicorn
processes' resident memory, sampled every second). Asserts nothing.
"""
from __future__ import annotations

import argparse
import collections
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from figures import PageTimes, peak_memory_mb, print_page_times

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "claimdesk_load"
PASSWORD = "load-test-Reviewer-2025"
YEAR = 2025
TASK_LINK = re.compile(r'href="(/claim/(\d+)/(clerk|leader|director|committee)/(\d+)/)[a-z]*/?"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ROLES = (("clerk", 0.8), ("township_leader", 0.16), ("county_director", 0.04))


def database_url(server: str, name: str) -> str:
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def fresh_database(server: str, name: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return database_url(server, name)


def prepare(url: str, claims: int, reviewers: int) -> list[str]:
    """Load, adjudicate and route the claims; create the reviewers; return their user names."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from benefits.services import store_year
    from registry.models import StaffProfile
    from workflow.services import route_claims

    review = load_module("bench_review", ROOT / "bench" / "review.py")
    bench_import = review.import_bench()
    with tempfile.TemporaryDirectory(prefix="claimdesk-load-") as tmp:
        review.timed(f"generate {claims:,} claims", bench_import.generate, Path(tmp), claims)
        review.timed("import", review.load, Path(tmp))
    review.timed("adjudicate", store_year, YEAR)
    routed = review.timed("route", route_claims)
    print(f"routed: {routed.reviewed:,} claims wait for a person")
    password = make_password(PASSWORD)
    names = []
    for n in range(reviewers):
        role = next(r for r, share in _shares() if n < share * reviewers)
        name = f"load_{role}_{n:02d}"
        user = get_user_model().objects.create(username=name, password=password)
        StaffProfile.objects.create(user=user, role=role, language="en",
                                    township_id=None if role == "county_director" else "T01")
        names.append(name)
    return names


def _shares():
    total = 0.0
    for role, share in ROLES:
        total += share
        yield role, total + 1e-9


def load_module(name: str, path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, workers: int, port: int, var_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "CLAIMDESK_VAR_DIR": str(var_dir),
           "DJANGO_SETTINGS_MODULE": "claimdesk.settings"}
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "claimdesk.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).ok:
                return server
        except (requests.ConnectionError, requests.Timeout):  # not up, or its first page
            time.sleep(0.5)                                     # still loading on a busy CPU
    server.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


def process_tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and its children, from /proc (Linux)."""
    children = collections.defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children[int(fields[1])].append(int(entry.name))
            except (OSError, IndexError):
                continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


class Stats:
    """Per page kind timings and the run's counters, shared by the reviewer threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times = collections.defaultdict(list)
        self.counts = collections.Counter()
        self.errors: list[str] = []

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)

    def count(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1

    def error(self, message: str) -> None:
        with self.lock:
            self.counts["errors"] += 1
            if len(self.errors) < 20:
                self.errors.append(message)


class Reviewer(threading.Thread):
    """One person at the review pages, with their own session."""

    def __init__(self, base: str, username: str, stats: Stats, stop_at: float, seed: int):
        super().__init__(daemon=True)
        self.base, self.username, self.stats, self.stop_at = base, username, stats, stop_at
        self.random = random.Random(seed)
        self.session = requests.Session()

    def page(self, kind: str, method: str, path: str, expect: tuple[int, ...], **kwargs):
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, allow_redirects=False,
                                            timeout=60, **kwargs)
        except requests.RequestException as error:
            self.stats.error(f"{kind} {path}: {error}")
            return None
        self.stats.record(kind, time.perf_counter() - started)
        if response.status_code not in expect:
            self.stats.error(f"{kind} {path}: HTTP {response.status_code}")
            return None
        return response

    def post(self, kind: str, path: str, form_page, data: dict, expect):
        token = CSRF.search(form_page.text)
        return self.page(kind, "POST", path, expect, headers={"Referer": self.base + path},
                         data={**data, "csrfmiddlewaretoken": token.group(1) if token else ""})

    def sign_in(self) -> bool:
        form = self.page("login", "GET", "/accounts/login/", (200,))
        return bool(form and self.post("login", "/accounts/login/", form, {
            "username": self.username, "password": PASSWORD}, (302,)))

    def run(self) -> None:
        if not self.sign_in():
            return
        while time.monotonic() < self.stop_at:
            self.review_one()

    def review_one(self) -> None:
        if self.random.random() < 0.2:
            listing = self.page("inbox", "GET", "/claim/inbox/", (200,))
        else:
            listing = self.page("queue", "GET", f"/claim/queue/?page={self.random.randint(1, 5)}",
                                (200, 404))
        if listing is None or listing.status_code == 404:
            return
        tasks = sorted({m.group(1) for m in TASK_LINK.finditer(listing.text)})
        if not tasks:
            self.stats.count("empty lists")
            time.sleep(0.5)
            return
        task = self.random.choice(tasks)
        detail = self.page("task", "GET", task + "detail/", (200, 302, 403, 404))
        if detail is None or detail.status_code != 200:
            self.stats.count("taken by another reviewer")
            return
        if "assign/" in detail.text:
            taken = self.post("assign", task + "assign/", detail, {}, (302, 403, 404))
            if taken is None or taken.status_code != 302:
                self.stats.count("taken by another reviewer")
                return
        form = self.page("task", "GET", task + "execute/", (200, 302, 403, 404))
        if form is None or form.status_code != 200:
            self.stats.count("taken by another reviewer")
            return
        approve = self.random.random() < 0.8
        decided = self.post("decide", task + "execute/", form, {
            "decision": "approved" if approve else "rejected",
            "reason": "" if approve else "load test: receipts missing"}, (302, 200))
        if decided is not None:
            self.stats.count("decisions" if decided.status_code == 302 else "refused (form)")


def report(stats: Stats, seconds: float, peak_server_mb: float, reviewers: int) -> None:
    total = sum(len(v) for v in stats.times.values())
    print(f"\n{reviewers} reviewers for {seconds:.0f} s: {total:,} requests "
          f"({total / seconds:.1f}/s), errors: {stats.counts['errors']}")
    for what in ("decisions", "refused (form)", "taken by another reviewer", "empty lists"):
        print(f"  {what}: {stats.counts[what]:,}")
    print_page_times([PageTimes(kind, stats.times.get(kind, []))
                      for kind in ("login", "queue", "inbox", "task", "assign", "decide")])
    for message in stats.errors:
        print(f"  error: {message}")
    print(f"server peak memory (gunicorn master + workers, RSS): {peak_server_mb:,.0f} MB")
    print(f"load script peak memory (max RSS): {peak_memory_mb():,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--postgres", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server URL; the database --name is made there afresh")
    parser.add_argument("--name", default=DATABASE,
                        help="the database's name (one of your own when others run it too)")
    args = parser.parse_args()

    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
    url = fresh_database(args.postgres, args.name)
    names = prepare(url, args.claims, args.reviewers)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="claimdesk-load-var-") as var_dir:
        server = start_server(url, args.workers, port, Path(var_dir))
        try:
            stats, peak = Stats(), 0.0
            started = time.monotonic()
            stop_at = started + args.seconds
            threads = [Reviewer(f"http://127.0.0.1:{port}", name, stats, stop_at, seed=n)
                       for n, name in enumerate(names)]
            for thread in threads:
                thread.start()
            while any(thread.is_alive() for thread in threads):
                peak = max(peak, process_tree_rss_mb(server.pid))
                time.sleep(1)
            elapsed = time.monotonic() - started
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    report(stats, elapsed, peak, args.reviewers)


if __name__ == "__main__":
    main()
