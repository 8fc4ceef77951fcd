"""Benchmark fraud scoring (issue 7: 1,000,000 claims with features from the database in under
30 s and 4 GB peak memory; duplicate matching of 2,000,000 against 2,000,000 people in under
20 s).

    .venv/bin/python bench/fraud.py [--claims 1000000] [--people 2000000] [--only scoring|matching]
        [--keep DIR]

Scoring: a child process builds a fresh SQLite database in a temporary directory (migrate,
then synthetic hospitals, people, enrolments, claims with three bill lines each, stored
assessments and clerk decisions, written with plain INSERTs); a second child loads the frames
with fraud.features.load and runs every detector (fraud.services.find_alerts), and reports its
wall and CPU time and peak resident memory. With `--keep DIR` the database is built in DIR
and kept, and a later run with the same number of claims scores it again without the build
(minutes at a million claims), so a change to scoring can be measured and profiled quickly.
Matching: two rosters of N people each (one in
the county scheme, one a foreign urban-employee roster), a tenth of them the same ID in both
and some the same person under a second ID, matched by the duplicate-enrolment detector in
memory.
Deterministic; prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
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
YEAR = 2025
SEED = 7
TOWNSHIPS = 40
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = [chr(c) for c in range(0x4E00, 0x4E00 + 2500)]
DIAGNOSES = ["J18.9", "J06.9", "K35.8", "I63.9", "E11.9", "I10", "J44.1", "K80.2", "N39.0",
             "M54.5", "O80", "C34.9", "K29.7", "I25.1", "S72.0"]


def setup_django(var_dir: str) -> None:
    os.environ["CLAIMDESK_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def insert(model, columns: list[str], rows) -> None:
    from django.db import connection

    sql = (f"INSERT INTO {model._meta.db_table} ({', '.join(columns)})"
           f" VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 50_000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def build(claims: int) -> None:
    """Fill the fresh database with a synthetic year (child process)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from benefits.models import Assessment
    from registry.models import (
        Certificate, Enrolment, Hospital, Household, Person, Township, Village,
    )
    from workflow.models import BillLine, Claim, ReviewDecision

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    people = max(1000, claims // 2)
    start = time.perf_counter()
    with transaction.atomic():
        insert(Township, ["code", "name"], ((f"T{t:02d}", f"T{t}") for t in range(TOWNSHIPS)))
        insert(Village, ["code", "township_id", "name"],
               ((f"T{t:02d}V1", f"T{t:02d}", "V") for t in range(TOWNSHIPS)))
        hospitals = ([(f"H1{t:02d}", 1, "township_health_centre", f"T{t:02d}", True)
                      for t in range(TOWNSHIPS)]
                     + [(f"H2{n}", 2, "county_hospital", None, True) for n in range(4)]
                     + [(f"H3{n}", 3, "city_hospital", None, False) for n in range(3)])
        insert(Hospital, ["code", "name", "level", "kind", "nonprofit", "in_county",
                          "township_id"],
               ((c, c, lv, k, True, ic, t) for c, lv, k, t, ic in hospitals))
        ids = [f"5116{n:014d}" for n in range(people)]  # unique; not checksummed
        towns = [f"T{n % TOWNSHIPS:02d}" for n in range(people)]
        insert(Household, ["household_id", "township_id", "village_id"],
               ((f"HH{n}", towns[n], towns[n] + "V1") for n in range(0, people, 3)))
        insert(Person, ["person_id", "name", "sex", "birth_date", "household_id"],
               ((ids[n], name(rng), "MF"[n % 2],
                 dt.date(1940 + n % 80, 1 + n % 12, 1 + n % 28), f"HH{n - n % 3}")
                for n in range(people)))
        insert(Certificate, ["number", "person_id", "status"],
               ((f"K{n}", ids[n], "valid") for n in range(people)))
        insert(Enrolment, ["person_id", "scheme", "year", "tier", "household_id", "township_id",
                           "village_id", "categories", "veteran_category", "certificate_id",
                           "enrolled_from", "enrolled_to"],
               ((ids[n], "ncms", YEAR, 1, f"HH{n - n % 3}", towns[n], towns[n] + "V1", "", "",
                 f"K{n}", dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)) for n in range(people)))
        user_model = get_user_model()
        clerks = [user_model.objects.create_user(username=f"clerk{t:02d}").pk
                  for t in range(TOWNSHIPS)]
        rows, lines, assessed, decided = [], [], [], []
        for n in range(claims):
            p = rng.randrange(people)
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(350))
            stay = rng.random() < 0.15
            nights = rng.randint(2, 14) if stay else 0
            hospital = (f"H1{p % TOWNSHIPS:02d}" if rng.random() < 0.8
                        else rng.choice(hospitals)[0])
            cid = f"C{n:08d}"
            total = 0
            for line_no in range(1, 4):
                category = ("bed", "drug", "exam")[line_no - 1] if stay else "drug"
                quantity = nights if category == "bed" else rng.randint(1, 6)
                price = rng.randint(500, 5000)
                total += quantity * price
                lines.append((cid, line_no, category, f"I{category}{rng.randrange(30)}", "",
                              quantity, price, quantity * price, True, day))
            rows.append((cid, ids[p], f"K{p}", hospital, "inpatient" if stay else "outpatient",
                         day, day + dt.timedelta(days=nights), rng.choice(DIAGNOSES), "",
                         "illness", "", day, total, "received", clerks[p % TOWNSHIPS]))
            payable = total // 2
            assessed.append((cid, YEAR, "approved", "", total, 0, payable, 0, False,
                             2 if payable > 100000 else 0, "[]", timezone.now()))
            if payable > 20000:
                decided.append((cid, 1, clerks[p % TOWNSHIPS], "approved",
                                timezone.now(), payable, ""))
        insert(Claim, ["claim_id", "person_id", "certificate_no", "hospital_id", "claim_type",
                       "admitted_on", "discharged_on", "diagnosis_code", "chronic_disease",
                       "cause", "referral_no", "submitted_on", "total_fen", "state",
                       "entered_by_id"], rows)
        insert(BillLine, ["claim_id", "line_no", "category", "item_code", "description",
                          "quantity", "unit_price_fen", "amount_fen", "in_catalogue",
                          "service_date"], lines)
        insert(Assessment, ["claim_id", "policy_year", "decision", "reason_codes",
                            "eligible_fen", "deductible_fen", "reimbursed_fen",
                            "supplement_fen", "cap_applied", "approval_level", "explanation",
                            "computed_at"], assessed)
        insert(ReviewDecision, ["claim_id", "level", "decided_by_id", "decision", "decided_at",
                                "paid_amount_fen", "reason"], decided)
    print(json.dumps({"claims": claims, "people": people, "lines": len(lines),
                      "decisions": len(decided), "build_s": round(time.perf_counter() - start,
                                                                  1)}))


def score() -> None:
    """Load the frames from the database and run every detector (child process)."""
    from fraud import features, services

    start, cpu = time.perf_counter(), time.process_time()
    frames = features.load(YEAR)
    loaded = time.perf_counter()
    alerts = services.find_alerts(frames)
    done = time.perf_counter()
    print(json.dumps({"load_s": round(loaded - start, 1), "detect_s": round(done - loaded, 1),
                      "total_s": round(done - start, 1),
                      "cpu_s": round(time.process_time() - cpu, 1), "alerts": len(alerts),
                      "peak_mb": round(peak_mb())}))


def rosters(people: int):
    """Two rosters of `people` each: the county's and a foreign urban-employee one."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(SEED)
    py = random.Random(SEED)
    names = [name(py) for _ in range(people)]
    births = pd.to_datetime("1940-01-01") + pd.to_timedelta(rng.integers(0, 80 * 365, people),
                                                            unit="D")
    sexes = rng.choice(np.array(["M", "F"]), people)
    county = pd.DataFrame({"person_id": [f"A{n:010d}" for n in range(people)], "name": names,
                           "sex": sexes, "birth_date": births,
                           "household_id": [f"HH{n // 3}" for n in range(people)],
                           "township_code": "T01", "village_code": "T01V1", "scheme": "ncms",
                           "tier": 1, "categories": "",
                           "enrolled_from": pd.Timestamp(YEAR, 1, 1),
                           "enrolled_to": pd.Timestamp(YEAR, 12, 31)})
    foreign = county.sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    foreign["scheme"] = "urban_employee"
    foreign["household_id"] = [f"FH{n}" for n in range(people)]
    same_id = rng.random(people) < 0.10
    second_id = (~same_id) & (rng.random(people) < 0.01)
    others = ~(same_id | second_id)
    foreign.loc[second_id, "person_id"] = [f"B{n:010d}" for n in range(int(second_id.sum()))]
    foreign.loc[others, "person_id"] = [f"F{n:010d}" for n in range(int(others.sum()))]
    foreign.loc[others, "name"] = [name(py) for _ in range(int(others.sum()))]
    return pd.concat([county, foreign], ignore_index=True), int(same_id.sum()), int(
        second_id.sum())


def matching(people: int) -> None:
    sys.path.insert(0, str(ROOT))
    from fraud.detectors.base import Frames
    from fraud.detectors.enrolment import DuplicateEnrolment
    from fraud.detectors.names import pinyin_keys

    import pandas as pd

    enrolments, same_id, second_id = rosters(people)
    frames = Frames(year=YEAR, claims=pd.DataFrame(), enrolments=enrolments)
    start, cpu = time.perf_counter(), time.process_time()
    found = DuplicateEnrolment(name_key=pinyin_keys).detect(frames)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"duplicate matching: {people:,} against {people:,} people in {elapsed:.1f} s"
          f" (CPU {cpu:.1f} s);"
          f" {found['subject_id'].nunique():,} people flagged (planted: {same_id:,} same ID,"
          f" {second_id:,} second ID); peak {peak_mb():.0f} MB")


def child_run(var_dir: str, step: str, claims: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", step, "--claims", str(claims),
                          "--var", var_dir], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{step} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def built_database(var_dir: str, claims: int) -> dict:
    """The build's figures: read back when `var_dir` already holds a build of `claims`
    claims (--keep), else from a fresh build."""
    marker = Path(var_dir) / "bench-fraud-built.json"
    if marker.exists():
        built = json.loads(marker.read_text())
        if built["claims"] == claims:
            return built
        (Path(var_dir) / "claimdesk.sqlite3").unlink(missing_ok=True)
    built = child_run(var_dir, "build", claims)
    marker.write_text(json.dumps(built))
    return built


def scoring(var_dir: str, claims: int) -> None:
    built = built_database(var_dir, claims)
    print(f"built: {built}")
    scored = child_run(var_dir, "score", claims)
    print(f"scoring {built['claims']:,} claims (SQLite): load {scored['load_s']} s +"
          f" detect {scored['detect_s']} s = {scored['total_s']} s"
          f" (CPU {scored['cpu_s']} s);"
          f" {scored['alerts']:,} alerts; peak {scored['peak_mb']} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=2_000_000)
    parser.add_argument("--only", choices=["scoring", "matching"])
    parser.add_argument("--child", choices=["build", "score"])
    parser.add_argument("--var")
    parser.add_argument("--keep", metavar="DIR",
                        help="build the database in DIR and keep it; reuse it when there")
    args = parser.parse_args()
    if args.child:
        setup_django(args.var)
        (build if args.child == "build" else lambda _claims: score())(args.claims)
        return
    if args.only != "matching":
        if args.keep:
            scoring(args.keep, args.claims)
        else:
            with tempfile.TemporaryDirectory(prefix="claimdesk-bench-fraud-") as var_dir:
                scoring(var_dir, args.claims)
    if args.only != "scoring":
        matching(args.people)


if __name__ == "__main__":
    main()
