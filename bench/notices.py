"""Benchmark the notice PDFs: a 2,000-line township notice (goal: under 6 s, peak memory
under 300 MB), against the naive render of the same notice as one HTML table in the same run
(the baseline), and a whole county's month (every township).

    .venv/bin/python bench/notices.py [--lines 2000] [--others 1200,900,700,500,300]

A fresh SQLite database in a temporary directory gets a synthetic county: one township with
--lines claims paid in March 2025 and one township per --others value; names are Chinese,
compound surnames included. Each measurement runs in its own child process, so each peak
memory (ru_maxrss) is that step's own: drafting the month (notices.services.build_month),
the naive render, the notice's PDF as the publication job renders it
(notices.publication.render), and every township's PDF in turn.
Prints figures, asserts nothing.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳", "司马", "诸葛", "上官"]
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉梅"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def populate(counts: list[int]) -> None:
    """Child: migrate and create the county with its paid claims (bulk, bypassing the review
    flow: the notices read paid claims only)."""
    setup_django()
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from benefits.models import Assessment
    from registry import resident_id
    from registry.models import (
        Certificate, Enrolment, Hospital, Household, Person, Township, Village,
    )
    from workflow.models import Claim, PaymentBatch

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    accountant = get_user_model().objects.create_user("bench_accountant")
    paid_at = timezone.make_aware(dt.datetime(2025, 3, 25, 10, 0))
    batch = PaymentBatch.objects.create(created_by=accountant, created_at=paid_at,
                                        state="paid", paid_by=accountant, paid_at=paid_at)
    hospitals = [Hospital.objects.create(code=f"H{n}", name=name, level=level, kind=kind)
                 for n, (name, level, kind) in enumerate([
                     ("县人民医院", 2, "county_hospital"), ("县中医院", 2, "county_hospital"),
                     ("市第一人民医院心血管内科", 3, "city_hospital")])]
    seq = 0
    for t, count in enumerate(counts, 1):
        township = Township.objects.create(code=f"T{t:02d}", name=f"第{t}镇")
        villages = [Village.objects.create(code=f"T{t:02d}V{v:02d}", township=township,
                                           name=f"{township.name}{v}村") for v in range(1, 13)]
        hospitals.append(Hospital.objects.create(code=f"H1T{t:02d}", name=f"{township.name}卫生院",
                                                 level=1, kind="township_health_centre",
                                                 township=township))
        households, people, certificates, enrolments, claims, assessments = [], [], [], [], [], []
        for n in range(count):
            seq += 1
            village = villages[n % len(villages)]
            household = Household(household_id=f"HH{seq:07d}", township=township, village=village)
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=n)  # unique in the township
            name = SURNAMES[seq % len(SURNAMES)] + "".join(
                GIVEN[(seq * k) % len(GIVEN)] for k in range(1, 1 + seq % 3 + 1))
            person = Person(person_id=resident_id.make(f"51{t:02d}01", birth, n % 100,
                                                       "M" if seq % 2 else "F"),
                            name=name, sex="M" if seq % 2 else "F", birth_date=birth,
                            household=household)
            certificate = Certificate(number=f"C{seq:08d}", person=person)
            enrolments.append(Enrolment(
                person=person, scheme="ncms", year=2025, tier=1 + seq % 2, household=household,
                township=township, village=village, certificate=certificate,
                enrolled_from=dt.date(2025, 1, 1), enrolled_to=dt.date(2025, 12, 31)))
            total = 20000 + (seq * 7919) % 900000
            claim = Claim(claim_id=f"B{seq:08d}", person=person, certificate_no=certificate.number,
                          hospital=hospitals[seq % len(hospitals)], claim_type="inpatient",
                          admitted_on=dt.date(2025, 3, 1), discharged_on=dt.date(2025, 3, 6),
                          diagnosis_code="J18.9", submitted_on=dt.date(2025, 3, 7),
                          total_fen=total, state="paid", payment_batch=batch)
            assessments.append(Assessment(
                claim=claim, policy_year=2025, decision="approved", eligible_fen=total,
                deductible_fen=10000, reimbursed_fen=(total - 10000) * 3 // 4, supplement_fen=0,
                cap_applied=False, approval_level=1, computed_at=paid_at))
            households.append(household)
            people.append(person)
            certificates.append(certificate)
            claims.append(claim)
        for model, rows in ((Household, households), (Person, people),
                            (Certificate, certificates), (Enrolment, enrolments),
                            (Claim, claims), (Assessment, assessments)):
            model.objects.bulk_create(rows, batch_size=2000)
    print(json.dumps({"claims": seq}))


def build() -> None:
    """Child: draft the month's notices of every township."""
    setup_django()
    import datetime as dt

    from notices.services import build_month

    started = time.perf_counter()
    drafted = build_month(dt.date(2025, 3, 1))
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_mb(),
                      "notices": len(drafted),
                      "lines": sum(n.claim_count for n in drafted)}))


def _notice(code: str):
    from django.utils import timezone

    from notices.models import Notice

    notice = Notice.objects.select_related("township").get(township_id=code)
    notice.published_at = timezone.now()
    notice.objections_close_at = notice.published_at + timezone.timedelta(days=7)
    return notice


def render_naive(code: str) -> None:
    """Child: the notice's public page body (one HTML table per village) as one document."""
    setup_django()
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from notices.publication import sections
    from notices.services import objection_counts
    from notices.views import notice_context

    notice = _notice(code)
    before, started, cpu = peak_mb(), time.perf_counter(), time.process_time()
    body = render_to_string("notices/_notice_body.html", notice_context(
        notice, sections(notice), objection_counts([notice.pk])))
    html = ('<html><head><meta charset="utf-8"><style>@page { size: A4 } html { font-family: '
            '"Noto Sans CJK SC"; font-size: 9pt }</style></head><body>' + body + "</body></html>")
    document = HTML(string=html).write_pdf()
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_mb(),
                      "cpu": time.process_time() - cpu, "own_mb": peak_mb() - before,
                      "lines": notice.claim_count, "bytes": len(document)}))


def render(codes: list[str]) -> None:
    """Child: what the NOTICE_PDFS job renders (notices.publication.render), for each township
    in turn, in a process that imports only the job's own modules (jobs.kinds,
    notices.publication), as a worker rendering PDFs does."""
    setup_django()
    import jobs.kinds  # noqa: F401  (the worker's registry of job kinds: no heavy service)
    from notices import publication

    loaded = peak_mb()
    before, started, cpu = peak_mb(), time.perf_counter(), time.process_time()
    lines, size = 0, 0
    for code in codes:
        notice = _notice(code)
        document = publication.render(notice)
        lines, size = lines + notice.claim_count, size + len(document)
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_mb(),
                      "cpu": time.process_time() - cpu, "own_mb": peak_mb() - before,
                      "lines": lines, "bytes": size, "townships": len(codes),
                      "loaded_mb": loaded}))


def child(step: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", step, *args], check=True,
                            capture_output=True, text=True, env=os.environ.copy())
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--others", default="1200,900,700,500,300")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        step, *args = options.child
        {"populate": lambda: populate([int(n) for n in args[0].split(",")]),
         "build": build, "naive": lambda: render_naive(args[0]),
         "render": lambda: render(args[0].split(","))}[step]()
        return
    counts = [options.lines] + [int(n) for n in options.others.split(",") if n]
    codes = [f"T{t:02d}" for t in range(1, len(counts) + 1)]
    with tempfile.TemporaryDirectory() as directory:
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
        os.environ["CLAIMDESK_VAR_DIR"] = directory
        populated = child("populate", ",".join(map(str, counts)))
        print(f"county: {len(counts)} townships, {populated['claims']:,} claims paid in 2025-03")
        built = child("build")
        print(f"build_month: {built['notices']} notices, {built['lines']:,} lines in "
              f"{built['seconds']:.2f} s, peak {built['peak_mb']:.0f} MB")
        naive = child("naive", codes[0])
        print(f"naive baseline (HTML tables, one document), {naive['lines']:,} lines: "
              f"{figures(naive)}")
        one = child("render", codes[0])
        print(f"loaded before rendering: {one['loaded_mb']:.0f} MB (Django, jobs.kinds, "
              f"notices.publication)")
        print(f"notice PDF (one text block per village), {one['lines']:,} lines: {figures(one)}, "
              f"{one['bytes']:,} bytes; {naive['seconds'] / one['seconds']:.1f}x faster than "
              f"the naive (goal: under 6 s, under 300 MB)")
        county = child("render", ",".join(codes))
        print(f"whole county's month, {county['townships']} notices, {county['lines']:,} lines: "
              f"{figures(county)}")
        print("wall time on a shared machine; cpu = the process's own CPU time; 'render' = "
              "peak memory added by rendering over the loaded application")


def figures(result: dict) -> str:
    return (f"{result['seconds']:.2f} s (cpu {result['cpu']:.2f} s), render "
            f"{result['own_mb']:.0f} MB, process peak {result['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
