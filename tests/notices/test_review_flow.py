"""The supervision committee approves a draft (published with its PDF and SHA-256, objection
window open) or sends it back with comments; the clerk revises it from the claims and it goes
back to the committee (DOMAIN.md "Monthly public notices": flow)."""
import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from notices import services
from notices.choices import NoticeAction, NoticeState
from registry.choices import Role
from tests.notices.conftest import notice_of, open_task


def test_approval_publishes_with_pdf_hash_and_objection_window(march, publish):
    notice = publish(notice_of("T01"))
    assert notice.state == NoticeState.PUBLISHED
    assert bytes(notice.pdf).startswith(b"%PDF")
    assert notice.pdf_sha256 == hashlib.sha256(bytes(notice.pdf)).hexdigest()
    assert notice.objections_close_at - notice.published_at == dt.timedelta(days=7)
    assert list(notice.transitions.values_list("action", "actor__username")) == [
        (NoticeAction.DRAFTED, None), (NoticeAction.APPROVED, "supervisor"),
        (NoticeAction.PUBLISHED, "supervisor")]
    assert AuditEntry.objects.filter(action="notices.published", object_id=str(notice.pk)).exists()
    assert not services.OPEN_TASK.count(notice.process.task_set.last().status)


def test_objection_window_length_is_a_setting(march, publish, settings):
    settings.NOTICE_OBJECTION_DAYS = 10
    notice = publish(notice_of("T02"))
    assert notice.objections_close_at - notice.published_at == dt.timedelta(days=10)


def test_send_back_needs_comments_then_clerk_revises(march):
    notice = notice_of("T01")
    supervisor, clerk = march.staff["supervisor"], march.staff["clerk_t01"]
    with pytest.raises(ValidationError):
        services.review(open_task(notice).pk, supervisor, False, "  ")
    services.review(open_task(notice).pk, supervisor, False, "Line 3: wrong hospital?")
    notice.refresh_from_db()
    assert (notice.state, notice.review_comments) == (NoticeState.RETURNED,
                                                      "Line 3: wrong hospital?")
    revise = open_task(notice)
    assert revise.flow_task.name == "revise"
    services.revise(revise.pk, clerk, "Checked with the health centre")
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and notice.lines.count() == 5
    assert open_task(notice).flow_task.name == "review"
    assert list(notice.transitions.values_list("action", flat=True)) == [
        NoticeAction.DRAFTED, NoticeAction.SENT_BACK, NoticeAction.REVISED]


def test_only_the_committee_in_its_scope_reviews(march):
    notice = notice_of("T01")
    supervisor_t02 = march.add_staff("supervisor_t02", Role.SUPERVISION_COMMITTEE, township="T02")
    for user in (march.staff["clerk_t01"], march.staff["accountant"], supervisor_t02):
        with pytest.raises(PermissionDenied):
            services.review(open_task(notice).pk, user, True)
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and not notice.pdf_sha256


def test_a_decided_task_cannot_be_decided_again(march, publish):
    notice = notice_of("T01")
    task = open_task(notice)
    publish(notice)
    with pytest.raises(services.NoticeTaskClosed):
        services.review(task.pk, march.staff["supervisor"], False, "Too late")
    notice.refresh_from_db()
    assert notice.state == NoticeState.PUBLISHED


def test_committee_task_page_shows_the_draft_and_approves(march, client):
    notice = notice_of("T01")
    task = open_task(notice)
    client.force_login(march.staff["supervisor"])
    url = f"/notice_review/{notice.process_id}/review/{task.pk}/execute/"
    assert client.post(f"/notice_review/{notice.process_id}/review/{task.pk}/assign/"
                       ).status_code in (200, 302)
    page = client.get(url)
    assert page.status_code == 200 and "司*光" in page.content.decode()
    assert "司马光" not in page.content.decode()
    response = client.post(url, {"approve": "approve", "comments": ""})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.PUBLISHED
