"""Four eyes, enforced on the server: each attempt is refused with a clear message and
changes nothing (DOMAIN.md "Approval levels for claims")."""
import pytest
from django.contrib.auth.models import Permission

from registry.models import DeclaredRelation
from tests.workflow.claims import make_claim
from tests.workflow.conftest import open_task
from workflow.choices import ClaimState
from workflow.models import ReviewDecision
from workflow.services import FourEyesViolation


def assert_unchanged(claim, level=1):
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
    assert not ReviewDecision.objects.filter(claim=claim, level=level).exists()
    assert open_task(claim).owner_id is None


def test_nobody_approves_a_claim_they_entered(county, act):
    clerk = county.staff["clerk_t01"]
    claim = make_claim(county, "zhang_wei", 5000, entered_by=clerk)
    with pytest.raises(FourEyesViolation, match="You entered claim"):
        act(claim, clerk)
    assert_unchanged(claim)


def test_nobody_approves_a_claim_of_their_own_household(county, act):
    leader = county.staff["leader_t01"]
    leader.staff.household = county.people["zhang_wei"].household
    leader.staff.save()
    claim = make_claim(county, "zhang_wei", 5000)
    act(claim, county.staff["clerk_t01"])
    with pytest.raises(FourEyesViolation, match="your own household"):
        act(claim, leader)
    assert_unchanged(claim, level=2)


def test_nobody_approves_a_claim_of_a_declared_relation(county, act):
    leader = county.staff["leader_t01"]
    DeclaredRelation.objects.create(user=leader, person=county.people["zhang_wei"],
                                    relation="sibling")
    claim = make_claim(county, "zhang_wei", 5000)
    act(claim, county.staff["clerk_t01"])
    with pytest.raises(FourEyesViolation, match="declared a relation"):
        act(claim, leader)
    assert_unchanged(claim, level=2)


def test_nobody_approves_one_claim_twice(county, act):
    clerk = county.staff["clerk_t01"]
    clerk.user_permissions.add(Permission.objects.get(codename="review_claim_level_2"))
    claim = make_claim(county, "zhang_wei", 5000)
    act(claim, clerk)
    clerk = type(clerk).objects.get(pk=clerk.pk)  # fresh permission cache
    with pytest.raises(FourEyesViolation, match="already decided"):
        act(claim, clerk)
    assert_unchanged(claim, level=2)


def test_the_rejecting_reviewer_cannot_decide_the_appeal(county, act):
    from workflow.services import appeal

    director = county.staff["director"]
    director.user_permissions.add(Permission.objects.get(codename="review_claim_level_4"))
    claim = make_claim(county, "li_na", 30000, hospital="H2")
    for who in ("clerk_t01", "leader_t01"):
        act(claim, county.staff[who])
    act(claim, director, "rejected", "bed days padded")
    appeal(claim.pk, county.staff["clerk_t01"], "bed days were needed")
    director = type(director).objects.get(pk=director.pk)
    with pytest.raises(FourEyesViolation):
        act(claim, director)
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPEALED
