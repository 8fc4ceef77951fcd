"""Benchmark every page of every role on the demo county (issue 10's goal: every page renders
in under 300 ms, median).

    .venv/bin/python bench/pages.py [--renders 5] [--people 8000] [--database URL]

Builds the demo county (`seed_demo`, default size) in a fresh SQLite file (or in the empty
database at URL), with its December public notices drafted, then signs in as one demo user
per role with Django's test client and renders each page that user may open: every page of
the site without a parameter in its URL, the first object of each list (its detail page), and
the first task of each task list. Each page is rendered once to warm up, then `--renders`
times; prints the median time per page, the slowest ten with their SQL query counts, pages
over the goal, and the process's peak memory. Asserts nothing.
"""
from __future__ import annotations

import argparse
import io
import logging
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 300
NOTICE_MONTH = "2025-12"
"""The demo county's last month (seed_demo's default year): its notices are drafted."""
ROLES = ["clerk_t01", "leader_t01", "director", "committee_1", "supervisor", "investigator",
         "hadmin_h2001", "accountant", "admin"]
SKIPPED = re.compile(r"^/(admin|api|accounts|i18n|language|static|media)/|/(logout|export)")
"""Not pages a role works in: the Django admin, the API, log in/out, files."""


def parameterless_urls() -> list[str]:
    """Every URL pattern of the project without a parameter (the site's lists and pages)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if "<" in route or "(?P" in route:
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted({url for url in found if not SKIPPED.search(url)})


def linked_pages(client, html: str) -> list[str]:
    """The first object and task links of a list page: /.../<id>/ links in its table rows."""
    links = re.findall(r'<tr[^>]*>\s*(?:<td[^>]*>\s*)?<a href="(/[^"#?]+/)"', html)
    return links[:1]


def measure(client, url: str, renders: int):
    """(median ms, SQL queries of one render, status) of GET url."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    response = client.get(url)  # warm-up
    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(renders):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries), response.status_code


def pages_of(client) -> list[str]:
    """The pages a signed-in user opens: parameterless pages that answer 200 (others are
    refused to this role), then the first object or task linked from each of them."""
    pages = []
    for url in parameterless_urls():
        response = client.get(url)
        if response.status_code != 200 or response.streaming or \
                not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages.append(url)
        pages += [link for link in linked_pages(client, response.content.decode())
                  if link not in pages]
    return list(dict.fromkeys(pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--database", help="an empty database URL (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-pages-") as scratch:
        os.environ["CLAIMDESK_VAR_DIR"] = scratch
        os.environ["DATABASE_URL"] = args.database or f"sqlite:///{Path(scratch) / 'bench.db'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's ALLOWED_HOSTS and template signals
        logging.getLogger("django.request").setLevel(logging.ERROR)  # pages refused: 403s
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        seed = {"people": args.people} if args.people else {}
        call_command("seed_demo", stdout=io.StringIO(), **seed)
        call_command("build_notices", month=NOTICE_MONTH, stdout=io.StringIO())
        print(f"demo county built in {time.perf_counter() - started:.1f} s "
              f"({os.environ['DATABASE_URL'].split(':')[0]})")

        from django.contrib.auth import get_user_model

        results = []
        for username in ROLES:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            for url in pages_of(client):
                median, queries, status = measure(client, url, args.renders)
                results.append((median, queries, status, username, url))
            print(f"{username}: {sum(1 for r in results if r[3] == username)} pages")

        medians = [r[0] for r in results]
        print(f"\n{len(results)} pages x {args.renders} renders; median of medians "
              f"{statistics.median(medians):.0f} ms, slowest {max(medians):.0f} ms")
        print("\nslowest ten (median ms, SQL queries, status, user, page):")
        for median, queries, status, username, url in sorted(results, reverse=True)[:10]:
            print(f"  {median:7.1f} ms  {queries:4d} queries  {status}  {username:13s} {url}")
        over = [r for r in results if r[0] >= GOAL_MS]
        print(f"\npages at or over {GOAL_MS} ms: {len(over)} of {len(results)}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
