"""How well the alerts find known fraud (issue 7: evaluate_fraud), pure pandas.

Per scheme: precision in the top k (k = number of true items), recall within an alert budget
(a share of claims, or of people for duplicate enrolment), and alerts per 1,000 claims. An
alert finds a true item when it names the same subject; a person alert also finds a true item
that lists the person among its related IDs (the same person under two IDs is one item).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from fraud.detectors.codes import Scheme


@dataclass(frozen=True)
class SchemeFigures:
    scheme: str
    true_items: int
    alerts: int
    precision_at_k: float
    budget: int
    recall_in_budget: float
    alerts_per_1000_claims: float


def _keys(truth: pd.DataFrame) -> list[set]:
    """For each true item, the (subject_type, subject_id) pairs that identify it."""
    keys = []
    for row in truth.itertuples(index=False):
        item = {(row.subject_type, row.subject_id)}
        related = row.related_person_ids if isinstance(row.related_person_ids, str) else ""
        item |= {("person", p) for p in related.split(";") if p}
        keys.append(item)
    return keys


def _found(ranked: pd.DataFrame, keys: list[set]) -> tuple[list[bool], set[int]]:
    """Per alert whether it names a true item; and which items were named."""
    index: dict = {}
    for n, item in enumerate(keys):
        for key in item:
            index.setdefault(key, set()).add(n)
    hits, items = [], set()
    for subject_type, subject_id in zip(ranked["subject_type"], ranked["subject_id"]):
        named = index.get((subject_type, subject_id), set())
        hits.append(bool(named))
        items |= named
    return hits, items


def figures(alerts: pd.DataFrame, truth: pd.DataFrame, claims: int, people: int,
            claim_budget: float = 0.02, people_budget: float = 0.05) -> list[SchemeFigures]:
    """`alerts`: scheme, subject_type, subject_id, score, amount_fen (any order);
    `truth`: subject_type, subject_id, scheme, related_person_ids."""
    out = []
    for scheme in Scheme:
        mine = truth[truth["scheme"] == scheme]
        ranked = alerts[alerts["scheme"] == scheme].sort_values(
            ["score", "amount_fen"], ascending=False, kind="stable")
        keys = _keys(mine)
        share, base = ((people_budget, people) if scheme == Scheme.DUPLICATE_ENROLMENT
                       else (claim_budget, claims))
        budget = math.ceil(share * base)
        k = len(keys)
        hits, _ = _found(ranked.head(k), keys)
        _, found_items = _found(ranked.head(budget), keys)
        out.append(SchemeFigures(
            scheme=str(scheme), true_items=k, alerts=len(ranked),
            precision_at_k=(sum(hits) / k) if k else float("nan"), budget=budget,
            recall_in_budget=(len(found_items) / k) if k else float("nan"),
            alerts_per_1000_claims=(1000 * len(ranked) / claims) if claims else 0.0))
    return out
