"""An approved notice is rendered and published by a real Celery worker process on
PostgreSQL (the workers fixture of tests/production: skipped on SQLite or without a Redis
broker, failing instead under CLAIMDESK_REQUIRE_WORKER_TESTS=1)."""
import hashlib
import time

from jobs.choices import JobKind, JobState
from jobs.models import Job
from notices import services
from notices.choices import NoticeAction, NoticeState
from tests.notices.conftest import notice_of, open_task
from tests.production.conftest import seeded_transactional_db, workers  # noqa: F401

WAIT_SECONDS = 120


def test_a_worker_renders_and_publishes_the_approved_notice(workers, march):  # noqa: F811
    workers()
    notice = services.review(open_task(notice_of("T01")).pk, march.staff["supervisor"], True)
    assert notice.state == NoticeState.RENDERING  # the approver's request does not render

    deadline = time.monotonic() + WAIT_SECONDS
    while notice.state == NoticeState.RENDERING and time.monotonic() < deadline:
        time.sleep(0.2)
        notice.refresh_from_db()
    assert notice.state == NoticeState.PUBLISHED, notice.pdf_error
    assert notice.pdf_sha256 == hashlib.sha256(bytes(notice.pdf)).hexdigest()
    assert Job.objects.get(kind=JobKind.NOTICE_PDFS).state == JobState.FINISHED
    assert notice.transitions.last().action == NoticeAction.PUBLISHED
