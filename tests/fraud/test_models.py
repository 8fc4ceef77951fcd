"""The learned models: the peer-group isolation forest, and the outcome model trained on
investigators' outcomes, stored as a signed, versioned row that scoring then uses."""
import random

import pytest

from fraud import services
from fraud.choices import ModelKind, Outcome
from fraud.detectors.codes import Reason
from fraud.learning import PeerIsolationForest
from fraud.models import Alert, ModelVersion, ScoringRun
from tests.fraud.frames import D, claim, frames, line


def test_isolation_forest_flags_the_claim_unlike_its_peers():
    rng = random.Random(3)
    claims, lines = [], []
    for n in range(400):
        cost = 300000 if n else 4000000
        claims.append(claim(f"C{n}", person_id=f"P{n}", total_fen=cost + rng.randrange(30000),
                            discharged_on=D(2025, 3, 6)))
        lines.append(line(f"C{n}", "drug", "YP1", 1, cost, D(2025, 3, 2)))
    found = PeerIsolationForest(contamination=0.005).fit_detect(frames(claims, lines=lines))
    assert "C0" in set(found.subject_id)
    assert set(found.reason) == {Reason.UNUSUAL_IN_PEER_GROUP}
    assert found.score.max() <= 0.3


def _labelled_alerts(count):
    run = ScoringRun.objects.create(year=2025, model_version=services.active_model())
    rng = random.Random(5)
    for n in range(count):
        strong = n % 2 == 0
        reason = Reason.PAID_MORE_THAN_ALLOWED if strong else Reason.PEER_COST_OUTLIER
        Alert.objects.create(
            run=run, model_version=run.model_version, scheme="favour_reimbursement",
            subject_type="claim", subject_id=f"C{n}", score=0.5, rule_score=0.5,
            amount_at_risk_fen=rng.randrange(1000, 90000), reason_codes=reason,
            reasons=[[reason, 0.9 if strong else 0.3, {}]],
            outcome=Outcome.CONFIRMED if strong else Outcome.DISMISSED)


def test_training_waits_for_enough_outcomes(db, settings):
    settings.FRAUD_MIN_OUTCOMES = 100
    _labelled_alerts(40)
    with pytest.raises(services.NotEnoughOutcomes):
        services.train()
    assert not ModelVersion.objects.filter(kind=ModelKind.SUPERVISED).exists()


def test_trained_model_is_a_signed_version_with_range_and_metrics(db, settings):
    settings.FRAUD_MIN_OUTCOMES = 60
    _labelled_alerts(80)
    version = services.train()
    version.refresh_from_db()
    assert version.active and version.kind == ModelKind.SUPERVISED
    assert (version.trained_from, version.trained_to) == (D(2025, 1, 1), D(2025, 12, 31))
    assert version.metrics["test"] == 16 and version.metrics["roc_auc"] >= 0.9
    assert "scikit-learn" in version.library_versions
    model = services.load_artifact(version)
    assert model.predict_proba(services._alerts_frame(Alert.objects.filter(
        subject_id="C0"))).item() > 0.5


def test_a_tampered_artifact_is_never_unpickled(db, settings):
    settings.FRAUD_MIN_OUTCOMES = 60
    _labelled_alerts(80)
    version = services.train()
    ModelVersion.objects.filter(pk=version.pk).update(artifact=b"not ours")
    version.refresh_from_db()
    with pytest.raises(ValueError):
        services.load_artifact(version)


def test_scoring_records_the_supervised_version_and_its_score(county, settings):
    from tests.fraud.test_scoring_service import _claim
    from registry.models import Certificate

    settings.FRAUD_MIN_OUTCOMES = 60
    _labelled_alerts(80)
    version = services.train()
    person = county.people["zhang_wei"]
    certificate = Certificate.objects.get(person=person)
    Certificate.objects.filter(pk=certificate.pk).update(status="void")
    _claim(county, "CV1", person, certificate.number, D(2025, 4, 2))
    services.score(2025)
    alert = Alert.objects.get(subject_id="CV1")
    assert alert.model_version == version
    assert alert.model_score is not None
    assert alert.score == pytest.approx((alert.rule_score + alert.model_score) / 2, abs=1e-3)
