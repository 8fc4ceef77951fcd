"""Referral-test helpers: a fixed clock, filing and deciding as personas, a record's open task.

The personas (tests/county.py): `hospital_admin_h2` files from the county hospital H2 to the
city hospital H3 (level 3, out of county: inpatient claims there need a referral); the county
`director` decides; `hospital_admin_h3` receives.
"""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from workflow.emergencies import report_emergency
from workflow.referrals import decide, file_referral
from workflow.services import OPEN_TASK

FILED_AT = dt.datetime(2025, 3, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


class Clock:
    """`timezone.now()` for the test: set it to any day, advance it by days."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def advance(self, days: int) -> None:
        self.now += dt.timedelta(days=days)

    def today(self) -> dt.date:
        return timezone.localdate(self.now)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fixed = Clock(FILED_AT)
    monkeypatch.setattr(timezone, "now", lambda: fixed.now)
    return fixed


def open_task(record) -> Task:
    return Task.objects.get(process=record.process, status__in=OPEN_TASK)


def file(county, person="zhang_wei", to="H3", by="hospital_admin_h2", urgency="routine"):
    return file_referral(county.staff[by], county.people[person].pk, to, "I21.9",
                         "Needs coronary angiography, not available here.", urgency)


def approve(county, referral, by="director"):
    decided = decide(open_task(referral).pk, county.staff[by], True)
    referral.refresh_from_db()
    return decided


def reject(county, referral, reason="Treatable at the county hospital.", by="director"):
    decided = decide(open_task(referral).pk, county.staff[by], False, reason)
    referral.refresh_from_db()
    return decided


def report(county, admitted_on, person="zhang_wei", by="hospital_admin_h3"):
    return report_emergency(county.staff[by], county.people[person].pk, admitted_on, "S06.0")
