"""Benchmark the investigators' case queue (issue 8's goal: the queue renders in under 300 ms,
median, with 50,000 open cases).

    .venv/bin/python bench/casework.py [--cases 50000] [--renders 21] [--database URL]

Builds a fresh SQLite file (or uses the empty database at URL): six townships, thirty
hospitals, three investigators, and N open cases written in bulk with random subjects,
schemes, states, priorities, places and assignees (seeded, so every run is the same), and
ANALYZEs the tables as autovacuum would after a bulk load. Then
renders the queue page through the Django test client as an investigator -- unfiltered, by
township, by scheme, by hospital and state, mine, and a page deep in the keyset -- and prints
each one's median, 95th and 99th-percentile time, its SQL query count and rows shown
(bench/figures.py's page table), and the peak memory.
Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from figures import machine_load, peak_memory_mb, print_page_times, time_page

ROOT = Path(__file__).resolve().parent.parent
SCHEMES = ["certificate_lending", "inflated_bill", "favour_reimbursement", "duplicate_enrolment"]


def build(cases: int, seed: int = 8) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from casework.choices import OPEN_STATES, CaseSubject
    from casework.models import Case
    from casework.procedure import due_date
    from registry.choices import Role
    from registry.models import Hospital, StaffProfile, Township

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    townships = [Township.objects.create(code=f"T{n:02d}", name=f"镇{n}") for n in range(1, 7)]
    hospitals = [Hospital.objects.create(code=f"H{n:03d}", name=f"医院{n}", level=1 + n % 3,
                                         kind="township_health_centre", nonprofit=True,
                                         in_county=True, township=townships[n % 6])
                 for n in range(30)]
    investigators = []
    for n in range(3):
        user = get_user_model().objects.create_user(f"investigator_{n}")
        StaffProfile.objects.create(user=user, role=Role.INVESTIGATOR)
        investigators.append(user)
    now = timezone.now()
    rows = []
    for n in range(cases):
        state = rng.choice(OPEN_STATES)
        since = now - timezone.timedelta(days=rng.randint(0, 40))
        hospital = rng.choice(hospitals)
        amount = rng.randint(1_000, 5_000_000)
        rows.append(Case(
            subject_type=rng.choice([CaseSubject.CLAIM, CaseSubject.HOSPITAL,
                                     CaseSubject.PERSON]), subject_id=f"B{n:07d}",
            schemes=";".join(sorted(rng.sample(SCHEMES, rng.randint(1, 2)))),
            priority_fen=int(amount * rng.random()), amount_at_risk_fen=amount,
            township_id=hospital.township_id, hospital=hospital, state=state,
            state_since=since, due_on=due_date(state, since), opened_at=since,
            assignee=rng.choice(investigators + [None] * 3)))
    Case.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the statistics autovacuum would gather after a bulk load


def rows_shown(body: bytes) -> str:
    return f"{body.count(b'data-case='):,} rows"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--renders", type=int, default=21)
    parser.add_argument("--database", help="an empty database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimdesk-casework-") as tmp:
        os.environ["DATABASE_URL"] = args.database or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from casework import queue
        from casework.models import Case
        from claimdesk.lists import cursor_after

        print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
        started = time.perf_counter()
        build(args.cases)
        print(f"{connection.vendor}: {Case.objects.filter(closed_at__isnull=True).count():,} "
              f"open cases written in {time.perf_counter() - started:.1f} s")
        user = get_user_model().objects.get(username="investigator_0")
        client = Client()
        client.force_login(user)
        deep = Case.objects.filter(closed_at__isnull=True).order_by("-priority_fen", "pk")[
            args.cases // 2]
        url = reverse("casework:index")
        print_page_times([time_page(client, url, args.renders, label, query, rows_shown)
                          for label, query in [
            ("every open case", {}), ("one township", {"township": "T03"}),
            ("one scheme", {"scheme": "inflated_bill"}),
            ("hospital and state", {"hospital": "H007", "state": "investigation"}),
            ("mine, overdue", {"assignee": "me", "overdue": "1"}),
            ("page halfway down", {"_after": cursor_after(
                ["priority_fen", "pk"], [deep.priority_fen, deep.pk])}),
            ("by due date", {"_orderby": "due"})]],
            f"queue page (Django test client, {queue.PAGE} rows a page):")
        print(f"load average after: {machine_load():.1f}")
        print(f"peak memory (max RSS): {peak_memory_mb():,.0f} MB")


if __name__ == "__main__":
    main()
