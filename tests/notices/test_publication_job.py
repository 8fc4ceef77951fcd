"""Publication is a background job (issue 5): the committee's approval leaves the notice
`rendering`, a NOTICE_PDFS job renders the PDF, stores it with its SHA-256 and publishes it; a
failed rendering is recorded on the notice for the committee to retry; the rendering path
loads no pandas or scikit-learn."""
import os
import subprocess
import sys

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from jobs import services as jobs
from jobs.choices import JobKind, JobState
from jobs.models import Job
from notices import pdf, services
from notices.choices import NoticeAction, NoticeState
from tests.notices.conftest import notice_of, open_task


@pytest.fixture
def on_worker(monkeypatch):
    """A broker is configured: jobs are queued for a worker (none runs in the test, and the
    test's transaction never commits, so nothing is sent)."""
    monkeypatch.setattr(jobs, "on_worker", lambda: True)


def approve(county, notice):
    return services.review(open_task(notice).pk, county.staff["supervisor"], True)


def test_approval_without_a_broker_renders_and_publishes_through_a_job(march):
    notice = approve(march, notice_of("T01"))
    assert notice.state == NoticeState.PUBLISHED and notice.pdf_sha256
    job = Job.objects.get(kind=JobKind.NOTICE_PDFS)
    assert (job.state, job.params, job.created_by) == (
        JobState.FINISHED, {"notice": notice.pk}, march.staff["supervisor"])
    assert job.batches.get().result["sha256"] == notice.pdf_sha256


def test_approved_notice_waits_rendering_until_its_job_runs(march, on_worker, client):
    notice = approve(march, notice_of("T01"))
    assert (notice.state, notice.pdf_sha256, notice.published_at) == (
        NoticeState.RENDERING, "", None)
    assert client.get(f"/public/notices/{notice.pk}/").status_code == 404  # not public yet
    job = Job.objects.get(kind=JobKind.NOTICE_PDFS)
    assert job.state == JobState.QUEUED

    jobs.run(job.pk)  # what the worker does

    notice.refresh_from_db()
    assert notice.state == NoticeState.PUBLISHED and bytes(notice.pdf).startswith(b"%PDF")
    assert list(notice.transitions.values_list("action", "new_state")) == [
        (NoticeAction.DRAFTED, NoticeState.DRAFT), (NoticeAction.APPROVED, NoticeState.RENDERING),
        (NoticeAction.PUBLISHED, NoticeState.PUBLISHED)]
    assert client.get(f"/public/notices/{notice.pk}/").status_code == 200
    jobs.run(job.pk)  # run again (a redelivery): nothing changes
    assert Job.objects.filter(kind=JobKind.NOTICE_PDFS).count() == 1


def test_page_message_says_rendering_not_published(march, on_worker, client):
    notice = notice_of("T01")
    task = open_task(notice)
    client.force_login(march.staff["supervisor"])
    client.post(f"/notice_review/{notice.process_id}/review/{task.pk}/assign/")
    response = client.post(f"/notice_review/{notice.process_id}/review/{task.pk}/execute/",
                           {"approve": "approve", "comments": ""})
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "being rendered" in text and "published;" not in text
    page = client.get(f"/notice_desk/notice/{notice.pk}/detail/").content.decode()
    assert "its PDF is being rendered" in page and "retry-publication" not in page


def _break_rendering(monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("font file unreadable")
    monkeypatch.setattr(pdf, "render", fail)


def test_failed_rendering_is_recorded_and_the_committee_retries(march, monkeypatch, client):
    _break_rendering(monkeypatch)
    notice = approve(march, notice_of("T01"))
    assert notice.state == NoticeState.RENDERING
    assert notice.pdf_error == "OSError: font file unreadable" and not notice.pdf
    assert notice.published_at is None and notice.objections_close_at is None
    assert notice.transitions.last().action == NoticeAction.PDF_FAILED
    assert AuditEntry.objects.filter(action="notices.pdf_failed",
                                     object_id=str(notice.pk)).exists()
    assert Job.objects.get(kind=JobKind.NOTICE_PDFS).batches.get().result["error"]

    client.force_login(march.staff["supervisor"])
    page = client.get(f"/notice_desk/notice/{notice.pk}/detail/").content.decode()
    assert "font file unreadable" in page and "retry-publication" in page
    with pytest.raises(PermissionDenied):
        services.retry_publication(notice.pk, march.staff["clerk_t01"])

    monkeypatch.undo()
    response = client.post(f"/public/notices/{notice.pk}/publication/retry/")
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.state, notice.pdf_error) == (NoticeState.PUBLISHED, "")
    assert list(notice.transitions.values_list("action", flat=True))[-3:] == [
        NoticeAction.PDF_FAILED, NoticeAction.RETRIED, NoticeAction.PUBLISHED]
    with pytest.raises(ValidationError):  # nothing left to retry
        services.retry_publication(notice.pk, march.staff["supervisor"])


def test_rendering_path_loads_no_pandas_or_scikit_learn():
    """What a worker rendering PDFs imports: Django, the job kinds and notices.publication;
    printing the notice's address loads no URLconf of the site (notices.links)."""
    code = ("import django, sys; django.setup(); import jobs.kinds, jobs.tasks; "
            "from notices import publication, models; "
            "assert publication.public_url(models.Notice(pk=7)).endswith('/public/notices/7/'); "
            "print(sorted({'pandas', 'sklearn'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={"DJANGO_SETTINGS_MODULE": "claimdesk.settings",
                                             **os.environ})
    assert result.stdout.strip().splitlines()[-1] == "[]"
