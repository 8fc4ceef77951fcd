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
    grouped = found.groupby(ALERT_KEY, sort=False)
    miss = grouped["score"].agg(lambda s: float(np.prod(1.0 - s.to_numpy())))
    amount = grouped["amount_fen"].max()
    reasons = grouped.apply(
        lambda g: list(zip(g["reason"], g["score"].round(4), g["params"])),
        include_groups=False)
    alerts = pd.DataFrame({"rule_score": (1.0 - miss).round(4), "amount_fen": amount,
                           "reasons": reasons}).reset_index()
    return order(alerts, "rule_score")


def order(alerts: pd.DataFrame, score_column: str) -> pd.DataFrame:
    """Highest score first, then the larger amount (issue 7: priority score x amount)."""
    return alerts.sort_values([score_column, "amount_fen"], ascending=False,
                              kind="stable").reset_index(drop=True)
