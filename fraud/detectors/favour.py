"""Favour reimbursements (人情报销, 超标准报销, 弄虚作假报销): reviewers paying relatives and
acquaintances more than the rules allow, or paying what the rules reject.

DOMAIN.md "Fraud and abuse to detect", "Approval levels" (four eyes) and issue 7: paid more than
the calculator allows or despite a rejection reason; a reviewer related to the claimant; amounts
bunched just under an approval threshold per clerk or reviewer; one stay split into claims that
each stay under a threshold; a reviewer's approvals concentrated on a few claimants.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from fraud.detectors.base import Detector, Frames, concat, days, findings
from fraud.detectors.codes import Reason, Scheme, Subject

SCHEME = Scheme.FAVOUR_REIMBURSEMENT


def approvals(frames: Frames) -> pd.DataFrame:
    """Approving decisions with the claim's person, household, village and name."""
    d = frames.decisions[frames.decisions["decision"] == "approved"]
    cols = ["claim_id", "person_id", "household_id", "person_village", "person_name",
            "total_fen"]
    return d.merge(frames.claims[cols], on="claim_id")


def paid(frames: Frames) -> pd.DataFrame:
    """The final paying decision of each claim with what the calculator allows."""
    d = frames.decisions.dropna(subset=["paid_amount_fen"])
    d = d.sort_values("level").drop_duplicates("claim_id", keep="last")
    return d.merge(frames.settlements, on="claim_id")


class PaidBeyondRules(Detector):
    """Paid more than the calculator allows (tolerance `tolerance_fen`), or paid although the
    calculator rejects the claim (DOMAIN.md: 超标准报销)."""

    scheme = SCHEME

    def __init__(self, tolerance_fen=100, score=0.95):
        self.tolerance_fen = tolerance_fen
        self.score = score

    def detect(self, frames: Frames) -> pd.DataFrame:
        p = paid(frames)
        rejected = p[(p["decision_y"] == "rejected") & (p["paid_amount_fen"] > 0)]
        over = p[(p["decision_y"] != "rejected")
                 & (p["paid_amount_fen"] > p["payable_fen"] + self.tolerance_fen)]
        excess = (over["paid_amount_fen"] - over["payable_fen"]).astype("int64")
        return concat([
            findings(SCHEME, Subject.CLAIM, over["claim_id"], Reason.PAID_MORE_THAN_ALLOWED,
                     self.score, excess,
                     [{"paid_fen": int(a), "allowed_fen": int(b), "reviewer": r} for a, b, r in
                      zip(over["paid_amount_fen"], over["payable_fen"], over["decided_by"])]),
            findings(SCHEME, Subject.CLAIM, rejected["claim_id"],
                     Reason.PAID_DESPITE_REJECTION, self.score,
                     rejected["paid_amount_fen"].astype("int64"),
                     [{"paid_fen": int(a), "reasons": r, "reviewer": u} for a, r, u in
                      zip(rejected["paid_amount_fen"], rejected["reason_codes"],
                          rejected["decided_by"])]),
        ])


class RelatedReviewer(Detector):
    """A reviewer approved a claim of their own household or of a person they declared a
    relation to (DOMAIN.md four eyes); same village and surname is weak evidence only."""

    scheme = SCHEME

    def __init__(self, household_score=0.9, declared_score=0.85, village_score=0.25):
        self.household_score = household_score
        self.declared_score = declared_score
        self.village_score = village_score

    def detect(self, frames: Frames) -> pd.DataFrame:
        a = approvals(frames).merge(
            frames.staff[["username", "household_id", "village_code", "surname"]],
            left_on="decided_by", right_on="username", suffixes=("", "_staff"))
        declared = a.merge(frames.relations, left_on=["decided_by", "person_id"],
                           right_on=["username", "person_id"], suffixes=("", "_rel"))
        household = a[a["household_id_staff"].notna()
                      & (a["household_id"] == a["household_id_staff"])]
        village = a[a["village_code"].notna() & (a["person_village"] == a["village_code"])
                    & (a["person_name"].str.slice(0, 1) == a["surname"])]
        amount = "total_fen"
        return concat([
            findings(SCHEME, Subject.CLAIM, household["claim_id"],
                     Reason.REVIEWER_SAME_HOUSEHOLD, self.household_score, household[amount],
                     [{"reviewer": r} for r in household["decided_by"]]),
            findings(SCHEME, Subject.CLAIM, declared["claim_id"],
                     Reason.REVIEWER_DECLARED_RELATION, self.declared_score, declared[amount],
                     [{"reviewer": r, "relation": x} for r, x in
                      zip(declared["decided_by"], declared["relation"])]),
            findings(SCHEME, Subject.CLAIM, village["claim_id"],
                     Reason.REVIEWER_SAME_VILLAGE_SURNAME, self.village_score, village[amount],
                     [{"reviewer": r} for r in village["decided_by"]]),
        ])


def _binomial_z(hits: pd.Series, totals: pd.Series, peers=None) -> pd.Series:
    """How far each member's hit rate is above the pooled rate of their peers (all members,
    or those sharing `peers`, e.g. the role), in standard errors."""
    keys = peers if peers is not None else pd.Series(0, index=hits.index)
    rate = hits.groupby(keys).transform("sum") / totals.groupby(keys).transform("sum").clip(1)
    spread = np.sqrt(np.maximum(totals * rate * (1 - rate), 1e-9))
    return (hits - totals * rate) / spread


class BunchedUnderThreshold(Detector):
    """Reimbursements piling up just under an approval threshold (within `band` of it) for
    one entering clerk or one reviewer, far more often than for their peers: amounts shaped
    to avoid the next signature (DOMAIN.md approval matrix)."""

    scheme = SCHEME

    def __init__(self, band=0.1, min_z=3.0, min_hits=4, claim_score=0.6, staff_score=0.7):
        self.band = band
        self.min_z = min_z
        self.min_hits = min_hits
        self.claim_score = claim_score
        self.staff_score = staff_score

    def _bunched(self, staff_claims: pd.DataFrame) -> pd.DataFrame:
        per = staff_claims.drop_duplicates(["staff", "claim_id"]).groupby("staff")["near"].agg(
            ["sum", "size"])
        per["z"] = _binomial_z(per["sum"], per["size"])
        return per[(per["z"] >= self.min_z) & (per["sum"] >= self.min_hits)]

    def detect(self, frames: Frames) -> pd.DataFrame:
        if not frames.thresholds_fen:
            return concat([])
        c = frames.claims[["claim_id", "entered_by"]].merge(
            frames.settlements[["claim_id", "payable_fen"]], on="claim_id")
        c = c[c["payable_fen"] > 0]
        near = np.zeros(len(c), dtype=bool)
        for threshold in frames.thresholds_fen:
            near |= ((c["payable_fen"] >= threshold * (1 - self.band))
                     & (c["payable_fen"] <= threshold)).to_numpy()
        c = c.assign(near=near)
        # Entering clerks first: they shape the amounts; a reviewer is then judged on the
        # claims that a bunching clerk did not enter (signing them is not bunching).
        entered = c.dropna(subset=["entered_by"]).rename(columns={"entered_by": "staff"})
        clerks = self._bunched(entered)
        reviewed = frames.decisions[frames.decisions["decision"] == "approved"][
            ["claim_id", "decided_by"]].merge(c, on="claim_id")
        reviewed = reviewed[~reviewed["entered_by"].isin(clerks.index)]
        reviewers = self._bunched(reviewed.rename(columns={"decided_by": "staff"}))
        bunched = pd.concat([clerks, reviewers[~reviewers.index.isin(clerks.index)]])
        staff_claims = pd.concat([entered, reviewed.rename(columns={"decided_by": "staff"})])
        hit = staff_claims[staff_claims["staff"].isin(bunched.index) & staff_claims["near"]]
        hit = hit.drop_duplicates("claim_id")[["staff", "claim_id", "payable_fen"]]
        amount = hit.groupby("staff")["payable_fen"].sum()
        return concat([
            findings(SCHEME, Subject.CLAIM, hit["claim_id"], Reason.BUNCHED_UNDER_THRESHOLD,
                     self.claim_score, hit["payable_fen"],
                     [{"staff": s, "count": int(bunched.loc[s, "sum"])} for s in hit["staff"]]),
            findings(SCHEME, Subject.REVIEWER, bunched.index, Reason.BUNCHED_UNDER_THRESHOLD,
                     self.staff_score, amount.reindex(bunched.index).fillna(0),
                     [{"staff": s, "count": int(n), "total": int(t)} for s, n, t in
                      zip(bunched.index, bunched["sum"], bunched["size"])]),
        ])


class SplitClaim(Detector):
    """One stay billed as back-to-back claims (the next admitted on or the day after the
    discharge) at one hospital, each under an approval threshold while together they pass
    it: both claims are flagged."""

    scheme = SCHEME

    def __init__(self, max_gap=1, score=0.75):
        self.max_gap = max_gap
        self.score = score

    def detect(self, frames: Frames) -> pd.DataFrame:
        if not frames.thresholds_fen:
            return concat([])
        c = frames.claims[["claim_id", "admitted_on", "discharged_on"]]  # what is compared
        # Person and hospital as one number, in their sorted order: found once, then
        # filtered, sorted and grouped on, instead of the two text columns three times.
        pair = frames.claims.groupby(["person_id", "hospital_code"]).ngroup()
        c = c.assign(pair=pair)[(pair >= 0) & pair.duplicated(keep=False)]
        c = c.merge(frames.settlements[["claim_id", "payable_fen"]], on="claim_id")
        c = c.assign(start=days(c["admitted_on"]), end=days(c["discharged_on"]))
        c = c.sort_values(["pair", "start"])
        prev = c.groupby("pair")[["claim_id", "end", "payable_fen"]].shift()
        gap = c["start"] - prev["end"]
        together = c["payable_fen"] + prev["payable_fen"]
        crosses = np.zeros(len(c), dtype=bool)
        for t in frames.thresholds_fen:
            crosses |= ((c["payable_fen"] <= t) & (prev["payable_fen"] <= t)
                        & (together > t)).to_numpy()
        hit = (gap >= 0) & (gap <= self.max_gap) & crosses
        pairs = pd.DataFrame({"later": c["claim_id"], "earlier": prev["claim_id"],
                              "later_fen": c["payable_fen"], "earlier_fen": prev["payable_fen"],
                              "together": together})[hit]
        return concat([
            findings(SCHEME, Subject.CLAIM, pairs[me], Reason.SPLIT_CLAIM, self.score,
                     pairs[f"{me}_fen"].astype("int64"),
                     [{"other_claim": o, "together_fen": int(t)} for o, t in
                      zip(pairs[other], pairs["together"])])
            for me, other in (("later", "earlier"), ("earlier", "later"))])


class ConcentratedApprovals(Detector):
    """A reviewer who approves the same few claimants again and again, far more than the
    office's other reviewers do: the claimants with at least `min_repeat` approvals by one
    reviewer, when the reviewer's share of such repeat approvals is an outlier (binomial z
    against all reviewers)."""

    scheme = SCHEME

    def __init__(self, min_repeat=3, min_z=3.0, claim_score=0.55, reviewer_score=0.65):
        self.min_repeat = min_repeat
        self.min_z = min_z
        self.claim_score = claim_score
        self.reviewer_score = reviewer_score

    def detect(self, frames: Frames) -> pd.DataFrame:
        a = approvals(frames).drop_duplicates(["decided_by", "claim_id"])
        pair_count = a.groupby(["decided_by", "person_id"])["claim_id"].transform("size")
        a = a.assign(repeat=pair_count >= self.min_repeat)
        per = a.groupby("decided_by")["repeat"].agg(["sum", "size"])
        role = per.index.map(frames.staff.set_index("username")["role"])
        per["z"] = _binomial_z(per["sum"], per["size"], pd.Series(role, index=per.index))
        flagged = per[(per["z"] >= self.min_z) & (per["sum"] > 0)]
        hit = a[a["decided_by"].isin(flagged.index) & a["repeat"]]
        claimants = hit.groupby("decided_by")["person_id"].nunique()
        amount = hit.groupby("decided_by")["total_fen"].sum()
        return concat([
            findings(SCHEME, Subject.CLAIM, hit["claim_id"], Reason.CONCENTRATED_APPROVALS,
                     self.claim_score, hit["total_fen"],
                     [{"reviewer": r} for r in hit["decided_by"]]),
            findings(SCHEME, Subject.REVIEWER, flagged.index, Reason.CONCENTRATED_APPROVALS,
                     self.reviewer_score, amount.reindex(flagged.index).fillna(0),
                     [{"reviewer": r, "claimants": int(claimants.get(r, 0)),
                       "approvals": int(n)} for r, n in zip(flagged.index, flagged["sum"])]),
        ])


def reviewer_rollup(claim_findings: pd.DataFrame, min_score=0.8) -> pd.DataFrame:
    """A reviewer alert for every reviewer named by a strong claim finding (paid beyond the
    rules, related claimant): the person who let the money out is a subject too."""
    strong = claim_findings[(claim_findings["subject_type"] == Subject.CLAIM)
                            & (claim_findings["score"] >= min_score)]
    reviewer = strong["params"].map(lambda p: p.get("reviewer"))
    strong = strong.assign(reviewer=reviewer).dropna(subset=["reviewer"])
    per = strong.groupby("reviewer").agg(score=("score", "max"), amount=("amount_fen", "sum"),
                                         claims=("subject_id", "size"))
    return findings(SCHEME, Subject.REVIEWER, per.index, Reason.REVIEWER_PATTERN, per["score"],
                    per["amount"], [{"claims": int(n)} for n in per["claims"]])


class FavourReimbursement(Detector):
    """Every favour rule, plus the reviewer roll-up of the strong ones."""

    scheme = SCHEME

    def detect(self, frames: Frames) -> pd.DataFrame:
        found = concat([rule().fit_detect(frames) for rule in RULES])
        return concat([found, reviewer_rollup(found)])


RULES = (PaidBeyondRules, RelatedReviewer, BunchedUnderThreshold, SplitClaim,
         ConcentratedApprovals)
DETECTORS = (FavourReimbursement,)
