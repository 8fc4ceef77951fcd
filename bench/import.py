"""Benchmark the contract-file importers on claims.csv and bill_lines.csv (the issue's goal:
1,000,000 claims at >= 30,000 claim rows/s on SQLite, >= 10x a naive per-row save() loop).

    .venv/bin/python bench/import.py [--claims N] [--sample 5000] [--postgres URL]
                                     [--only sqlite|postgres]

Generates the files deterministically in a temporary directory (hospitals, people, one clerk,
N claims with 3 bill lines each), then, for SQLite (a fresh file) and PostgreSQL (a fresh
database `<name>_bench` on the server at URL, or DATABASE_URL), runs a child process that
migrates, imports them with registry.services.import_file, and times a naive per-row save()
loop on a sample of the claims in the same run (rolled back). Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20250101
LINES_PER_CLAIM = 3
HOSPITALS = 20
YEAR = 2025


def generate(directory: Path, claims: int) -> None:
    """Write hospitals, people, staff, claims and bill lines CSV files, deterministically."""
    sys.path.insert(0, str(ROOT))
    from registry import resident_id

    rng = random.Random(SEED)
    people_count = max(100, claims // 10)
    with open(directory / "hospitals.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["hospital_code", "name", "level", "kind", "nonprofit", "in_county",
                      "township_code"])
        for n in range(HOSPITALS):
            level = 1 + n % 3
            kind = ("township_health_centre", "county_hospital", "city_hospital")[level - 1]
            out.writerow([f"H{n:03d}", f"Hospital {n}", level, kind, "true",
                          "true" if level < 3 else "false", "T01" if level == 1 else ""])
    people = []
    start = dt.date(1940, 1, 1)
    with open(directory / "people.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["person_id", "name", "sex", "birth_date", "household_id", "township_code",
                      "village_code", "scheme", "year", "tier", "categories",
                      "veteran_category", "certificate_no", "certificate_status",
                      "enrolled_from", "enrolled_to", "chronic_diseases", "died_on"])
        for n in range(people_count):
            birth = start + dt.timedelta(days=n // 50)
            sex = "M" if n % 2 else "F"
            pid = resident_id.make("510101", birth, n % 50, sex)
            people.append(pid)
            out.writerow([pid, f"Person {n}", sex, birth.isoformat(), f"HH{n // 4:07d}",
                          "T01", f"T01V{n % 20:02d}", "ncms", YEAR, 1, "", "",
                          f"C{n:08d}", "valid", f"{YEAR}-01-01", f"{YEAR}-12-31", "", ""])
    with open(directory / "staff.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["username", "name", "role", "township_code", "hospital_code"])
        out.writerow(["bench_clerk", "Bench clerk", "clerk", "T01", ""])
    first_day = dt.date(YEAR, 1, 1)
    with open(directory / "claims.csv", "w", newline="") as claims_file, \
            open(directory / "bill_lines.csv", "w", newline="") as lines_file:
        claims_out, lines_out = csv.writer(claims_file), csv.writer(lines_file)
        claims_out.writerow(["claim_id", "person_id", "certificate_no", "hospital_code",
                             "claim_type", "admitted_on", "discharged_on", "diagnosis_code",
                             "chronic_disease", "cause", "referral_no", "emergency_reported_on",
                             "submitted_on", "entered_by"])
        lines_out.writerow(["claim_id", "line_no", "category", "item_code", "description",
                            "quantity", "unit_price", "amount", "in_catalogue", "service_date"])
        for n in range(claims):
            person = rng.randrange(people_count)
            inpatient = rng.random() < 0.3
            admitted = first_day + dt.timedelta(days=rng.randrange(340))
            discharged = admitted + dt.timedelta(days=rng.randrange(1, 15) if inpatient else 0)
            claim_id = f"CL{n:09d}"
            claims_out.writerow([
                claim_id, people[person], f"C{person:08d}", f"H{rng.randrange(HOSPITALS):03d}",
                "inpatient" if inpatient else "outpatient", admitted.isoformat(),
                discharged.isoformat(), "J18.9", "", "illness", "", "",
                (discharged + dt.timedelta(days=3)).isoformat(), "bench_clerk"])
            for line in range(1, LINES_PER_CLAIM + 1):
                quantity = rng.randrange(1, 10)
                price = rng.randrange(100, 50_000)
                lines_out.writerow([
                    claim_id, line, ("drug", "exam", "bed")[line - 1], f"I{line:04d}", "",
                    quantity, f"{price // 100}.{price % 100:02d}",
                    f"{quantity * price // 100}.{quantity * price % 100:02d}", "true",
                    admitted.isoformat()])


def naive_rate(directory: Path, sample: int) -> float:
    """Claims per second of the obvious loop: parse each row, Claim(...).save()."""
    from django.db import transaction

    from registry.importing import parsers
    from workflow.models import Claim

    class RolledBack(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            with open(directory / "claims.csv", newline="") as handle:
                for n, row in enumerate(csv.DictReader(handle)):
                    if n == sample:
                        break
                    Claim(claim_id="NAIVE-" + row["claim_id"], person_id=row["person_id"],
                          certificate_no=row["certificate_no"], hospital_id=row["hospital_code"],
                          claim_type=row["claim_type"],
                          admitted_on=parsers.date(row["admitted_on"]),
                          discharged_on=parsers.date(row["discharged_on"]),
                          diagnosis_code=row["diagnosis_code"], cause=row["cause"],
                          submitted_on=parsers.date(row["submitted_on"])).save()
            raise RolledBack
    except RolledBack:
        pass
    return sample / (time.perf_counter() - started)


def child(directory: Path, sample: int) -> None:
    """Run inside a fresh database (DATABASE_URL set by the parent): print JSON figures."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from registry import services

    call_command("migrate", verbosity=0)
    figures = {"load": os.getloadavg(), "superuser": None}
    if connection.vendor == "postgresql":  # a bulk load suspends the reference triggers
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            figures["superuser"] = cursor.fetchone()[0]
    for kind in ("hospitals", "people", "staff", "claims", "bill_lines"):
        started, cpu_started = time.perf_counter(), time.process_time()
        run = services.import_file(directory / f"{kind}.csv", kind)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if run.status != run.Status.LOADED:
            raise SystemExit(f"{kind} rejected: {run.errors[:5]}")
        figures[kind] = {"rows": run.rows, "seconds": seconds, "cpu_seconds": cpu}
    figures["naive_claims_per_s"] = naive_rate(directory, sample)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def fresh_postgres(url: str) -> str:
    """Drop and create the database `<name>_bench` (name from `url`, so engineers sharing a
    server do not collide) through the server's `postgres` database."""
    import psycopg

    server, name = url.rsplit("/", 1)
    bench = f"{name or 'claimdesk'}_bench"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{bench}"')
        connection.execute(f'CREATE DATABASE "{bench}"')
    return f"{server}/{bench}"


def report(name: str, figures: dict) -> None:
    claims, lines = figures["claims"], figures["bill_lines"]
    claim_rate = claims["rows"] / claims["seconds"]
    total = sum(f["seconds"] for f in figures.values() if isinstance(f, dict))
    print(f"{name}: claims {claims['rows']:,} in {claims['seconds']:.1f} s = "
          f"{claim_rate:,.0f} rows/s; bill lines {lines['rows']:,} in {lines['seconds']:.1f} s = "
          f"{lines['rows'] / lines['seconds']:,.0f} rows/s; people {figures['people']['rows']:,} "
          f"in {figures['people']['seconds']:.1f} s; all files {total:.1f} s; "
          f"peak RSS {figures['peak_rss_mb']:,.0f} MB")
    print(f"{name}: CPU time of the importing process (the machine is shared): claims "
          f"{claims['cpu_seconds']:.1f} s, bill lines {lines['cpu_seconds']:.1f} s; load "
          f"average before/after {figures['load'][0]:.1f}/{os.getloadavg()[0]:.1f}")
    if figures["superuser"] is not None:
        print(f"{name}: the database user is " + (
            "a superuser: bulk loads check references once at the end"
            if figures["superuser"] else "not a superuser: references checked row by row"))
    print(f"{name}: naive per-row save() {figures['naive_claims_per_s']:,.0f} claims/s; "
          f"importer is {claim_rate / figures['naive_claims_per_s']:.1f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=5_000,
                        help="claims saved one by one for the naive rate")
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL"),
                        help="PostgreSQL server URL (default: DATABASE_URL)")
    parser.add_argument("--only", choices=("sqlite", "postgres"),
                        help="measure one database only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child), args.sample)
        return
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        generate(directory, args.claims)
        print(f"generated {args.claims:,} claims with {args.claims * LINES_PER_CLAIM:,} bill "
              f"lines in {time.perf_counter() - started:.1f} s")
        targets = []
        if args.only != "postgres":
            targets.append(("SQLite", f"sqlite:///{directory / 'bench.sqlite3'}"))
        if args.only != "sqlite" and args.postgres and args.postgres.startswith("postgres"):
            targets.append(("PostgreSQL", fresh_postgres(args.postgres)))
        for name, url in targets:
            env = {**os.environ, "DATABASE_URL": url, "CLAIMDESK_VAR_DIR": tmp}
            output = subprocess.run(
                [sys.executable, __file__, "--child", tmp, "--sample", str(args.sample)],
                env=env, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT).stdout
            report(name, json.loads(output.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
