"""The investigators' queue: open cases by priority (score x amount at risk), filtered.

Keyset pagination on (priority descending, ID): each page is one indexed range scan of
`case_queue` (or the filter's index), however deep the investigator pages, instead of an
OFFSET that reads every row before it (bench/casework.py: 50,000 open cases).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from casework.models import Case
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


def parse_after(value: str) -> tuple[int, int] | None:
    """The `after` cursor "priority.id" of the last row shown, or None."""
    priority, _dot, pk = value.partition(".")
    try:
        return int(priority), int(pk)
    except ValueError:
        return None


def page(cases, after: tuple[int, int] | None, size: int = PAGE) -> tuple[list, str]:
    """(rows, cursor of the next page or "")."""
    if after is not None:
        priority, pk = after
        cases = cases.filter(Q(priority_fen__lt=priority) | Q(priority_fen=priority, pk__gt=pk))
    rows = list(cases.select_related("township", "hospital", "assignee")
                .order_by("-priority_fen", "pk")[:size + 1])
    if len(rows) <= size:
        return rows, ""
    last = rows[size - 1]
    return rows[:size], f"{last.priority_fen}.{last.pk}"
