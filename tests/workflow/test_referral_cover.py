"""The calculator's referral rule reads approved referrals and accepted emergency reports from
workflow (DOMAIN.md "Precise semantics"): a claim with a covering referral is paid, the same
claim without one is rejected (REFERRAL_MISSING) or, under the "cut" policy, paid at a lower
ratio; both of benefits' paths read the same rows and agree."""
import datetime as dt

import pytest

from benefits.models import PolicyYear
from benefits.services import calculate, settle_year
from tests.workflow.claims import ADMITTED, make_claim
from tests.workflow.referrals import approve, clock, file, open_task, reject, report  # noqa: F401
from workflow.emergencies import review
from workflow.referrals import expire_lapsed


def at_h3(county, person="zhang_wei", claim_id="CL-H3"):
    """A 20,000-yuan inpatient stay at the city hospital H3, admitted on 2025-03-01."""
    return make_claim(county, person, 20000, hospital="H3", claim_id=claim_id, route=False)


def outcome(claim):
    result = calculate(claim)
    year = settle_year(claim.admitted_on.year).loc[claim.pk]
    assert (year.decision, year.reason_codes, int(year.reimbursed_fen)) == (
        result.decision, ";".join(result.reason_codes), result.reimbursed_fen)  # paths agree
    return result.decision, result.reason_codes, result.reimbursed_fen


def test_without_a_referral_the_claim_is_rejected(county, clock):
    assert outcome(at_h3(county)) == ("rejected", ("REFERRAL_MISSING",), 0)


def test_an_approved_referral_to_the_hospital_valid_on_admission_covers_it(county, clock):
    approve(county, file(county))
    decision, reasons, paid = outcome(at_h3(county))
    assert (decision, reasons) == ("approved", ())
    assert paid > 0


def test_requested_rejected_or_elsewhere_referrals_do_not_cover(county, clock):
    file(county)  # still requested
    reject(county, file(county))
    approve(county, file(county, to="H1T02"))  # another destination
    assert outcome(at_h3(county))[1] == ("REFERRAL_MISSING",)


def test_an_expired_referral_still_covers_admissions_inside_its_window(county, clock):
    referral = file(county)
    approve(county, referral)
    expire_lapsed(dt.date(2025, 5, 1))
    referral.refresh_from_db()
    assert referral.status == "expired"
    assert outcome(at_h3(county))[0] == "approved"


def test_admission_before_the_window_is_not_covered(county, clock):
    clock.advance(1)  # approved on 2025-03-02, the claim was admitted on 2025-03-01
    approve(county, file(county))
    assert outcome(at_h3(county))[1] == ("REFERRAL_MISSING",)


def test_cut_policy_pays_ten_points_less_without_a_referral(county, clock):
    PolicyYear.objects.filter(year=2025).update(referral_rule="cut", referral_cut_points=10)
    claim = at_h3(county)
    decision, _reasons, cut = outcome(claim)
    assert decision == "approved"
    approve(county, file(county))
    _decision, _reasons, full = outcome(claim)
    result = calculate(claim)
    assert full - cut == (result.eligible_fen - result.deductible_fen) * 10 // 100


@pytest.mark.parametrize("days, accept, covered", [
    (3, True, True),    # on time, accepted
    (4, True, False),   # late: DOMAIN.md covers only reports within 3 days
    (2, False, False),  # rejected by the office
    (2, None, False),   # not reviewed yet
])
def test_emergency_report_covers_only_when_accepted_and_on_time(county, clock, days, accept,
                                                                covered):
    clock.advance(days)
    filed = report(county, ADMITTED)
    if accept is not None:
        review(open_task(filed).pk, county.staff["director"], accept, "" if accept else "No.")
    decision, reasons, _paid = outcome(at_h3(county))
    assert (decision == "approved") is covered
    assert (reasons == ("REFERRAL_MISSING",)) is not covered


def test_a_report_in_claimdesk_overrides_the_claims_own_emergency_date(county, clock):
    claim = at_h3(county)
    claim.emergency_reported_on = ADMITTED + dt.timedelta(days=1)
    claim.save(update_fields=["emergency_reported_on"])
    assert outcome(claim)[0] == "approved"  # the hospital's own record, no report here
    clock.advance(1)
    review(open_task(report(county, ADMITTED)).pk, county.staff["director"], False, "No.")
    assert outcome(claim)[1] == ("REFERRAL_MISSING",)
