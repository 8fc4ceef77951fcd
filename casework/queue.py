"""The investigators' queue: open cases by priority (score x amount at risk), filtered,
sortable by its other columns and exported like every list (claimdesk.tables).

Keyset pagination: in priority order each page is one indexed range scan of `case_queue`
(or the filter's index), however deep the investigator pages, instead of an OFFSET that
reads every row before it (bench/casework.py: 50,000 open cases); the other orders page the
same way on their column and the case number.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DateField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Case
from claimdesk.tables import Column, Table
from registry.scope import restrict

PAGE = 50


@dataclass(frozen=True)
class Filters:
    scheme: str = ""
    township: str = ""
    hospital: str = ""
    state: str = ""
    assignee: str = ""  # "me", "none" or a user ID
    overdue: bool = False

    @classmethod
    def from_query(cls, query) -> Filters:
        return cls(**{name: query.get(name, "").strip() for name in (
            "scheme", "township", "hospital", "state", "assignee")},
            overdue=query.get("overdue") == "1")


def open_cases(user):
    """Open cases the user may see: investigators and the supervisor see the county
    (registry.scope: cases reach no township or hospital)."""
    return restrict(Case.objects.filter(closed_at__isnull=True), user)


def filtered(user, filters: Filters):
    cases = open_cases(user)
    if filters.scheme:
        cases = cases.filter(schemes__contains=filters.scheme)
    if filters.township:
        cases = cases.filter(township_id=filters.township)
    if filters.hospital:
        cases = cases.filter(hospital_id=filters.hospital)
    if filters.state:
        cases = cases.filter(state=filters.state)
    if filters.assignee == "me":
        cases = cases.filter(assignee=user)
    elif filters.assignee == "none":
        cases = cases.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        cases = cases.filter(assignee_id=int(filters.assignee))
    if filters.overdue:
        cases = cases.filter(due_on__lt=timezone.localdate())
    return cases


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


COLUMNS = [
    Column("case", _("Case"), lambda c: c.pk, "pk"),
    Column("subject", _("Subject"), lambda c: f"{c.get_subject_type_display()} {c.subject_id}",
           "subject_id"),
    Column("schemes", _("Schemes"), lambda c: c.scheme_names),
    Column("priority", _("Priority"), lambda c: _yuan(c.priority_fen), "priority_fen"),
    Column("amount", _("Amount at risk (yuan)"), lambda c: _yuan(c.amount_at_risk_fen),
           "amount_at_risk_fen"),
    Column("state", _("State"), lambda c: c.get_state_display(), "state"),
    Column("due", _("Due on"), lambda c: c.due_on, "due_sort"),
    Column("township", _("Township"), lambda c: c.township.name if c.township else ""),
    Column("hospital", _("Hospital"), lambda c: c.hospital.name if c.hospital else ""),
    Column("investigator", _("Investigator"), lambda c: c.assignee.username if c.assignee
           else ""),
]
"""The queue's columns; sorted by priority unless a sortable header is chosen."""


def table(request) -> Table:
    return Table(request, COLUMNS, default="-priority", size=PAGE)


def listed(cases):
    """The cases as the queue loads them: with their places and investigator, and a due
    date that sorts (cases without one last)."""
    return cases.select_related("township", "hospital", "assignee").annotate(
        due_sort=Coalesce("due_on", Value(dt.date.max, output_field=DateField())))
