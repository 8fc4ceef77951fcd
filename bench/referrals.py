"""Benchmark the referral desk: the dashboard of the county office and of one hospital over a
year of referrals and emergency reports, its CSV and XLSX exports, the daily expiry run, the
calculator's cover lookup and one certificate PDF.

    .venv/bin/python bench/referrals.py [--referrals 50000] [--reports 5000] [--renders 11]
                                        [--database URL]

Builds a fresh SQLite file (or uses the empty database at URL): bench/import.py's hospitals
(20, of three levels) and people, then N referrals loaded through the referrals.csv importer
(half approved, a quarter expired, the rest requested or rejected) and M emergency reports.
Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from figures import PageTimes, machine_load, peak_memory_mb, print_page_times, time_page

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
SEED = 6


def import_bench():
    """bench/import.py (its file generator), loaded by path: `import` is a keyword."""
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(label: str, function, *args):
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    print(f"{label}: {time.perf_counter() - started:.2f} s "
          f"(CPU {time.process_time() - cpu:.2f} s)")
    return result


def write_referrals(directory: Path, count: int) -> list[str]:
    """referrals.csv with `count` rows between the bench hospitals; returns the people."""
    with open(directory / "people.csv") as handle:
        people = [row["person_id"] for row in csv.DictReader(handle)]
    rng = random.Random(SEED)
    statuses = ["approved", "approved", "expired", "requested", "rejected"]
    with open(directory / "referrals.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["referral_no", "person_id", "from_hospital_code", "to_hospital_code",
                      "diagnosis_code", "status", "valid_from", "valid_to"])
        for n in range(count):
            status = statuses[n % len(statuses)]
            start = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(330))
            window = status in ("approved", "expired")
            out.writerow([f"ZZ{YEAR}{n:07d}", rng.choice(people),
                          f"H{rng.randrange(0, 20, 3):03d}", f"H{rng.randrange(2, 20, 3):03d}",
                          "I21.9", status,
                          start.isoformat() if window else "",
                          (start + dt.timedelta(days=29)).isoformat() if window else ""])
    return people


def load(directory: Path, people: list[str], reports: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from registry import services
    from registry.choices import Role
    from registry.models import StaffProfile
    from workflow.models import EmergencyReport

    call_command("migrate", verbosity=0)
    for kind in ("hospitals", "people", "staff", "referrals"):
        run = services.import_file(directory / f"{kind}.csv", kind)
        if run.status != run.Status.LOADED:
            raise SystemExit(f"{kind} rejected: {run.errors[:5]}")
    users = get_user_model()
    director = users.objects.create_user("bench_director")
    StaffProfile.objects.create(user=director, role=Role.COUNTY_DIRECTOR)
    hospital_admin = users.objects.create_user("bench_hadmin")
    StaffProfile.objects.create(user=hospital_admin, role=Role.HOSPITAL_ADMIN, hospital_id="H002")
    rng, now = random.Random(SEED), timezone.now()
    rows = []
    for n in range(reports):
        admitted = dt.date(YEAR, 1, 1) + dt.timedelta(days=n % 360)
        late = rng.randrange(6)
        rows.append(EmergencyReport(
            person_id=people[n % len(people)], hospital_id=f"H{n % 20:03d}", admitted_on=admitted,
            diagnosis_code="S06.0", reported_on=admitted + dt.timedelta(days=late),
            due_on=admitted + dt.timedelta(days=3), late=late > 3, reported_by=director,
            reported_at=now, status=("accepted", "reported", "rejected")[n % 3]))
    EmergencyReport.objects.bulk_create(rows, batch_size=2000)


def page(username: str, url: str, renders: int, label: str) -> PageTimes:
    """A page's times for one user, through the Django test client."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return time_page(client, url, renders, label)


def certificate(renders: int) -> PageTimes:
    """One approved referral's certificate, rendered `renders` times."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from workflow import referral_pdf
    from workflow.models import Referral

    referral = Referral.objects.select_related("person", "from_hospital", "to_hospital").filter(
        status="approved").first()
    referral.code, referral.decided_at = "BENCH234", timezone.now()
    referral.decided_by = get_user_model().objects.get(username="bench_director")
    times = []
    for _ in range(renders):
        started = time.perf_counter()
        pdf = referral_pdf.render(referral)
        times.append(time.perf_counter() - started)
    return PageTimes("certificate PDF (referral_pdf.render)", times, notes=f"{len(pdf):,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=50_000)
    parser.add_argument("--reports", type=int, default=5_000)
    parser.add_argument("--renders", type=int, default=11)
    parser.add_argument("--database", help="an empty database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    bench_import = import_bench()
    with tempfile.TemporaryDirectory(prefix="claimdesk-referrals-") as tmp:
        directory = Path(tmp)
        os.environ["DATABASE_URL"] = args.database or f"sqlite:///{directory / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.urls import reverse

        from workflow.cover import covering_referrals
        from workflow.referrals import expire_lapsed

        print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
        bench_import.generate(directory, 10_000)  # hospitals and 1,000 people
        people = write_referrals(directory, args.referrals)
        timed(f"import {args.referrals:,} referrals (+ hospitals, people) and "
              f"{args.reports:,} reports", load, directory, people, args.reports)
        dashboard, export = reverse("referrals:desk:index"), reverse("referrals:desk:export")
        print_page_times([
            page("bench_director", dashboard, args.renders, "dashboard, county office"),
            page("bench_hadmin", dashboard, args.renders, "dashboard, one hospital"),
            page("bench_director", f"{dashboard}?status=approved&destination=H005",
                 args.renders, "dashboard, filtered"),
            page("bench_director", export, 3, "CSV export, county office"),
            page("bench_director", reverse("referrals:desk:export_xlsx"), 3,
                 "XLSX export, county office"),
            certificate(5)], "referral desk (Django test client):")
        found = timed("cover lookup for the year (workflow.cover.covering_referrals)",
                      covering_referrals, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
        print(f"  {len(found):,} covering referrals")
        expired = timed("expire_referrals as of the year's end (a year's catch-up)",
                        expire_lapsed, dt.date(YEAR + 1, 1, 1))
        print(f"  {len(expired):,} referrals expired")
        print(f"load average after: {machine_load():.1f}")
        print(f"peak memory (max RSS): {peak_memory_mb():,.0f} MB")


if __name__ == "__main__":
    main()
