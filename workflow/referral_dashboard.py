"""The hospital administrators' dashboard (DOMAIN.md "Hospital administrators see their
referrals and where each one stands, with elapsed time"): their hospital's referrals, sent and
received, and its emergency reports, by status, with elapsed time and due dates; the same rows
feed the page and the CSV and XLSX exports, and the counts above the tables count the same
filtered rows (by the status the table shows).

Lists start from registry.scope: a hospital administrator sees the referrals from or to their
hospital and their hospital's emergency reports, county roles everything.

What "elapsed" and "due" mean here (DOMAIN.md names no deadline for the office's decision):
- a referral request: elapsed since it was filed, until decided (then the time the decision
  took); due: the last day of an approved referral's window.
- an emergency report: elapsed from admission to report; due: the last day to report on time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DateField, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from registry.scope import restrict
from workflow.choices import EmergencyStatus, ReferralStanding, ReferralStatus
from workflow.models import EmergencyReport, Referral
from workflow.referrals import hospital_of, standing, standing_of


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    direction: str
    standing: ReferralStanding
    elapsed: dt.timedelta | None
    due_on: dt.date | None


@dataclass(frozen=True)
class ReportRow:
    report: EmergencyReport
    elapsed_days: int


def elapsed_text(elapsed: dt.timedelta | None) -> str:
    """"2 d 5 h" (days and hours), or "" when the referral was imported without a filing time."""
    if elapsed is None:
        return ""
    hours = int(elapsed.total_seconds() // 3600)
    return _("%(days)s d %(hours)s h") % {"days": hours // 24, "hours": hours % 24}


def _direction(from_hospital: str, to_hospital: str, viewer: str | None) -> str:
    """"sent" or "received" as the viewer's hospital sees it ("" for county staff)."""
    if viewer == from_hospital:
        return _("sent")
    if viewer == to_hospital:
        return _("received")
    return ""


def referrals_in_view(user, filters: dict):
    """The referrals the user may see, filtered (status, filed or valid-from dates, destination),
    newest first: a queryset, so a page builds rows for its own referrals only."""
    referrals = restrict(Referral.objects.select_related(
        "person", "from_hospital", "to_hospital"), user).annotate(
        day=Coalesce(TruncDate("requested_at"), "valid_from", output_field=DateField()))
    if filters.get("status"):
        referrals = referrals.filter(status=filters["status"])
    if filters.get("date_from"):
        referrals = referrals.filter(day__gte=filters["date_from"])
    if filters.get("date_to"):
        referrals = referrals.filter(day__lte=filters["date_to"])
    if filters.get("destination"):
        referrals = referrals.filter(to_hospital_id=filters["destination"])
    return referrals.order_by("-day", "-referral_no").defer("certificate_pdf")


def referral_row(referral: Referral, hospital: str | None, now: dt.datetime,
                 today: dt.date) -> ReferralRow:
    """One referral as the dashboard shows it; `hospital` is the viewer's (for the direction)."""
    elapsed = None
    if referral.requested_at is not None:
        elapsed = (referral.decided_at or now) - referral.requested_at
    return ReferralRow(referral,
                       _direction(referral.from_hospital_id, referral.to_hospital_id, hospital),
                       standing(referral, today),
                       elapsed, referral.valid_to if referral.valid_from else None)


def reports_in_view(user, filters: dict):
    """The emergency reports the user may see, filtered (status, admission dates, hospital)."""
    reports = restrict(EmergencyReport.objects.select_related("person", "hospital"), user)
    if filters.get("report_status"):
        reports = reports.filter(status=filters["report_status"])
    if filters.get("date_from"):
        reports = reports.filter(admitted_on__gte=filters["date_from"])
    if filters.get("date_to"):
        reports = reports.filter(admitted_on__lte=filters["date_to"])
    if filters.get("destination"):
        reports = reports.filter(hospital_id=filters["destination"])
    return reports.order_by("-admitted_on", "-id")


def report_row(report: EmergencyReport) -> ReportRow:
    return ReportRow(report, (report.reported_on - report.admitted_on).days)


def standing_conditions(today: dt.date) -> dict[ReferralStanding, Q]:
    """Each standing on `today` as a database condition: workflow.referrals.standing_of's
    rule (an approved referral past `valid_to` is expired before expire_referrals runs)."""
    lapsed = Q(status=ReferralStatus.APPROVED, valid_to__lt=today)
    return {
        ReferralStanding.PENDING: Q(status=ReferralStatus.REQUESTED),
        ReferralStanding.VALID: Q(status=ReferralStatus.APPROVED) & ~lapsed,
        ReferralStanding.EXPIRED: Q(status=ReferralStatus.EXPIRED) | lapsed,
        ReferralStanding.REJECTED: Q(status=ReferralStatus.REJECTED),
    }


def referral_counts(referrals, today: dt.date) -> list[tuple[ReferralStanding, int]]:
    """How many of `referrals` (referrals_in_view: scope and filters applied) stand each way
    today, as the table's status column shows them; one query."""
    conditions = standing_conditions(today)
    totals = referrals.order_by().aggregate(**{
        standing.value: Count("pk", filter=condition)
        for standing, condition in conditions.items()})
    return [(standing, totals[standing.value]) for standing in conditions]


def report_counts(reports) -> tuple[list[tuple[EmergencyStatus, int]], int]:
    """How many of `reports` (reports_in_view) are in each status, and how many were late."""
    totals = reports.order_by().aggregate(
        late=Count("pk", filter=Q(late=True)),
        **{status.value: Count("pk", filter=Q(status=status)) for status in EmergencyStatus})
    return [(status, totals[status.value]) for status in EmergencyStatus], totals["late"]


EXPORT_HEADER = ["kind", "number", "direction", "patient", "resident_id", "from_hospital",
                 "to_hospital", "diagnosis", "urgency", "status", "standing",
                 "filed_or_admitted", "decided_at", "valid_from", "valid_to_or_report_due",
                 "elapsed_hours",                 "reported_after_days", "late"]


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


def export_rows(user, filters: dict, now: dt.datetime, today: dt.date):
    """The dashboard as CSV or XLSX rows (header EXPORT_HEADER), every row under the filters:
    referrals,
    then emergency reports (if the user may read them). Read as plain rows in chunks, not
    model objects: an export of a county's year is tens of thousands of rows
    (bench/referrals.py)."""
    hospital = hospital_of(user)
    for (number, name, person_id, from_hospital, to_hospital, diagnosis, urgency, status,
         requested_at, decided_at, valid_from, valid_to) in referrals_in_view(
            user, filters).values_list(
            "referral_no", "person__name", "person_id", "from_hospital_id", "to_hospital_id",
            "diagnosis_code", "urgency", "status", "requested_at", "decided_at", "valid_from",
            "valid_to").iterator(chunk_size=5000):
        hours = ("" if requested_at is None
                 else int(((decided_at or now) - requested_at).total_seconds() // 3600))
        yield ["referral", number, _direction(from_hospital, to_hospital, hospital), name,
               person_id, from_hospital, to_hospital, diagnosis, urgency, status,
               standing_of(status, valid_to, today).value, _iso(requested_at),
               _iso(decided_at), _iso(valid_from), _iso(valid_to), hours, "", ""]
    if not user.has_perm("workflow.view_emergencyreport"):
        return
    for (pk, name, person_id, hospital_id, diagnosis, status, admitted_on, reviewed_at, due_on,
         reported_on, late) in reports_in_view(user, filters).values_list(
            "pk", "person__name", "person_id", "hospital_id", "diagnosis_code", "status",
            "admitted_on", "reviewed_at", "due_on", "reported_on", "late").iterator(
            chunk_size=5000):
        yield ["emergency_report", pk, "", name, person_id, "", hospital_id, diagnosis, "",
               status, "", _iso(admitted_on), _iso(reviewed_at), "", _iso(due_on), "",
               (reported_on - admitted_on).days, "true" if late else "false"]
