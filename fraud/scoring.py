"""From findings to alerts: one alert per scheme and subject, its reasons strongest first.

Pure (no Django). Several reasons on one subject strengthen each other as independent
evidence would (noisy-or: 1 - prod(1 - score)); the amount at risk is the largest single
finding's, because two reasons about one bill put the same money at risk, not twice as much.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

ALERT_KEY = ["scheme", "subject_type", "subject_id"]


def combine(found: pd.DataFrame) -> pd.DataFrame:
    """Alerts frame: scheme, subject_type, subject_id, rule_score, amount_fen, reasons
    (list of (reason, score, params), strongest first), ordered by priority."""
    columns = ALERT_KEY + ["rule_score", "amount_fen", "reasons"]
    if found.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    found = found.sort_values("score", ascending=False, kind="stable")
    # One reason counts once per subject (its strongest finding).
    found = found.drop_duplicates(ALERT_KEY + ["reason"])
    # Each subject's findings side by side, strongest first, subjects in order of their
    # strongest finding: every alert's reasons are one slice (no Python call per alert).
    alert_no = found.groupby(ALERT_KEY, sort=False).ngroup().to_numpy()
    found = found.iloc[np.argsort(alert_no, kind="stable")]
    alert_no = np.sort(alert_no)
    starts = np.flatnonzero(np.r_[True, alert_no[1:] != alert_no[:-1]])
    ends = np.r_[starts[1:], len(found)]
    miss = np.multiply.reduceat(1.0 - found["score"].to_numpy(dtype=float), starts)
    triples = list(zip(found["reason"].tolist(), found["score"].round(4).tolist(),
                       found["params"].tolist()))
    first = found.iloc[starts]
    alerts = pd.DataFrame({
        **{key: first[key].to_numpy() for key in ALERT_KEY},
        "rule_score": (1.0 - miss).round(4),
        "amount_fen": np.maximum.reduceat(found["amount_fen"].to_numpy(dtype=np.int64), starts),
        "reasons": [triples[s:e] for s, e in zip(starts, ends)]})
    return order(alerts, "rule_score")


def order(alerts: pd.DataFrame, score_column: str) -> pd.DataFrame:
    """Highest score first, then the larger amount (issue 7: priority score x amount)."""
    return alerts.sort_values([score_column, "amount_fen"], ascending=False,
                              kind="stable").reset_index(drop=True)
