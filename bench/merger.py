"""Benchmark the scheme merger hand-over (seed 004): two rosters of N people each staged,
the reconciliation register built, two signatures, the merged roster imported live.

    .venv/bin/python bench/merger.py [--people 50000] [--overlap 0.05] [--database URL]

Builds a fresh SQLite file (or uses the empty database at URL), writes two deterministic
rosters (people.csv columns and `premium`) of N people each, of which a share `--overlap` are
the same residents in both, and times registry.mergers.add_roster for each, build_register,
and the two signatures, each completing a task of the MergerFlow process (the second imports
the merged roster). Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025


def timed(label: str, function, *args):
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    print(f"{label}: {time.perf_counter() - started:.1f} s "
          f"(CPU {time.process_time() - cpu:.1f} s)")
    return result


def write_rosters(directory: Path, people: int, overlap: float) -> dict[str, Path]:
    """Two rosters; residents 0..N-1 in the rural one, N-shared..2N-shared-1 in the urban one."""
    from registry import resident_id
    from registry.mergers import PEOPLE_COLUMNS

    shared = int(people * overlap)
    ranges = {"ncms": range(people), "urban_resident": range(people - shared, 2 * people - shared)}
    paths = {}
    for scheme, numbers in ranges.items():
        path = paths[scheme] = directory / f"{scheme}.csv"
        with open(path, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(PEOPLE_COLUMNS + ("premium",))
            for n in numbers:
                birth = dt.date(1940, 1, 1) + dt.timedelta(days=n % 25000)
                sex = "MF"[n % 2]
                village = f"T{n % 6 + 1:02d}V{n % 10 + 1:02d}"
                writer.writerow([
                    resident_id.make("500101", birth, n // 25000, sex),  # unique per n
                    f"居民{n}", sex, birth.isoformat(), f"H{n // 4:07d}", village[:3], village,
                    "", "", scheme, YEAR, 1 + (n // 4) % 2, "", "", f"{scheme[:3]}-{n}",
                    "valid", f"{YEAR}-01-01", f"{YEAR}-12-31", "", "",
                    "100.00" if (n // 4) % 2 == 0 else "200.00"])
    return paths


def declared(path: Path) -> tuple[int, int]:
    with open(path, encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    return len(rows), sum(int(r["premium"].replace(".", "")) for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000, help="people per roster")
    parser.add_argument("--overlap", type=float, default=0.05)
    parser.add_argument("--database", help="an empty database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimdesk-merger-") as tmp:
        directory = Path(tmp)
        os.environ["DATABASE_URL"] = args.database or f"sqlite:///{directory / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from registry import mergers
        from registry.choices import Role
        from registry.models import Enrolment, StaffProfile

        call_command("migrate", verbosity=0)
        users = {}
        for username, role in (("admin", Role.ADMIN), ("director", Role.COUNTY_DIRECTOR),
                               ("deputy", Role.COUNTY_DIRECTOR)):
            users[username] = get_user_model().objects.create(username=username)
            StaffProfile.objects.create(user=users[username], role=role)
            users[username] = get_user_model().objects.get(pk=users[username].pk)
        print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
        paths = timed(f"write two rosters of {args.people:,} people", write_rosters, directory,
                      args.people, args.overlap)
        merger = mergers.create_merger("bench", YEAR, "urban_rural_resident", users["admin"])
        for scheme, path in paths.items():
            count, premium = declared(path)
            with open(path, "rb") as stream:
                run = timed(f"stage {scheme}", mergers.add_roster, merger.pk, scheme, stream,
                            path.name, count, premium, users["admin"])
            if run.status != run.Status.LOADED:
                raise SystemExit(f"{scheme} rejected: {run.errors[:5]}")
        register = timed("build the register", mergers.build_register, merger)
        print(f"register: {len(register.merged):,} people merged, "
              f"{len(register.duplicates):,} in both rosters, reconciles: {register.reconciles}")
        timed("first signature", mergers.sign, merger.pk, users["director"])
        timed("second signature (merged roster imported)", mergers.sign, merger.pk,
              users["deputy"])
        print(f"enrolments live: "
              f"{Enrolment.objects.filter(scheme='urban_rural_resident').count():,}")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
