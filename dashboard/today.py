"""What a person has to do today: one card per kind of work their role does, with counts and
the link to the list where they do it (issue 10: home pages).

Each count comes from the owning app's services, in the user's scope; a card shows only when
the user's permissions let them do that work, so each role sees its own day.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import get_language, gettext as _

from casework import services as casework
from dashboard.money import format_fen
from fraud import services as fraud
from notices import services as notices
from workflow import referrals
from workflow import services as workflow
from workflow.models import REVIEW_PERMISSIONS


@dataclass
class WorkItem:
    """One card: what, how many, what is urgent about it, and where to do it."""

    key: str
    title: str
    count: int
    url: str
    notes: list[str] = field(default_factory=list)
    urgent: bool = False


def review_work(user, today: dt.date) -> WorkItem | None:
    if not any(user.has_perm(p) for p in REVIEW_PERMISSIONS.values()):
        return None
    counts = workflow.task_counts(user, today)
    notes = [_("%(n)s taken by you") % {"n": counts["mine"]},
             _("%(n)s due today") % {"n": counts["due_today"]},
             _("%(n)s overdue") % {"n": counts["overdue"]}]
    return WorkItem("reviews", _("Claims to review"), counts["open"], reverse("claim:queue"),
                    notes, urgent=counts["overdue"] > 0)


def notice_work(user) -> WorkItem | None:
    if not (user.has_perm("notices.review_notice") or user.has_perm("notices.change_notice")):
        return None
    return WorkItem("notices", _("Public notices waiting for you"),
                    notices.open_tasks(user).count(), reverse("notice_review:queue"))


def payment_work(user) -> WorkItem | None:
    if not user.has_perm("workflow.pay_batch"):
        return None
    work = workflow.payment_work(user)
    language = get_language()
    notes = [_("%(amount)s to pay") % {"amount": format_fen(work["claims_fen"], language)},
             _("%(n)s open batches (%(amount)s)") % {
                 "n": work["batches"], "amount": format_fen(work["batches_fen"], language)}]
    return WorkItem("payments", _("Approved claims waiting for payment"), work["claims"],
                    reverse("claims:claim:list") + "?state=approved", notes)


def case_work(user, today: dt.date) -> WorkItem | None:
    if not user.has_perm("casework.view_case"):
        return None
    load = casework.caseload(user, today)
    return WorkItem("cases", _("Cases assigned to you"), load["mine"],
                    reverse("casework:index") + "?assignee=me",
                    [_("%(n)s overdue") % {"n": load["overdue"]},
                     _("%(n)s open cases not yet assigned") % {"n": load["unassigned"]}],
                    urgent=load["overdue"] > 0)


def referral_work(user) -> WorkItem | None:
    """The county office decides referral requests and emergency reports; a hospital
    follows the requests it filed."""
    if user.has_perm("workflow.decide_referral"):
        work = referrals.pending(user)
        return WorkItem("referrals", _("Referrals and emergency reports to decide"),
                        work["to_decide"], reverse("referral_review:queue"))
    if user.has_perm("workflow.add_referral"):
        work = referrals.pending(user)
        return WorkItem("referrals", _("Referral requests waiting for the county office"),
                        work["waiting"], reverse("referrals:index"))
    return None


def alert_work(user) -> WorkItem | None:
    if not user.has_perm("fraud.view_alert"):
        return None
    counts = fraud.alerts_by_scheme()
    return WorkItem("alerts", _("Fraud alerts"), sum(n for n, _c in counts.values()),
                    reverse("fraud:alert:list"),
                    [_("%(n)s confirmed") % {"n": sum(c for _n, c in counts.values())}])


def claims_in_progress(user) -> WorkItem | None:
    """Claims in the user's scope still moving (received, in review, returned): what a
    hospital administrator or supervisor follows without deciding."""
    if not user.has_perm("workflow.view_claim"):
        return None
    states = workflow.claim_state_counts(user)
    moving = ("received", "checked", "in_review", "returned", "appealed")
    notes = [_("%(n)s rejected") % {"n": states.get("rejected", 0)},
             _("%(n)s approved") % {"n": states.get("approved", 0)},
             _("%(n)s paid") % {"n": states.get("paid", 0)}]
    return WorkItem("claims", _("Claims in progress"), sum(states.get(s, 0) for s in moving),
                    reverse("claims:claim:list") + "?state=in_review", notes)


def work_items(user, today: dt.date) -> list[WorkItem]:
    """The cards of the user's home page, most pressing kind of work first."""
    items = [review_work(user, today), case_work(user, today), referral_work(user),
             notice_work(user), payment_work(user), alert_work(user), claims_in_progress(user)]
    return [item for item in items if item is not None]
