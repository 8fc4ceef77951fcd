"""score(year) stores alerts with their model version, feeds claim_flags, and queues cases."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from casework.models import Case
from fraud import services
from fraud.choices import RunStatus
from fraud.detectors.codes import Reason
from fraud.models import Alert, ModelVersion
from registry.models import Certificate
from workflow.models import BillLine, Claim


def _claim(county, claim_id, person, certificate_no, day):
    claim = Claim.objects.create(
        claim_id=claim_id, person=person, certificate_no=certificate_no,
        hospital=county.hospitals["H1T01"], claim_type="outpatient", admitted_on=day,
        discharged_on=day, diagnosis_code="J06.9", submitted_on=day, total_fen=12000)
    BillLine.objects.create(claim=claim, line_no=1, category="drug", item_code="YP1",
                            quantity=Decimal(4), unit_price_fen=3000, amount_fen=12000,
                            in_catalogue=True, service_date=day)
    return claim


@pytest.fixture
def lost_certificate_claim(county):
    person = county.people["zhang_wei"]
    certificate = Certificate.objects.get(person=person)
    Certificate.objects.filter(pk=certificate.pk).update(status="lost")
    _claim(county, "CL1", person, certificate.number, dt.date(2025, 4, 2))
    _claim(county, "OK1", county.people["li_na"],
           Certificate.objects.get(person=county.people["li_na"]).number, dt.date(2025, 4, 2))


def test_scoring_stores_alerts_with_the_version_and_opens_a_case(lost_certificate_claim):
    run = services.score(2025)
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED and run.claims == 2
    alert = Alert.objects.get(subject_id="CL1")
    assert alert.model_version == ModelVersion.objects.get(active=True) == run.model_version
    assert alert.reason_codes == Reason.INVALID_CERTIFICATE
    assert alert.amount_at_risk_fen == 12000
    case = Case.objects.get(subject_type="claim", subject_id="CL1")
    assert list(case.alerts.all()) == [alert]


def test_claim_flags_name_the_reason_in_a_sentence(lost_certificate_claim):
    services.score(2025)
    with translation.override("en"):
        flags = services.claim_flags(["CL1", "OK1"])
    assert list(flags) == ["CL1"]
    assert flags["CL1"][0].reason_code == Reason.INVALID_CERTIFICATE
    assert "lost" in flags["CL1"][0].sentence


def test_rescoring_joins_the_existing_case(lost_certificate_claim):
    services.score(2025)
    services.score(2025)
    case = Case.objects.get(subject_id="CL1")
    assert case.alerts.count() == 2
    assert Case.objects.count() == 1


def test_alerts_csv_has_the_contract_columns(lost_certificate_claim, tmp_path):
    run = services.score(2025)
    out = tmp_path / "alerts.csv"
    assert services.write_alerts_csv(run.alert_rows.all(), out) == 1
    header, row = out.read_text(encoding="utf-8").splitlines()
    assert header == ",".join(services.CSV_COLUMNS)
    assert ",claim,CL1,certificate_lending,0.9200,120.00,INVALID_CERTIFICATE," in row


def test_rollback_activates_the_earlier_version(lost_certificate_claim):
    first = services.active_model()
    ModelVersion.objects.filter(pk=first.pk).update(active=False)
    second = ModelVersion.objects.create(name="rules-2", kind="rules", threshold=0.6,
                                         active=True)
    assert services.rollback() == first
    second.refresh_from_db()
    assert not second.active and ModelVersion.objects.get(active=True) == first


@pytest.mark.parametrize("username, status", [("investigator", 200), ("director", 200),
                                              ("clerk_t01", 403), ("accountant", 403)])
def test_alert_list_is_for_investigators_and_the_director(county, client, username, status):
    client.force_login(county.staff[username])
    assert client.get("/fraud/alert/").status_code == status
