"""Every path through the claim flow: each level, reject, return, appeal (DOMAIN.md
"Approval levels for claims")."""
import pytest
from django.core.exceptions import ValidationError
from viewflow.workflow.models import Process
from viewflow.workflow.status import PROCESS

from tests.workflow.claims import make_claim
from tests.workflow.conftest import open_task
from workflow.choices import ClaimState, Decision
from workflow.models import ClaimReview, ReviewDecision
from workflow.services import appeal


def decisions(claim):
    return list(ReviewDecision.objects.filter(claim=claim).order_by("level")
                .values_list("level", "decided_by__username", "decision"))


def test_level_2_clerk_then_township_leader(county, act):
    claim = make_claim(county, "zhang_wei", 5000)
    act(claim, county.staff["clerk_t01"])
    assert claim.state == ClaimState.IN_REVIEW
    assert open_task(claim).owner_permission == "workflow.review_claim_level_2"
    act(claim, county.staff["leader_t01"])
    assert claim.state == ClaimState.APPROVED
    assert decisions(claim) == [(1, "clerk_t01", "approved"), (2, "leader_t01", "approved")]
    assert ReviewDecision.objects.get(claim=claim, level=2).paid_amount_fen == 367500
    assert Process.objects.get(claim_review__claim=claim).status == PROCESS.DONE


def test_level_3_adds_the_county_director(county, act):
    claim = make_claim(county, "li_na", 30000, hospital="H2")
    for who in ("clerk_t01", "leader_t01", "director"):
        act(claim, county.staff[who])
    assert claim.state == ClaimState.APPROVED
    assert [d[1] for d in decisions(claim)] == ["clerk_t01", "leader_t01", "director"]


def test_level_4_ends_with_the_leading_group(county, act):
    claim = make_claim(county, "li_na", 60000, hospital="H2")
    for who in ("clerk_t01", "leader_t01", "director"):
        act(claim, county.staff[who])
        assert claim.state == ClaimState.IN_REVIEW
    act(claim, county.staff["committee"])
    assert claim.state == ClaimState.APPROVED
    assert len(decisions(claim)) == 4


def test_rejection_needs_a_reason_and_ends_the_review(county, act):
    claim = make_claim(county, "zhang_wei", 5000)
    with pytest.raises(ValidationError):
        act(claim, county.staff["clerk_t01"], Decision.REJECTED)
    assert claim.state == ClaimState.IN_REVIEW
    act(claim, county.staff["clerk_t01"])
    act(claim, county.staff["leader_t01"], Decision.REJECTED, "stay not justified")
    assert claim.state == ClaimState.REJECTED
    assert decisions(claim)[-1] == (2, "leader_t01", "rejected")
    assert Process.objects.get(claim_review__claim=claim).status == PROCESS.DONE


def test_return_for_correction_restarts_at_the_first_level(county, act):
    from workflow.services import resubmit

    claim = make_claim(county, "zhang_wei", 5000)
    act(claim, county.staff["clerk_t01"])
    act(claim, county.staff["leader_t01"], Decision.RETURNED, "discharge letter missing")
    assert claim.state == ClaimState.RETURNED
    task = open_task(claim)
    assert task.flow_task.name == "correct"
    resubmit(task.pk, county.staff["clerk_t01"], "letter attached")
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
    assert open_task(claim).owner_permission == "workflow.review_claim_level_1"
    act(claim, county.staff["clerk_t01"])
    act(claim, county.staff["leader_t01"])
    assert claim.state == ClaimState.APPROVED


def test_appeal_is_reviewed_one_level_up_and_only_once(county, act):
    claim = make_claim(county, "zhang_wei", 5000)
    act(claim, county.staff["clerk_t01"], Decision.REJECTED, "not enrolled at the time")
    review = appeal(claim.pk, county.staff["clerk_t01"],
                    "enrolment certificate produced")
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPEALED
    assert (review.is_appeal, review.next_level) == (True, 2)
    act(claim, county.staff["leader_t01"])
    assert claim.state == ClaimState.APPROVED
    assert ClaimReview.objects.filter(claim=claim).count() == 2


def test_a_second_appeal_is_refused(county, act):
    claim = make_claim(county, "zhang_wei", 5000)
    act(claim, county.staff["clerk_t01"], Decision.REJECTED, "duplicate bill")
    appeal(claim.pk, county.staff["clerk_t01"], "not a duplicate")
    act(claim, county.staff["leader_t01"], Decision.REJECTED, "it is a duplicate")
    with pytest.raises(ValidationError, match="appeal once"):
        appeal(claim.pk, county.staff["clerk_t01"], "still not a duplicate")
    claim.refresh_from_db()
    assert claim.state == ClaimState.REJECTED


def test_automatic_rejection_is_appealed_to_the_clerk(county, act):
    claim = make_claim(county, "zhang_wei", 800, hospital="HP")
    review = appeal(claim.pk, county.staff["clerk_t01"], "hospital is designated")
    assert review.next_level == 1
    act(claim, county.staff["clerk_t01"], Decision.REJECTED, "for-profit hospital")
    assert claim.state == ClaimState.REJECTED
