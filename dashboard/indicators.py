"""The fund's dashboards: the three health indicators against their targets, spending by
township, hospital and month, approval times, and fraud alerts by scheme (issue 10).

Every figure comes from the owning app's services in the user's scope, so a township clerk
sees their township and a county director the county. Spending means what the fund owes or
has paid: the payable amount (reimbursement + veterans' supplement) of approved and paid
claims, dated by discharge (DOMAIN.md is silent; paid-only figures would stay empty until the
accountant's first batch, and the month of care is what offices report).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext as _

from casework import services as casework
from dashboard import charts
from dashboard.money import format_fen
from fraud import services as fraud
from fraud.choices import Scheme
from notices import services as notices
from registry import services as registry
from workflow import services as workflow
from workflow.models import ReviewDecision

# DOMAIN.md "The fund": the offices report enrolment rate (target 90%+), actual compensation
# ratio (reimbursed / total inpatient cost, target 50%+) and fund utilisation (spent / raised,
# target about 85%; read here as within UTILISATION_BAND points of it either way).
ENROLMENT_TARGET = Decimal(90)
COMPENSATION_TARGET = Decimal(50)
UTILISATION_TARGET = Decimal(85)
UTILISATION_BAND = Decimal(5)
TOP_ROWS = 12
"""Hospitals shown in the spending chart: the largest, the rest summed as "others"."""


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage to one decimal (half up), None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Indicator:
    title: str
    shown: str
    meets: bool
    detail: str
    svg: str


def _indicator(title: str, value: Decimal | None, target: Decimal, meets: bool,
               target_text: str, detail: str) -> Indicator:
    shown = f"{number_format(value, 1)}%" if value is not None else "—"
    return Indicator(title, shown, meets, detail,
                     charts.against_target(value, target, meets, title, target_text))


def indicators(user, year: int) -> tuple[list[Indicator], workflow.Spending]:
    language = get_language()
    residents, enrolled = registry.enrolment_counts(user, year)
    spending = workflow.spending(user, year)
    raised = notices.income(user, year)
    enrolment = percent(enrolled, residents)
    compensation = percent(spending.inpatient_reimbursed_fen, spending.inpatient_cost_fen)
    utilisation = percent(spending.total_fen, raised or 0)
    return [
        _indicator(_("Enrolment rate"), enrolment, ENROLMENT_TARGET,
                   enrolment is not None and enrolment >= ENROLMENT_TARGET,
                   _("target %(n)s%% or more") % {"n": ENROLMENT_TARGET},
                   _("%(enrolled)s of %(residents)s residents enrolled") % {
                       "enrolled": number_format(enrolled, force_grouping=True),
                       "residents": number_format(residents, force_grouping=True)}),
        _indicator(_("Actual compensation ratio"), compensation, COMPENSATION_TARGET,
                   compensation is not None and compensation >= COMPENSATION_TARGET,
                   _("target %(n)s%% or more") % {"n": COMPENSATION_TARGET},
                   _("%(paid)s reimbursed of %(cost)s inpatient cost") % {
                       "paid": format_fen(spending.inpatient_reimbursed_fen, language),
                       "cost": format_fen(spending.inpatient_cost_fen, language)}),
        _indicator(_("Fund utilisation"), utilisation, UTILISATION_TARGET,
                   utilisation is not None
                   and abs(utilisation - UTILISATION_TARGET) <= UTILISATION_BAND,
                   _("target about %(n)s%%") % {"n": UTILISATION_TARGET},
                   _("%(spent)s spent of %(raised)s raised") % {
                       "spent": format_fen(spending.total_fen, language),
                       "raised": format_fen(raised, language) if raised is not None
                       else _("no contribution rates for the year")}),
    ], spending


def _money_rows(rows, language) -> list[tuple[str, int, str]]:
    return [(str(label), fen, format_fen(fen, language)) for label, fen in rows]


def spending_charts(spending: workflow.Spending) -> dict[str, str]:
    language = get_language()
    hospitals = spending.by_hospital[:TOP_ROWS]
    rest = sum(fen for _name, fen in spending.by_hospital[TOP_ROWS:])
    if rest:
        hospitals = hospitals + [(_("Other hospitals"), rest)]
    months = [(date_format(month, "M"), fen, format_fen(fen, language))
              for month, fen in spending.by_month]
    return {
        "township": charts.bars(_money_rows(spending.by_township, language),
                                _("Spending by township")),
        "hospital": charts.bars(_money_rows(hospitals, language), _("Spending by hospital"),
                                label_width=200),
        "month": charts.columns(months, _("Spending by month of discharge")),
    }


def approval_chart(user, year: int) -> str | None:
    """Median days from submission to each level's decision, with how many decisions."""
    days = workflow.approval_days(user, year)
    if not days:
        return None
    levels = dict(ReviewDecision._meta.get_field("level").choices)
    rows = []
    for level in sorted(days):
        median = Decimal(statistics.median(days[level])).quantize(Decimal("0.1"), ROUND_HALF_UP)
        rows.append((str(levels.get(level, level)), round(median * 10),
                     _("%(days)s days (%(n)s decisions)") % {
                         "days": number_format(median, 1), "n": len(days[level])}))
    return charts.bars(rows, _("Median days from submission to decision"), label_width=200)


def fraud_chart(user) -> str | None:
    """Alerts and confirmed fraud by scheme, for those who may read alerts."""
    if not user.has_perm("fraud.view_alert"):
        return None
    labels = dict(Scheme.choices)
    rows = [(str(labels[scheme]), alerts, _("%(alerts)s alerts, %(confirmed)s confirmed") % {
        "alerts": alerts, "confirmed": confirmed})
        for scheme, (alerts, confirmed) in fraud.alerts_by_scheme().items()]
    return charts.bars(rows, _("Alerts by fraud scheme"), label_width=200)


def recovery_chart(user, year: int) -> str | None:
    """Money ordered back to the fund by month (casework's recovery orders), for those who
    read cases."""
    if not user.has_perm("casework.view_case"):
        return None
    language = get_language()
    rows = [(date_format(month, "M"), fen, format_fen(fen, language))
            for month, fen in casework.recoveries(user, year)]
    return charts.columns(rows, _("Recoveries ordered by month")) if rows else None
