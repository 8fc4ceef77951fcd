"""Rendering an approved notice's PDF and publishing it: the work of a NOTICE_PDFS job
(jobs.kinds), and the notice's village sections that the PDF and the pages show.

Why a module of its own: a worker that renders PDFs, and the bench that measures it, should
load Django, WeasyPrint and this app, not the claim workflow, the benefits calculator and
fraud scoring that drafting a notice reads through (pandas and scikit-learn: about 250 MB
before anything is rendered, bench/notices.py). So nothing here imports another app's services,
nor the site's URLconf (notices.links); tests/notices/test_publication_job.py checks it in a
fresh interpreter.

The committee's approval (notices.services.review) leaves the notice `rendering`; `publish`
renders the PDF, stores it with its SHA-256 and publishes, opening the objection window; a
rendering that fails leaves the notice `rendering` with its `pdf_error`, for the committee to
retry (notices.services.retry_publication).
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from notices import pdf
from notices.choices import NoticeAction, NoticeState
from notices.links import public_url
from notices.models import Notice, NoticeTransition
from registry.models import Village

logger = logging.getLogger(__name__)


def history(notice: Notice, action: str, old: str, actor, comments: str = "") -> None:
    """The notice's history row and the audit row of one change (in the caller's
    transaction)."""
    NoticeTransition.objects.create(notice=notice, action=action, old_state=old,
                                    new_state=notice.state, actor=actor, comments=comments,
                                    at=timezone.now())
    audit.record(actor, f"notices.{action}", notice, changes={"state": [old, notice.state]},
                 reason=comments)


@dataclass
class Section:
    """One village's part of a notice."""

    village_name: str
    lines: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def total_cost_fen(self) -> int:
        return sum(line.total_cost_fen for line in self.lines)

    @property
    def reimbursed_fen(self) -> int:
        return sum(line.reimbursed_fen for line in self.lines)


def sections(notice: Notice) -> list[Section]:
    """The notice's lines grouped by village, in village order (one query)."""
    names = dict(Village.objects.filter(township_id=notice.township_id)
                 .values_list("code", "name"))
    grouped: dict[str, Section] = {}
    for line in notice.lines.order_by("village_id", "line_no"):
        grouped.setdefault(line.village_id, Section(names.get(line.village_id,
                                                              line.village_id))).lines.append(line)
    return list(grouped.values())


def render(notice: Notice) -> bytes:
    """The notice's PDF as publication prints it (its publication dates already set)."""
    return pdf.render(notice, sections(notice), public_url(notice))


def publish(notice_id: int, actor) -> dict:
    """Render the approved notice's PDF, store it with its SHA-256 and publish it, opening the
    objection window: all in the caller's transaction (a job's batch). When rendering fails
    the notice stays `rendering` with the error recorded (`pdf_error`, history, audit) for the
    committee to retry, and that record commits: the error is returned, not raised."""
    notice = Notice.objects.select_for_update().select_related("township").get(pk=notice_id)
    if notice.state != NoticeState.RENDERING:
        return {"notice": notice.pk, "state": notice.state}  # published by an earlier run
    now = timezone.now()
    notice.published_at = now
    notice.objections_close_at = now + dt.timedelta(days=settings.NOTICE_OBJECTION_DAYS)
    try:
        document = render(notice)
    except Exception as error:  # WeasyPrint, fonts, templates: whatever failed is reported
        logger.exception("notice %s: the PDF could not be rendered", notice.pk)
        return _failed(notice_id, actor, f"{type(error).__name__}: {error}")
    notice.pdf, notice.pdf_sha256, notice.pdf_error = document, pdf.sha256(document), ""
    notice.publish()
    notice.save()
    history(notice, NoticeAction.PUBLISHED, NoticeState.RENDERING, actor)
    return {"notice": notice.pk, "state": notice.state, "sha256": notice.pdf_sha256}


def _failed(notice_id: int, actor, error: str) -> dict:
    with transaction.atomic():
        notice = Notice.objects.get(pk=notice_id)  # without the dates set for rendering
        notice.pdf_error = error[:2000]
        notice.save(update_fields=["pdf_error"])
        history(notice, NoticeAction.PDF_FAILED, notice.state, actor, notice.pdf_error)
    return {"notice": notice.pk, "state": notice.state, "error": notice.pdf_error}
