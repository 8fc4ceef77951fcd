"""Inflated bills (虚增费用): padded bills, fake or prolonged stays, duplicate charges.

DOMAIN.md "Fraud and abuse to detect" and issue 7: peer-group comparison of cost, per-day cost
and length of stay (same diagnosis group, hospital level, year) with robust z-scores; bed days
billed beyond the stay; the same item twice on one day; stays of bed and drugs only;
readmission within 15 days with the same diagnosis; hospitals whose costs or reimbursements are
out of line with their peers' (seed 001 part 3: two hospitals whose revenues differ tenfold
while their reimbursements are nearly equal).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from fraud.detectors.base import (
    Detector, Frames, among, concat, days, findings, robust_z,
)
from fraud.detectors.codes import Reason, Scheme, Subject

SCHEME = Scheme.INFLATED_BILL
STAY_TYPES = ("inpatient", "maternity_delivery")
PER_DAY_CATEGORIES = ("bed", "nursing")
# Diagnoses treated by planned repeated stays (dialysis, chemo- or radiotherapy, transfusion):
# a readmission for them is the treatment plan, not a split stay.
PLANNED_REPEAT_PREFIXES = ("Z49", "Z51", "N18", "N19", "D56", "D57", "D61", "Z08", "Z09")


# What `stays` needs: a rule passes only these and the columns it reads, since filtering,
# sorting or joining the claims' every column costs more than the rule (bench/fraud.py).
STAY_COLUMNS = ["claim_id", "claim_type", "admitted_on", "discharged_on"]


def stays(claims: pd.DataFrame) -> pd.DataFrame:
    """Hospital stays with their length in nights (at least 1: a day case bills one day)."""
    s = claims[claims["claim_type"].isin(STAY_TYPES)].copy()
    s["nights"] = np.maximum(days(s["discharged_on"]) - days(s["admitted_on"]), 1)
    return s


def bed_totals(lines: pd.DataFrame) -> pd.DataFrame:
    """Per claim with bed lines: bed days billed (milli) and their amount."""
    bed = lines[lines["category"] == "bed"]
    return bed.groupby("claim_id").agg(bed_milli=("quantity_milli", "sum"),
                                       bed_fen=("amount_fen", "sum"))


def bed_and_drugs_only(lines: pd.DataFrame) -> pd.Index:
    """Claims whose bill has a bed line and nothing but bed and drug lines: the claims with
    a bed line less those with another kind, two sets of claim IDs instead of a group per
    claim (bench/fraud.py)."""
    other = ~lines["category"].isin(("bed", "drug", "tcm_drug")).to_numpy()
    with_bed = pd.Index(lines["claim_id"][(lines["category"] == "bed").to_numpy()].dropna()
                        .unique())
    return with_bed[~among(with_bed, lines["claim_id"][other])]


class BedDaysBeyondStay(Detector):
    """More bed days billed than the stay has days, counting both the admission and the
    discharge day (DOMAIN.md: bed-fee over-charging)."""

    scheme = SCHEME

    def __init__(self, score=0.9):
        self.score = score

    def detect(self, frames: Frames) -> pd.DataFrame:
        s = stays(frames.claims[STAY_COLUMNS]).join(bed_totals(frames.lines), on="claim_id",
                                                    how="inner")
        allowed_days = s["nights"] + 1
        billed_days = s["bed_milli"] / 1000
        hit = s[billed_days > allowed_days]
        excess = billed_days[hit.index] - allowed_days[hit.index]
        price = hit["bed_fen"] / (hit["bed_milli"] / 1000)
        return findings(SCHEME, Subject.CLAIM, hit["claim_id"], Reason.BED_DAYS_BEYOND_STAY,
                        self.score, (excess * price).round().astype("int64"),
                        [{"billed": float(b), "stay": int(n)} for b, n in
                         zip(billed_days[hit.index], allowed_days[hit.index])])


class DuplicateLines(Detector):
    """The same item on the same day twice: an exact repeat of any line, or a second charge
    of a once-a-day item (bed, nursing) (DOMAIN.md: duplicate charges). In a stay's bill it
    is padding; at a one-day visit two identical prescriptions happen, so it scores lower."""

    scheme = SCHEME

    def __init__(self, score=0.8, visit_score=0.35):
        self.score = score
        self.visit_score = visit_score

    def detect(self, frames: Frames) -> pd.DataFrame:
        # Either repeat is a second line of one claim, item and day: those few lines, found
        # by claim and item numbers (not by their text: bench/fraud.py), are compared whole.
        lines = frames.lines
        same_day = pd.DataFrame({"claim": pd.factorize(lines["claim_id"])[0],
                                 "item": pd.factorize(lines["item_code"])[0],
                                 "day": lines["service_date"]}).duplicated(keep=False)
        lines = lines[same_day.to_numpy()]
        exact = lines.duplicated(["claim_id", "item_code", "service_date", "quantity_milli",
                                  "unit_price_fen"])
        daily = lines["category"].isin(PER_DAY_CATEGORIES) & lines.duplicated(
            ["claim_id", "item_code", "service_date"])
        extra = lines[exact | daily]
        per_claim = extra.groupby("claim_id").agg(lines=("item_code", "size"),
                                                  amount=("amount_fen", "sum"))
        stay_ids = stays(frames.claims[STAY_COLUMNS])["claim_id"]
        score = np.where(among(per_claim.index, stay_ids), self.score, self.visit_score)
        return findings(SCHEME, Subject.CLAIM, per_claim.index, Reason.DUPLICATE_LINES,
                        score, per_claim["amount"],
                        [{"lines": int(n)} for n in per_claim["lines"]])


class BedAndDrugsOnly(Detector):
    """A stay of several nights billed for nothing but bed and drugs: no examination, no
    treatment, no nursing (the shape of a fake or prolonged stay)."""

    scheme = SCHEME

    def __init__(self, min_nights=3, score=0.7):
        self.min_nights = min_nights
        self.score = score

    def detect(self, frames: Frames) -> pd.DataFrame:
        s = stays(frames.claims[STAY_COLUMNS + ["total_fen"]])
        hit = s[among(s["claim_id"], bed_and_drugs_only(frames.lines))
                & (s["nights"] >= self.min_nights)]
        return findings(SCHEME, Subject.CLAIM, hit["claim_id"], Reason.BED_AND_DRUGS_ONLY,
                        self.score, hit["total_fen"], [{"nights": int(n)} for n in hit["nights"]])


class SplitReadmission(Detector):
    """A stay at the same hospital with the same diagnosis group, admitted 1 to `max_gap`
    days after the previous discharge: one stay billed as two (issue 7: split stays); both
    bills are flagged. When both parts are short (no longer than the peers' median stay) they
    add up to one ordinary stay and score high; two full-length stays, or a patient with
    `chronic_stays` or more such stays a year, look like a relapse and score low. An
    emergency admission (reported as such) and planned repeat treatment are not counted."""

    scheme = SCHEME

    def __init__(self, max_gap=15, score=0.7, relapse_score=0.3, chronic_stays=3,
                 min_peers=5):
        self.max_gap = max_gap
        self.score = score
        self.relapse_score = relapse_score
        self.chronic_stays = chronic_stays
        self.min_peers = min_peers

    def detect(self, frames: Frames) -> pd.DataFrame:
        s = stays(frames.claims[STAY_COLUMNS + ["person_id", "hospital_code", "level",
                                                "diagnosis_code", "emergency_reported_on"]])
        s = s.assign(group=s["diagnosis_code"].str.slice(0, 3), start=days(s["admitted_on"]),
                     end=days(s["discharged_on"]))
        typical = s.groupby(["group", "level"])["nights"].transform("median")
        s["short"] = s["nights"] <= typical
        s = s.sort_values(["person_id", "hospital_code", "group", "start"])
        same = ["person_id", "hospital_code", "group"]
        previous = s.groupby(same)[["end", "claim_id", "short"]].shift()
        gap = s["start"] - previous["end"]
        chronic = s.groupby(same)["claim_id"].transform("size") >= self.chronic_stays
        planned = s["diagnosis_code"].str.startswith(PLANNED_REPEAT_PREFIXES)
        hit = (gap >= 1) & (gap <= self.max_gap) & s["emergency_reported_on"].isna() & ~planned
        pairs = pd.DataFrame({"later": s["claim_id"], "earlier": previous["claim_id"],
                              "gap": gap, "short": s["short"] & previous["short"].astype(bool),
                              "chronic": chronic})[hit]
        score = np.where(pairs["short"] & ~pairs["chronic"], self.score, self.relapse_score)
        totals = frames.claims.set_index("claim_id")["total_fen"]
        out = [findings(SCHEME, Subject.CLAIM, pairs[me], Reason.SPLIT_READMISSION, score,
                        totals.reindex(pairs[me]).to_numpy(),
                        [{"days": int(g), "other_claim": o} for g, o in
                         zip(pairs["gap"], pairs[other])])
               for me, other in (("later", "earlier"), ("earlier", "later"))]
        found = concat(out)
        return found.sort_values("score", ascending=False).drop_duplicates("subject_id")


def peer_z(claims: pd.DataFrame, min_peers: int) -> pd.DataFrame:
    """Robust z of log cost, log cost per day and length of stay within (diagnosis group,
    hospital level, claim type, year) peers."""
    c = claims
    nights = pd.Series(np.maximum(days(c["discharged_on"]) - days(c["admitted_on"]), 0) + 1,
                       index=c.index, dtype=float)
    cost = np.log1p(c["total_fen"].astype(float))
    # The peer group as one number, found once for the ten group statistics below.
    peers = cost.groupby([c["diagnosis_code"].str.slice(0, 3), c["level"], c["claim_type"],
                          pd.to_datetime(c["admitted_on"]).dt.year]).ngroup()
    return pd.DataFrame({
        "cost": robust_z(cost, peers, min_peers),
        "per_day": robust_z(cost - np.log(nights), peers, min_peers),
        "stay": robust_z(nights, peers, min_peers),
        "log_excess": cost - cost.groupby(peers).transform("median"),
    }, index=claims.index)


class PeerCostOutlier(Detector):
    """A bill far above its peers' (robust z >= `min_z` on cost, cost per day or length of
    stay). Honest outliers exist (complications), so the score stays modest."""

    scheme = SCHEME

    def __init__(self, min_z=4.0, min_peers=10, base_score=0.2, max_score=0.45):
        self.min_z = min_z
        self.min_peers = min_peers
        self.base_score = base_score
        self.max_score = max_score

    def detect(self, frames: Frames) -> pd.DataFrame:
        c = frames.claims
        z = peer_z(c, self.min_peers)[["cost", "per_day", "stay"]].max(axis=1)
        hit = c[z >= self.min_z]
        zz = z[hit.index]
        score = np.minimum(self.base_score + 0.02 * (zz - self.min_z), self.max_score)
        return findings(SCHEME, Subject.CLAIM, hit["claim_id"], Reason.PEER_COST_OUTLIER,
                        score, hit["total_fen"], [{"z": round(float(v), 1)} for v in zz])


def price_ratios(frames: Frames, min_hospitals: int) -> pd.DataFrame:
    """Each priced bill line's hospital, whether its claim is a stay, its amount and its unit
    price over its peers' price for the same item (`ratio`): the median over the hospitals of
    the same level and kind (a claim's level and kind are its hospital's) of each one's
    median price, so a padding hospital does not move its own yardstick. Items charged by
    fewer hospitals are left out.

    Lines find their claim by row number and are grouped by hospital and item numbers, not
    by joins and groups on their text: seconds for a year's bill lines (bench/fraud.py)."""
    claims, lines, rows = frames.claims, frames.lines, frames.line_claims
    priced = (rows >= 0) & (lines["unit_price_fen"] > 0).to_numpy()
    lines, rows = lines[priced], rows[priced]
    claim_hospital, _codes = pd.factorize(claims["hospital_code"])
    hospital, (item, items) = claim_hospital[rows], pd.factorize(lines["item_code"])
    known = (hospital >= 0) & (item >= 0)
    lines, rows = lines[known], rows[known]
    key = hospital[known].astype(np.int64) * len(items) + item[known]
    price = lines["unit_price_fen"].to_numpy()
    own = pd.Series(price).groupby(key).median()
    level_kind = claims[["level", "kind"]].groupby(claim_hospital).first()
    peers = level_kind.loc[own.index // len(items)].set_axis(own.index)
    group = own.groupby([peers["level"], peers["kind"], own.index % len(items)]).ngroup()
    grouped = own.groupby(group)  # a hospital without level or kind is in group -1: no peers
    peer = grouped.transform("median").where(
        (grouped.transform("size") >= min_hospitals) & (group >= 0))
    line_peer = peer.reindex(key).to_numpy(dtype=float, na_value=np.nan)
    rated = ~np.isnan(line_peer)
    return pd.DataFrame({
        "hospital_code": claims["hospital_code"].iloc[rows[rated]].reset_index(drop=True),
        "stay": claims["claim_type"].isin(STAY_TYPES).to_numpy()[rows[rated]],
        "amount_fen": lines["amount_fen"].to_numpy()[rated],
        "ratio": price[rated] / line_peer[rated]})


class HospitalPaddedCosts(Detector):
    """A hospital charging more than its peers for the same catalogue items: the median
    price ratio over its stay bills (or over its visit bills) at least `min_ratio`. Peers are
    hospitals of the same level and kind, so a county hospital's legitimately higher prices
    are never compared with a township health centre's."""

    scheme = SCHEME

    def __init__(self, min_lines=30, min_hospitals=3, min_ratio=1.2, score=0.8):
        self.min_lines = min_lines
        self.min_hospitals = min_hospitals
        self.min_ratio = min_ratio
        self.score = score

    def detect(self, frames: Frames) -> pd.DataFrame:
        priced = price_ratios(frames, self.min_hospitals)
        per = priced.groupby(["hospital_code", "stay"]).agg(
            ratio=("ratio", "median"), lines=("ratio", "size"), amount=("amount_fen", "sum"))
        per = per[(per["lines"] >= self.min_lines) & (per["ratio"] >= self.min_ratio)]
        per = per.reset_index().sort_values("ratio", ascending=False)
        per = per.drop_duplicates("hospital_code")
        at_risk = (per["amount"] * (1 - 1 / per["ratio"])).round().astype("int64")
        return findings(SCHEME, Subject.HOSPITAL, per["hospital_code"],
                        Reason.HOSPITAL_PADDED_COSTS, self.score, at_risk,
                        [{"percent": int(round(r * 100)), "lines": int(n)} for r, n in
                         zip(per["ratio"], per["lines"])])


class HospitalOutOfProportion(Detector):
    """A hospital whose reimbursements are out of proportion with its volume: the fund's
    payout per billed yuan, or per patient, far above hospitals of the same level (seed 001
    part 3). Peers are hospitals of the same level and kind."""

    scheme = SCHEME

    def __init__(self, min_claims=30, min_hospitals=5, min_z=3.5, score=0.75):
        self.min_claims = min_claims
        self.min_hospitals = min_hospitals
        self.min_z = min_z
        self.score = score

    def detect(self, frames: Frames) -> pd.DataFrame:
        paid = frames.settlements[["claim_id", "payable_fen"]]
        c = frames.claims[["claim_id", "hospital_code", "level", "kind", "person_id",
                           "total_fen"]].merge(paid, on="claim_id", how="inner")
        per = c.groupby("hospital_code").agg(
            level=("level", "first"), kind=("kind", "first"), claims=("claim_id", "size"),
            patients=("person_id", "nunique"), billed=("total_fen", "sum"),
            paid=("payable_fen", "sum"))
        per = per[(per["claims"] >= self.min_claims) & (per["billed"] > 0)]
        peers = [per["level"], per["kind"]]
        counts = per.groupby(peers)["claims"].transform("size")
        share = np.log1p(per["paid"].astype(float)) - np.log1p(per["billed"].astype(float))
        per_patient = np.log1p(per["paid"].astype(float) / per["patients"])
        z = pd.concat([robust_z(share, peers, self.min_hospitals),
                       robust_z(per_patient, peers, self.min_hospitals)], axis=1).max(axis=1)
        hit = per[(counts >= self.min_hospitals) & (z >= self.min_z)]
        median_patient = per_patient.groupby(peers).transform("median")
        expected = np.expm1(median_patient[hit.index]) * hit["patients"]
        at_risk = np.maximum(hit["paid"] - expected, 0).round().astype("int64")
        return findings(SCHEME, Subject.HOSPITAL, hit.index, Reason.HOSPITAL_OUT_OF_PROPORTION,
                        self.score, at_risk,
                        [{"claims": int(n), "paid_fen": int(p)} for n, p in
                         zip(hit["claims"], hit["paid"])])


DETECTORS = (BedDaysBeyondStay, DuplicateLines, BedAndDrugsOnly, SplitReadmission,
             PeerCostOutlier, HospitalPaddedCosts, HospitalOutOfProportion)
