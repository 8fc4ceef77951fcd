"""Routing an import's claims: bulk decisions for level 0, a process for the rest."""
import datetime as dt

from viewflow.workflow.models import Process

from audit.models import AuditEntry
from tests.workflow.claims import make_claim
from tests.workflow.conftest import open_task
from workflow.choices import ClaimState
from workflow.models import Claim, ClaimReview
from workflow.services import review_path, route_claims


def test_clean_level_0_claim_is_approved_without_a_process(county):
    claim = make_claim(county, "zhang_wei", 500)
    assert claim.state == ClaimState.APPROVED
    assert not ClaimReview.objects.filter(claim=claim).exists()
    assert Process.objects.count() == 0
    assert AuditEntry.objects.filter(action="workflow.auto_approved",
                                     object_id=claim.pk).count() == 1
    assert list(claim.transitions.values_list("new_state", flat=True)) == [
        ClaimState.CHECKED, ClaimState.APPROVED]


def test_automatic_rejection_needs_no_person(county):
    claim = make_claim(county, "zhang_wei", 800, hospital="HP")
    assert claim.state == ClaimState.REJECTED
    assert Process.objects.count() == 0


def test_claim_over_1000_starts_at_the_clerk_with_a_due_date(county, settings):
    claim = make_claim(county, "zhang_wei", 5000)
    review = ClaimReview.objects.get(claim=claim)
    assert claim.state == ClaimState.IN_REVIEW
    assert (review.first_level, review.top_level, review.next_level) == (1, 2, 1)
    assert review.due_on == claim.submitted_on + dt.timedelta(days=settings.CLAIM_PAYMENT_DAYS)
    assert open_task(claim).owner_permission == "workflow.review_claim_level_1"


def test_unassessed_claims_stay_received(county):
    claim = make_claim(county, "zhang_wei", 5000, route=False)
    claim.assessment.delete()
    routed = route_claims([claim.pk])
    claim.refresh_from_db()
    assert (routed.unassessed, claim.state) == (1, ClaimState.RECEIVED)


def test_routing_twice_changes_nothing(county):
    claim = make_claim(county, "zhang_wei", 5000)
    assert route_claims([claim.pk]).reviewed == 0
    assert ClaimReview.objects.filter(claim=claim).count() == 1


def test_a_flag_sends_a_level_0_claim_to_the_clerk():
    assert review_path(0, flagged=True) == (1, 1)
    assert review_path(0, flagged=False) is None
    assert review_path(3, flagged=False) == (1, 3)


def test_one_call_routes_a_whole_import(county):
    claims = [make_claim(county, "zhang_wei", amount, hospital=hospital, route=False)
              for amount, hospital in ((500, "H1T01"), (800, "HP"), (5000, "H1T01"))]
    routed = route_claims([claim.pk for claim in claims])
    assert (routed.approved, routed.rejected, routed.reviewed) == (1, 1, 1)
    states = [Claim.objects.get(pk=claim.pk).state for claim in claims]
    assert states == [ClaimState.APPROVED, ClaimState.REJECTED, ClaimState.IN_REVIEW]


def test_flagged_clean_claim_goes_to_the_clerk_with_its_flag(county, monkeypatch):
    from fraud.services import Flag

    claim = make_claim(county, "zhang_wei", 500, route=False)
    flag = Flag("LENDING_AGE_MISMATCH", "The patient's age does not match the certificate.", 0.9)
    monkeypatch.setattr("workflow.services.claim_flags",
                        lambda ids: {claim.pk: [flag]} if claim.pk in ids else {})
    route_claims([claim.pk])
    review = ClaimReview.objects.get(claim=claim)
    assert (review.flagged, review.first_level, review.top_level) == (True, 1, 1)
    assert open_task(claim).owner_permission == "workflow.review_claim_level_1"


def test_route_claims_command_routes_what_benefits_assessed(county, capsys):
    from django.core.management import call_command

    claim = make_claim(county, "zhang_wei", 5000, route=False)
    call_command("route_claims")
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
    assert "1 sent to review" in capsys.readouterr().out
