"""The two learned models of issue 7, pure (no Django): an unsupervised IsolationForest over
claims measured against their peer group, and a supervised, calibrated classifier trained on
investigators' outcomes once there are enough of them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier, IsolationForest
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from fraud.detectors.base import Detector, Frames, findings
from fraud.detectors.codes import Reason, Scheme, Subject
from fraud.detectors.inflation import STAY_TYPES, peer_z

PEER_FEATURES = ["cost", "per_day", "stay", "drug_share", "lines"]


def peer_features(frames: Frames, min_peers: int) -> pd.DataFrame:
    """Per claim: robust z of cost, cost per day and stay within its peer group (diagnosis
    group, level, claim type, year), the drug share of the bill and its number of lines."""
    c = frames.claims
    z = peer_z(c, min_peers)[["cost", "per_day", "stay"]]
    lines = frames.lines
    drug = lines["amount_fen"].where(lines["category"].isin(("drug", "tcm_drug")), 0)
    per = pd.DataFrame({"claim_id": lines["claim_id"], "drug": drug,
                        "amount": lines["amount_fen"]}).groupby("claim_id").agg(
        drug=("drug", "sum"), amount=("amount", "sum"), lines=("amount", "size"))
    per = per.reindex(c["claim_id"].to_numpy())
    z["drug_share"] = (per["drug"] / per["amount"].where(per["amount"] > 0)).to_numpy()
    z["lines"] = per["lines"].to_numpy()
    return z.fillna(0.0)


def _stays(frames: Frames) -> Frames:
    """The frames cut to hospital stays: where bills are long enough to pad."""
    stay = frames.claims["claim_type"].isin(STAY_TYPES).to_numpy()
    on_stay = np.append(stay, False)[frames.line_claims]  # a line of no claim (-1) is not
    return Frames(year=frames.year, claims=frames.claims[stay], lines=frames.lines[on_stay])


class PeerIsolationForest(Detector):
    """Hospital stays the forest isolates fastest once each is measured against its peers: the
    `contamination` share most unusual, with a modest score (a model's hunch, not a rule)."""

    scheme = Scheme.INFLATED_BILL

    def __init__(self, contamination=0.005, n_estimators=50, max_samples=256,
                 sample_size=100_000, min_peers=10, max_score=0.3, random_state=0):
        self.contamination = contamination
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.sample_size = sample_size
        self.min_peers = min_peers
        self.max_score = max_score
        self.random_state = random_state

    def fit(self, frames: Frames, y=None):
        return self._fit(peer_features(_stays(frames), self.min_peers))

    def detect(self, frames: Frames) -> pd.DataFrame:
        stays = _stays(frames)
        return self._detect(stays, peer_features(stays, self.min_peers))

    def fit_detect(self, frames: Frames) -> pd.DataFrame:
        """Fit and detect on one year: its stays measured against their peers once."""
        stays = _stays(frames)
        features = peer_features(stays, self.min_peers)
        return self._fit(features)._detect(stays, features)

    def _fit(self, features: pd.DataFrame):
        self.forest_ = None
        if len(features) >= self.max_samples:
            sample = features.sample(min(self.sample_size, len(features)),
                                     random_state=self.random_state)
            self.forest_ = IsolationForest(
                n_estimators=self.n_estimators, max_samples=self.max_samples,
                random_state=self.random_state).fit(sample[PEER_FEATURES].to_numpy())
        return self

    def _detect(self, stays: Frames, features: pd.DataFrame) -> pd.DataFrame:
        if self.forest_ is None:
            return findings(self.scheme, Subject.CLAIM, [], Reason.UNUSUAL_IN_PEER_GROUP, 0, 0,
                            [])
        normal = self.forest_.score_samples(features[PEER_FEATURES].to_numpy())
        cut = np.quantile(normal, self.contamination)
        hit = normal <= cut
        c = stays.claims[hit]
        # The strangest gets max_score, the cut-off half of it.
        spread = max(cut - normal.min(), 1e-9)
        score = self.max_score * (0.5 + 0.5 * (cut - normal[hit]) / spread)
        return findings(self.scheme, Subject.CLAIM, c["claim_id"], Reason.UNUSUAL_IN_PEER_GROUP,
                        score, c["total_fen"], [{} for _ in range(len(c))])


def outcome_features(alerts: pd.DataFrame) -> pd.DataFrame:
    """Per alert: each reason's score (0 when absent), the log amount at risk, the scheme."""
    columns = {f"reason_{r.value}": np.zeros(len(alerts)) for r in Reason}
    for n, reasons in enumerate(alerts["reasons"]):
        for reason, score, _params in reasons:
            columns[f"reason_{reason}"][n] = max(columns[f"reason_{reason}"][n], score)
    frame = pd.DataFrame(columns, index=alerts.index)
    frame["log_amount"] = np.log1p(alerts["amount_fen"].astype(float).clip(lower=0))
    for scheme in Scheme:
        frame[f"scheme_{scheme.value}"] = (alerts["scheme"] == scheme).astype(float)
    return frame


class OutcomeModel:
    """Calibrated gradient boosting over alert features: P(an investigator confirms it)."""

    def __init__(self, max_iter=200, learning_rate=0.1, cv=3, random_state=0):
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.cv = cv
        self.random_state = random_state

    def fit(self, alerts: pd.DataFrame, confirmed):
        booster = HistGradientBoostingClassifier(max_iter=self.max_iter,
                                                 learning_rate=self.learning_rate,
                                                 random_state=self.random_state)
        self.model_ = CalibratedClassifierCV(booster, method="sigmoid", cv=self.cv)
        self.model_.fit(outcome_features(alerts).to_numpy(), np.asarray(confirmed, dtype=int))
        return self

    def predict_proba(self, alerts: pd.DataFrame) -> np.ndarray:
        return self.model_.predict_proba(outcome_features(alerts).to_numpy())[:, 1]


def holdout_metrics(model: OutcomeModel, train: pd.DataFrame, y_train, test: pd.DataFrame,
                    y_test) -> dict:
    """Fit on the older alerts, measure on the newer (a time split, as the model will be
    used): average precision, ROC AUC and Brier score."""
    probability = model.fit(train, y_train).predict_proba(test)
    y_test = np.asarray(y_test, dtype=int)
    return {"average_precision": round(float(average_precision_score(y_test, probability)), 4),
            "roc_auc": round(float(roc_auc_score(y_test, probability)), 4),
            "brier": round(float(brier_score_loss(y_test, probability)), 4),
            "train": int(len(train)), "test": int(len(test))}
