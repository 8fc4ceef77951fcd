"""What pages, the API and commands call to move claims (DOMAIN.md "Approval levels for claims").

One door for every state change of a claim: route an import's claims, decide a review task
(approve, reject with reason, return for correction), resubmit a corrected claim, appeal a
rejection, batch approved claims and pay a batch. Each call checks the transition's permission,
the scope (registry.scope) and the four-eyes rules, changes the state through the claim's
django-fsm transition, writes the claim's history row and the audit row in one transaction.
Amounts come from benefits' stored assessments, never recomputed here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import services as audit
from claimdesk.flow_tasks import complete
from fraud.services import claim_flags
from registry.models import DeclaredRelation, Hospital, StaffProfile, Township
from registry.scope import is_visible, restrict
from workflow.bulk import db_datetime, insert_rows
from workflow.choices import BatchState, ClaimAction, ClaimState, ClaimType, Decision
from workflow.flows import ClaimFlow, start_many
from workflow.models import (
    REVIEW_PERMISSIONS, Claim, ClaimReview, ClaimTransition, PaymentBatch, ReviewDecision,
)

CHUNK = 5000
OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED)
REVIEW_STEPS = frozenset({"clerk", "leader", "director", "committee"})


class FourEyesViolation(PermissionDenied):
    """A reviewer may not decide this claim (DOMAIN.md "Four eyes"); the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TaskClosed(PermissionDenied):
    """The task was already decided, or is assigned to someone else."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Routed:
    approved: int = 0
    rejected: int = 0
    reviewed: int = 0
    unassessed: int = 0


def payment_due_on(submitted_on: dt.date, approval_level: int) -> dt.date | None:
    """Claims over 1,000 yuan (level 2 and up) are paid within CLAIM_PAYMENT_DAYS of
    submission (DOMAIN.md "Approval levels", seed 001 part 7); smaller ones have no deadline."""
    if approval_level < 2:
        return None
    return submitted_on + dt.timedelta(days=settings.CLAIM_PAYMENT_DAYS)


def review_path(approval_level: int, flagged: bool) -> tuple[int, int] | None:
    """(first level, last level) of people a claim needs, or None when nobody is needed:
    the approval matrix, with any fraud flag sending a level-0 claim to the clerk."""
    if approval_level == 0 and not flagged:
        return None
    return 1, max(approval_level, 1)


TRANSITION_COLUMNS = ("claim_id", "action", "level", "old_state", "new_state", "actor_id",
                      "reason", "at")


def _record_many(claim_ids, action, old, new, actor, now) -> None:
    """One ClaimTransition row per claim of a bulk change, as plain INSERTs (workflow.bulk)."""
    at, actor_id = db_datetime(now), getattr(actor, "pk", None)
    insert_rows(ClaimTransition, TRANSITION_COLUMNS,
                [(claim_id, action, 0, old, new, actor_id, "", at) for claim_id in claim_ids])


@transaction.atomic
def route_claims(claim_ids=None, actor=None) -> Routed:
    """Route received claims that have a stored assessment (benefits.store_year/store_claim).

    Clean level-0 claims are approved and automatic rejections rejected in bulk, without a
    process each (DOMAIN.md: "approved without a person"); every other claim gets a
    ClaimFlow process whose first task is its first level. Bulk changes apply the claims'
    transitions as one UPDATE filtered on the source state and are audited in bulk.
    """
    received = Claim.objects.filter(state=ClaimState.RECEIVED)
    if claim_ids is None:
        parts = [received]
    else:
        ids = list(claim_ids)
        parts = [received.filter(pk__in=ids[start:start + CHUNK])
                 for start in range(0, len(ids), CHUNK)]
    unassessed, rows = 0, []
    for claims in parts:
        unassessed += claims.filter(assessment__isnull=True).count()
        rows += claims.filter(assessment__isnull=False).values_list(
            "claim_id", "submitted_on", "person__household__township_id",
            "assessment__decision", "assessment__approval_level")
    flagged = {}
    for start in range(0, len(rows), CHUNK):
        flagged.update(claim_flags([row[0] for row in rows[start:start + CHUNK]]))
    approve, reject, reviews = [], [], []
    for claim_id, submitted_on, township, decision, level in rows:
        if decision != Decision.APPROVED:
            reject.append(claim_id)
            continue
        path = review_path(level, bool(flagged.get(claim_id)))
        if path is None:
            approve.append(claim_id)
        else:
            reviews.append(ClaimReview(
                claim_id=claim_id, flagged=bool(flagged.get(claim_id)), first_level=path[0],
                top_level=path[1], next_level=path[0], township_id=township,
                due_on=payment_due_on(submitted_on, level)))
    now = timezone.now()
    _record_many([row[0] for row in rows], ClaimAction.CHECKED, ClaimState.RECEIVED,
                 ClaimState.CHECKED, actor, now)
    for ids, action, state in ((approve, ClaimAction.AUTO_APPROVED, ClaimState.APPROVED),
                               (reject, ClaimAction.AUTO_REJECTED, ClaimState.REJECTED),
                               ([r.claim_id for r in reviews], ClaimAction.SENT_TO_REVIEW,
                                ClaimState.IN_REVIEW)):
        for start in range(0, len(ids), CHUNK):
            Claim.objects.filter(pk__in=ids[start:start + CHUNK],
                                 state=ClaimState.RECEIVED).update(state=state)
        audit.record_bulk(actor, f"workflow.{action}", Claim._meta.label, ids)
        _record_many(ids, action, ClaimState.CHECKED, state, actor, now)
    start_many(reviews)
    return Routed(len(approve), len(reject), len(reviews), unassessed)


def _level_name(level: int) -> str:
    return str(dict(ReviewDecision._meta.get_field("level").choices)[level])


def four_eyes_refusal(claim: Claim, user, review: ClaimReview) -> str | None:
    """Why `user` may not decide `claim` at the review's level, or None (DOMAIN.md "Four
    eyes": no one approves twice, nor a claim they entered, nor one of their household or of
    a person they declared a relation to)."""
    if claim.entered_by_id == user.pk:
        return _("You entered claim %(claim)s: another person must review it.") % {
            "claim": claim.pk}
    profile = getattr(user, "staff", None)
    if profile is not None and (profile.person_id == claim.person_id
                                or profile.household_id == claim.person.household_id):
        return _("Claim %(claim)s is of a person in your own household: another person must "
                 "review it.") % {"claim": claim.pk}
    if DeclaredRelation.objects.filter(user=user, person_id=claim.person_id).exists():
        return _("You declared a relation to the claimant of %(claim)s: another person must "
                 "review it.") % {"claim": claim.pk}
    earlier = (ClaimTransition.objects.filter(claim=claim, actor=user, level__gt=0)
               .exclude(review=review, level=review.next_level))
    if earlier.exists():
        return _("You have already decided claim %(claim)s at another level: nobody decides "
                 "one claim twice.") % {"claim": claim.pk}
    return None


def _open_task(task_id: int, user):
    """The task, re-read under the process lock; refused unless open to this user."""
    task = Task.objects.select_for_update().get(pk=task_id)
    if task.status not in OPEN_TASK:
        raise TaskClosed(_("This task is already done."))
    if task.owner_id not in (None, user.pk):
        raise TaskClosed(_("This task is assigned to %(user)s.") % {"user": task.owner})
    return task


def _record(claim, review, action, old, user, level, reason=""):
    now = timezone.now()
    ClaimTransition.objects.create(claim=claim, review=review, action=action, level=level,
                                   old_state=old, new_state=claim.state, actor=user,
                                   reason=reason, at=now)
    audit.record(user, f"workflow.{action}", claim,
                 changes={"state": [old, claim.state], "level": level}, reason=reason)
    return now


def decide(task_id: int, user, decision: str, reason: str = "") -> Claim:
    """Approve, reject (with a reason) or return (with a reason) the claim of a review task.

    Raises PermissionDenied (no permission for the level, or out of scope), FourEyesViolation,
    TaskClosed (already decided: of two people acting at once exactly one wins, the process
    row being locked), ValidationError (a rejection or return without a reason).
    """
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    if decision != Decision.APPROVED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for a rejection or a return.")})
    process_id = Task.objects.values_list("process_id", flat=True).get(pk=task_id)
    with ClaimFlow.lock(process_id), transaction.atomic():
        task = _open_task(task_id, user)
        if task.flow_task.name not in REVIEW_STEPS:
            raise TaskClosed(_("This task is not a review step."))
        review = ClaimReview.objects.select_related("claim__person").get(process_id=process_id)
        claim, level = review.claim, review.next_level
        if not is_visible(user, claim):
            raise PermissionDenied(_("Claim %(claim)s is outside your scope.")
                                   % {"claim": claim.pk})
        transition = {Decision.REJECTED: claim.reject,
                      Decision.RETURNED: claim.return_for_correction}.get(
            decision, claim.approve if level >= review.top_level else claim.pass_level)
        if not has_transition_perm(transition, user):
            raise PermissionDenied(_("Deciding claims at level %(level)s (%(name)s) is not "
                                     "your role.") % {"level": level, "name": _level_name(level)})
        refusal = four_eyes_refusal(claim, user, review)
        if refusal:
            raise FourEyesViolation(refusal)
        old = claim.state
        transition()
        claim.save(update_fields=["state"])
        action = {Decision.REJECTED: ClaimAction.REJECTED, Decision.RETURNED: ClaimAction.RETURNED,
                  }.get(decision, ClaimAction.APPROVED if claim.state == ClaimState.APPROVED
                        else ClaimAction.PASSED)
        now = _record(claim, review, action, old, user, level, reason)
        paid = None
        if claim.state == ClaimState.APPROVED:
            paid = claim.assessment.reimbursed_fen + claim.assessment.supplement_fen
        ReviewDecision.objects.update_or_create(claim=claim, level=level, defaults={
            "decided_by": user, "decision": decision, "decided_at": now,
            "paid_amount_fen": paid, "reason": reason})
        review.next_level = level + 1 if action == ClaimAction.PASSED else 0
        if decision == Decision.RETURNED:
            review.next_level = review.first_level
        review.save(update_fields=["next_level"])
        complete(task, user)  # opens the next step (flows.ClaimFlow.route)
    return claim


def resubmit(task_id: int, user, reason: str = "") -> Claim:
    """The clerk corrected a returned claim: its review starts again at the first level."""
    process_id = Task.objects.values_list("process_id", flat=True).get(pk=task_id)
    with ClaimFlow.lock(process_id), transaction.atomic():
        task = _open_task(task_id, user)
        if task.flow_task.name != "correct":
            raise TaskClosed(_("This task is not a correction."))
        review = ClaimReview.objects.select_related("claim").get(process_id=process_id)
        claim = review.claim
        if not is_visible(user, claim) or not has_transition_perm(claim.resubmit, user):
            raise PermissionDenied(_("You may not resubmit claim %(claim)s.") % {"claim": claim.pk})
        old = claim.state
        claim.resubmit()
        claim.save(update_fields=["state"])
        _record(claim, review, ClaimAction.RESUBMITTED, old, user, 0, reason)
        complete(task, user)  # opens the next step (flows.ClaimFlow.route)
    return claim


def appeal_level(claim: Claim) -> int:
    """One level above the rejection (DOMAIN.md: "reviewed by the next level up"); an
    automatic rejection goes to the clerk, a leading-group rejection to the leading group."""
    rejected_at = (claim.transitions.filter(new_state=ClaimState.REJECTED)
                   .order_by("-at", "-id").values_list("level", flat=True).first()) or 0
    return min(rejected_at + 1, 4)


@transaction.atomic
def appeal(claim_id: str, user, reason: str) -> ClaimReview:
    """Record the claimant's one appeal and start its review one level up."""
    claim = Claim.objects.select_for_update().select_related("person__household").get(pk=claim_id)
    if not is_visible(user, claim) or not has_transition_perm(claim.appeal, user):
        raise PermissionDenied(_("You may not record an appeal of claim %(claim)s.")
                               % {"claim": claim.pk})
    if claim.reviews.filter(is_appeal=True).exists():
        raise ValidationError(_("Claim %(claim)s was already appealed: a claimant may appeal "
                                "once.") % {"claim": claim.pk})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the claimant's grounds for the appeal.")})
    level = appeal_level(claim)
    old = claim.state
    claim.appeal()
    claim.save(update_fields=["state"])
    review = ClaimFlow.start.run(
        claim=claim, is_appeal=True, first_level=level, top_level=level, next_level=level,
        township_id=claim.person.household.township_id,
        due_on=payment_due_on(claim.submitted_on, claim.assessment.approval_level))
    _record(claim, review, ClaimAction.APPEALED, old, user, 0, reason)
    return review


BLOCKABLE = (ClaimState.RECEIVED, ClaimState.CHECKED, ClaimState.IN_REVIEW, ClaimState.RETURNED,
             ClaimState.APPEALED)


def block_claims(person_id: str, year: int, user, reason: str) -> list[str]:
    """Reject the person's undecided claims admitted in `year` (casework, on a confirmed
    certificate-lending case: DOMAIN.md "the lender loses rights for the year"); their open
    review tasks are cancelled. Claims imported later on the void certificate are rejected
    by the calculator (CERT_INVALID) when routed. Returns the claim IDs rejected."""
    from viewflow.workflow.status import PROCESS

    blocked = []
    with transaction.atomic():
        claims = Claim.objects.select_for_update().filter(
            person_id=person_id, admitted_on__year=year, state__in=BLOCKABLE).order_by("pk")
        for claim in claims:
            if not has_transition_perm(claim.block, user):
                raise PermissionDenied(_("You may not block claim %(claim)s.")
                                       % {"claim": claim.pk})
            old = claim.state
            claim.block()
            claim.save(update_fields=["state"])
            review = claim.reviews.order_by("-id").first()
            if review is not None and review.next_level:
                review.next_level = 0
                review.save(update_fields=["next_level"])
                Task.objects.filter(process_id=review.process_id, status__in=OPEN_TASK).update(
                    status=STATUS.CANCELED, finished=timezone.now())
                ClaimFlow.process_class.objects.filter(pk=review.process_id).update(
                    status=PROCESS.CANCELED, finished=timezone.now())
            _record(claim, review, ClaimAction.REJECTED, old, user, 0, reason[:300])
            blocked.append(claim.pk)
    return blocked


def open_tasks(user):
    """The review tasks a user may take or has taken, in their scope, soonest due first."""
    permissions = [p for p in REVIEW_PERMISSIONS.values() if user.has_perm(p)]
    if user.has_perm("workflow.change_claim"):
        permissions.append("workflow.change_claim")
    tasks = (Task.objects.filter(process__flow_class=ClaimFlow, status__in=OPEN_TASK,
                                 owner_permission__in=permissions)
             .filter(Q(owner__isnull=True) | Q(owner=user)))
    return restrict(tasks, user).select_related("process__claim_review").order_by(
        F("process__claim_review__due_on").asc(nulls_last=True), "pk")


def overdue_reviews(today: dt.date):
    """Open reviews past their payment date (DOMAIN.md: overdue work is visible)."""
    return (ClaimReview.objects.filter(next_level__gt=0, due_on__lt=today)
            .select_related("township").order_by("township_id", "due_on", "id"))


def overdue_by_office(today: dt.date) -> dict[str, int]:
    """How many open reviews each township office has past their payment date."""
    rows = (overdue_reviews(today).values("township_id").annotate(n=Count("id"))
            .order_by("township_id"))
    return {row["township_id"]: row["n"] for row in rows}


def remind_office(township_code: str, today: dt.date) -> tuple[int, int]:
    """Mail one township office's active staff the list of its overdue reviews (the daily
    reminder, one batch of a background job); returns (overdue reviews, staff reminded)."""
    rows = list(overdue_reviews(today).filter(township_id=township_code))
    recipients = list(StaffProfile.objects.filter(
        township_id=township_code, user__is_active=True).exclude(user__email="")
        .values_list("user__email", flat=True))
    if rows and recipients:
        lines = [_("%(claim)s: level %(level)s, pay by %(due)s") % {
            "claim": r.claim_id, "level": r.next_level, "due": r.due_on.isoformat()}
            for r in rows]
        send_mail(_("%(count)s overdue claim reviews in %(township)s") % {
                      "count": len(rows), "township": rows[0].township.name},
                  "\n".join(lines), None, recipients)
    return len(rows), len(recipients) if rows else 0


@transaction.atomic
def create_batch(user) -> PaymentBatch:
    """Put every approved claim not yet in a batch into a new batch (the accountant's step)."""
    if not user.has_perm("workflow.add_paymentbatch"):
        raise PermissionDenied(_("Only the fund accountant makes payment batches."))
    claims = Claim.objects.select_for_update().filter(state=ClaimState.APPROVED,
                                                      payment_batch__isnull=True)
    ids = list(claims.values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("No approved claim is waiting for payment."))
    batch = PaymentBatch.objects.create(created_by=user, created_at=timezone.now())
    for start in range(0, len(ids), CHUNK):
        Claim.objects.filter(pk__in=ids[start:start + CHUNK]).update(payment_batch=batch)
    total = batch.claims.aggregate(
        total=Sum(F("assessment__reimbursed_fen") + F("assessment__supplement_fen")))["total"]
    batch.total_fen = total or 0
    batch.save(update_fields=["total_fen"])
    audit.record(user, "workflow.batch_created", batch,
                 changes={"claims": len(ids), "total_fen": batch.total_fen})
    return batch


@transaction.atomic
def pay_batch(batch_id: int, user) -> PaymentBatch:
    """Pay a batch exactly once: its claims become paid and never change again."""
    batch = PaymentBatch.objects.select_for_update().get(pk=batch_id)
    if batch.state != BatchState.OPEN:
        raise ValidationError(_("Payment batch %(batch)s is already paid: a batch is paid "
                                "once.") % {"batch": batch})
    if not has_transition_perm(batch.pay, user):
        raise PermissionDenied(_("Only the fund accountant pays batches."))
    batch.pay()
    batch.paid_by, batch.paid_at = user, timezone.now()
    batch.save(update_fields=["state", "paid_by", "paid_at"])
    ids = list(batch.claims.filter(state=ClaimState.APPROVED).values_list("pk", flat=True))
    batch.claims.filter(state=ClaimState.APPROVED).update(state=ClaimState.PAID)
    _record_many(ids, ClaimAction.PAID, ClaimState.APPROVED, ClaimState.PAID, user, batch.paid_at)
    audit.record_bulk(user, "workflow.paid", Claim._meta.label, ids,
                      changes={"batch": batch.pk})
    audit.record(user, "workflow.batch_paid", batch, changes={"total_fen": batch.total_fen})
    return batch


def history(claim: Claim):
    """The claim's states, newest last, with who and why (the claim page's history)."""
    return claim.transitions.select_related("actor").order_by("at", "id")


def claim_panels(review: ClaimReview) -> dict:
    """What a reviewer reads beside the form: the claim, the amount payable and the
    calculator's explanation (benefits), the fraud flags with reasons, the history."""
    from benefits.services import explain
    from dashboard.money import local_fen

    claim = Claim.objects.select_related("person", "hospital", "assessment").get(pk=review.claim_id)
    assessment = claim.assessment
    return {
        "review": review, "claim": claim, "total_yuan": local_fen(claim.total_fen),
        "payable_yuan": local_fen(assessment.reimbursed_fen + assessment.supplement_fen),
        "explanation": explain(claim), "flags": claim_flags([claim.pk]).get(claim.pk, []),
        "history": history(claim),
    }


def paid_claims(date_from: dt.date, date_to: dt.date, township: str | None = None):
    """Claims paid from `date_from` to `date_to` (local dates of their batch's payment), each a
    dict: claim_id, name, village_id, township_id, hospital_name, claim_type, total_fen,
    paid_fen, paid_at; ordered by village, payment and claim. For the monthly public notices
    (DOMAIN.md "Monthly public notices"): the amount paid is the stored assessment's
    reimbursement plus supplement, the figure the payment batch totals."""
    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min))
    claims = Claim.objects.filter(state=ClaimState.PAID, payment_batch__paid_at__gte=start,
                                  payment_batch__paid_at__lt=end)
    if township is not None:
        claims = claims.filter(person__household__township_id=township)
    return claims.order_by("person__household__village_id", "payment_batch__paid_at",
                           "claim_id").values(
        "claim_id", "claim_type", "total_fen", name=F("person__name"),
        village_id=F("person__household__village_id"),
        township_id=F("person__household__township_id"), hospital_name=F("hospital__name"),
        paid_fen=F("assessment__reimbursed_fen") + F("assessment__supplement_fen"),
        paid_at=F("payment_batch__paid_at"))


# What home pages and dashboards read (the dashboard app): counts and sums in the user's scope.

COMMITTED = (ClaimState.APPROVED, ClaimState.PAID)
"""Claims the fund owes or has paid: the dashboards' spending (DOMAIN.md "The fund": spent)."""
PAYABLE = F("assessment__reimbursed_fen") + F("assessment__supplement_fen")


def task_counts(user, today: dt.date) -> dict[str, int]:
    """The user's review work: tasks open to them, those they took, due today, overdue."""
    due = "process__claim_review__due_on"
    return open_tasks(user).order_by().aggregate(
        open=Count("pk"), mine=Count("pk", filter=Q(owner=user)),
        due_today=Count("pk", filter=Q(**{due: today})),
        overdue=Count("pk", filter=Q(**{f"{due}__lt": today})))


def payment_work(user) -> dict[str, int]:
    """Approved claims waiting for a batch and open batches waiting to be paid (the
    accountant's day); zeros for anyone who may not make or pay batches."""
    if not user.has_perm("workflow.pay_batch"):
        return {"claims": 0, "claims_fen": 0, "batches": 0, "batches_fen": 0}
    waiting = restrict(Claim.objects.filter(state=ClaimState.APPROVED,
                                            payment_batch__isnull=True), user).aggregate(
        claims=Count("pk"), claims_fen=Sum(PAYABLE))
    batches = PaymentBatch.objects.filter(state=BatchState.OPEN).aggregate(
        batches=Count("pk"), batches_fen=Sum("total_fen"))
    return {key: value or 0 for key, value in (waiting | batches).items()}


def claim_state_counts(user) -> dict[str, int]:
    """How many claims in the user's scope are in each state."""
    return dict(restrict(Claim.objects.all(), user).order_by().values("state").annotate(
        n=Count("pk")).values_list("state", "n"))


def latest_claim_year(user) -> int | None:
    """The year of the latest discharge among the user's claims: the dashboards' default."""
    latest = restrict(Claim.objects.all(), user).aggregate(
        latest=Max("discharged_on"))["latest"]
    return latest.year if latest else None


@dataclass(frozen=True)
class Spending:
    """What the fund committed for claims discharged in a year, in the user's scope."""

    by_township: list[tuple[str, int]]
    by_hospital: list[tuple[str, int]]
    by_month: list[tuple[dt.date, int]]
    total_fen: int
    inpatient_cost_fen: int
    inpatient_reimbursed_fen: int


def spending(user, year: int) -> Spending:
    """Approved and paid claims' payable amounts (reimbursement + supplement) by township,
    hospital and month of discharge, and the inpatient cost and reimbursement behind the
    actual compensation ratio (DOMAIN.md "The fund": reimbursed / total inpatient cost).
    Grouped by day in the database and by month here: SQLite truncates dates to months with a
    Python function per row, the slowest part of the query."""
    claims = restrict(Claim.objects.filter(
        state__in=COMMITTED, discharged_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31))),
        user).order_by()
    groups = claims.values_list(
        "hospital_id", "claim_type", "person__household__township_id", "discharged_on").annotate(
        fen=Sum(PAYABLE), cost=Sum("total_fen"))
    townships, hospitals, months = {}, {}, {}
    inpatient_cost = inpatient_reimbursed = 0
    for hospital, claim_type, township, day, fen, cost in groups:
        month = day.replace(day=1)
        townships[township] = townships.get(township, 0) + fen
        hospitals[hospital] = hospitals.get(hospital, 0) + fen
        months[month] = months.get(month, 0) + fen
        if claim_type == ClaimType.INPATIENT:
            inpatient_cost += cost
            inpatient_reimbursed += fen
    township_names = dict(Township.objects.filter(pk__in=townships).values_list("pk", "name"))
    hospital_names = dict(Hospital.objects.filter(pk__in=hospitals).values_list("pk", "name"))

    def largest_first(totals, names):
        return sorted(((names[key], fen) for key, fen in totals.items()),
                      key=lambda row: (-row[1], row[0]))

    return Spending(largest_first(townships, township_names),
                    largest_first(hospitals, hospital_names), sorted(months.items()),
                    sum(townships.values()), inpatient_cost, inpatient_reimbursed)


def approval_days(user, year: int) -> dict[int, list[int]]:
    """Days from submission to each reviewer's decision, by approval level, for decisions
    made in the year (DOMAIN.md: claims over 1,000 yuan are paid within 7 days)."""
    decisions = restrict(ReviewDecision.objects.filter(decided_at__year=year), user)
    days: dict[int, list[int]] = {}
    for level, decided_at, submitted_on in decisions.values_list(
            "level", "decided_at", "claim__submitted_on").order_by():
        days.setdefault(level, []).append(
            (timezone.localdate(decided_at) - submitted_on).days)
    return days


def find_claims(user, text: str, limit: int = 20):
    """Claims in the user's scope whose ID starts with `text`, or whose claimant's resident
    ID is `text` or name contains it (search)."""
    text = text.strip()
    matching = Q(claim_id__istartswith=text) | Q(person__person_id__iexact=text) \
        | Q(person__name__icontains=text) | Q(certificate_no__iexact=text)
    return restrict(Claim.objects.filter(matching), user).select_related(
        "person", "hospital").order_by("-admitted_on", "claim_id")[:limit]
