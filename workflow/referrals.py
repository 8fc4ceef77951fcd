"""What pages, the API and commands call to file, decide, expire and verify referrals
(DOMAIN.md "Referrals and transfers": a designated hospital files a referral, the county office
approves or rejects; an approved referral has a number, a destination, a validity period and a
PDF certificate).

One door for every change of a referral: each call checks the permission (the model permission
or django-fsm `has_transition_perm`) and the scope (registry.scope), changes the status through
the referral's transition and writes the audit row (who, when, why) in the same transaction.

Expiry is both stored and computed. `expire_lapsed` (the daily `expire_referrals` command) moves
approved referrals past their `valid_to` to `expired` through the FSM transition, so the status
column, the CSV export and the contract file say what is true; `standing` computes the same
answer from the dates, so the verification page and the dashboard never call a lapsed referral
valid on the days before the command has run. Expiry does not take cover away from admissions
inside the window (workflow.cover).
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm
from viewflow.workflow.models import Task

from audit import services as audit
from benefits.services import PolicyMissing, referral_validity_days
from claimdesk.flow_tasks import complete as complete_task
from registry.models import Hospital, Person
from registry.scope import is_visible
from workflow import referral_pdf
from workflow.choices import ReferralStanding, ReferralStatus, ReferralUrgency
from workflow.models import Referral
from workflow.referral_codes import CODE_LENGTH, new_code
from workflow.referral_flows import ReferralFlow
from workflow.services import TaskClosed, _open_task as open_task

NUMBER_PREFIX = "RF"
"""Numbers of referrals filed in ClaimDesk: RF + year + 6 digits (imported ones keep theirs)."""
ATTEMPTS = 5


def hospital_of(user) -> str | None:
    """The hospital a hospital administrator acts for (their staff profile), or None."""
    profile = getattr(user, "staff", None) if user.is_active else None
    return profile.hospital_id if profile is not None else None


def _next_number(year: int) -> str:
    prefix = f"{NUMBER_PREFIX}{year}"
    last = (Referral.objects.filter(referral_no__startswith=prefix)
            .order_by("-referral_no").values_list("referral_no", flat=True).first())
    following = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return f"{prefix}{following:06d}"


def _filing_errors(person_id, from_hospital, to_hospital_id, diagnosis_code, reason,
                   urgency) -> dict:
    errors = {}
    if not Person.objects.filter(pk=person_id).exists():
        errors["person_id"] = _("No insured person has the resident ID %(id)s.") % {
            "id": person_id}
    if to_hospital_id == from_hospital:
        errors["to_hospital"] = _("A referral goes to another hospital than your own.")
    elif not Hospital.objects.filter(pk=to_hospital_id).exists():
        errors["to_hospital"] = _("Unknown hospital %(code)s.") % {"code": to_hospital_id}
    if not diagnosis_code.strip():
        errors["diagnosis_code"] = _("Give the diagnosis (ICD-10 code).")
    if not reason.strip():
        errors["reason"] = _("Say why the patient is referred.")
    if urgency not in ReferralUrgency.values:
        errors["urgency"] = _("Unknown urgency %(value)s.") % {"value": urgency}
    return errors


def file_referral(user, person_id: str, to_hospital_id: str, diagnosis_code: str, reason: str,
                  urgency: str = ReferralUrgency.ROUTINE) -> Referral:
    """A hospital administrator's referral request from their own hospital: numbered, given
    its verification code, audited, and sent to the county office (ReferralFlow).

    Raises PermissionDenied (not a hospital administrator), ValidationError naming the field.
    """
    from_hospital = hospital_of(user)
    if from_hospital is None or not user.has_perm("workflow.add_referral"):
        raise PermissionDenied(_("Only a hospital's administrator files referrals."))
    errors = _filing_errors(person_id, from_hospital, to_hospital_id, diagnosis_code, reason,
                            urgency)
    if errors:
        raise ValidationError(errors)
    for attempt in range(ATTEMPTS):  # two filings at once may draw the same number or code
        try:
            return _create_request(user, person_id, from_hospital, to_hospital_id,
                                   diagnosis_code, reason, urgency)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    return None  # not reached: the last attempt returns or raises


@transaction.atomic
def _create_request(user, person_id, from_hospital, to_hospital_id, diagnosis_code, reason,
                    urgency) -> Referral:
    now = timezone.now()
    referral = Referral.objects.create(
        referral_no=_next_number(timezone.localdate(now).year), person_id=person_id,
        from_hospital_id=from_hospital, to_hospital_id=to_hospital_id,
        diagnosis_code=diagnosis_code.strip(), reason=reason.strip(), urgency=urgency,
        requested_by=user, requested_at=now, code=new_code())
    audit.record(user, "workflow.referral_requested", referral, changes={
        "status": ["", referral.status], "to_hospital": to_hospital_id, "urgency": urgency},
        reason=referral.reason)
    ReferralFlow.start.run(referral=referral)
    return referral


def validity_window(day: dt.date) -> tuple[dt.date, dt.date]:
    """From the day of approval, the policy year's `referral_validity_days` (benefits'
    policy table, 30 by default; DOMAIN.md: "a validity period (default 30 days)"), that day
    included. A day after the latest policy year entered takes that year's value."""
    try:
        days = referral_validity_days(day)
    except PolicyMissing:
        raise ValidationError(_("No policy tables for %(year)s or earlier: an administrator "
                                "must enter them first.") % {"year": day.year}) from None
    return day, day + dt.timedelta(days=days - 1)


def decide(task_id: int, user, approve: bool, reason: str = "") -> Referral:
    """The county office's decision on a referral request: approve (validity window and PDF
    certificate, rendered once and kept with its SHA-256) or reject with a reason.

    Raises PermissionDenied (not the role), TaskClosed (already decided: of two people acting
    at once exactly one wins, the process row being locked), ValidationError (no reason).
    """
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for rejecting the referral.")})
    process_id = Task.objects.values_list("process_id", flat=True).get(pk=task_id)
    with ReferralFlow.lock(process_id), transaction.atomic():
        task = open_task(task_id, user)
        if task.flow_task.name != "decide":
            raise TaskClosed(_("This task is not a referral decision."))
        referral = (Referral.objects.select_for_update()
                    .select_related("person", "from_hospital", "to_hospital")
                    .get(process_id=process_id))
        transition = referral.approve if approve else referral.reject
        if not has_transition_perm(transition, user) or not is_visible(user, referral):
            raise PermissionDenied(_("Deciding referrals is the county office's task."))
        old = referral.status
        transition()
        now = timezone.now()
        referral.decided_by, referral.decided_at = user, now
        referral.decision_reason = reason.strip()
        if approve:
            referral.valid_from, referral.valid_to = validity_window(timezone.localdate(now))
            referral.certificate_pdf = referral_pdf.render(referral)
            referral.certificate_sha256 = referral_pdf.sha256(referral.certificate_pdf)
        referral.save()
        audit.record(user, f"workflow.referral_{referral.status}", referral, changes={
            "status": [old, referral.status],
            "valid_from": referral.valid_from and referral.valid_from.isoformat(),
            "valid_to": referral.valid_to and referral.valid_to.isoformat()}, reason=reason)
        complete_task(task, user)
    return referral


def expire_lapsed(today: dt.date, actor=None) -> list[str]:
    """Move every approved referral whose window ended before `today` to `expired` (the daily
    command); returns their numbers. Idempotent: a second run the same day finds none."""
    expired = []
    lapsed = Referral.objects.filter(status=ReferralStatus.APPROVED, valid_to__lt=today)
    for number in lapsed.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=number)
            if referral.status != ReferralStatus.APPROVED:
                continue  # decided by another run meanwhile
            referral.expire()
            referral.save(update_fields=["status"])
            audit.record(actor, "workflow.referral_expired", referral, changes={
                "status": [ReferralStatus.APPROVED, referral.status]},
                reason=_("Valid until %(day)s.") % {"day": referral.valid_to.isoformat()})
        expired.append(number)
    return expired


def standing(referral: Referral, today: dt.date) -> ReferralStanding:
    """What the referral means on `today` (module docstring: expiry stored and computed)."""
    return standing_of(referral.status, referral.valid_to, today)


def standing_of(status: str, valid_to: dt.date | None, today: dt.date) -> ReferralStanding:
    """`standing` from the two columns it reads (for exports that read rows, not objects)."""
    if status == ReferralStatus.REQUESTED:
        return ReferralStanding.PENDING
    if status == ReferralStatus.REJECTED:
        return ReferralStanding.REJECTED
    if status == ReferralStatus.EXPIRED or (valid_to is not None and valid_to < today):
        return ReferralStanding.EXPIRED
    return ReferralStanding.VALID


def by_code(code: str) -> Referral | None:
    """The referral a verification code names (case and spaces forgiven), or None."""
    cleaned = "".join(code.split()).upper()
    if len(cleaned) != CODE_LENGTH:
        return None
    return (Referral.objects.select_related("person", "from_hospital", "to_hospital")
            .filter(code=cleaned).first())


def certificate(referral_no: str, user) -> tuple[bytes, str]:
    """The stored certificate (bytes, file name) of an approved referral the user may see."""
    referral = Referral.objects.filter(pk=referral_no).first()
    if referral is None or not is_visible(user, referral):
        raise PermissionDenied(_("You may not see referral %(number)s.") % {"number": referral_no})
    if not referral.certificate_pdf:
        raise ValidationError(_("Referral %(number)s has no certificate: it is not approved.")
                              % {"number": referral_no})
    return bytes(referral.certificate_pdf), f"referral-{referral.referral_no}.pdf"


def pending(user) -> dict[str, int]:
    """Referral work for the user's home page: open decisions on referral requests and
    emergency reports offered to or taken by them (the county office), and the requests in
    their scope still waiting for a decision (a hospital follows its own)."""
    from django.db.models import Q
    from viewflow.workflow.status import STATUS

    from registry.scope import restrict
    from workflow.referral_flows import EmergencyReviewFlow

    permissions = [p for p in ("workflow.decide_referral", "workflow.review_emergencyreport")
                   if user.has_perm(p)]
    to_decide = Task.objects.filter(
        Q(process__flow_class=ReferralFlow) | Q(process__flow_class=EmergencyReviewFlow),
        Q(owner__isnull=True) | Q(owner=user), status__in=(STATUS.NEW, STATUS.ASSIGNED),
        owner_permission__in=permissions).count()
    waiting = restrict(Referral.objects.filter(status=ReferralStatus.REQUESTED), user).count()
    return {"to_decide": to_decide, "waiting": waiting}
