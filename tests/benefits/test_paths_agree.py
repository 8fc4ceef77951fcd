"""Property: the vectorised year and the per-claim path agree to the fen on random years,
and no claim pays more than its eligible amount or beyond a cap (the issue's must-show)."""
import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from benefits.rules import codes
from benefits.rules.claim import Ledger, settle_in_order
from benefits.rules.inputs import BillLine, Claim, Enrolment, PersonYear, Referral
from benefits.rules.year import frames_from_inputs, settle_frames
from tests.benefits.builders import HOSPITALS, YEAR, domain_policy

CATEGORIES = ["drug", "tcm_drug", "tcm_treatment", "bed", "exam", "surgery", "special_exam",
              "cosmetic", "prosthesis"]
CAUSES = ["illness"] * 6 + ["traffic", "work_injury"]
VETERANS = ["", "", "", "martyr_family", "other_veteran"]
DISEASES = ["diabetes", "hypertension"]
days = st.integers(0, 364).map(lambda n: dt.date(YEAR, 1, 1) + dt.timedelta(days=n))


@st.composite
def people(draw, person_id: str, household: str):
    start, end = sorted([draw(days), draw(days)])
    if draw(st.integers(0, 4)):
        start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    enrolments = [Enrolment(f"K{person_id}", draw(st.sampled_from(["valid"] * 9 + ["void"])),
                            draw(st.sampled_from([1, 2])), household, start, end,
                            draw(st.sampled_from(VETERANS)))]
    if draw(st.integers(0, 5)) == 0:  # a duplicate enrolment with another certificate
        enrolments.append(dataclasses.replace(enrolments[0], certificate_no=f"K{person_id}b",
                                              tier=draw(st.sampled_from([1, 2]))))
    referrals = [Referral(draw(st.sampled_from(["H3", "H3IN", "H2OUT"])), d, d + dt.timedelta(30))
                 for d in draw(st.lists(days, max_size=2))]
    birth = draw(st.sampled_from([dt.date(1960, 5, 5), dt.date(YEAR - 18, 6, 15),
                                  dt.date(2012, 2, 29)]))
    died = draw(st.sampled_from([None] * 5 + [draw(days)]))
    cards = frozenset(draw(st.lists(st.sampled_from(DISEASES), min_size=1, max_size=2)))
    return PersonYear(person_id, birth, tuple(enrolments), died, tuple(referrals), cards)


@st.composite
def bill_lines(draw, admitted: dt.date):
    lines = []
    for no in range(1, draw(st.integers(1, 4)) + 1):
        quantity = draw(st.integers(1, 12)) * 1000 + draw(st.sampled_from([0, 0, 0, 500]))
        price = draw(st.integers(0, 40000)) * draw(st.sampled_from([1, 1, 10, 100]))
        amount = (2 * quantity * price + 1000) // 2000
        lines.append(BillLine(no, draw(st.sampled_from(CATEGORIES)), quantity, price, amount,
                              draw(st.booleans()) or draw(st.booleans()), admitted))
    return tuple(lines)


@st.composite
def claims(draw, n: int, person_ids):
    out = []
    for i in range(n):
        person_id = draw(st.sampled_from(person_ids))
        hospital = draw(st.sampled_from(sorted(HOSPITALS)))
        level, in_county, nonprofit = HOSPITALS[hospital]
        admitted = draw(days)
        reported = draw(st.one_of(st.none(), st.integers(-1, 5)))
        certificate = f"K{person_id}" + draw(st.sampled_from(["", "", "", "", "", "", "b", "x"]))
        out.append(Claim(
            claim_id=f"C{draw(st.integers(0, 99)):02d}-{i}", person_id=person_id,
            certificate_no=certificate, hospital_code=hospital, hospital_level=level,
            hospital_in_county=in_county, hospital_nonprofit=nonprofit,
            claim_type=draw(st.sampled_from(codes.CLAIM_TYPES)), admitted_on=admitted,
            discharged_on=admitted, cause=draw(st.sampled_from(CAUSES)),
            lines=draw(bill_lines(admitted)), chronic_disease=draw(st.sampled_from(DISEASES)),
            emergency_reported_on=None if reported is None else admitted + dt.timedelta(reported)))
    return out


@st.composite
def years(draw):
    n_people = draw(st.integers(1, 4))
    ids = [f"P{i}" for i in range(n_people)]
    persons = {pid: draw(people(pid, f"HH{i % 2}")) for i, pid in enumerate(ids)}
    year_claims = draw(claims(draw(st.integers(1, 14)), ids))
    scale = draw(st.sampled_from([1, 1, 100, 1000]))  # small caps make them bite
    base = domain_policy()
    policy = dataclasses.replace(
        base,
        inpatient_cap_fen={k: v // scale for k, v in base.inpatient_cap_fen.items()},
        chronic_cap_fen={k: v // scale for k, v in base.chronic_cap_fen.items()},
        special_cap_fen=base.special_cap_fen // scale,
        referral_rule=draw(st.sampled_from(["reject", "cut"])),
        referral_cut_points=draw(st.sampled_from([10, 60])))
    balances = {"HH0": draw(st.integers(0, 20000)), "HH1": draw(st.integers(0, 20000))}
    return policy, persons, year_claims, balances


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(years())
def test_vectorised_year_equals_per_claim_path_and_respects_limits(year):
    policy, persons, year_claims, balances = year
    per_claim = settle_in_order(year_claims, persons, Ledger(opening_balances=dict(balances)),
                                policy)
    frame = settle_frames(**frames_from_inputs(year_claims, persons), balances=balances,
                          policy=policy)

    assert list(frame.index) == list(per_claim)
    assert frame.to_dict("index") == {cid: r.figures() for cid, r in per_claim.items()}
    for result in per_claim.values():
        assert 0 <= result.reimbursed_fen + result.supplement_fen <= result.eligible_fen
    by_claim = {c.claim_id: c for c in year_claims}
    largest_cap = {codes.INPATIENT: max(policy.inpatient_cap_fen.values()),
                   codes.CHRONIC: max(policy.chronic_cap_fen.values()),
                   codes.SPECIAL_OUTPATIENT: policy.special_cap_fen,
                   codes.OUTPATIENT: max(balances.values())}
    for kind, cap in largest_cap.items():
        paid: dict[str, int] = {}
        for claim_id, result in per_claim.items():
            claim = by_claim[claim_id]
            if claim.claim_type == kind:
                key = (persons[claim.person_id].enrolments[0].household_id
                       if kind == codes.OUTPATIENT else claim.person_id)
                paid[key] = paid.get(key, 0) + result.reimbursed_fen
        assert all(total <= cap for total in paid.values())
