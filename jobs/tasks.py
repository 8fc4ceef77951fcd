"""Celery tasks: one task runs one whole job, batch after batch (never one task per claim).

Acknowledged late (settings.CELERY_TASK_ACKS_LATE): if the worker dies, the broker hands the
job to another worker, which skips the batches already marked finished.
"""
from celery import shared_task

from jobs import services


@shared_task(name="jobs.run_job")
def run_job(job_id: int) -> str:
    return services.run(job_id).state
