"""The vectorised path: a whole policy year settled in one pass of int64 fen (DESIGN.md).

Same rules, same policy object and same integer formulas as `benefits.rules.claim`;
caps and household accounts are carried in claim order (admitted_on, claim_id) with
grouped cumulative sums, and a short loop only over the rare groups whose cap changes
within the year (a minor turning 18, a second enrolment of another tier).

Frames (dates as datetime64 or as int64 days since 1970 with NO_DAY for none, money as
int64 fen, quantities in thousandths):
  claims      claim_id, person_id, certificate_no, hospital_code, level, in_county,
              nonprofit, claim_type, cause, chronic_disease, admitted_on, discharged_on,
              emergency_reported_on
  lines       claim_id, line_no, category, quantity_milli, unit_price_fen, amount_fen,
              in_catalogue, service_date
  people      person_id, birth_date, died_on
  enrolments  person_id, certificate_no, certificate_status, tier, household_id,
              veteran_category, enrolled_from, enrolled_to (in load order)
  referrals   person_id, to_hospital, valid_from, valid_to (approved ones)
  cards       person_id, disease
"""
import datetime as dt

import numpy as np
import pandas as pd

from benefits.rules import codes
from benefits.rules.claim import inpatient_amount, validate
from benefits.rules.codes import Decision, Reason
from benefits.rules.inputs import BillLine, Claim, ClaimInputError, PersonYear
from benefits.rules.money import div_half_up, line_amount, percent_of
from benefits.rules.policy import REFERRAL_CUT, REFERRAL_REJECT, Policy

# Above this eligible amount the TCM fraction's numerator could pass 2**63: such rows
# (over a million yuan) are computed with Python integers instead.
INT64_SAFE_ELIGIBLE_FEN = 100_000_000

RESULT_COLUMNS = ["decision", "reason_codes", "eligible_fen", "deductible_fen",
                  "reimbursed_fen", "supplement_fen", "cap_applied", "approval_level"]


NO_DAY = -1_000_000_000  # "no date" in an int64 day column


def _days(column) -> np.ndarray:
    """Dates as int64 days since 1970, NO_DAY for none (int columns pass through)."""
    if pd.api.types.is_integer_dtype(column.dtype):
        return column.to_numpy(np.int64)
    days = pd.to_datetime(column).to_numpy().astype("datetime64[D]")
    return np.where(np.isnat(days), NO_DAY, days.astype(np.int64))


def _date(value) -> dt.date:
    if isinstance(value, (int, np.integer)):
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(value))
    return pd.Timestamp(value).date()


def _yyyymmdd(days: np.ndarray) -> np.ndarray:
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    return ((months.astype("datetime64[Y]").astype(np.int64) + 1970) * 10000
            + (months.astype(np.int64) % 12 + 1) * 100
            + (d - months).astype(np.int64) + 1)


def _lookup(mapping: dict, keys: np.ndarray, default=0) -> np.ndarray:
    """Map an int array through a small dict, as an int64 array."""
    table = np.full(max([*mapping, 0]) + 1, default, dtype=np.int64)
    for key, value in mapping.items():
        table[key] = value
    safe = np.clip(keys, 0, len(table) - 1)
    return np.where((keys >= 0) & (keys < len(table)), table[safe], default)


def _sum_by(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, index, values)
    return out


def clamp_in_order(groups: np.ndarray, wanted: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Pay each row min(wanted, what is left of its group's limit), rows in claim order.

    With one limit per group the running total is min(limit, cumsum(wanted)), so each
    row's share follows from the cumulative sum; groups whose limit changes between rows
    (rare) are walked row by row as `claim.assess` does.
    """
    frame = pd.DataFrame({"g": groups, "c": wanted, "cap": limits})
    active = frame[frame.c > 0]
    spread = active.groupby("g").cap.agg(["min", "max"])
    varying = spread.index[spread["min"] != spread["max"]]
    before = frame.groupby("g").c.cumsum().to_numpy() - wanted
    paid = np.minimum(wanted, np.maximum(0, limits - np.minimum(limits, before)))
    walked = frame[frame.g.isin(varying)]
    for positions in walked.groupby("g").indices.values():
        used = 0
        for row in walked.index.to_numpy()[positions]:
            share = min(int(wanted[row]), max(0, int(limits[row]) - used))
            paid[row] = share
            used += share
    return paid


def _claim_from_rows(claims: pd.DataFrame, lines: pd.DataFrame, i: int) -> Claim:
    """Rebuild one claim as the per-claim path sees it (to report its input error)."""
    row = claims.iloc[i]
    own = lines[lines.claim_id == row.claim_id]
    return Claim(
        claim_id=row.claim_id, person_id=row.person_id, certificate_no=row.certificate_no,
        hospital_code=row.hospital_code, hospital_level=int(row.level),
        hospital_in_county=bool(row.in_county), hospital_nonprofit=bool(row.nonprofit),
        claim_type=row.claim_type, admitted_on=_date(row.admitted_on),
        discharged_on=_date(row.discharged_on), cause=row.cause,
        lines=tuple(BillLine(int(r.line_no), r.category, int(r.quantity_milli),
                             int(r.unit_price_fen), int(r.amount_fen), bool(r.in_catalogue),
                             _date(r.service_date))
                    for r in own.sort_values("line_no").itertuples()))


def _check_input(claims, lines, ci, adm, dis, policy: Policy) -> None:
    """Find the first claim (in claim order) with bad input and raise its error."""
    n = len(claims)
    bad = ((adm.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
            != policy.year)
           | (dis < adm)
           | ~claims.claim_type.isin(codes.CLAIM_TYPES).to_numpy()
           | ~claims.level.isin(list(policy.deductible_fen)).to_numpy()
           | (np.bincount(ci, minlength=n) == 0))
    qty, price, amount = (lines[c].to_numpy(np.int64)
                          for c in ("quantity_milli", "unit_price_fen", "amount_fen"))
    served = _days(lines.service_date)
    bad_line = ((qty < 0) | (price < 0) | (amount < 0)
                | (amount != line_amount(qty, price))
                | (served < adm[ci]) | (served > dis[ci]))
    bad[ci[bad_line]] = True
    if bad.any():
        first = int(np.argmax(bad))
        validate(_claim_from_rows(claims, lines, first), policy)
        raise ClaimInputError(claims.claim_id.iloc[first], "claim", "inconsistent input")


def settle_frames(claims: pd.DataFrame, lines: pd.DataFrame, people: pd.DataFrame,
                  enrolments: pd.DataFrame, referrals: pd.DataFrame, cards: pd.DataFrame,
                  balances: dict[str, int], policy: Policy) -> pd.DataFrame:
    """Settle a year's claims; one row per claim indexed by claim_id, in claim order."""
    c = claims.sort_values(["admitted_on", "claim_id"], kind="stable").reset_index(drop=True)
    n = len(c)
    ci = pd.Index(c.claim_id).get_indexer(lines.claim_id)
    lines = lines[ci >= 0]
    ci = ci[ci >= 0]
    adm, dis = _days(c.admitted_on), _days(c.discharged_on)
    _check_input(c, lines, ci, adm, dis, policy)

    level = c.level.to_numpy(np.int64)
    kind_of_claim, kind_names = pd.factorize(c.claim_type)
    is_kind = {k: (kind_names == k)[kind_of_claim] if k in kind_names else np.zeros(n, bool)
               for k in codes.CLAIM_TYPES}

    # Eligible amounts (DOMAIN.md: catalogue, excluded categories, bed fee cap per day).
    category_of_line, names = pd.factorize(lines.category)  # a few names, many lines
    category = lambda wanted: np.isin(names, list(wanted))[category_of_line]  # noqa: E731
    amount = lines.amount_fen.to_numpy(np.int64)
    allowed = np.where(category([codes.BED]),
                       np.minimum(amount, line_amount(lines.quantity_milli.to_numpy(np.int64),
                                                      _lookup(policy.bed_cap_fen, level[ci]))),
                       amount)
    allowed = np.where(lines.in_catalogue.to_numpy(bool)
                       & ~category(policy.excluded_categories), allowed, 0)
    eligible = _sum_by(ci, allowed, n)
    tcm = _sum_by(ci, np.where(category(policy.tcm_categories), allowed, 0), n)
    chronic_base = _sum_by(ci, np.where(category(policy.chronic_categories), allowed, 0), n)

    # The covering enrolment: the presented certificate's first, else the first covering.
    idx = np.arange(n)
    person = c[["person_id", "certificate_no"]].assign(i=idx, adm=adm)
    lives = person.merge(people, on="person_id", how="left")  # keeps claim order
    died = _days(lives.died_on)
    alive = (died == NO_DAY) | (died >= adm)
    e = enrolments.reset_index(drop=True).assign(seq=lambda f: np.arange(len(f)))
    m = person.merge(e, on="person_id", suffixes=("", "_enrolled"))
    m = m[(_days(m.enrolled_from) <= m.adm.to_numpy()) & (m.adm.to_numpy() <= _days(m.enrolled_to))]
    m = m.assign(other=m.certificate_no_enrolled != m.certificate_no)
    chosen = m.sort_values(["i", "other", "seq"]).drop_duplicates("i").set_index("i")
    has = np.zeros(n, bool)
    has[chosen.index.to_numpy()] = True
    enrolled = has & alive
    pick = lambda col, fill: chosen[col].reindex(idx, fill_value=fill).to_numpy()  # noqa: E731
    tier = pick("tier", 0).astype(np.int64)
    household = pick("household_id", "")
    cert_ok = ~pick("other", True) & (pick("certificate_status", "") == codes.VALID)
    rate = chosen.veteran_category.map(policy.veteran_percent).fillna(0).astype(np.int64)
    rate = rate.reindex(idx, fill_value=0).to_numpy()

    # Referral or emergency report (DOMAIN.md precise semantics).
    needs = is_kind[codes.INPATIENT] & ((level >= policy.referral_level)
                                        | ~c.in_county.to_numpy(bool))
    r = person.assign(hospital=c.hospital_code.to_numpy())[needs].merge(
        referrals, left_on=["person_id", "hospital"], right_on=["person_id", "to_hospital"])
    r = r[(_days(r.valid_from) <= r.adm.to_numpy()) & (r.adm.to_numpy() <= _days(r.valid_to))]
    covered = np.zeros(n, bool)
    covered[r.i.to_numpy()] = True
    reported = _days(c.emergency_reported_on)
    late = reported - adm
    covered |= (reported != NO_DAY) & (late >= 0) & (late <= policy.emergency_report_days)
    missing = needs & ~covered

    carded = np.zeros(n, bool)
    k = c[["person_id", "chronic_disease"]].assign(i=idx)[is_kind[codes.CHRONIC]].merge(
        cards, left_on=["person_id", "chronic_disease"], right_on=["person_id", "disease"])
    carded[k.i.to_numpy()] = True

    # Rejections in DOMAIN.md's order, then the claim-type conditions.
    checks = [
        (~enrolled, Reason.NOT_ENROLLED),
        (~cert_ok, Reason.CERT_INVALID),
        (~c.nonprofit.to_numpy(bool), Reason.FOR_PROFIT),
        (c.cause.isin(policy.excluded_causes).to_numpy(), Reason.EXCLUDED_CAUSE),
        (missing & (policy.referral_rule == REFERRAL_REJECT), Reason.REFERRAL_MISSING),
        (is_kind[codes.CHRONIC] & ~carded, Reason.CHRONIC_NOT_CERTIFIED),
        (is_kind[codes.CHRONIC] & ((level > policy.chronic_max_level)
                                   | ~c.in_county.to_numpy(bool)), Reason.NOT_COVERED),
        (is_kind[codes.SPECIAL_OUTPATIENT] & (~np.isin(tier, list(policy.special_tiers))
                                              | (level < policy.special_min_level)),
         Reason.NOT_COVERED),
    ]
    reason = np.select([cond for cond, _ in checks], [code.value for _, code in checks], "")
    prenatal = is_kind[codes.MATERNITY_PRENATAL] & (reason == "")
    earlier = pd.Series(c.person_id.to_numpy()[prenatal]).groupby(
        c.person_id.to_numpy()[prenatal]).cumcount().to_numpy()
    repeat = np.zeros(n, bool)
    repeat[np.flatnonzero(prenatal)[earlier > 0]] = True
    reason = np.where(repeat, Reason.NOT_COVERED.value, reason)
    approved = reason == ""

    # What each approved claim computes before caps.
    deductible = np.where(is_kind[codes.INPATIENT],
                          np.minimum(_lookup(policy.deductible_fen, level), eligible), 0)
    ratio = _lookup({t * 10 + lv: p for (t, lv), p in policy.ratio_percent.items()},
                    tier * 10 + level)
    if policy.referral_rule == REFERRAL_CUT:
        ratio = ratio - np.where(missing, np.minimum(ratio, policy.referral_cut_points), 0)
    computed = _inpatient(eligible, tcm, eligible - deductible, ratio, policy.tcm_bonus_points)
    computed = np.select(
        [is_kind[codes.INPATIENT], is_kind[codes.SPECIAL_OUTPATIENT], is_kind[codes.CHRONIC],
         is_kind[codes.OUTPATIENT], is_kind[codes.MATERNITY_PRENATAL]],
        [computed, percent_of(eligible, ratio), percent_of(chronic_base, policy.chronic_percent),
         eligible, np.minimum(policy.prenatal_fen, eligible)],
        np.minimum(policy.delivery_fen, eligible))
    computed = np.where(approved, computed, 0)

    # Caps and the household account, consumed in claim order.
    persons = pd.factorize(c.person_id)[0]
    minor = policy.is_minor(_yyyymmdd(_days(lives.birth_date)), _yyyymmdd(adm)).astype(np.int64)
    limits = {
        codes.INPATIENT: _lookup({t * 2 + int(mi): v
                                  for (t, mi), v in policy.inpatient_cap_fen.items()},
                                 tier * 2 + minor),
        codes.CHRONIC: _lookup(policy.chronic_cap_fen, tier),
        codes.SPECIAL_OUTPATIENT: np.full(n, policy.special_cap_fen, dtype=np.int64),
    }
    paid = np.where(is_kind[codes.MATERNITY_PRENATAL] | is_kind[codes.MATERNITY_DELIVERY],
                    computed, 0)
    for kind_name, limit in limits.items():
        paid += clamp_in_order(persons, np.where(is_kind[kind_name], computed, 0), limit)
    households = pd.factorize(household)[0]
    opening = pd.Series(household).map(balances).fillna(0).to_numpy(np.int64)
    paid += clamp_in_order(households, np.where(is_kind[codes.OUTPATIENT], computed, 0),
                           np.maximum(opening, 0))

    supplement = np.where(approved & is_kind[codes.INPATIENT],
                          percent_of(eligible - paid, rate), 0)
    return pd.DataFrame({
        "decision": np.where(approved, Decision.APPROVED.value, Decision.REJECTED.value),
        "reason_codes": reason,
        "eligible_fen": eligible,
        "deductible_fen": deductible,
        "reimbursed_fen": paid,
        "supplement_fen": supplement,
        "cap_applied": paid < computed,
        "approval_level": np.asarray(policy.approval_level(paid + supplement), dtype=np.int64),
    }, index=pd.Index(c.claim_id, name="claim_id"))


def _inpatient(eligible, tcm, remainder, ratio, bonus) -> np.ndarray:
    """`claim.inpatient_amount` on arrays; rows too large for int64 use Python ints."""
    big = eligible > INT64_SAFE_ELIGIBLE_FEN
    small = np.where(big, 0, eligible)
    out = np.where(small > 0, div_half_up(
        np.where(big, 0, remainder) * (ratio * small + bonus * np.where(big, 0, tcm)),
        100 * np.maximum(small, 1)), 0)
    for row in np.flatnonzero(big):
        out[row] = inpatient_amount(int(eligible[row]), int(tcm[row]), int(remainder[row]),
                                    int(ratio[row]), bonus)
    return out


def frames_from_inputs(claims, people: dict[str, PersonYear]) -> dict[str, pd.DataFrame]:
    """The frames `settle_frames` reads, built from the per-claim dataclasses (for tests
    and any caller that holds dataclasses)."""
    claim_rows = [{
        "claim_id": cl.claim_id, "person_id": cl.person_id, "certificate_no": cl.certificate_no,
        "hospital_code": cl.hospital_code, "level": cl.hospital_level,
        "in_county": cl.hospital_in_county, "nonprofit": cl.hospital_nonprofit,
        "claim_type": cl.claim_type, "cause": cl.cause, "chronic_disease": cl.chronic_disease,
        "admitted_on": cl.admitted_on, "discharged_on": cl.discharged_on,
        "emergency_reported_on": cl.emergency_reported_on} for cl in claims]
    line_rows = [{"claim_id": cl.claim_id, **vars(line)} for cl in claims for line in cl.lines]
    frames = {
        "claims": pd.DataFrame(claim_rows, columns=[
            "claim_id", "person_id", "certificate_no", "hospital_code", "level", "in_county",
            "nonprofit", "claim_type", "cause", "chronic_disease", "admitted_on",
            "discharged_on", "emergency_reported_on"]),
        "lines": pd.DataFrame(line_rows, columns=[
            "claim_id", "line_no", "category", "quantity_milli", "unit_price_fen", "amount_fen",
            "in_catalogue", "service_date"]),
        "people": pd.DataFrame([{"person_id": p.person_id, "birth_date": p.birth_date,
                                 "died_on": p.died_on} for p in people.values()],
                               columns=["person_id", "birth_date", "died_on"]),
        "enrolments": pd.DataFrame([{"person_id": p.person_id, **vars(e)}
                                    for p in people.values() for e in p.enrolments],
                                   columns=["person_id", "certificate_no", "certificate_status",
                                            "tier", "household_id", "enrolled_from",
                                            "enrolled_to", "veteran_category"]),
        "referrals": pd.DataFrame([{"person_id": p.person_id, **vars(r)}
                                   for p in people.values() for r in p.referrals],
                                  columns=["person_id", "to_hospital", "valid_from", "valid_to"]),
        "cards": pd.DataFrame([{"person_id": p.person_id, "disease": d}
                               for p in people.values() for d in sorted(p.chronic_cards)],
                              columns=["person_id", "disease"]),
    }
    return frames
