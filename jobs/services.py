"""Start, run, resume and follow background jobs (issue 9).

`start` records the job (its batches planned once), audits it, and hands it to a Celery
worker when a broker is configured, or runs it right here otherwise. `run` does the
batches in order; each batch's work and its `JobBatch` marker commit in one transaction,
and batches already marked are skipped, so running a job again after a crash, a kill or a
redelivery finishes it without doing any batch twice. Commands follow a job with `follow`,
the job page polls `progress`.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit import services as audit
from claimdesk.celery import app
from jobs.choices import JobKind, JobState
from jobs.kinds import KINDS
from jobs.models import Job, JobBatch

logger = logging.getLogger(__name__)
ENDED = (JobState.FINISHED, JobState.FAILED)
#: Kinds whose page shows a report of each file (jobs.views.job_detail).
REPORTED = (JobKind.IMPORT, JobKind.UPLOAD)
Progress = Callable[[Job], None]


def on_worker() -> bool:
    """Do jobs go to a Celery worker (a broker is configured) or run inline?"""
    return not app.conf.task_always_eager


def start(kind: str, params: dict, actor=None, progress: Progress | None = None) -> Job:
    """Create a job of `kind` and run it: on a worker, or inline (then it has ended when
    this returns; `progress` is called after each batch)."""
    actor = actor if getattr(actor, "pk", None) else None
    plan = KINDS[kind].plan(params)
    job = Job.objects.create(kind=kind, params=params, plan=plan, total=len(plan),
                             created_by=actor)
    audit.record(actor, "jobs.start", job, changes={"kind": kind, "params": params,
                                                    "batches": len(plan)})
    return _dispatch(job, progress)


def resume(job: Job, actor=None, progress: Progress | None = None) -> Job:
    """Run an unfinished job again (after a kill or a failure): finished batches are
    skipped. A job left `running` by a dead worker is taken over."""
    if job.state == JobState.FINISHED:
        return job
    if job.state != JobState.QUEUED:
        job.requeue()
        job.save()
    audit.record(actor, "jobs.resume", job, changes={"done": job.done, "total": job.total})
    return _dispatch(job, progress)


def _dispatch(job: Job, progress: Progress | None) -> Job:
    if on_worker():
        from jobs.tasks import run_job

        transaction.on_commit(lambda: run_job.delay(job.pk))
        return job
    return run(job.pk, progress)


def run(job_id: int, progress: Progress | None = None) -> Job:
    """Do every batch of the job not yet marked finished, in plan order."""
    job = Job.objects.get(pk=job_id)
    if job.state == JobState.FINISHED:
        return job
    job.start()
    job.started_at, job.error = job.started_at or timezone.now(), ""
    job.save()
    kind = KINDS[job.kind]
    try:
        for key in job.plan:
            if JobBatch.objects.filter(job=job, key=key).exists():
                continue
            Job.objects.filter(pk=job.pk).update(current=key[:100])
            if progress:
                progress(Job.objects.get(pk=job.pk))
            _run_batch(job, key, kind)
    except Exception as error:
        logger.exception("job %s failed", job.pk)
        job.refresh_from_db()
        job.fail()
        job.error, job.finished_at = f"{type(error).__name__}: {error}", timezone.now()
        job.save()
    else:
        job.refresh_from_db()
        job.finish()
        job.current, job.finished_at = "", timezone.now()
        job.save()
    if progress:
        progress(job)
    return job


def _run_batch(job: Job, key: str, kind) -> None:
    """One batch and its marker in one transaction; nothing when the marker exists (done by
    another worker meanwhile: the unique marker makes the second one wait, then skip)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                marker = JobBatch.objects.create(job=job, key=key)
        except IntegrityError:
            return
        marker.result = kind.run_batch(key, job.params, job.created_by, results(job)) or {}
        marker.save(update_fields=["result"])
        Job.objects.filter(pk=job.pk).update(done=F("done") + 1)


def results(job: Job) -> dict[str, dict]:
    """Each finished batch's result, by batch key, in the order they finished."""
    return dict(JobBatch.objects.filter(job=job).values_list("key", "result"))


def import_runs(job: Job) -> list:
    """The report of an import or upload job: the ImportRun of each file batch done, in
    plan order (counts, or every bad row with its row, column, value and reason)."""
    if job.kind not in REPORTED:
        return []
    from registry import services as registry  # here: a PDF worker must not load pandas

    done = results(job)
    return registry.import_runs([done[key]["import_run"] for key in job.plan
                                 if "import_run" in done.get(key, {})])


def follow(job: Job, progress: Progress, poll_seconds: float = 0.5) -> Job:
    """Wait for a job on a worker to end, calling `progress` whenever it moved."""
    seen = None
    while True:
        job = Job.objects.get(pk=job.pk)
        if (job.state, job.done, job.current) != seen:
            seen = (job.state, job.done, job.current)
            progress(job)
        if job.state in ENDED:
            return job
        time.sleep(poll_seconds)


def progress(job: Job) -> dict:
    """What the job page's progress bar shows (jobs.views.progress), in the reader's
    language."""
    return {"id": job.pk, "state": job.state, "state_label": str(job.get_state_display()),
            "done": job.done, "total": job.total, "percent": job.percent,
            "text": batches_done(job), "current": job.current, "error": job.error,
            "finished_at": date_format(timezone.localtime(job.finished_at), "DATETIME_FORMAT")
            if job.finished_at else "",
            "ended": job.state in ENDED}


def batches_done(job: Job) -> str:
    return _("%(done)s of %(total)s batches (%(percent)s%%)") % {
        "done": job.done, "total": job.total, "percent": job.percent}


def start_and_wait(kind: str, params: dict, actor=None,
                   progress: Progress | None = None) -> Job:
    """Start a job and return it ended: run inline, or followed on its worker (commands)."""
    job = start(kind, params, actor, progress)
    return follow(job, progress or (lambda job: None)) if on_worker() else job


def describe(job: Job) -> str:
    """One progress line for the command line."""
    text = _("Job %(id)s (%(kind)s): %(batches)s") % {
        "id": job.pk, "kind": job.get_kind_display(), "batches": batches_done(job)}
    if job.state == JobState.QUEUED:
        return text + ", " + _("waiting for a worker")
    if job.state == JobState.RUNNING and job.current:
        return text + ", " + _("now %(batch)s") % {"batch": job.current}
    if job.state == JobState.FAILED:
        return text + ", " + _("failed: %(error)s") % {"error": job.error}
    return text
