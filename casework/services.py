"""What other apps call in casework: intake of fraud alerts (issue 7, queueing)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from casework.models import Case


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


@transaction.atomic
def open_or_join_case(alerts, actor=None) -> Intake:
    """Queue alerts in priority order (score x amount at risk): an alert joins its subject's
    case if one exists (one case per subject, related alerts grouped), else opens one while
    this week's openings stay within settings.FRAUD_WEEKLY_CASE_CAPACITY; the rest wait for
    the next scoring (deferred)."""
    now = timezone.now()
    capacity = settings.FRAUD_WEEKLY_CASE_CAPACITY
    room = max(capacity - Case.objects.filter(opened_at__gte=week_start(now)).count(), 0)
    ordered = sorted(alerts, key=lambda a: a.score * a.amount_at_risk_fen, reverse=True)
    keys = {(a.subject_type, a.subject_id) for a in ordered}
    cases = {(c.subject_type, c.subject_id): c for c in Case.objects.filter(
        subject_id__in={k[1] for k in keys}) if (c.subject_type, c.subject_id) in keys}
    opened = joined = deferred = 0
    for alert in ordered:
        key = (alert.subject_type, alert.subject_id)
        priority = round(alert.score * alert.amount_at_risk_fen)
        case = cases.get(key)
        if case is None:
            if room == 0:
                deferred += 1
                continue
            case = Case.objects.create(subject_type=key[0], subject_id=key[1],
                                       schemes=alert.scheme, priority_fen=priority)
            cases[key] = case
            room -= 1
            opened += 1
            audit.record(actor, "casework.open_case", case, changes={"alert": alert.pk})
        else:
            schemes = sorted(set(case.scheme_list) | {alert.scheme})
            case.schemes = ";".join(schemes)
            case.priority_fen = max(case.priority_fen, priority)
            case.save(update_fields=["schemes", "priority_fen"])
            joined += 1
        case.alerts.add(alert)
    return Intake(opened, joined, deferred)
