"""Benchmark claim routing and the reviewer's task list (issue 4's goals: 100,000 imported
claims routed in under 60 s on SQLite; the task list of a reviewer with 10,000 open tasks
rendered in under 300 ms, median, with its count of SQL queries).

    .venv/bin/python bench/review.py [--claims 100000] [--renders 11] [--database URL]

Builds a fresh SQLite file (or uses the empty database at URL): the deterministic files of
bench/import.py (one township, hospitals of three levels, people, N claims with three bill
lines), imported, adjudicated by benefits.store_year, then times
workflow.services.route_claims over every claim (bulk approvals and rejections plus a
ClaimFlow process per claim that needs a person) and the queue page of a township clerk.
Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025


def import_bench():
    """bench/import.py (its file generator), loaded by path: `import` is a keyword."""
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(label: str, function, *args):
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    print(f"{label}: {time.perf_counter() - started:.1f} s "
          f"(CPU {time.process_time() - cpu:.1f} s)")
    return result


def load(directory: Path) -> None:
    from django.core.management import call_command

    from registry import services

    call_command("migrate", verbosity=0)
    for kind in ("hospitals", "people", "staff", "claims", "bill_lines"):
        run = services.import_file(directory / f"{kind}.csv", kind)
        if run.status != run.Status.LOADED:
            raise SystemExit(f"{kind} rejected: {run.errors[:5]}")


def render_queue(renders: int) -> None:
    """Median time and SQL queries of the queue page of a clerk seeing every open task."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from registry.choices import Role
    from registry.models import StaffProfile
    from workflow.flows import ClaimFlow
    from workflow.services import open_tasks

    user = get_user_model().objects.create_user("bench_reviewer")
    StaffProfile.objects.create(user=user, role=Role.CLERK, township_id="T01")
    user = get_user_model().objects.get(pk=user.pk)
    count = open_tasks(user).count()
    client = Client()
    client.force_login(user)
    url = ClaimFlow.instance.reverse("queue")
    times, queries = [], 0
    for _ in range(renders):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"queue page answered {response.status_code}")
        queries = len(captured)
    print(f"task list of a clerk with {count:,} open tasks: median "
          f"{statistics.median(times) * 1000:.0f} ms over {renders} renders "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}), {queries} SQL queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--renders", type=int, default=11)
    parser.add_argument("--database", help="an empty database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    bench_import = import_bench()
    with tempfile.TemporaryDirectory(prefix="claimdesk-review-") as tmp:
        directory = Path(tmp)
        os.environ["DATABASE_URL"] = args.database or f"sqlite:///{directory / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from benefits.services import store_year
        from workflow.services import route_claims

        print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
        timed(f"generate {args.claims:,} claims", bench_import.generate, directory, args.claims)
        timed("import", load, directory)
        timed("adjudicate (benefits.store_year)", store_year, YEAR)
        routed = timed(f"route {args.claims:,} claims", route_claims)
        print(f"routed: {routed.approved:,} approved and {routed.rejected:,} rejected in bulk, "
              f"{routed.reviewed:,} review processes, {routed.unassessed:,} unassessed")
        render_queue(args.renders)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
