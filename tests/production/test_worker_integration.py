"""Issue 9, "must show": the demo county imported through a real Celery worker process gives
the same counts and sums as inline, and a worker killed (SIGKILL) in the middle of an import
or of a scoring run leaves a job that, run again, ends exactly like a clean run.

Each test first loads the county inline (the reference figures), empties the database, then
does the same through workers on the test's own PostgreSQL database (conftest.workers).
"""
import time

from django.core.management import call_command

from jobs import services as jobs
from jobs.choices import JobState
from jobs.models import Job, JobBatch
from registry.models import Hospital, ImportRun
from tests.production.conftest import inline_jobs, seed_reference_tables
from tests.production.county_files import snapshot
from tests.registry.import_files import hospital_row
from tests.registry.test_import_page import upload

WAIT_SECONDS = 300


def load_inline(demo_files, then_score: bool = False) -> dict:
    """The reference: the county loaded (and scored again) in this process; then emptied."""
    with inline_jobs():
        assert jobs.start("import", {"directory": str(demo_files)}).state == JobState.FINISHED
        if then_score:
            assert jobs.start("score", {"years": [2025]}).state == JobState.FINISHED
    figures = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    seed_reference_tables()
    return figures


def wait_until(job: Job, condition, timeout: float = WAIT_SECONDS) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job.pk)
        if condition(job):
            return job
        assert job.state != JobState.FAILED, job.error
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} stuck at {job.done}/{job.total} ({job.state})")


def ended(job: Job) -> bool:
    return job.state == JobState.FINISHED


def test_the_demo_county_imported_on_a_worker_equals_inline(workers, demo_files):
    expected = load_inline(demo_files)
    workers()

    job = jobs.start("import", {"directory": str(demo_files)})
    job = wait_until(job, ended)

    assert job.done == job.total == len(job.plan) == 8
    assert snapshot() == expected
    assert expected["Claim"] > 500 and expected["alerts"] > 0


def test_an_import_killed_half_way_and_resumed_equals_a_clean_run(workers, demo_files):
    expected = load_inline(demo_files)
    worker = workers()
    job = jobs.start("import", {"directory": str(demo_files)})

    job = wait_until(job, lambda job: job.done >= 3)  # hospitals, people, staff are in
    worker.kill()

    job = Job.objects.get(pk=job.pk)
    assert job.state == JobState.RUNNING and 3 <= job.done < job.total
    assert JobBatch.objects.filter(job=job).count() == job.done
    workers()
    job = wait_until(jobs.resume(job), ended)

    assert snapshot() == expected
    assert job.done == job.total


def test_a_scoring_run_killed_half_way_and_resumed_equals_a_clean_run(workers, demo_files):
    expected = load_inline(demo_files, then_score=True)
    with inline_jobs():
        jobs.start("import", {"directory": str(demo_files)})
    worker = workers()
    job = jobs.start("score", {"years": [2025]})

    wait_until(job, lambda job: job.state == JobState.RUNNING and job.current == "year:2025")
    time.sleep(0.5)  # well inside the detectors
    worker.kill()

    job = Job.objects.get(pk=job.pk)
    assert job.state == JobState.RUNNING and job.done == 0
    workers()
    job = wait_until(jobs.resume(job), ended)

    assert snapshot() == expected


def test_an_upload_loads_on_a_worker_and_its_page_shows_the_report(workers, client, settings,
                                                                   tmp_path,
                                                                   django_user_model):
    """The page stores the file in the media storage the worker shares (conftest.Worker's
    CLAIMDESK_VAR_DIR), answers at once with the queued job, and the worker loads it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    workers()
    client.force_login(django_user_model.objects.create_superuser("root", password=None))

    response = client.post("/registry/import/", {"kind": "", "file": upload(
        [hospital_row(), hospital_row(hospital_code="H8", level="5")])})

    job = Job.objects.get(kind="upload")
    assert response.url == f"/jobs/{job.pk}/"
    wait_until(job, ended)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED and not Hospital.objects.exists()
    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [(3, "level", "5")]
    assert list(client.get(response.url).context["import_runs"]) == [run]
