"""What commands, pages and other apps call to draft, review, publish, correct and close the
monthly public notices and to take objections (DOMAIN.md "Monthly public notices").

One door for every change of a notice: each call checks the permission (django-fsm
`has_transition_perm` or the model permission) and the scope (registry.scope), changes the
state through the notice's transition, and writes the history row and the audit row in the same
transaction. Paid claims come only from `workflow.services.paid_claims`, imported by the
functions that draft (with it come pandas and scikit-learn, which publishing does not need:
notices.publication).

Decisions where DOMAIN.md is silent:
- A notice lists the claims of the township's residents (their household's township) whose
  payment batch was paid that month; village is the household's village.
- Income is the contributions raised: each enrolment of the policy year (the foreign
  urban_employee roster excluded) at its tier's contribution rate (notices.models.PremiumRate),
  counted in the month its cover starts (`enrolled_from`); a person enrolled twice is raised
  twice, as the money was. Spending is what was paid to the township's residents. Balance and
  utilisation follow (notices.ledger); figures are the township's.
- A township with no paid claim in the month still gets a notice: its fund figures.
- The objection window (settings.NOTICE_OBJECTION_DAYS) runs from publication; objections,
  from the public page or recorded by staff, are taken only while it is open.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import services as audit
from jobs import services as jobs
from jobs.choices import JobKind
from notices.choices import NoticeAction, NoticeState, ObjectionChannel
from notices.flows import NoticeFlow
from notices.masking import mask_name
from notices.models import Notice, NoticeLine, Objection, PremiumRate
from notices.publication import history as _history
from registry.models import Enrolment, Township
from registry.scope import is_visible, restrict

OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED)


class NoticeTaskClosed(PermissionDenied):
    """The review or revision task was already done, or is someone else's."""


def parse_month(text: str) -> dt.date:
    """"YYYY-MM" -> the first day of that month."""
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ValidationError(_("Give the month as YYYY-MM, not %(text)s.") % {"text": text}
                              ) from None


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def contributions(township_id: str, year: int, date_to: dt.date,
                  date_from: dt.date = dt.date.min) -> tuple[int, int]:
    """(people enrolled, contributions raised in fen) of the township's enrolments of the
    policy year whose cover starts in the period (module docstring)."""
    from benefits.services import FOREIGN_SCHEMES  # pandas: loaded by drafting only

    rates = dict(PremiumRate.objects.filter(year=year).values_list("tier", "premium_fen"))
    if not rates:
        raise ValidationError(_("No contribution rates for %(year)s: an administrator must "
                                "enter them first.") % {"year": year})
    enrolments = (Enrolment.objects.filter(township_id=township_id, year=year,
                                           enrolled_from__range=(date_from, date_to))
                  .exclude(scheme__in=FOREIGN_SCHEMES))
    income = sum(rates.get(tier, 0) * n for tier, n in
                 enrolments.values("tier").annotate(n=Count("id")).values_list("tier", "n"))
    return enrolments.values("person_id").distinct().count(), income


def _fill(notice: Notice) -> None:
    """Snapshot the month's paid claims (names masked) and the fund figures into the notice."""
    from workflow.services import paid_claims  # scikit-learn (fraud): loaded by drafting only

    first, last = notice.month, month_end(notice.month)
    NoticeLine.objects.filter(notice=notice).delete()
    lines = []
    for number, row in enumerate(paid_claims(first, last, township=notice.township_id), 1):
        lines.append(NoticeLine(
            notice=notice, line_no=number, claim_id=row["claim_id"],
            masked_name=mask_name(row["name"]), village_id=row["village_id"],
            hospital_name=row["hospital_name"], claim_type=row["claim_type"],
            total_cost_fen=row["total_fen"], reimbursed_fen=row["paid_fen"],
            paid_on=timezone.localdate(row["paid_at"])))
    NoticeLine.objects.bulk_create(lines, batch_size=2000)
    notice.claim_count = len(lines)
    notice.total_cost_fen = sum(line.total_cost_fen for line in lines)
    notice.reimbursed_fen = sum(line.reimbursed_fen for line in lines)
    _people, notice.month_income_fen = contributions(notice.township_id, first.year, last, first)
    notice.enrolled_people, notice.year_income_fen = contributions(
        notice.township_id, first.year, last)
    notice.month_spending_fen = _spent(notice.township_id, first, last)
    notice.year_spending_fen = _spent(notice.township_id, first.replace(month=1), last)
    notice.built_at = timezone.now()


def _spent(township_id: str, date_from: dt.date, date_to: dt.date) -> int:
    from workflow.services import paid_claims

    return paid_claims(date_from, date_to, township=township_id).aggregate(
        total=Sum("paid_fen"))["total"] or 0


def _draft(township: Township, month: dt.date, actor, erratum_of=None, reason="") -> Notice:
    notice = Notice.objects.create(township=township, month=month, built_at=timezone.now(),
                                   built_by=actor if getattr(actor, "pk", None) else None,
                                   erratum_of=erratum_of, erratum_reason=reason)
    _fill(notice)
    notice.save()
    _history(notice, NoticeAction.DRAFTED, "", actor, reason)
    NoticeFlow.start.run(notice=notice)
    return notice


def check_month_ended(month: dt.date) -> None:
    """Notices are drafted after month end (DOMAIN.md); ValidationError otherwise."""
    if month_end(month) >= timezone.localdate():
        raise ValidationError(_("%(month)s has not ended: notices are drafted after month end.")
                              % {"month": f"{month:%Y-%m}"})


def townships_to_draft(month: dt.date) -> list[str]:
    """The codes of the townships without the month's notice yet, in code order."""
    existing = set(Notice.objects.filter(month=month, erratum_of__isnull=True)
                   .values_list("township_id", flat=True))
    return list(Township.objects.exclude(pk__in=existing).order_by("code")
                .values_list("code", flat=True))


def build_month(month: dt.date, actor=None) -> list[Notice]:
    """Draft the month's notice of every township that has none yet, each sent to the
    supervision committee (DOMAIN.md: "draft generated after month end"). Idempotent."""
    check_month_ended(month)
    drafted = []
    for township in Township.objects.filter(pk__in=townships_to_draft(month)).order_by("code"):
        with transaction.atomic():
            drafted.append(_draft(township, month, actor))
    return drafted


@transaction.atomic
def draft_township_month(township_code: str, month: dt.date, actor=None) -> Notice | None:
    """One township's share of `build_month` (a batch of a background job): its draft, or
    None when the township already has the month's notice."""
    check_month_ended(month)
    township = Township.objects.select_for_update().get(pk=township_code)
    if Notice.objects.filter(township=township, month=month, erratum_of__isnull=True).exists():
        return None
    return _draft(township, month, actor)


@transaction.atomic
def draft_erratum(original_id: int, user, reason: str) -> Notice:
    """A correction of a published notice: a new notice for the same township and month,
    drafted from the paid claims as they stand now, pointing at the original (which never
    changes), and reviewed like any notice."""
    original = Notice.objects.select_for_update().get(pk=original_id)
    if not user.has_perm("notices.add_notice") or not is_visible(user, original):
        raise PermissionDenied(_("You may not draft an erratum to notice %(notice)s.")
                               % {"notice": original.pk})
    if not original.is_frozen:
        raise ValidationError(_("Notice %(notice)s is not published: correct the draft "
                                "instead.") % {"notice": original.pk})
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the erratum corrects.")})
    return _draft(original.township, original.month, user, erratum_of=original, reason=reason)


def _open_task(task_id: int, user, step: str) -> Task:
    task = Task.objects.select_for_update().get(pk=task_id)
    if task.status not in OPEN_TASK or task.flow_task.name != step:
        raise NoticeTaskClosed(_("This task is already done."))
    if task.owner_id not in (None, user.pk):
        raise NoticeTaskClosed(_("This task is assigned to %(user)s.") % {"user": task.owner})
    return task


def _complete(task: Task, user) -> None:
    """Finish the viewflow task as `user`, opening the next step (flows.NoticeFlow.route)."""
    activation = task.flow_task.activation_class(task)
    if task.status == STATUS.NEW:
        activation.assign(user)
    activation.start(None)
    activation.execute()


def review(task_id: int, user, approve: bool, comments: str = "") -> Notice:
    """The supervision committee's decision on a draft: approve or send back with comments.

    Approval leaves the notice `rendering` and starts a NOTICE_PDFS job that renders its PDF,
    stores it with its SHA-256 and publishes it (notices.publication.publish), on a worker, or
    right here when no broker is configured (jobs.services.start). The notice returned is as
    it stands after that: `rendering` (the job is queued, or rendering failed: `pdf_error`)
    or `published`.

    Raises PermissionDenied (role or scope), NoticeTaskClosed, ValidationError (sending back
    without comments).
    """
    if not approve and not comments.strip():
        raise ValidationError({"comments": _("Say what must change before sending it back.")})
    process_id = Task.objects.values_list("process_id", flat=True).get(pk=task_id)
    with NoticeFlow.lock(process_id), transaction.atomic():
        task = _open_task(task_id, user, "review")
        notice = Notice.objects.select_related("township").get(process_id=process_id)
        transition = notice.approve if approve else notice.send_back
        if not is_visible(user, notice) or not has_transition_perm(transition, user):
            raise PermissionDenied(_("Reviewing notice %(notice)s is not your role or scope.")
                                   % {"notice": notice.pk})
        old = notice.state
        transition()
        if not approve:
            notice.review_comments = comments
        notice.save()
        _history(notice, NoticeAction.APPROVED if approve else NoticeAction.SENT_BACK, old,
                 user, comments)
        _complete(task, user)
        if approve:
            _start_publication(notice, user)
    notice.refresh_from_db()
    return notice


def _start_publication(notice: Notice, user) -> None:
    jobs.start(JobKind.NOTICE_PDFS, {"notice": notice.pk}, user)


@transaction.atomic
def retry_publication(notice_id: int, user) -> Notice:
    """Render an approved notice's PDF again after a failure (`pdf_error`): for who may
    approve it. Raises PermissionDenied, ValidationError (not waiting for its PDF)."""
    notice = Notice.objects.select_for_update().get(pk=notice_id)
    if not user.has_perm("notices.review_notice") or not is_visible(user, notice):
        raise PermissionDenied(_("You may not publish notice %(notice)s.")
                               % {"notice": notice.pk})
    if notice.state != NoticeState.RENDERING or not notice.pdf_error:
        raise ValidationError(_("Notice %(notice)s has no failed rendering to retry.")
                              % {"notice": notice.pk})
    failed, notice.pdf_error = notice.pdf_error, ""
    notice.save(update_fields=["pdf_error"])
    _history(notice, NoticeAction.RETRIED, notice.state, user, failed)
    _start_publication(notice, user)
    notice.refresh_from_db()
    return notice


def revise(task_id: int, user, note: str = "") -> Notice:
    """The office revised a sent-back draft: rebuilt from the paid claims as they stand now
    (corrections are made on the claims, never on the notice) and back to the committee."""
    process_id = Task.objects.values_list("process_id", flat=True).get(pk=task_id)
    with NoticeFlow.lock(process_id), transaction.atomic():
        task = _open_task(task_id, user, "revise")
        notice = Notice.objects.get(process_id=process_id)
        if not is_visible(user, notice) or not has_transition_perm(notice.resubmit, user):
            raise PermissionDenied(_("You may not revise notice %(notice)s.")
                                   % {"notice": notice.pk})
        old = notice.state
        _fill(notice)
        notice.resubmit()
        notice.save()
        _history(notice, NoticeAction.REVISED, old, user, note)
        _complete(task, user)
    return notice


def close_expired(now: dt.datetime | None = None, actor=None) -> int:
    """Close every published notice whose objection window has passed; returns how many."""
    now = now or timezone.now()
    closed = 0
    for pk in Notice.objects.filter(state=NoticeState.PUBLISHED,
                                    objections_close_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            notice = Notice.objects.select_for_update().get(pk=pk)
            if notice.state != NoticeState.PUBLISHED:
                continue
            notice.close()
            notice.closed_at = now
            notice.save()
            _history(notice, NoticeAction.CLOSED, NoticeState.PUBLISHED, actor)
            closed += 1
    return closed


def window_open(notice: Notice, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return notice.state == NoticeState.PUBLISHED and now < notice.objections_close_at


def _check_objection(notice: Notice, text: str, line_no: int | None) -> None:
    if not window_open(notice):
        raise ValidationError(_("The objection window of this notice is closed."))
    if not text.strip():
        raise ValidationError({"text": _("Say what is wrong.")})
    if line_no is not None and not notice.lines.filter(line_no=line_no).exists():
        raise ValidationError({"line_no": _("The notice has no line %(line)s.")
                               % {"line": line_no}})


@transaction.atomic
def file_objection(notice_id: int, text: str, name: str = "", contact: str = "",
                   line_no: int | None = None) -> Objection:
    """An objection filed by anyone on the public page (no login)."""
    notice = Notice.objects.get(pk=notice_id)
    _check_objection(notice, text, line_no)
    objection = Objection.objects.create(
        notice=notice, channel=ObjectionChannel.PUBLIC_PAGE, filed_at=timezone.now(),
        claimant_name=name, contact=contact, line_no=line_no, text=text)
    audit.record(None, "notices.objection_filed", objection, changes={"notice": notice.pk})
    return objection


@transaction.atomic
def record_objection(notice_id: int, user, channel: str, text: str, name: str = "",
                     contact: str = "", line_no: int | None = None) -> Objection:
    """An objection taken by staff by telephone or in person."""
    notice = Notice.objects.get(pk=notice_id)
    if not user.has_perm("notices.add_objection") or not is_visible(user, notice):
        raise PermissionDenied(_("You may not record objections to notice %(notice)s.")
                               % {"notice": notice.pk})
    if channel not in (ObjectionChannel.PHONE, ObjectionChannel.IN_PERSON):
        raise ValidationError({"channel": _("Staff record objections taken by telephone or "
                                            "in person.")})
    _check_objection(notice, text, line_no)
    objection = Objection.objects.create(
        notice=notice, channel=channel, filed_at=timezone.now(), claimant_name=name,
        contact=contact, line_no=line_no, text=text, recorded_by=user)
    audit.record(user, "notices.objection_recorded", objection, changes={"notice": notice.pk})
    return objection


def objection_counts(notice_ids) -> dict[int, int]:
    rows = (Objection.objects.filter(notice_id__in=list(notice_ids)).values("notice_id")
            .annotate(n=Count("id")).values_list("notice_id", "n"))
    return dict(rows)


# What home pages and dashboards read (the dashboard app), in the user's scope.

def open_tasks(user):
    """Notice steps offered to or taken by the user, for notices in their scope: reviews
    for the supervision committee, revisions for the township clerk."""
    permissions = [p for p in ("notices.review_notice", "notices.change_notice")
                   if user.has_perm(p)]
    return Task.objects.filter(
        Q(owner__isnull=True) | Q(owner=user), process__flow_class=NoticeFlow,
        status__in=OPEN_TASK, owner_permission__in=permissions,
        process_id__in=restrict(Notice.objects.all(), user).values("process_id"))


def income(user, year: int) -> int | None:
    """Contributions raised for the policy year in the townships the user sees (fen), the
    "raised" of fund utilisation (DOMAIN.md "The fund"); None while the year has no rates.
    The rule of `contributions` (each enrolment of the year at its tier's rate, the foreign
    roster excluded) for all those townships in one query instead of one per township."""
    from benefits.services import FOREIGN_SCHEMES

    rates = dict(PremiumRate.objects.filter(year=year).values_list("tier", "premium_fen"))
    if not rates:
        return None
    enrolments = Enrolment.objects.filter(
        year=year, enrolled_from__lte=dt.date(year, 12, 31),
        township__in=restrict(Township.objects.all(), user)).exclude(scheme__in=FOREIGN_SCHEMES)
    tiers = enrolments.order_by().values("tier").annotate(n=Count("id"))
    return sum(rates.get(row["tier"], 0) * row["n"] for row in tiers)
