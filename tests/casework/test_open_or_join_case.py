"""open_or_join_case: one case per subject, priority order, weekly capacity."""
import pytest

from casework.models import Case
from casework.services import open_or_join_case
from fraud import services
from fraud.models import Alert, ScoringRun


@pytest.fixture
def run(db):
    return ScoringRun.objects.create(year=2025, model_version=services.active_model())


def _alert(run, subject, score, amount, scheme="inflated_bill"):
    return Alert.objects.create(run=run, model_version=run.model_version, scheme=scheme,
                                subject_type="claim", subject_id=subject, score=score,
                                rule_score=score,
                                amount_at_risk_fen=amount, reason_codes="X", reasons=[])


def test_capacity_opens_the_highest_priorities_and_defers_the_rest(run, settings):
    settings.FRAUD_WEEKLY_CASE_CAPACITY = 2
    alerts = [_alert(run, "A", 0.9, 1000), _alert(run, "B", 0.5, 100000),
              _alert(run, "C", 0.9, 50000)]
    intake = open_or_join_case(alerts)
    assert (intake.opened, intake.deferred) == (2, 1)
    assert set(Case.objects.values_list("subject_id", flat=True)) == {"B", "C"}


def test_alerts_on_one_subject_share_one_case(run, settings):
    settings.FRAUD_WEEKLY_CASE_CAPACITY = 5
    first = _alert(run, "A", 0.9, 1000)
    second = _alert(run, "A", 0.6, 90000, scheme="favour_reimbursement")
    intake = open_or_join_case([first, second])
    case = Case.objects.get()
    assert (intake.opened, intake.joined) == (1, 1)
    assert case.scheme_list == ["favour_reimbursement", "inflated_bill"]
    assert case.priority_fen == 54000
    assert case.alerts.count() == 2
