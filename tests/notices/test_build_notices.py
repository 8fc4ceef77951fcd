"""build_notices drafts one notice per township from the claims paid that month, with masked
names, totals equal to the lines and to the accountant's payment batches, and fund figures
from the contribution rates (DOMAIN.md "Monthly public notices")."""
import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from notices.choices import NoticeState
from notices.models import Notice
from tests.notices.conftest import MARCH, notice_of
from workflow.models import Claim


def test_one_draft_per_township_with_the_month_paid_claims(march):
    t01, t02 = notice_of("T01"), notice_of("T02")
    assert (t01.state, t02.state) == (NoticeState.DRAFT, NoticeState.DRAFT)
    assert sorted(t01.lines.values_list("masked_name", flat=True)) == sorted(
        ["张*", "李*", "木*", "司*光", "诸**明"])
    assert sorted(t02.lines.values_list("masked_name", flat=True)) == ["上**儿", "欧**文"]
    line = t01.lines.get(masked_name="李*")
    assert (line.village_id, line.hospital_name, line.claim_type, line.total_cost_fen) == (
        "T01V02", "东河镇卫生院", "inpatient", 60000)
    assert line.paid_on == dt.date(2025, 3, 20)


def test_february_payment_is_not_on_the_march_notice(march):
    assert notice_of("T01").claim_count == 5


def test_totals_equal_the_lines_and_the_ledger(march):
    for township in ("T01", "T02"):
        notice = notice_of(township)
        lines = notice.lines.aggregate(cost=Sum("total_cost_fen"), paid=Sum("reimbursed_fen"))
        paid = Claim.objects.filter(
            person__household__township_id=township, payment_batch__paid_at__month=3)
        batches = paid.aggregate(total=Sum("assessment__reimbursed_fen")
                                 + Sum("assessment__supplement_fen"))["total"]
        assert notice.claim_count == notice.lines.count() == paid.count()
        assert notice.total_cost_fen == lines["cost"] == paid.aggregate(t=Sum("total_fen"))["t"]
        assert notice.reimbursed_fen == lines["paid"] == notice.month_spending_fen == batches


def test_fund_figures_come_from_the_contribution_rates(march):
    t01 = notice_of("T01")
    # T01 enrols 张伟, 木, 司马光 (tier 1, 100 yuan) and 李娜, 诸葛孔明 (tier 2, 200 yuan), all
    # from 1 January: nothing raised in March, 700 yuan this year.
    assert (t01.month_income_fen, t01.year_income_fen, t01.enrolled_people) == (0, 70000, 5)
    feb = Claim.objects.get(payment_batch__paid_at__month=2)
    feb_paid = feb.assessment.reimbursed_fen + feb.assessment.supplement_fen
    assert t01.year_spending_fen == t01.month_spending_fen + feb_paid
    assert t01.year_figures.balance_fen == 70000 - t01.year_spending_fen
    assert t01.month_figures.utilisation_percent is None


def test_command_is_idempotent_and_drafts_quiet_townships_too(county):
    call_command("build_notices", "--month", "2025-03")
    call_command("build_notices", "--month", "2025-03")
    assert Notice.objects.filter(month=MARCH).count() == 2
    assert set(Notice.objects.values_list("claim_count", flat=True)) == {0}


def test_command_refuses_a_month_not_ended(county):
    with pytest.raises(CommandError):
        call_command("build_notices", "--month", "2999-01")
    with pytest.raises(CommandError):
        call_command("build_notices", "--month", "March")
    assert not Notice.objects.exists()


def test_each_draft_waits_for_the_supervision_committee(march):
    from tests.notices.conftest import open_task

    task = open_task(notice_of("T01"))
    assert task.flow_task.name == "review"
    assert task.owner_permission == "notices.review_notice"
