"""What the calculator reads from referrals and emergency reports (DOMAIN.md "Precise
semantics": "A referral covers a claim when it is approved, names the same person and the
claim's hospital as destination, and valid_from <= admitted_on <= valid_to. An emergency report
covers it when admitted_on <= emergency_reported_on <= admitted_on + 3 days").

benefits.services calls these two functions in both of its paths (one claim, a whole year), so
the paths read the same rows and agree to the fen. Plain tuples, no model objects: the year's
path reads tens of thousands of rows.

Decisions where DOMAIN.md is silent:
- An `expired` referral still covers the admissions inside its window: expiry only records
  that the window has passed (the `expire_referrals` command), it does not undo the approval.
- An emergency report filed in ClaimDesk decides the admission's emergency date: accepted, its
  `reported_on`; awaiting review or rejected, none (the brief: "an accepted emergency report").
  An admission without one keeps the `emergency_reported_on` its claim carried (claims.csv:
  reports made to the office before ClaimDesk, or recorded by the hospital's system).
"""
import datetime as dt

from workflow.choices import EmergencyStatus, ReferralStatus
from workflow.models import EmergencyReport, Referral

COVERING_STATUSES = (ReferralStatus.APPROVED, ReferralStatus.EXPIRED)

Admission = tuple[str, str, dt.date]
"""(person_id, hospital_code, admitted_on): what one emergency report is about."""


def covering_referrals(start: dt.date, end: dt.date, person_ids=None) -> list[tuple]:
    """(person_id, to_hospital_code, valid_from, valid_to) of every approved (or since expired)
    referral whose window meets [start, end], in referral-number order."""
    referrals = Referral.objects.filter(status__in=COVERING_STATUSES, valid_from__lte=end,
                                        valid_to__gte=start)
    if person_ids is not None:
        referrals = referrals.filter(person_id__in=person_ids)
    return list(referrals.order_by("pk").values_list(
        "person_id", "to_hospital_id", "valid_from", "valid_to"))


def emergency_dates(start: dt.date, end: dt.date,
                    person_ids=None) -> dict[Admission, dt.date | None]:
    """For every admission in [start, end] with an emergency report in ClaimDesk, the date the
    calculator takes as reported: `reported_on` once accepted, else None (module docstring)."""
    reports = EmergencyReport.objects.filter(admitted_on__range=(start, end))
    if person_ids is not None:
        reports = reports.filter(person_id__in=person_ids)
    return {(person, hospital, admitted): reported if status == EmergencyStatus.ACCEPTED else None
            for person, hospital, admitted, reported, status in reports.values_list(
                "person_id", "hospital_id", "admitted_on", "reported_on", "status")}
