"""Decisions and what the system carries out: recovery orders (3 x the costs for fabricated
evidence), the certificate voided and the holder's remaining claims rejected (lending), the
hospital's penalty record, outcomes as the fraud model's training labels, the letter."""
import pytest
from django.core.exceptions import PermissionDenied

from casework import decisions
from casework.choices import CaseState, Debtor
from casework.models import HospitalPenalty, RecoveryOrder
from fraud import services as fraud
from fraud.models import Alert
from registry.models import CertificateStatusChange
from tests.workflow.claims import make_claim
from workflow.models import Claim
from workflow.services import route_claims

PAID_FEN = 30000  # 500 yuan at the T01 health centre: the fund paid 300 yuan


def _decide(county, case, outcome=CaseState.CONFIRMED, **kwargs):
    return decisions.decide(case.pk, county.staff["investigator"], outcome, "proved", **kwargs)


def test_recovery_is_what_the_fund_paid(county, alert, paid_claim, case_of):
    case = case_of([alert(paid_claim.pk, scheme="favour_reimbursement")], "decision")
    _decide(county, case)
    order = RecoveryOrder.objects.get(case=case)
    assert (order.debtor_type, order.debtor_id) == (Debtor.PERSON, paid_claim.person_id)
    assert (order.costs_fen, order.multiplier, order.amount_fen, order.penalty_fen) == (
        PAID_FEN, 1, PAID_FEN, 0)
    assert order.claim_ids == paid_claim.pk


def test_fabricated_evidence_recovers_three_times_the_costs(county, alert, paid_claim,
                                                            case_of):
    case = case_of([alert(paid_claim.pk, scheme="inflated_bill")], "decision")
    _decide(county, case, fabricated=True)
    order = RecoveryOrder.objects.get(case=case)
    assert (order.debtor_type, order.debtor_id) == (Debtor.HOSPITAL, "H1T01")
    assert (order.costs_fen, order.multiplier, order.amount_fen, order.penalty_fen) == (
        PAID_FEN, 3, 3 * PAID_FEN, 2 * PAID_FEN)
    penalty = HospitalPenalty.objects.get(case=case)
    assert (penalty.hospital_id, penalty.penalty_fen) == ("H1T01", 2 * PAID_FEN)


def test_unfounded_recovers_nothing(county, alert, paid_claim, case_of):
    case = case_of([alert(paid_claim.pk)], "investigation")
    _decide(county, case, CaseState.UNFOUNDED, fabricated=True)
    assert not RecoveryOrder.objects.exists() and not HospitalPenalty.objects.exists()
    assert case.decision.fabricated_evidence is False


def test_a_claim_without_payment_recovers_the_amount_at_risk(county, alert, case_of):
    waiting = make_claim(county, "zhang_wei", 5000)  # in review: nothing paid yet
    case = case_of([alert(waiting.pk, amount_fen=12345)], "decision")
    _decide(county, case)
    assert RecoveryOrder.objects.get(case=case).amount_fen == 12345


def test_confirmed_lending_voids_the_certificate_and_blocks_the_year(county, alert, paid_claim,
                                                                    case_of):
    holder = paid_claim.person
    waiting = make_claim(county, "zhang_wei", 5000)  # in review at the clerk
    assert waiting.state == "in_review"
    case = case_of([alert(paid_claim.pk, scheme="certificate_lending")], "decision")
    _decide(county, case)
    certificate = holder.certificates.get()
    assert certificate.status == "void"
    change = CertificateStatusChange.objects.get(certificate=certificate, new_status="void")
    assert change.changed_by == county.staff["investigator"]
    waiting.refresh_from_db()
    assert waiting.state == "rejected"
    assert waiting.transitions.order_by("-pk").first().reason.startswith(f"Case {case.pk}")
    assert not waiting.reviews.get().process.task_set.filter(status__in=["NEW", "ASSIGNED"])
    paid_claim.refresh_from_db()
    assert paid_claim.state == "approved"  # decided before: recovered, not rejected

    later = make_claim(county, "zhang_wei", 800, route=False)  # imported after the void
    assert later.assessment.reason_codes == "CERT_INVALID"
    route_claims([later.pk])
    assert Claim.objects.get(pk=later.pk).state == "rejected"


def test_only_investigators_decide(county, alert, paid_claim, case_of):
    case = case_of([alert(paid_claim.pk)], "decision")
    with pytest.raises(PermissionDenied):
        decisions.decide(case.pk, county.staff["director"], CaseState.CONFIRMED, "x")


def test_outcomes_per_alert_become_training_labels(county, alert, paid_claim, case_of,
                                                   settings):
    settings.FRAUD_MIN_OUTCOMES = 20
    earlier = [alert(f"OLD{n}", score=0.5 + n / 100) for n in range(18)]
    fraud.record_outcomes({a.pk: ("confirmed" if n % 2 else "dismissed")
                           for n, a in enumerate(earlier)})
    confirmed, dismissed = alert(paid_claim.pk), alert(paid_claim.pk, scheme="favour_reimbursement")
    case = case_of([confirmed, dismissed], "decision")
    with pytest.raises(fraud.NotEnoughOutcomes):
        fraud.train()
    _decide(county, case, dismissed_alerts=[dismissed.pk])
    assert Alert.objects.get(pk=confirmed.pk).outcome == "confirmed"
    assert Alert.objects.get(pk=dismissed.pk).outcome == "dismissed"
    version = fraud.train()
    assert version.kind == "supervised" and version.metrics["train"] + version.metrics[
        "test"] == 20


def test_police_referral_closes_with_the_consequences(county, alert, paid_claim, case_of):
    case = case_of([alert(paid_claim.pk)], "decision")
    decision = _decide(county, case, CaseState.REFERRED)
    case.refresh_from_db()
    assert case.state == CaseState.REFERRED and decision.outcome == CaseState.REFERRED
    assert RecoveryOrder.objects.filter(case=case).exists()
    assert Alert.objects.get(cases=case).outcome == "confirmed"


def test_the_letter_is_a_pdf_with_its_hash(county, alert, paid_claim, case_of):
    case = case_of([alert(paid_claim.pk, scheme="inflated_bill")], "decision")
    decision = _decide(county, case, fabricated=True)
    letter = bytes(decision.letter)
    assert letter.startswith(b"%PDF-")
    import hashlib
    assert decision.letter_sha256 == hashlib.sha256(letter).hexdigest()
