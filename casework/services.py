"""What other apps call in casework: intake of fraud alerts (fraud scoring) and of notice
objections (the notices' one-click button).

Alerts and objections about one subject share its open case (issue 8: a case groups the
alerts and objections about one subject); a closed case stays closed and a new one opens.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import timeline
from casework.choices import CaseAction, CaseState, CaseSubject
from casework.models import Case
from casework.procedure import due_date
from casework.subjects import place_of

OPEN_FROM_OBJECTION = "casework.add_case"


@dataclass(frozen=True)
class Intake:
    opened: int
    joined: int
    deferred: int


def week_start(now: dt.datetime) -> dt.datetime:
    """Monday 00:00 of the current week, local time: the capacity is per calendar week."""
    local = timezone.localtime(now)
    monday = local.date() - dt.timedelta(days=local.weekday())
    return timezone.make_aware(dt.datetime.combine(monday, dt.time()))


def _open(subject_type: str, subject_id: str, schemes: str, priority: int, amount: int,
          actor, changes: dict) -> Case:
    township, hospital = place_of(subject_type, subject_id)
    now = timezone.now()
    case = Case.objects.create(
        subject_type=subject_type, subject_id=subject_id, schemes=schemes,
        priority_fen=priority, amount_at_risk_fen=amount, township_id=township,
        hospital_id=hospital, opened_at=now, state_since=now,
        due_on=due_date(CaseState.INTAKE, now))
    timeline.record(case, CaseAction.OPENED, actor, new=case.state, changes=changes)
    return case


def _join(case: Case, scheme: str, priority: int, amount: int) -> None:
    case.schemes = ";".join(sorted(set(case.scheme_list) | ({scheme} if scheme else set())))
    case.priority_fen = max(case.priority_fen, priority)
    case.amount_at_risk_fen = max(case.amount_at_risk_fen, amount)
    case.save(update_fields=["schemes", "priority_fen", "amount_at_risk_fen"])


def _open_cases(keys) -> dict:
    return {(c.subject_type, c.subject_id): c for c in Case.objects.filter(
        closed_at__isnull=True, subject_id__in={k[1] for k in keys})
        if (c.subject_type, c.subject_id) in keys}


@transaction.atomic
def open_or_join_case(alerts, actor=None) -> Intake:
    """Queue alerts in priority order (score x amount at risk): an alert joins its subject's
    open case if there is one, else opens one while this week's openings stay within
    settings.FRAUD_WEEKLY_CASE_CAPACITY; the rest wait for the next scoring (deferred)."""
    now = timezone.now()
    capacity = settings.FRAUD_WEEKLY_CASE_CAPACITY
    room = max(capacity - Case.objects.filter(opened_at__gte=week_start(now)).count(), 0)
    ordered = sorted(alerts, key=lambda a: a.score * a.amount_at_risk_fen, reverse=True)
    cases = _open_cases({(a.subject_type, a.subject_id) for a in ordered})
    opened = joined = deferred = 0
    for alert in ordered:
        key = (alert.subject_type, alert.subject_id)
        priority = round(alert.score * alert.amount_at_risk_fen)
        case = cases.get(key)
        if case is None:
            if room == 0:
                deferred += 1
                continue
            case = cases[key] = _open(*key, alert.scheme, priority, alert.amount_at_risk_fen,
                                      actor, {"alert": alert.pk})
            room -= 1
            opened += 1
        else:
            _join(case, alert.scheme, priority, alert.amount_at_risk_fen)
            timeline.record(case, CaseAction.ALERT_JOINED, actor, changes={"alert": alert.pk})
            joined += 1
        case.alerts.add(alert)
    return Intake(opened, joined, deferred)


def objection_subject(objection) -> tuple[str, str, int]:
    """(subject type, subject ID, amount at risk in fen) of an objection: the claim of the
    line it names, else the whole notice."""
    line = objection.notice.lines.filter(line_no=objection.line_no).first() if (
        objection.line_no is not None) else None
    if line is None:
        return CaseSubject.NOTICE, str(objection.notice_id), 0
    return CaseSubject.CLAIM, line.claim_id, line.reimbursed_fen


@transaction.atomic
def open_case_from_objection(objection, actor) -> Case:
    """DOMAIN.md: "Objections are intake for investigations: one click opens a case". The
    objection joins its subject's open case (with its alerts, if any) or opens one, ranked as
    if scored settings.CASE_OBJECTION_SCORE_PERCENT; no weekly capacity applies, a person
    asked for it."""
    if not actor.has_perm(OPEN_FROM_OBJECTION):
        raise PermissionDenied(_("You may not open cases."))
    subject_type, subject_id, amount = objection_subject(objection)
    priority = amount * settings.CASE_OBJECTION_SCORE_PERCENT // 100
    case = _open_cases({(subject_type, subject_id)}).get((subject_type, subject_id))
    if case is None:
        case = _open(subject_type, subject_id, "", priority, amount, actor,
                     {"objection": objection.pk})
    elif case.objections.filter(pk=objection.pk).exists():
        return case
    else:
        _join(case, "", priority, amount)
    case.objections.add(objection)
    timeline.record(case, CaseAction.OBJECTION_JOINED, actor, objection.text[:500],
                    changes={"objection": objection.pk, "notice": objection.notice_id})
    return case


def cases_of_objections(objection_ids) -> dict[int, int]:
    """objection ID -> ID of the newest case it joined (the notices' pages show the link)."""
    found = {}
    for objection_id, case_id in Case.objects.filter(
            objections__in=list(objection_ids)).order_by("pk").values_list("objections", "pk"):
        found[objection_id] = case_id
    return found


# What home pages and dashboards read (the dashboard app), in the user's scope.

def caseload(user, today: dt.date) -> dict[str, int]:
    """Open cases assigned to the user, how many of those are past their due date, and open
    cases nobody has taken yet (the investigators' and their supervisor's day)."""
    from django.db.models import Count, Q

    from registry.scope import restrict

    return restrict(Case.objects.filter(closed_at__isnull=True), user).aggregate(
        mine=Count("pk", filter=Q(assignee=user)),
        overdue=Count("pk", filter=Q(assignee=user, due_on__lt=today)),
        unassigned=Count("pk", filter=Q(assignee__isnull=True)))


def recoveries(user, year: int) -> list[tuple[dt.date, int]]:
    """(month, amount ordered back in fen) of the recovery orders issued in the year, refunds
    and penalties together (DOMAIN.md: money is recovered; fabricated evidence 3 x)."""
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    from casework.models import RecoveryOrder
    from registry.scope import restrict

    cases = restrict(Case.objects.all(), user).values("pk")
    rows = (RecoveryOrder.objects.filter(case__in=cases, issued_at__year=year)
            .annotate(month=TruncMonth("issued_at")).values("month")
            .annotate(fen=Sum("amount_fen")).order_by("month"))
    return [(timezone.localdate(row["month"]) if isinstance(row["month"], dt.datetime)
             else row["month"], row["fen"]) for row in rows]
