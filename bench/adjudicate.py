"""Benchmark the adjudication of a year: 1,000,000 claims read from the database, settled
by the vectorised path and stored back, against the per-claim path on a sample in the same
run (the issue's goal: under 20 s end to end on SQLite, >= 50x the per-claim path, identical
results).

    .venv/bin/python bench/adjudicate.py [--claims N] [--sample 300] [--postgres URL]

The data are bench/import.py's synthetic contract files (reused, not rewritten), loaded
with the importers into a fresh SQLite file and a fresh PostgreSQL database
`claimdesk_bench_adjudicate` (on the server at URL, or DATABASE_URL). A separate child
process then times `benefits.services.store_year` (read, settle, write back), re-reads the
stored rows, and times `benefits.services.calculate` on an evenly spread sample, comparing
every figure.
Prints figures, asserts nothing.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from figures import machine_load, peak_memory_mb, print_figures, timer

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025


def bench_import():
    """bench/import.py as a module (its name is a keyword, so import it by path)."""
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
    import django

    django.setup()


def load(directory: Path) -> None:
    """Child 1: migrate the fresh database and import the contract files."""
    setup_django()
    from django.core.management import call_command

    from registry import services

    call_command("migrate", verbosity=0)
    with timer() as loading:
        for kind in ("hospitals", "people", "staff", "claims", "bill_lines"):
            run = services.import_file(directory / f"{kind}.csv", kind)
            if run.status != run.Status.LOADED:
                raise SystemExit(f"{kind} rejected: {run.errors[:5]}")
    print(json.dumps({"load_seconds": loading.seconds}))


def adjudicate(sample: int) -> None:
    """Child 2: time store_year end to end, then the per-claim path on a sample."""
    setup_django()
    from benefits import services
    from benefits.models import Assessment
    from workflow.models import Claim

    load_before = machine_load()
    with timer() as storing:
        frame = services.store_year(YEAR)
    peak_mb = peak_memory_mb()

    stored = {a["claim_id"]: a for a in Assessment.objects.filter(policy_year=YEAR).values(
        "claim_id", "reimbursed_fen", "supplement_fen", "decision")}
    stored_same = len(stored) == len(frame) and all(
        stored[cid]["reimbursed_fen"] == r.reimbursed_fen
        and stored[cid]["supplement_fen"] == r.supplement_fen
        and stored[cid]["decision"] == r.decision for cid, r in frame.iterrows())

    step = max(1, len(frame) // sample)
    ids = list(frame.index[::step][:sample])
    with timer() as one_by_one:
        results = {cid: services.calculate(Claim.objects.get(pk=cid)) for cid in ids}
    same = sum(results[cid].figures() == frame.loc[cid].to_dict() for cid in ids)
    print(json.dumps({
        "claims": len(frame), "seconds": storing.seconds, "cpu_seconds": storing.cpu_seconds,
        "load_before": load_before, "load_after": machine_load(),
        "per_claim_cpu": one_by_one.cpu_seconds, "peak_rss_mb": peak_mb,
        "stored_same": stored_same, "sample": len(ids), "sample_same": same,
        "per_claim_seconds": one_by_one.seconds,
        "approved": int((frame.decision == "approved").sum()),
        "reimbursed_fen": int(frame.reimbursed_fen.sum()),
    }))


def fresh_postgres(url: str) -> str:
    """Drop and create `claimdesk_bench_adjudicate` on the server at `url`."""
    import psycopg

    server = url.rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS claimdesk_bench_adjudicate")
        connection.execute("CREATE DATABASE claimdesk_bench_adjudicate")
    return server + "/claimdesk_bench_adjudicate"


def child(stage: str, env: dict, *args) -> dict:
    output = subprocess.run([sys.executable, __file__, "--stage", stage, *args], env=env,
                            check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def report(name: str, loaded: dict, f: dict) -> None:
    rate = f["claims"] / f["seconds"]
    per_claim_rate = f["sample"] / f["per_claim_seconds"]
    print_figures({
        "loaded with the importers, s (not counted)": loaded["load_seconds"],
        "claims settled and stored": f["claims"],
        "wall s (read, settle, write back)": f["seconds"],
        "CPU s of the process (SQLite runs inside it)": f["cpu_seconds"],
        "claims/s": rate,
        "load average before / after": f"{f['load_before']:.1f} / {f['load_after']:.1f}",
        "peak RSS MB": f["peak_rss_mb"],
        "stored rows identical": f["stored_same"],
        "approved": f["approved"], "reimbursed yuan": f["reimbursed_fen"] // 100,
        "per-claim path claims/s": per_claim_rate,
        "per-claim path CPU s": f["per_claim_cpu"],
        "per-claim sample identical": f"{f['sample_same']}/{f['sample']}",
        "vectorised / per-claim (wall)": rate / per_claim_rate,
    }, title=f"{name}:")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=300,
                        help="claims computed one by one with the per-claim path")
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL"),
                        help="PostgreSQL server URL (default: DATABASE_URL)")
    parser.add_argument("--stage", choices=["load", "adjudicate"], help=argparse.SUPPRESS)
    parser.add_argument("--directory", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage == "load":
        load(Path(args.directory))
        return
    if args.stage == "adjudicate":
        adjudicate(args.sample)
        return
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
        with timer() as generating:
            bench_import().generate(Path(tmp), args.claims)
        print(f"generated {args.claims:,} claims (bench/import.py) in "
              f"{generating.seconds:.1f} s")
        targets = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")]
        if args.postgres and args.postgres.startswith("postgres"):
            targets.append(("PostgreSQL", fresh_postgres(args.postgres)))
        for name, url in targets:
            env = {**os.environ, "DATABASE_URL": url, "CLAIMDESK_VAR_DIR": tmp}
            loaded = child("load", env, "--directory", tmp)
            report(name, loaded, child("adjudicate", env, "--sample", str(args.sample)))


if __name__ == "__main__":
    main()
