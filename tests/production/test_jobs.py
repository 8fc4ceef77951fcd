"""Background jobs run inline (no broker): batches in order, progress on the command line,
and a job that fails half-way, run again, finishes without doing a batch twice."""
import csv
import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from audit.models import AuditEntry
from jobs import kinds, services
from jobs.choices import JobState
from jobs.models import Job, JobBatch
from registry.models import ImportRun
from workflow.models import BillLine, Claim


def rows_in(path) -> int:
    with open(path, encoding="utf-8") as file:
        return sum(1 for _ in csv.DictReader(file))

class Interrupted(Exception):
    """Stands for the process dying in the middle of a batch."""

@pytest.fixture
def claims_batch_fails_once(monkeypatch):
    """The import's claims batch raises the first time, after storing its claims."""
    real = kinds.KINDS["import"]
    calls = []

    def run_batch(key, params, actor, results):
        result = real.run_batch(key, params, actor, results)
        if key.startswith("file:claims:") and not calls:
            calls.append(key)
            raise Interrupted("killed after the claims were written, before the commit")
        return result

    monkeypatch.setitem(kinds.KINDS, "import", kinds.Kind(real.plan, run_batch))

def test_import_data_runs_a_job_of_one_batch_per_file_then_scoring(seeded_db, demo_files):
    out, err = io.StringIO(), io.StringIO()

    call_command("import_data", str(demo_files), stdout=out, stderr=err)

    job = Job.objects.get()
    assert job.state == JobState.FINISHED and job.done == job.total == 8
    assert list(JobBatch.objects.filter(job=job).values_list("key", flat=True)) == job.plan
    assert job.plan[-1] == "score" and job.plan[0] == "file:hospitals:hospitals.csv"
    assert err.getvalue().splitlines()[-1].endswith("8 of 8 batches (100%)")
    assert "now file:claims:claims.csv" in err.getvalue()
    assert len(out.getvalue().splitlines()) == 7  # one summary line per file
    assert Claim.objects.count() == rows_in(demo_files / "claims.csv")

def test_a_job_failing_mid_batch_is_resumed_without_duplicates_or_losses(
        seeded_db, demo_files, claims_batch_fails_once):
    job = services.start("import", {"directory": str(demo_files)})

    assert job.state == JobState.FAILED and "Interrupted" in job.error
    assert job.done == 5  # hospitals ... referrals; the claims batch rolled back whole
    assert not Claim.objects.exists()
    assert not ImportRun.objects.filter(kind="claims").exists()

    job = services.resume(job)

    assert job.state == JobState.FINISHED and job.done == job.total
    assert Claim.objects.count() == rows_in(demo_files / "claims.csv")
    assert BillLine.objects.count() == rows_in(demo_files / "bill_lines.csv")
    assert (Claim.objects.aggregate(s=Sum("total_fen"))["s"]
            == BillLine.objects.aggregate(s=Sum("amount_fen"))["s"])
    assert sorted(ImportRun.objects.values_list("kind", flat=True)) == sorted(
        key.split(":")[1] for key in job.plan if key.startswith("file:"))

def test_a_finished_job_runs_nothing_again(seeded_db, demo_files):
    job = services.start("import", {"directory": str(demo_files)})
    runs = ImportRun.objects.count()

    assert services.resume(job).state == JobState.FINISHED
    assert services.run(job.pk).done == job.total
    assert ImportRun.objects.count() == runs

def test_resume_job_command_finishes_a_failed_job(seeded_db, demo_files,
                                                  claims_batch_fails_once):
    job = services.start("import", {"directory": str(demo_files)})
    out, err = io.StringIO(), io.StringIO()

    call_command("resume_job", str(job.pk), stdout=out, stderr=err)

    assert Job.objects.get(pk=job.pk).state == JobState.FINISHED
    assert "8 of 8 batches (100%)" in out.getvalue()
    assert "now file:claims:claims.csv" in err.getvalue()

def test_starting_a_job_is_audited(seeded_db, demo_files, county):
    job = services.start("score", {"years": [2025]}, actor=county.staff["admin"])

    entry = AuditEntry.objects.get(action="jobs.start", object_id=str(job.pk))
    assert entry.actor == county.staff["admin"]
    assert entry.changes["batches"] == 1
