"""What every detector takes and gives (STYLE.md: the scikit-learn estimator contract).

A detector is an estimator: parameters in `__init__` only, `fit(frames)` learns what it
needs (peer medians, base rates), `detect(frames)` returns *findings*: one row per subject
and reason with a score in [0, 1], the amount at risk in fen and the numbers the reason's
sentence needs (`params`). `frames` is a `Frames` of pandas DataFrames built once by
fraud.features; no detector touches the database.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.base import BaseEstimator

FINDING_COLUMNS = ["scheme", "subject_type", "subject_id", "reason", "score", "amount_fen",
                   "params"]


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})


@dataclass
class Frames:
    """The inputs of every detector (column lists in fraud.features)."""

    year: int
    claims: pd.DataFrame
    lines: pd.DataFrame = field(default_factory=lambda: _empty(LINE_COLUMNS))
    settlements: pd.DataFrame = field(default_factory=lambda: _empty(SETTLEMENT_COLUMNS))
    decisions: pd.DataFrame = field(default_factory=lambda: _empty(DECISION_COLUMNS))
    staff: pd.DataFrame = field(default_factory=lambda: _empty(STAFF_COLUMNS))
    relations: pd.DataFrame = field(default_factory=lambda: _empty(RELATION_COLUMNS))
    enrolments: pd.DataFrame = field(default_factory=lambda: _empty(ENROLMENT_COLUMNS))
    thresholds_fen: tuple[int, ...] = ()

    @cached_property
    def line_claims(self) -> np.ndarray:
        """Each bill line's claim as a row number of `claims` (one row per claim), -1 when
        it is not there: found once, so detectors take the claim's columns for three million
        lines by number rather than each hashing their text claim IDs (bench/fraud.py)."""
        return positions(self.lines["claim_id"], self.claims["claim_id"])


CLAIM_COLUMNS = ["claim_id", "person_id", "certificate_no", "hospital_code", "level", "kind",
                 "hospital_township", "in_county", "claim_type", "admitted_on",
                 "discharged_on", "diagnosis_code", "emergency_reported_on", "entered_by",
                 "total_fen", "sex", "birth_date", "died_on", "household_id",
                 "person_township", "person_village", "person_name", "certificate_holder",
                 "certificate_status"]
LINE_COLUMNS = ["claim_id", "category", "item_code", "quantity_milli", "unit_price_fen",
                "amount_fen", "service_date"]
SETTLEMENT_COLUMNS = ["claim_id", "decision", "reason_codes", "payable_fen"]
DECISION_COLUMNS = ["claim_id", "level", "decided_by", "decision", "paid_amount_fen"]
STAFF_COLUMNS = ["username", "role", "township_code", "person_id", "household_id",
                 "village_code", "surname"]
RELATION_COLUMNS = ["username", "person_id", "relation"]
ENROLMENT_COLUMNS = ["person_id", "name", "sex", "birth_date", "household_id",
                     "township_code", "village_code", "scheme", "tier", "categories",
                     "enrolled_from", "enrolled_to"]


def findings(scheme: str, subject_type: str, subject_ids, reason: str, scores, amounts,
             params) -> pd.DataFrame:
    """A findings frame from aligned sequences (scalars are broadcast)."""
    subject_ids = list(subject_ids)
    n = len(subject_ids)
    if n == 0:
        return empty_findings()
    scores = np.clip(np.broadcast_to(np.asarray(scores, dtype=float), (n,)), 0.0, 1.0)
    amounts = np.broadcast_to(np.asarray(amounts, dtype=np.int64), (n,))
    return pd.DataFrame({
        "scheme": scheme, "subject_type": subject_type, "subject_id": subject_ids,
        "reason": reason, "score": scores, "amount_fen": amounts.astype(np.int64),
        "params": list(params),
    })


def empty_findings() -> pd.DataFrame:
    frame = _empty(FINDING_COLUMNS)
    frame["score"] = frame["score"].astype(float)
    frame["amount_fen"] = frame["amount_fen"].astype(np.int64)
    return frame


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else empty_findings()


def _arrow_keys(values, candidates) -> tuple[pa.Array, pa.Array] | None:
    """`values` and `candidates` as Arrow arrays of one type, or None when nothing can match
    (either is empty, or `values` has no value at all)."""
    values = pa.array(values, from_pandas=True)
    candidates = pa.array(candidates, from_pandas=True)
    if not len(values) or not len(candidates) or pa.types.is_null(values.type):
        return None
    if candidates.type != values.type:
        candidates = candidates.cast(values.type)
    return values, candidates


def among(values, candidates) -> np.ndarray:
    """Whether each of `values` is one of `candidates` (a boolean array; a missing value is
    in nothing). One Arrow hash set: pandas 3's `isin` on Arrow strings builds a Python object
    per candidate, seconds for the million claim IDs of a year (bench/fraud.py)."""
    keys = _arrow_keys(values, candidates)
    if keys is None:
        return np.zeros(len(values), dtype=bool)
    return pc.is_in(keys[0], value_set=keys[1], skip_nulls=True).to_numpy(
        zero_copy_only=False)


def positions(values, keys) -> np.ndarray:
    """Where each of `values` is in `keys` (unique): an int64 array of row numbers, -1 for a
    value not there or missing. One Arrow hash lookup, as in `among`."""
    arrays = _arrow_keys(values, keys)
    if arrays is None:
        return np.full(len(values), -1, dtype=np.int64)
    found = pc.index_in(arrays[0], value_set=arrays[1], skip_nulls=True)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def left_join(frame: pd.DataFrame, other: pd.DataFrame, on: str) -> pd.DataFrame:
    """`frame` with the other columns of `other` (one row per `on` value), what
    `frame.merge(other, on=on, how="left")` gives, in `frame`'s order and index. Rows are
    matched by `positions` and taken by row number: pandas' merge on a text key makes a
    Python string of every key, seconds for a year's claims or bill lines (bench/fraud.py)."""
    rows = positions(frame[on], other[on])
    found = other.drop(columns=on).reset_index(drop=True).reindex(rows)
    return pd.concat([frame, found.set_axis(frame.index)], axis=1)


def robust_z(values: pd.Series, groups: list[pd.Series] | pd.Series, min_peers: int):
    """(x - peer median) / (1.4826 x peer MAD) per group; NaN where a group is too small.

    Robust statistics so the padded bills being looked for do not move their own yardstick.
    """
    grouped = values.groupby(groups)
    median = grouped.transform("median")
    mad = (values - median).abs().groupby(groups).transform("median") * 1.4826
    size = grouped.transform("size")
    # A MAD of zero (most peers identical) falls back to a tenth of the median's magnitude.
    scale = mad.where(mad > 0, median.abs() * 0.1 + 1e-9)
    z = (values - median) / scale
    return z.where(size >= min_peers)


def iso(value) -> str:
    """A date (object or datetime64) as YYYY-MM-DD, for a reason's sentence."""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def days(column: pd.Series) -> np.ndarray:
    """Dates as int64 days since 1970 (missing as a very negative number)."""
    values = pd.to_datetime(column).to_numpy().astype("datetime64[D]")
    out = values.astype(np.int64)
    out[np.isnat(values)] = -(10 ** 9)
    return out


class Detector(BaseEstimator, ABC):
    """Base: `fit` learns nothing unless overridden; `detect` is the rule itself."""

    scheme: str = ""

    def fit(self, frames: Frames, y=None):
        return self

    @abstractmethod
    def detect(self, frames: Frames) -> pd.DataFrame:
        """The findings (FINDING_COLUMNS) of this detector on `frames`."""

    def fit_detect(self, frames: Frames) -> pd.DataFrame:
        return self.fit(frames).detect(frames)
