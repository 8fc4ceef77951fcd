"""Moving a case through the national procedure, and who works it.

Each open state has a time limit in days (settings.CASE_TIME_LIMITS); entering a state sets
the case's due date from it, so the queue can show what is overdue. Investigators move cases
on and may take cases themselves while they hold fewer open cases than
settings.CASE_INVESTIGATOR_CAPACITY; a holder of `casework.assign_case` (the supervisor)
assigns and reassigns anyone. Every change is audited with its reason (casework.timeline).
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm

from casework import timeline
from casework.choices import CaseAction, CaseState
from casework.models import WORK, Case

ASSIGN = "casework.assign_case"

NEXT_STEP = {
    CaseState.INTAKE: "accept",
    CaseState.FIRST_REVIEW: "pass_first_review",
    CaseState.SECOND_REVIEW: "open_investigation",
    CaseState.INVESTIGATION: "request_decision",
}
"""The transition that moves an open case one step on; a pending decision is closed by
casework.decisions instead."""


def due_date(state: str, since: dt.datetime) -> dt.date | None:
    """The last day the case may stay in `state` (None for a closed state)."""
    days = settings.CASE_TIME_LIMITS.get(state)
    if days is None:
        return None
    return timezone.localdate(since) + dt.timedelta(days=days)


def enter(case: Case, actor, action: str, old: str, text: str = "",
          changes: dict | None = None) -> None:
    """After a transition from `old`: stamp the new state, its due date, the timeline."""
    case.state_since = timezone.now()
    case.due_on = due_date(case.state, case.state_since)
    case.save(update_fields=["state", "state_since", "due_on", "closed_at"])
    timeline.record(case, action, actor, text, old=old, new=case.state, changes=changes)


def locked(case_id: int) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def require_work(user) -> None:
    if not user.has_perm(WORK):
        raise PermissionDenied(_("Only investigators work cases."))


@transaction.atomic
def advance(case_id: int, actor, note: str = "") -> Case:
    """Move an open case one step on (intake -> first review -> second review ->
    investigation -> decision pending)."""
    case = locked(case_id)
    name = NEXT_STEP.get(case.state)
    if name is None:
        raise ValidationError(_("Case %(case)s cannot move on from %(state)s.")
                              % {"case": case.pk, "state": case.get_state_display()})
    step = getattr(case, name)
    if not has_transition_perm(step, actor):
        raise PermissionDenied(_("Only investigators work cases."))
    old = case.state
    step()
    enter(case, actor, CaseAction.ADVANCED, old, note)
    return case


def open_count(user) -> int:
    return Case.objects.filter(assignee=user, closed_at__isnull=True).count()


def _investigator(user_id: int):
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_perm(WORK):
        raise ValidationError(_("Cases are assigned to active investigators only."))
    return user


@transaction.atomic
def assign(case_id: int, actor, assignee_id: int | None = None, reason: str = "") -> Case:
    """Give an open case to an investigator. Without `assignee_id` the actor takes it
    (within their capacity); naming someone else, or taking a case someone holds, needs
    the supervisor's permission and, for a reassignment, a reason."""
    case = locked(case_id)
    if not case.is_open:
        raise ValidationError(_("Case %(case)s is closed.") % {"case": case.pk})
    assignee = _investigator(assignee_id or actor.pk)
    supervising = assignee.pk != actor.pk or (case.assignee_id not in (None, actor.pk))
    if supervising and not actor.has_perm(ASSIGN):
        raise PermissionDenied(_("Only the supervisor assigns cases to others or takes them "
                                 "from others."))
    if case.assignee_id == assignee.pk:
        return case
    if not supervising and open_count(assignee) >= settings.CASE_INVESTIGATOR_CAPACITY:
        raise ValidationError(_("You already hold %(count)s open cases, your capacity.")
                              % {"count": settings.CASE_INVESTIGATOR_CAPACITY})
    previous = case.assignee
    if previous is not None and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the reassignment.")})
    case.assignee = assignee
    case.save(update_fields=["assignee"])
    action = CaseAction.REASSIGNED if previous is not None else CaseAction.ASSIGNED
    timeline.record(case, action, actor, reason, changes={
        "assignee": [previous.username if previous else None, assignee.username]})
    return case


@transaction.atomic
def add_note(case_id: int, actor, text: str) -> Case:
    require_work(actor)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    case = locked(case_id)
    timeline.record(case, CaseAction.NOTE, actor, text.strip())
    return case
