"""claims.csv and bill_lines.csv: references, dates, amounts, totals, frozen claims."""
import pytest

from registry.models import ImportRun
from tests.registry.import_files import bill_line_row, claim_row, import_rows, snapshot
from workflow.models import BillLine, Claim


@pytest.fixture
def patient(county):
    return county.people["zhang_wei"]


@pytest.fixture
def claim(county, patient, tmp_path):
    run = import_rows(tmp_path, "claims", [claim_row(patient.pk)])
    assert run.status == ImportRun.Status.LOADED
    return Claim.objects.get(pk="CL-0001")


def test_claims_load_as_received_with_their_references(county, patient, tmp_path):
    run = import_rows(tmp_path, "claims", [
        claim_row(patient.pk),
        claim_row(patient.pk, claim_id="CL-0002", claim_type="outpatient", entered_by="",
                  admitted_on="2025-04-01", discharged_on="2025-04-01",
                  emergency_reported_on="2025-04-01")])

    assert (run.status, run.created) == (ImportRun.Status.LOADED, 2)
    first = Claim.objects.get(pk="CL-0001")
    assert (first.person, first.hospital_id, first.state, first.total_fen) == (
        patient, "H2", "received", 0)
    assert first.entered_by == county.staff["clerk_t01"]
    assert Claim.objects.get(pk="CL-0002").entered_by is None


def test_unknown_person_hospital_and_clerk_are_reported(county, patient, tmp_path):
    run = import_rows(tmp_path, "claims", [
        claim_row(patient.pk, hospital_code="H404"),
        claim_row("110105194912310021", claim_id="CL-0002", entered_by="ghost")])

    assert [(e["row"], e["column"], e["value"], e["reason"]) for e in run.errors] == [
        (2, "hospital_code", "H404", "unknown hospital"),
        (3, "person_id", "110105194912310021", "unknown person"),
        (3, "entered_by", "ghost", "unknown user")]
    assert not Claim.objects.exists()


def test_discharge_before_admission_is_refused(county, patient, tmp_path):
    run = import_rows(tmp_path, "claims", [claim_row(patient.pk, discharged_on="2025-02-28")])

    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "discharged_on", "2025-02-28")]


def test_reimporting_claims_changes_nothing_and_an_edit_updates(claim, patient, tmp_path):
    before = snapshot(Claim)
    run = import_rows(tmp_path, "claims", [claim_row(patient.pk)])
    assert (run.created, run.updated, run.unchanged) == (0, 0, 1)
    assert snapshot(Claim) == before

    run = import_rows(tmp_path, "claims", [claim_row(patient.pk, diagnosis_code="J20.0")])

    assert (run.created, run.updated, run.unchanged) == (0, 1, 0)
    claim.refresh_from_db()
    assert claim.diagnosis_code == "J20.0"


def test_a_claim_past_received_cannot_be_changed_by_import(claim, patient, tmp_path):
    Claim.objects.filter(pk=claim.pk).update(state="approved")

    run = import_rows(tmp_path, "claims", [claim_row(patient.pk, diagnosis_code="J20.0")])

    assert run.errors == [{"row": 2, "column": "claim_id", "value": "CL-0001",
                           "reason": "claim is approved, it can no longer be changed by import"}]
    claim.refresh_from_db()
    assert claim.diagnosis_code == "J18.9"
    assert import_rows(tmp_path, "claims", [claim_row(patient.pk)]).status == "loaded"


def test_bill_lines_load_and_the_claim_total_follows(claim, tmp_path):
    run = import_rows(tmp_path, "bill_lines", [
        bill_line_row(),
        bill_line_row(line_no="2", category="bed", quantity="2.5", unit_price="30.01",
                      amount="75.03", in_catalogue="no", service_date="2025-03-05")])

    assert (run.status, run.created) == (ImportRun.Status.LOADED, 2)
    line = BillLine.objects.get(claim=claim, line_no=2)
    assert (str(line.quantity), line.unit_price_fen, line.amount_fen, line.in_catalogue) == (
        "2.500", 3001, 7503, False)
    claim.refresh_from_db()
    assert claim.total_fen == 3750 + 7503

    run = import_rows(tmp_path, "bill_lines", [bill_line_row(quantity="4", amount="50")])

    assert (run.updated, run.unchanged) == (1, 0)
    claim.refresh_from_db()
    assert claim.total_fen == 5000 + 7503


def test_bill_line_reimport_changes_nothing(claim, tmp_path):
    import_rows(tmp_path, "bill_lines", [bill_line_row()])
    before = snapshot(Claim, BillLine)

    run = import_rows(tmp_path, "bill_lines", [bill_line_row()])

    assert (run.created, run.updated, run.unchanged) == (0, 0, 1)
    assert snapshot(Claim, BillLine) == before


def test_amount_must_equal_quantity_times_unit_price_to_the_fen(claim, tmp_path):
    run = import_rows(tmp_path, "bill_lines", [bill_line_row(amount="37.51")])

    assert run.errors == [{"row": 2, "column": "amount", "value": "37.51",
                           "reason": "is not quantity x unit_price = 37.50"}]
    assert not BillLine.objects.exists()


def test_money_with_three_decimals_is_refused(claim, tmp_path):
    run = import_rows(tmp_path, "bill_lines", [bill_line_row(unit_price="12.345")])

    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "unit_price", "12.345")]
    assert "at most two decimals" in run.errors[0]["reason"]


def test_service_date_must_lie_within_the_claim_and_the_claim_must_exist(claim, tmp_path):
    run = import_rows(tmp_path, "bill_lines", [
        bill_line_row(service_date="2025-03-06"),
        bill_line_row(claim_id="CL-9999", line_no="1"),
        bill_line_row(line_no="3", service_date="2025-3-2")])

    assert [(e["row"], e["column"], e["value"], e["reason"]) for e in run.errors] == [
        (2, "service_date", "2025-03-06",
         "is outside the claim's dates 2025-03-01 to 2025-03-05"),
        (3, "claim_id", "CL-9999", "unknown claim"),
        (4, "service_date", "2025-3-2", "not a date in the form YYYY-MM-DD")]
    assert not BillLine.objects.exists()


def test_lines_of_a_claim_past_received_are_refused(claim, tmp_path):
    Claim.objects.filter(pk=claim.pk).update(state="in_review")

    run = import_rows(tmp_path, "bill_lines", [bill_line_row()])

    assert [(e["row"], e["reason"]) for e in run.errors] == [
        (2, "claim is in_review, it can no longer be changed by import")]
    assert not BillLine.objects.exists()
