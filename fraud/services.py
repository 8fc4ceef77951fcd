"""What other apps call in fraud: score a year, the flags of claims, alerts.csv.

`score(year)` loads the frames once (fraud.features), runs every detector (pure, in
fraud.detectors), combines findings into one alert per scheme and subject (fraud.scoring),
stores them under a ScoringRun with the model version that made them, and queues the alerts
at or above the threshold into casework (issue 7: open or join a case).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import pickle
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sklearn
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from audit import services as audit
from casework import services as casework
from claimdesk import exports
from claimdesk.frames import write_staged
from fraud import features, learning, scoring
from fraud.choices import ModelKind, Outcome, RunStatus, Scheme, sentence
from fraud.detectors import enrolment, favour, inflation, lending
from fraud.detectors.base import among, concat
from fraud.detectors.codes import Subject
from fraud.detectors.names import pinyin_keys
from fraud.models import Alert, ModelVersion, ScoringRun
from registry.models import Enrolment
from workflow.models import Claim

logger = logging.getLogger(__name__)
CSV_COLUMNS = ["alert_id", "subject_type", "subject_id", "scheme", "score", "amount_at_risk",
               "reason_codes", "explanation"]


@dataclass(frozen=True)
class Flag:
    reason_code: str
    sentence: str
    score: float


def detectors() -> list:
    """Every detector with its parameters (the rule set one model version describes)."""
    return ([d() for d in lending.DETECTORS + inflation.DETECTORS + favour.DETECTORS]
            + [enrolment.DuplicateEnrolment(name_key=pinyin_keys),
               learning.PeerIsolationForest()])


def threshold() -> float:
    return settings.FRAUD_ALERT_THRESHOLD_PERCENT / 100


def _parameters() -> dict:
    return {type(d).__name__: {k: v for k, v in d.get_params().items() if not callable(v)}
            for d in detectors()}


def _libraries() -> dict:
    return {"scikit-learn": sklearn.__version__, "pandas": pd.__version__,
            "numpy": np.__version__}


def active_model() -> ModelVersion:
    """The active version, created for the current rule set on first use."""
    version = ModelVersion.objects.filter(active=True).first()
    if version is None:
        version = ModelVersion.objects.create(
            name="rules-1", kind=ModelKind.RULES, parameters=_parameters(), active=True,
            threshold=threshold(), library_versions=_libraries())
    return version


def _signature(blob: bytes) -> str:
    """HMAC of a fitted model with the project's secret: only what we wrote is unpickled
    (STYLE.md; scikit-learn model persistence)."""
    return hmac.new(settings.SECRET_KEY.encode(), blob, hashlib.sha256).hexdigest()


def load_artifact(version: ModelVersion) -> learning.OutcomeModel:
    blob = bytes(version.artifact or b"")
    if not blob or not hmac.compare_digest(_signature(blob), version.signature):
        raise ValueError(f"model version {version.pk}: artifact missing or not ours")
    return pickle.loads(blob)  # noqa: S301 - verified above


class NotEnoughOutcomes(Exception):
    """Too few investigated alerts to train on (settings.FRAUD_MIN_OUTCOMES)."""


@transaction.atomic
def record_outcomes(outcomes: dict[int, str], actor=None) -> int:
    """Store what investigators found for each alert ({alert ID: "confirmed" or
    "dismissed"}): the labels `train` learns from (issue 7/8). Returns how many changed."""
    changed = 0
    for value in set(outcomes.values()):
        if value not in Outcome.values:
            raise ValueError(f"unknown outcome {value!r}")
        ids = [pk for pk, v in outcomes.items() if v == value]
        changed += Alert.objects.filter(pk__in=ids).exclude(outcome=value).update(outcome=value)
        audit.record_bulk(actor, "fraud.record_outcome", Alert._meta.label, ids,
                          changes={"outcome": value})
    return changed


def _alerts_frame(alerts) -> pd.DataFrame:
    rows = list(alerts.values("pk", "scheme", "reasons", "amount_at_risk_fen", "outcome",
                              "run__year", "run__started_at"))
    return pd.DataFrame(rows).rename(columns={"amount_at_risk_fen": "amount_fen"})


@transaction.atomic
def train(actor=None) -> ModelVersion:
    """Train the outcome model on every alert an investigator closed (issue 7: once there are
    enough), measure it on the newest fifth, fit it on all, store it as the active version
    with its training range and metrics."""
    labelled = _alerts_frame(Alert.objects.exclude(outcome=""))
    minimum = settings.FRAUD_MIN_OUTCOMES
    confirmed = (labelled["outcome"] == Outcome.CONFIRMED) if len(labelled) else pd.Series()
    if len(labelled) < minimum or min(confirmed.sum(), (~confirmed).sum()) < minimum // 10:
        raise NotEnoughOutcomes(f"{len(labelled)} outcomes, {minimum} needed with both kinds")
    labelled = labelled.sort_values(["run__started_at", "pk"]).reset_index(drop=True)
    y = (labelled["outcome"] == Outcome.CONFIRMED).to_numpy()
    cut = int(len(labelled) * 0.8)
    metrics = learning.holdout_metrics(learning.OutcomeModel(), labelled[:cut], y[:cut],
                                       labelled[cut:], y[cut:])
    model = learning.OutcomeModel().fit(labelled, y)
    blob = pickle.dumps(model)
    ModelVersion.objects.filter(active=True).update(active=False)
    version = ModelVersion.objects.create(
        name=f"supervised-{timezone.localdate():%Y%m%d}", kind=ModelKind.SUPERVISED,
        trained_from=dt.date(int(labelled["run__year"].min()), 1, 1),
        trained_to=dt.date(int(labelled["run__year"].max()), 12, 31),
        library_versions=_libraries(), parameters=_parameters(), metrics=metrics,
        threshold=threshold(), active=True, artifact=blob, signature=_signature(blob))
    audit.record(actor, "fraud.train_model", version, changes=metrics)
    return version


@transaction.atomic
def rollback(actor=None) -> ModelVersion:
    """Make the version before the active one active again (issue 7: can be rolled back)."""
    current = active_model()
    previous = ModelVersion.objects.filter(created_at__lte=current.created_at).exclude(
        pk=current.pk).order_by("-created_at", "-id").first()
    if previous is None:
        raise ModelVersion.DoesNotExist("no earlier model version")
    ModelVersion.objects.filter(pk=current.pk).update(active=False)
    ModelVersion.objects.filter(pk=previous.pk).update(active=True)
    audit.record(actor, "fraud.rollback_model", previous, changes={"from": current.pk})
    return previous


def find_alerts(frames) -> pd.DataFrame:
    """Alerts of the frames' year (pure apart from the detector list): claims of the year
    before are context only, never subjects."""
    found = concat([d.fit_detect(frames) for d in detectors()])
    in_year = frames.claims["claim_id"][
        pd.to_datetime(frames.claims["admitted_on"]).dt.year == frames.year]
    found = found[(found["subject_type"] != Subject.CLAIM).to_numpy()
                  | among(found["subject_id"], in_year)]
    return scoring.combine(found)


def _explanation(reasons) -> str:
    reason, _score, params = reasons[0]
    return sentence(reason, params)


def model_scores(version: ModelVersion, alerts: pd.DataFrame) -> pd.DataFrame:
    """Alerts with `model_score` and the final `score`: the rule score alone, or its mean
    with the outcome model's probability when a supervised version is active."""
    alerts = alerts.assign(model_score=np.nan, score=alerts["rule_score"].astype(float))
    if version.kind == ModelKind.SUPERVISED and len(alerts):
        probability = load_artifact(version).predict_proba(alerts)
        alerts["model_score"] = probability.round(4)
        alerts["score"] = ((alerts["rule_score"] + probability) / 2).round(4)
    return scoring.order(alerts, "score")


def _store(run: ScoringRun, alerts: pd.DataFrame) -> None:
    """The run's alerts, written as one staged insert (claimdesk.frames.write_staged): a model
    instance and a bound statement per alert took ten seconds for the 54,685 alerts of a
    million claims (bench/fraud.py's database), as long as finding them."""
    reasons = alerts["reasons"]
    frame = pd.DataFrame({
        "scheme": alerts["scheme"], "subject_type": alerts["subject_type"],
        "subject_id": alerts["subject_id"], "score": alerts["score"].astype(float),
        "rule_score": alerts["rule_score"].astype(float),
        "model_score": alerts["model_score"].astype(object).where(
            alerts["model_score"].notna(), None),
        "amount_at_risk_fen": alerts["amount_fen"].astype("int64"),
        "reason_codes": [";".join(r[0] for r in found)[:300] for found in reasons],
        "reasons": [json.dumps([[r, float(s), p] for r, s, p in found]) for found in reasons]})
    write_staged(Alert, frame, fixed={"run_id": run.pk, "model_version_id": run.model_version_id,
                                      "outcome": ""}, replace={"run_id": run.pk})


def score(year: int, actor=None, queue: bool = True) -> ScoringRun:
    """Score `year` and store its alerts; queue those at or above the threshold."""
    version = active_model()
    run = ScoringRun.objects.create(year=year, model_version=version, started_by=actor)
    try:
        frames = features.load(year)
        alerts = model_scores(version, find_alerts(frames))
        with transaction.atomic():
            _store(run, alerts)
            run.claims = int((pd.to_datetime(frames.claims["admitted_on"]).dt.year
                              == year).sum())
            run.alerts = len(alerts)
            run.status, run.finished_at = RunStatus.FINISHED, timezone.now()
            run.save()
            audit.record(actor, "fraud.score", run, changes={"alerts": run.alerts})
            if queue:  # in the order they were written, the alerts frame's
                casework.open_or_join_case(list(run.alert_rows.filter(
                    score__gte=version.threshold).order_by("id")), actor=actor)
    except Exception as error:
        ScoringRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(error),
                                                    finished_at=timezone.now())
        raise
    return run


def latest_runs() -> list[int]:
    """The newest finished run of each year."""
    latest = {}
    for pk, year in ScoringRun.objects.filter(status=RunStatus.FINISHED).order_by(
            "started_at", "id").values_list("pk", "year"):
        latest[year] = pk
    return list(latest.values())


def current_alerts():
    return Alert.objects.filter(run_id__in=latest_runs())


def claim_flags(claim_ids) -> dict[str, list[Flag]]:
    """The reasons the latest scoring flagged each claim for, strongest first; claims with
    no flag are absent (the claim-review flow routes flagged claims to a person)."""
    flags: dict[str, list[Flag]] = {}
    alerts = current_alerts().filter(subject_type=Subject.CLAIM, subject_id__in=list(claim_ids))
    for subject_id, reasons in alerts.values_list("subject_id", "reasons"):
        for reason, reason_score, params in reasons:
            flags.setdefault(subject_id, []).append(
                Flag(reason, sentence(reason, params), float(reason_score)))
    for found in flags.values():
        found.sort(key=lambda f: f.score, reverse=True)
    return flags


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def write_alerts_csv(alerts, path) -> int:
    """CONTRACT.md alerts.csv; returns the number of alerts written."""
    rows = ([alert.pk, alert.subject_type, alert.subject_id, alert.scheme, f"{alert.score:.4f}",
             _yuan(alert.amount_at_risk_fen), alert.reason_codes, _explanation(alert.reasons)]
            for alert in alerts)
    return exports.write_csv(path, CSV_COLUMNS, rows)


def score_after_import(runs, actor=None) -> list[ScoringRun]:
    """Issue 7: scoring runs after each import, for the years it touched: the years of the
    enrolments and claims present when any file loaded (a rejected import changes nothing).
    A failed scoring is recorded on its run and logged, and does not undo the import."""
    if not any(run.status == run.Status.LOADED for run in runs):
        return []
    years = set(Enrolment.objects.values_list("year", flat=True).distinct())
    years |= {d.year for d in Claim.objects.dates("admitted_on", "year")}
    runs = []
    for year in sorted(years):
        try:
            runs.append(score(year, actor=actor))
        except Exception:  # the run row keeps the error; the import itself stands
            logger.exception("fraud scoring of %s after an import failed", year)
    return runs


def alerts_by_scheme() -> dict[str, tuple[int, int]]:
    """{scheme: (current alerts, alerts an investigator confirmed as fraud)}, every scheme
    present (the dashboards' fraud chart; alerts are county-wide, shown to those who may
    read them)."""
    counts = {scheme: (0, 0) for scheme in Scheme.values}
    rows = current_alerts().order_by().values("scheme").annotate(
        alerts=Count("id"), confirmed=Count("id", filter=Q(outcome=Outcome.CONFIRMED)))
    counts.update({row["scheme"]: (row["alerts"], row["confirmed"]) for row in rows})
    return counts
