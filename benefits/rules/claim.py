"""The per-claim path: one claim assessed with its explanation lines (DOMAIN.md).

`assess` applies every rule to one claim given what the person's earlier claims in the
year have consumed (`Ledger`); `settle_in_order` runs it over claims in the order
DOMAIN.md fixes (admitted_on, then claim_id). Exact Python ints, one half-up rounding
per amount. `benefits.rules.year` is the vectorised twin and must agree to the fen.
"""
from dataclasses import dataclass, field

from benefits.rules import codes
from benefits.rules.codes import Cap, Decision, Line, Reason
from benefits.rules.inputs import Claim, ClaimInputError, Enrolment, PersonYear, yyyymmdd
from benefits.rules.money import div_half_up, line_amount, percent_of
from benefits.rules.policy import REFERRAL_CUT, REFERRAL_REJECT, Policy


@dataclass(frozen=True)
class ExplanationLine:
    code: str
    params: dict

    def as_dict(self) -> dict:
        return {"code": self.code, "params": self.params}


@dataclass(frozen=True)
class Result:
    claim_id: str
    decision: str
    reason_codes: tuple[str, ...]
    eligible_fen: int
    deductible_fen: int
    reimbursed_fen: int
    supplement_fen: int
    cap_applied: bool
    approval_level: int
    lines: tuple[ExplanationLine, ...] = ()

    def figures(self) -> dict:
        """The CONTRACT.md adjudication figures, comparable with the vectorised path."""
        return {"decision": self.decision, "reason_codes": ";".join(self.reason_codes),
                "eligible_fen": self.eligible_fen, "deductible_fen": self.deductible_fen,
                "reimbursed_fen": self.reimbursed_fen, "supplement_fen": self.supplement_fen,
                "cap_applied": self.cap_applied, "approval_level": self.approval_level}


@dataclass
class Ledger:
    """What earlier claims of the year consumed: caps per person, household accounts.

    `opening_balances` is each household account's balance on 1 January (contributions of
    its enrolled members plus last year's unused balance, see benefits.services).
    """

    opening_balances: dict[str, int] = field(default_factory=dict)
    used: dict[tuple[str, str], int] = field(default_factory=dict)
    household_spent: dict[str, int] = field(default_factory=dict)
    prenatal_paid: set[str] = field(default_factory=set)

    def household_balance(self, household_id: str) -> int:
        return (self.opening_balances.get(household_id, 0)
                - self.household_spent.get(household_id, 0))


@dataclass(frozen=True)
class Eligible:
    billed: int
    eligible: int
    tcm: int
    chronic_base: int


def validate(claim: Claim, policy: Policy) -> None:
    """Refuse input that would compute nonsense (the issue: bad input is rejected clearly)."""
    cid = claim.claim_id
    if claim.admitted_on.year != policy.year:
        raise ClaimInputError(cid, "admitted_on",
                              f"{claim.admitted_on} is outside policy year {policy.year}")
    if claim.discharged_on < claim.admitted_on:
        raise ClaimInputError(cid, "discharged_on",
                              f"{claim.discharged_on} is before admission {claim.admitted_on}")
    if claim.claim_type not in codes.CLAIM_TYPES:
        raise ClaimInputError(cid, "claim_type", f"unknown claim type {claim.claim_type!r}")
    if claim.hospital_level not in policy.deductible_fen:
        raise ClaimInputError(cid, "hospital_level", f"no policy for level {claim.hospital_level}")
    if not claim.lines:
        raise ClaimInputError(cid, "lines", "the claim has no bill lines")
    for line in claim.lines:
        where = f"line {line.line_no}"
        for name in ("quantity_milli", "unit_price_fen", "amount_fen"):
            if getattr(line, name) < 0:
                raise ClaimInputError(cid, f"{where} {name}",
                                      f"negative value {getattr(line, name)}")
        expected = line_amount(line.quantity_milli, line.unit_price_fen)
        if line.amount_fen != expected:
            raise ClaimInputError(
                cid, f"{where} amount_fen",
                f"{line.amount_fen} fen is not quantity x unit price ({expected} fen)")
        if not claim.admitted_on <= line.service_date <= claim.discharged_on:
            raise ClaimInputError(cid, f"{where} service_date",
                                  f"{line.service_date} is outside the claim's dates")


def eligible_amounts(claim: Claim, policy: Policy, out: list) -> Eligible:
    """DOMAIN.md: eligible = catalogue lines not in an excluded category, bed fees capped/day."""
    bed_cap = policy.bed_cap_fen[claim.hospital_level]
    billed = eligible = tcm = chronic_base = 0
    for line in claim.lines:
        billed += line.amount_fen
        if not line.in_catalogue:
            out.append(ExplanationLine(Line.NOT_IN_CATALOGUE,
                                       {"line_no": line.line_no, "amount": line.amount_fen}))
            continue
        if line.category in policy.excluded_categories:
            out.append(ExplanationLine(Line.EXCLUDED_CATEGORY, {
                "line_no": line.line_no, "category": line.category, "amount": line.amount_fen}))
            continue
        allowed = line.amount_fen
        if line.category == codes.BED:
            allowed = min(allowed, line_amount(line.quantity_milli, bed_cap))
            if allowed < line.amount_fen:
                out.append(ExplanationLine(Line.BED_FEE_CUT, {
                    "line_no": line.line_no, "billed": line.amount_fen, "allowed": allowed,
                    "days_milli": line.quantity_milli, "cap_per_day": bed_cap}))
        eligible += allowed
        if line.category in policy.tcm_categories:
            tcm += allowed
        if line.category in policy.chronic_categories:
            chronic_base += allowed
    out.insert(0, ExplanationLine(Line.BILLED, {"amount": billed}))
    out.append(ExplanationLine(Line.ELIGIBLE, {"amount": eligible}))
    return Eligible(billed, eligible, tcm, chronic_base)


def covering_enrolment(person: PersonYear, claim: Claim) -> Enrolment | None:
    """DOMAIN.md: the enrolment covering admission; with two, the one whose certificate
    was presented; with none presented, the first in load order."""
    day = claim.admitted_on
    if person.died_on is not None and person.died_on < day:
        return None
    covering = [e for e in person.enrolments if e.enrolled_from <= day <= e.enrolled_to]
    presented = [e for e in covering if e.certificate_no == claim.certificate_no]
    return (presented or covering or [None])[0]


def needs_referral(claim: Claim, policy: Policy) -> bool:
    """DOMAIN.md: only inpatient claims at level 3 or out-of-county hospitals."""
    return claim.claim_type == codes.INPATIENT and (
        claim.hospital_level >= policy.referral_level or not claim.hospital_in_county)


def referral_covered(person: PersonYear, claim: Claim, policy: Policy) -> bool:
    """An approved referral to this hospital valid on admission, or an emergency report
    within `emergency_report_days` of admission (DOMAIN.md precise semantics)."""
    day = claim.admitted_on
    if any(r.to_hospital == claim.hospital_code and r.valid_from <= day <= r.valid_to
           for r in person.referrals):
        return True
    reported = claim.emergency_reported_on
    return reported is not None and 0 <= (reported - day).days <= policy.emergency_report_days


def rejection(claim: Claim, person: PersonYear, enrolment: Enrolment | None,
              ledger: Ledger, policy: Policy) -> tuple[Reason | None, dict]:
    """The first failing check, in DOMAIN.md's order, then the claim-type conditions."""
    if enrolment is None:
        return Reason.NOT_ENROLLED, {}
    if (enrolment.certificate_no != claim.certificate_no
            or enrolment.certificate_status != codes.VALID):
        return Reason.CERT_INVALID, {"certificate_no": claim.certificate_no}
    if not claim.hospital_nonprofit:
        return Reason.FOR_PROFIT, {}
    if claim.cause in policy.excluded_causes:
        return Reason.EXCLUDED_CAUSE, {"cause": claim.cause}
    if (policy.referral_rule == REFERRAL_REJECT and needs_referral(claim, policy)
            and not referral_covered(person, claim, policy)):
        return Reason.REFERRAL_MISSING, {}
    kind = claim.claim_type
    if kind == codes.CHRONIC:
        if claim.chronic_disease not in person.chronic_cards:
            return Reason.CHRONIC_NOT_CERTIFIED, {"disease": claim.chronic_disease}
        if claim.hospital_level > policy.chronic_max_level or not claim.hospital_in_county:
            return Reason.NOT_COVERED, {"claim_type": kind}
    if kind == codes.SPECIAL_OUTPATIENT and (
            enrolment.tier not in policy.special_tiers
            or claim.hospital_level < policy.special_min_level):
        return Reason.NOT_COVERED, {"claim_type": kind}
    if kind == codes.MATERNITY_PRENATAL and claim.person_id in ledger.prenatal_paid:
        return Reason.NOT_COVERED, {"claim_type": kind}
    return None, {}


def inpatient_amount(eligible: int, tcm: int, remainder: int, ratio: int, bonus: int):
    """ratio on the non-TCM share and ratio + bonus on the TCM share of what is left after
    the deductible, the deductible taken from both shares in proportion (DOMAIN.md), as one
    fraction rounded half-up once."""
    if eligible == 0:
        return 0
    return div_half_up(remainder * (ratio * eligible + bonus * tcm), 100 * eligible)


def cap_limit(kind: Cap, tier: int, minor: bool, policy: Policy) -> int:
    if kind == Cap.INPATIENT:
        return policy.inpatient_cap_fen[(tier, minor)]
    if kind == Cap.CHRONIC:
        return policy.chronic_cap_fen[tier]
    return policy.special_cap_fen


def assess(claim: Claim, person: PersonYear, ledger: Ledger, policy: Policy) -> Result:
    """One claim's result with explanation lines; records its consumption in `ledger`."""
    validate(claim, policy)
    out: list[ExplanationLine] = []
    amounts = eligible_amounts(claim, policy, out)
    eligible = amounts.eligible
    level, kind = claim.hospital_level, claim.claim_type
    deductible = min(policy.deductible_fen[level], eligible) if kind == codes.INPATIENT else 0
    enrolment = covering_enrolment(person, claim)
    reason, params = rejection(claim, person, enrolment, ledger, policy)
    if reason is not None:
        out.append(ExplanationLine(Line.REJECTED, {"reason": reason.value, **params}))
        return Result(claim.claim_id, Decision.REJECTED.value, (reason.value,), eligible,
                      deductible, 0, 0, False, 0, tuple(out))

    tier = enrolment.tier
    cap_kind = None
    if kind == codes.INPATIENT:
        cap_kind = Cap.INPATIENT
        out.append(ExplanationLine(Line.DEDUCTIBLE, {"level": level, "amount": deductible}))
        ratio = policy.ratio_percent[(tier, level)]
        if (policy.referral_rule == REFERRAL_CUT and needs_referral(claim, policy)
                and not referral_covered(person, claim, policy)):
            cut = min(ratio, policy.referral_cut_points)
            out.append(ExplanationLine(Line.REFERRAL_CUT, {"points": cut}))
            ratio -= cut
        remainder = eligible - deductible
        tcm_part = div_half_up(remainder * amounts.tcm, eligible) if eligible else 0
        out.append(ExplanationLine(Line.RATIO, {"percent": ratio,
                                                "base": remainder - tcm_part}))
        if amounts.tcm:
            out.append(ExplanationLine(Line.TCM_BONUS, {
                "points": policy.tcm_bonus_points, "percent": ratio + policy.tcm_bonus_points,
                "base": tcm_part}))
        computed = inpatient_amount(eligible, amounts.tcm, remainder, ratio,
                                    policy.tcm_bonus_points)
    elif kind == codes.SPECIAL_OUTPATIENT:
        cap_kind = Cap.SPECIAL_OUTPATIENT
        ratio = policy.ratio_percent[(tier, level)]
        out.append(ExplanationLine(Line.RATIO, {"percent": ratio, "base": eligible}))
        computed = percent_of(eligible, ratio)
    elif kind == codes.CHRONIC:
        cap_kind = Cap.CHRONIC
        out.append(ExplanationLine(Line.CHRONIC_SHARE, {
            "percent": policy.chronic_percent, "base": amounts.chronic_base}))
        computed = percent_of(amounts.chronic_base, policy.chronic_percent)
    elif kind == codes.OUTPATIENT:
        computed = eligible
    else:
        fixed = policy.prenatal_fen if kind == codes.MATERNITY_PRENATAL else policy.delivery_fen
        computed = min(fixed, eligible)
        out.append(ExplanationLine(Line.FIXED_AMOUNT, {"fixed": fixed, "amount": computed}))

    if kind == codes.OUTPATIENT:
        balance = max(0, ledger.household_balance(enrolment.household_id))
        paid = min(computed, balance)
        out.append(ExplanationLine(Line.HOUSEHOLD_ACCOUNT, {
            "balance": balance, "paid": paid, "left": balance - paid}))
        ledger.household_spent[enrolment.household_id] = (
            ledger.household_spent.get(enrolment.household_id, 0) + paid)
    elif cap_kind is not None:
        minor = policy.is_minor(yyyymmdd(person.birth_date), yyyymmdd(claim.admitted_on))
        limit = cap_limit(cap_kind, tier, minor, policy)
        used = ledger.used.get((cap_kind, claim.person_id), 0)
        paid = min(computed, max(0, limit - used))
        ledger.used[(cap_kind, claim.person_id)] = used + paid
        if paid < computed:
            out.append(ExplanationLine(Line.CAP, {
                "kind": cap_kind.value, "cap": limit, "used": used, "computed": computed,
                "paid": paid}))
    else:
        paid = computed
    if kind == codes.MATERNITY_PRENATAL:
        ledger.prenatal_paid.add(claim.person_id)

    supplement = 0
    rate = policy.veteran_percent.get(enrolment.veteran_category, 0)
    if kind == codes.INPATIENT and rate:
        supplement = percent_of(eligible - paid, rate)
        out.append(ExplanationLine(Line.SUPPLEMENT, {
            "category": enrolment.veteran_category, "percent": rate, "base": eligible - paid,
            "amount": supplement}))
    level_needed = int(policy.approval_level(paid + supplement))
    out.append(ExplanationLine(Line.PAYABLE, {"reimbursed": paid, "supplement": supplement,
                                              "approval_level": level_needed}))
    return Result(claim.claim_id, Decision.APPROVED.value, (), eligible, deductible, paid,
                  supplement, paid < computed, level_needed, tuple(out))


def settle_in_order(claims, people: dict[str, PersonYear], ledger: Ledger,
                    policy: Policy) -> dict[str, Result]:
    """Assess claims one by one in DOMAIN.md's order, carrying caps and balances."""
    return {claim.claim_id: assess(claim, people[claim.person_id], ledger, policy)
            for claim in sorted(claims, key=lambda c: c.order_key)}
