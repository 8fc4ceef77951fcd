"""Tasks are offered only to people in scope; out of scope, nobody can act (DOMAIN.md
"Who uses it": own township for clerks and township leaders)."""
import pytest
from django.core.exceptions import PermissionDenied

from tests.workflow.claims import make_claim
from workflow.choices import ClaimState
from workflow.models import ReviewDecision
from workflow.services import open_tasks


def test_clerk_of_own_township_is_offered_the_task(county):
    claim = make_claim(county, "zhang_wei", 5000)
    assert [t.process.claim_review.claim_id for t in open_tasks(county.staff["clerk_t01"])] == [
        claim.pk]


def test_clerk_of_another_township_neither_sees_nor_acts(county, act):
    claim = make_claim(county, "zhang_wei", 5000)
    other = county.staff["clerk_t02"]
    assert list(open_tasks(other)) == []
    with pytest.raises(PermissionDenied, match="outside your scope"):
        act(claim, other)
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
    assert not ReviewDecision.objects.filter(claim=claim).exists()


def test_leader_is_not_offered_the_clerks_level(county, act):
    claim = make_claim(county, "zhang_wei", 5000)
    assert list(open_tasks(county.staff["leader_t01"])) == []
    with pytest.raises(PermissionDenied, match="not your role"):
        act(claim, county.staff["leader_t01"])
    assert not ReviewDecision.objects.filter(claim=claim).exists()


def test_county_director_sees_tasks_of_every_township_at_level_3(county, act):
    claim = make_claim(county, "ouyang_xiu", 40000, hospital="H2")
    act(claim, county.staff["clerk_t02"])
    act(claim, county.staff["leader_t02"])
    assert [t.process.claim_review.claim_id for t in open_tasks(county.staff["director"])] == [
        claim.pk]
