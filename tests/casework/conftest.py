"""Casework fixtures: alerts on the small county's claims, a case moved to any state."""
import pytest

from casework import procedure
from casework.models import Case
from casework.services import open_or_join_case
from fraud import services as fraud
from fraud.models import Alert, ScoringRun
from tests.workflow.claims import make_claim


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files go to a scratch MEDIA_ROOT, never var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def run(db):
    return ScoringRun.objects.create(year=2025, model_version=fraud.active_model())


@pytest.fixture
def alert(run):
    def make(subject_id: str, scheme: str = "inflated_bill", subject_type: str = "claim",
             score: float = 0.9, amount_fen: int = 30000, reasons=None) -> Alert:
        return Alert.objects.create(
            run=run, model_version=run.model_version, scheme=scheme, subject_type=subject_type,
            subject_id=subject_id, score=score, rule_score=score, amount_at_risk_fen=amount_fen,
            reason_codes="X", reasons=reasons or [["DUPLICATE_LINES", score, {"lines": 2}]])
    return make


@pytest.fixture
def paid_claim(county):
    """500 yuan at the T01 health centre, approved automatically: the fund pays 300 yuan."""
    return make_claim(county, "zhang_wei", 500)


@pytest.fixture
def case_of(county):
    """Open (or join) the case of `alerts` and move it on to `state` as the investigator."""
    def make(alerts, state: str = "intake") -> Case:
        open_or_join_case(alerts)
        case = Case.objects.get(alerts=alerts[0])
        investigator = county.staff["investigator"]
        while case.state != state:
            case = procedure.advance(case.pk, investigator)
        return case
    return make
