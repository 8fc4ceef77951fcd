"""Certificate lending (借证, 冒名就医): someone else uses an insured person's certificate.

DOMAIN.md "Fraud and abuse to detect" and issue 7: a lost, void or confiscated certificate, or
one used after its holder's death; a diagnosis the holder cannot have; one certificate in two
places at once; a card that was hardly ever used suddenly used for serious care; many cards
used at one hospital on the same days.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from fraud.detectors import icd
from fraud.detectors.base import Detector, Frames, concat, days, findings, iso
from fraud.detectors.codes import Reason, Scheme, Subject

SCHEME = Scheme.CERTIFICATE_LENDING
STAY_TYPES = ("inpatient", "maternity_delivery")


def distance_from_home(claims: pd.DataFrame) -> np.ndarray:
    """0 at the holder's own township's providers, 1 at county-wide or higher hospitals in
    the county, 2 at another township's providers or out of the county."""
    local = claims["hospital_township"].notna()
    own = local & (claims["hospital_township"] == claims["person_township"])
    far = (local & ~own) | ~claims["in_county"].astype(bool)
    return np.where(own, 0, np.where(far, 2, 1))


class CertificateStatus(Detector):
    """A certificate that is not `valid`, belongs to someone else, or whose holder had died
    before the care (DOMAIN.md: certificate statuses; no cover after death)."""

    scheme = SCHEME

    def __init__(self, invalid_score=0.92, foreign_score=0.9, death_score=0.95):
        self.invalid_score = invalid_score
        self.foreign_score = foreign_score
        self.death_score = death_score

    def detect(self, frames: Frames) -> pd.DataFrame:
        c = frames.claims
        status = c["certificate_status"].fillna("unknown")
        invalid = c[status != "valid"]
        holder = c["certificate_holder"]
        foreign = c[holder.notna() & (holder != c["person_id"])]
        died = pd.to_datetime(c["died_on"])
        dead = c[died.notna() & (pd.to_datetime(c["admitted_on"]) > died)]
        return concat([
            findings(SCHEME, Subject.CLAIM, invalid["claim_id"], Reason.INVALID_CERTIFICATE,
                     self.invalid_score, invalid["total_fen"],
                     [{"certificate": n, "status": s} for n, s in
                      zip(invalid["certificate_no"], status[invalid.index])]),
            findings(SCHEME, Subject.CLAIM, foreign["claim_id"], Reason.FOREIGN_CERTIFICATE,
                     self.foreign_score, foreign["total_fen"],
                     [{"certificate": n} for n in foreign["certificate_no"]]),
            findings(SCHEME, Subject.CLAIM, dead["claim_id"], Reason.AFTER_DEATH,
                     self.death_score, dead["total_fen"],
                     [{"died_on": iso(d), "admitted_on": iso(a)} for d, a in
                      zip(dead["died_on"], dead["admitted_on"])]),
        ])


class ImpossibleDiagnosis(Detector):
    """A diagnosis or maternity claim the holder's sex or age rules out (fraud.detectors.icd)."""

    scheme = SCHEME

    def __init__(self, score=0.9):
        self.score = score

    def detect(self, frames: Frames) -> pd.DataFrame:
        hit = icd.impossible(frames.claims)
        return findings(SCHEME, Subject.CLAIM, hit["claim_id"], Reason.IMPOSSIBLE_DIAGNOSIS,
                        self.score, hit["total_fen"],
                        [{"age": int(a), "sex": s, "label": lb, "code": d} for a, s, lb, d in
                         zip(hit["age"], hit["sex"], hit["label"], hit["diagnosis_code"])])


def _pairs(claims: pd.DataFrame, same_day: bool) -> pd.DataFrame:
    """Pairs of claims on one certificate at different hospitals (a before b by id)."""
    cols = ["claim_id", "certificate_no", "hospital_code", "admitted_on", "discharged_on",
            "total_fen", "distance", "hospital_township", "in_county", "level"]
    left = claims[cols]
    pairs = left.merge(left, on="certificate_no", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["claim_id_a"] < pairs["claim_id_b"])
                  & (pairs["hospital_code_a"] != pairs["hospital_code_b"])]
    if same_day:
        return pairs[pairs["admitted_on_a"] == pairs["admitted_on_b"]]
    start = np.maximum(days(pairs["admitted_on_a"]), days(pairs["admitted_on_b"]))
    end = np.minimum(days(pairs["discharged_on_a"]), days(pairs["discharged_on_b"]))
    pairs = pairs.assign(nights=end - start)
    return pairs[pairs["nights"] >= 1]


def _score_pairs(pairs: pd.DataFrame, reason: str, foreign_score: float, home_score: float,
                 params_of) -> pd.DataFrame:
    """Each claim of a pair, the one farther from the holder's home scored as the borrower's
    (a lent card is used where its holder does not live); equal distances share the middle."""
    out = []
    for me, other in (("a", "b"), ("b", "a")):
        mine, theirs = pairs[f"distance_{me}"], pairs[f"distance_{other}"]
        score = np.where(mine > theirs, foreign_score,
                         np.where(mine < theirs, home_score, (foreign_score + home_score) / 2))
        out.append(findings(SCHEME, Subject.CLAIM, pairs[f"claim_id_{me}"], reason, score,
                            pairs[f"total_fen_{me}"],
                            [params_of(row, other) for row in pairs.itertuples(index=False)]))
    frame = concat(out)
    # A claim in several pairs keeps its strongest.
    return frame.sort_values("score", ascending=False).drop_duplicates("subject_id")


class OverlappingStays(Detector):
    """Two hospital stays on one certificate that overlap by at least a night (a same-day
    transfer, discharged and admitted on one date, is not an overlap)."""

    scheme = SCHEME

    def __init__(self, foreign_score=0.85, home_score=0.4):
        self.foreign_score = foreign_score
        self.home_score = home_score

    def detect(self, frames: Frames) -> pd.DataFrame:
        c = frames.claims
        stays = c[c["claim_type"].isin(STAY_TYPES)].assign(distance=lambda f: distance_from_home(f))
        pairs = _pairs(stays, same_day=False)
        return _score_pairs(pairs, Reason.OVERLAPPING_STAYS, self.foreign_score,
                            self.home_score,
                            lambda row, o: {"other_claim": getattr(row, f"claim_id_{o}"),
                                            "nights": int(row.nights)})


class SameDayDistant(Detector):
    """Claims on one certificate on the same day at providers of two different townships, or
    in the county and out of it: one person cannot be in both."""

    scheme = SCHEME

    def __init__(self, foreign_score=0.75, home_score=0.5):
        self.foreign_score = foreign_score
        self.home_score = home_score

    def detect(self, frames: Frames) -> pd.DataFrame:
        c = frames.claims
        c = c[c.duplicated(["certificate_no", "admitted_on"], keep=False)]
        pairs = _pairs(c.assign(distance=distance_from_home(c)), same_day=True)
        ta, tb = pairs["hospital_township_a"], pairs["hospital_township_b"]
        two_townships = ta.notna() & tb.notna() & (ta != tb)
        ia, ib = pairs["in_county_a"].astype(bool), pairs["in_county_b"].astype(bool)
        county_and_out = (ia != ib) & ((ta.notna() & ia) | (tb.notna() & ib))
        pairs = pairs[two_townships | county_and_out]
        return _score_pairs(pairs, Reason.SAME_DAY_DISTANT, self.foreign_score,
                            self.home_score,
                            lambda row, o: {"other_claim": getattr(row, f"claim_id_{o}"),
                                            "day": iso(row.admitted_on_a)})


class DormantCardSeriousUse(Detector):
    """A certificate with no other use in the window, suddenly used for a hospital stay away
    from the holder's home, for a diagnosis that is rare at the holder's age (outside the
    `age_quantile` tails of everyone's ages for that diagnosis): the pattern of a card lent to
    a stranger who needs care. Weaker than the other rules, so a lower score."""

    scheme = SCHEME

    def __init__(self, age_quantile=0.05, min_cases=20, score=0.45, max_uses=1):
        self.age_quantile = age_quantile
        self.min_cases = min_cases
        self.score = score
        self.max_uses = max_uses

    def fit(self, frames: Frames, y=None):
        c = frames.claims
        ages = pd.Series(icd.age_in_years(c["birth_date"], c["admitted_on"]), index=c.index)
        grouped = ages.groupby(c["diagnosis_code"].str.slice(0, 3))
        bounds = pd.DataFrame({"low": grouped.quantile(self.age_quantile),
                               "high": grouped.quantile(1 - self.age_quantile)})
        self.age_bounds_ = bounds[grouped.size() >= self.min_cases]
        return self

    def detect(self, frames: Frames) -> pd.DataFrame:
        c = frames.claims
        uses = c.groupby("certificate_no")["claim_id"].transform("size")
        away = (distance_from_home(c) == 2) | (c["level"] >= 2).to_numpy()
        # The holder's age is compared only for the stays away on a dormant card.
        c = c[c["claim_type"].isin(STAY_TYPES).to_numpy() & (uses <= self.max_uses).to_numpy()
              & away]
        age = icd.age_in_years(c["birth_date"], c["admitted_on"])
        bounds = self.age_bounds_.reindex(c["diagnosis_code"].str.slice(0, 3).to_numpy())
        atypical = (age < bounds["low"].to_numpy()) | (age > bounds["high"].to_numpy())
        hit = c[atypical]
        return findings(SCHEME, Subject.CLAIM, hit["claim_id"],
                        Reason.DORMANT_CARD_SERIOUS_USE, self.score, hit["total_fen"],
                        [{"age": int(a), "code": d} for a, d in
                         zip(age[atypical], hit["diagnosis_code"])])


class ManyCardsOneHospital(Detector):
    """Days on which a local provider sees far more cards from outside its township than it
    usually does (robust z over its own days), the claims of those outside cards on those days,
    and the provider itself. A county hospital serves everyone and is not looked at."""

    scheme = SCHEME

    def __init__(self, min_cards=4, min_z=4.0, claim_score=0.6, hospital_score=0.8):
        self.min_cards = min_cards
        self.min_z = min_z
        self.claim_score = claim_score
        self.hospital_score = hospital_score

    def detect(self, frames: Frames) -> pd.DataFrame:
        c = frames.claims[["claim_id", "certificate_no", "hospital_code", "hospital_township",
                           "person_township", "admitted_on", "total_fen"]]
        local = c[c["hospital_township"].notna()
                  & (c["hospital_township"] != c["person_township"])]
        if local.empty:
            return concat([])
        daily = (local.groupby(["hospital_code", "admitted_on"])["certificate_no"].nunique()
                 .rename("cards").reset_index())
        # Every day the provider is open counts in its baseline, with zero outside cards.
        open_days = c[c["hospital_township"].notna()][["hospital_code", "admitted_on"]]
        open_days = open_days.drop_duplicates()
        daily = open_days.merge(daily, how="left").fillna({"cards": 0})
        stats = daily.groupby("hospital_code")["cards"].agg(["median", "std"])
        daily = daily.join(stats, on="hospital_code")
        scale = np.maximum(daily["std"].fillna(0), 0.5)
        daily["z"] = (daily["cards"] - daily["median"]) / scale
        spikes = daily[(daily["cards"] >= self.min_cards) & (daily["z"] >= self.min_z)]
        hit = local.merge(spikes[["hospital_code", "admitted_on", "cards"]])
        per_hospital = hit.groupby("hospital_code").agg(claims=("claim_id", "size"),
                                                          amount=("total_fen", "sum"),
                                                          days=("admitted_on", "nunique"))
        return concat([
            findings(SCHEME, Subject.CLAIM, hit["claim_id"], Reason.CARD_IN_CARD_BURST,
                     self.claim_score, hit["total_fen"],
                     [{"cards": int(n), "day": iso(d), "hospital": h} for n, d, h in
                      zip(hit["cards"], hit["admitted_on"], hit["hospital_code"])]),
            findings(SCHEME, Subject.HOSPITAL, per_hospital.index,
                     Reason.MANY_CARDS_ONE_HOSPITAL, self.hospital_score,
                     per_hospital["amount"],
                     [{"claims": int(n), "days": int(d)} for n, d in
                      zip(per_hospital["claims"], per_hospital["days"])]),
        ])


DETECTORS = (CertificateStatus, ImpossibleDiagnosis, OverlappingStays, SameDayDistant,
             DormantCardSeriousUse, ManyCardsOneHospital)
