"""Due dates: claims over 1,000 are paid within 7 days of submission; overdue work is listed
per office and a daily reminder goes to each office."""
import datetime as dt

from django.core import mail
from django.core.management import call_command

from tests.workflow.claims import make_claim
from workflow.models import ClaimReview
from workflow.services import overdue_by_office


def test_claim_of_level_1_has_no_payment_deadline(county):
    from workflow.services import payment_due_on

    assert payment_due_on(dt.date(2025, 3, 1), 1) is None
    assert payment_due_on(dt.date(2025, 3, 1), 2) == dt.date(2025, 3, 8)


def test_overdue_reviews_are_counted_per_office(county, act):
    make_claim(county, "zhang_wei", 5000)
    make_claim(county, "li_na", 5000)
    decided = make_claim(county, "ouyang_xiu", 5000)
    act(decided, county.staff["clerk_t02"])
    act(decided, county.staff["leader_t02"])
    due = ClaimReview.objects.first().due_on
    assert overdue_by_office(due) == {}
    assert overdue_by_office(due + dt.timedelta(days=1)) == {"T01": 2}


def test_daily_reminder_mails_each_office(county, capsys):
    clerk = county.staff["clerk_t01"]
    clerk.email = "clerk@t01.example"
    clerk.save()
    claim = make_claim(county, "zhang_wei", 5000)
    call_command("remind_overdue")
    assert "T01: 1 overdue, 1 reminded" in capsys.readouterr().out
    assert mail.outbox[0].to == ["clerk@t01.example"]
    assert claim.pk in mail.outbox[0].body
