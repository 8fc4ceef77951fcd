"""Duplicate enrolment (重复参保): one person insured twice, in two schemes or two places.

DOMAIN.md "Fraud and abuse to detect" (seed 000: about 10% of residents in some cities, each
wasting the subsidy) and issue 7: the same resident ID in two enrolments of one year whose
cover overlaps; the same person under two IDs (same birth date and sex, the name the same,
or the same in pinyin); subsidised people counted twice. The amount at risk is the subsidy
wasted: the government share of the premium plus the individual share it paid for a
subsidised person (DOMAIN.md premiums), all parameters.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from fraud.detectors.base import Detector, Frames, concat, findings
from fraud.detectors.codes import Reason, Scheme, Subject

SCHEME = Scheme.DUPLICATE_ENROLMENT
FULLY_PAID = ("wubao", "disabled")
SUBSIDISED = ("wubao", "disabled", "dibao", "youfu", "urban_three")


def categories(value) -> set[str]:
    return {c for c in (value or "").split(";") if c}


def per_distinct(frame: pd.DataFrame, f, dtype) -> np.ndarray:
    """f(*row) for every row of `frame`, called once per distinct row: an enrolment's tier
    and categories take a handful of values, and a Python call per enrolment costs seconds
    for a county's millions (bench/fraud.py)."""
    rows, distinct = pd.MultiIndex.from_frame(frame).factorize()
    return np.array([f(*row) for row in distinct], dtype=dtype)[rows]


def subsidised(column: pd.Series) -> np.ndarray:
    return per_distinct(column.fillna("").to_frame(),
                        lambda v: bool(categories(v) & set(SUBSIDISED)), bool)


def subsidy_fen(tier: int, cats: set[str], government_fen: int, individual_fen: dict,
                partial_fen: int) -> int:
    """The government's money in one enrolment (DOMAIN.md: wubao and disabled have the whole
    individual share paid, other subsidised categories `partial_fen` of it)."""
    if cats & set(FULLY_PAID):
        return government_fen + individual_fen.get(tier, 0)
    if cats & set(SUBSIDISED):
        return government_fen + partial_fen
    return government_fen


class DuplicateEnrolment(Detector):
    """Same ID twice with overlapping cover, same person under two IDs, and subsidised twice.

    `name_key` maps a column of names to their comparison keys (fraud.detectors.names.
    pinyin_keys; injected so the detector stays pure and testable); a pinyin-only match
    inside one household is twins or siblings, not a duplicate, and is skipped."""

    scheme = SCHEME

    def __init__(self, name_key=None, government_fen=8000, individual_fen=None, partial_fen=1000,
                 same_id_score=0.9, same_name_score=0.85, pinyin_score=0.6,
                 subsidised_score=0.95):
        self.name_key = name_key
        self.government_fen = government_fen
        self.individual_fen = individual_fen
        self.partial_fen = partial_fen
        self.same_id_score = same_id_score
        self.same_name_score = same_name_score
        self.pinyin_score = pinyin_score
        self.subsidised_score = subsidised_score

    def _subsidy(self, rows: pd.DataFrame) -> pd.Series:
        individual = self.individual_fen or {1: 2000, 2: 12000}
        fen = per_distinct(rows[["tier", "categories"]].fillna({"categories": ""}),
                           lambda t, c: subsidy_fen(int(t), categories(c), self.government_fen,
                                                    individual, self.partial_fen), np.int64)
        return pd.Series(fen, index=rows.index)

    def _same_id(self, e: pd.DataFrame, person: pd.Series) -> pd.DataFrame:
        e = e[person.duplicated(keep=False).to_numpy()]
        pairs = e.merge(e, on="person_id", suffixes=("_a", "_b"))
        pairs = pairs[(pairs["scheme_a"] < pairs["scheme_b"])
                      & (pairs["enrolled_from_a"] <= pairs["enrolled_to_b"])
                      & (pairs["enrolled_from_b"] <= pairs["enrolled_to_a"])]
        both = subsidised(pairs["categories_a"]) & subsidised(pairs["categories_b"])
        wasted = self._subsidy(pairs.rename(columns={"tier_b": "tier",
                                                     "categories_b": "categories"}))
        params = [{"schemes": f"{a}, {b}"} for a, b in zip(pairs["scheme_a"], pairs["scheme_b"])]
        sub = pairs[both]
        return concat([
            findings(SCHEME, Subject.PERSON, pairs["person_id"], Reason.SAME_ID_TWO_ENROLMENTS,
                     self.same_id_score, wasted, params),
            findings(SCHEME, Subject.PERSON, sub["person_id"], Reason.SUBSIDISED_TWICE,
                     self.subsidised_score, wasted[sub.index],
                     [{"schemes": f"{a}, {b}"} for a, b in zip(sub["scheme_a"],
                                                               sub["scheme_b"])]),
        ])

    def _two_ids(self, e: pd.DataFrame, person: pd.Series) -> pd.DataFrame:
        # Each person's earliest enrolment, and only those sharing a block hash (birth date,
        # sex, name key) with another person can match: a cheap cut before the real join.
        # Rows are picked by number and only the blocking columns read until the cut, not
        # every column of millions of enrolments moved twice (bench/fraud.py).
        earliest = e["enrolled_from"].reset_index(drop=True).sort_values().index.to_numpy()
        earliest = earliest[~person.iloc[earliest].duplicated().to_numpy()]
        names = e["name"].iloc[earliest]
        key = names if self.name_key is None else self.name_key(names)
        block = pd.util.hash_pandas_object(pd.DataFrame({
            "birth_date": e["birth_date"].iloc[earliest], "sex": e["sex"].iloc[earliest],
            "key": key}), index=False)
        blocked = block.duplicated(keep=False).to_numpy()
        people = e.iloc[earliest[blocked]].assign(key=key.to_numpy()[blocked])
        pairs = people.merge(people, on=["birth_date", "sex", "key"], suffixes=("_a", "_b"))
        pairs = pairs[pairs["person_id_a"] < pairs["person_id_b"]]
        exact = pairs["name_a"] == pairs["name_b"]
        twins = ~exact & (pairs["household_id_a"] == pairs["household_id_b"])
        pairs, exact = pairs[~twins.to_numpy()], exact[~twins.to_numpy()]
        # The later enrolment is the suspect copy; the earlier ID is named in the params.
        later_b = (pairs["enrolled_from_b"] > pairs["enrolled_from_a"]) | (
            pairs["enrolled_from_b"] == pairs["enrolled_from_a"])
        subject = pairs["person_id_b"].where(later_b, pairs["person_id_a"])
        other = pairs["person_id_a"].where(later_b, pairs["person_id_b"])
        score = exact.map({True: self.same_name_score, False: self.pinyin_score})
        twice = subsidised(pairs["categories_a"]) & subsidised(pairs["categories_b"])
        wasted = self._subsidy(pairs.rename(columns={"tier_b": "tier",
                                                     "categories_b": "categories"}))
        params = [{"other_id": o, "name": n} for o, n in zip(other, pairs["name_b"])]
        return concat([
            findings(SCHEME, Subject.PERSON, subject, Reason.SAME_PERSON_TWO_IDS, score.to_numpy(),
                     wasted, params),
            findings(SCHEME, Subject.PERSON, subject[twice], Reason.SUBSIDISED_TWICE,
                     self.subsidised_score, wasted[twice],
                     [p for p, s in zip(params, twice) if s]),
        ])

    def detect(self, frames: Frames) -> pd.DataFrame:
        e = frames.enrolments
        person = pd.Series(pd.factorize(e["person_id"])[0])  # found once for both checks
        return concat([self._same_id(e, person), self._two_ids(e, person)])


DETECTORS = (DuplicateEnrolment,)
