"""import_directory and `manage.py import_data DIR`: dependency order, summary, exit code."""
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from registry import services
from registry.models import Hospital, ImportRun, Person
from tests.registry.import_files import (
    NEW_PERSON_ID, bill_line_row, claim_row, hospital_row, person_row, staff_row, write_csv,
)
from workflow.models import BillLine, Claim


def contract_directory(tmp_path):
    """A directory with dependent files; each refers to rows of files loaded before it."""
    write_csv(tmp_path / "bill_lines.csv", [bill_line_row()])
    write_csv(tmp_path / "claims.csv", [claim_row(NEW_PERSON_ID, hospital_code="H9",
                                                  entered_by="clerk_t03")])
    write_csv(tmp_path / "staff.csv", [staff_row(township_code="T03")])
    write_csv(tmp_path / "people.csv", [person_row()])
    write_csv(tmp_path / "hospitals.csv", [hospital_row()])
    (tmp_path / "old").mkdir()
    write_csv(tmp_path / "old" / "hospitals.csv", [hospital_row(hospital_code="H-OLD")])
    return tmp_path


def test_directory_loads_in_dependency_order_and_ignores_subdirectories(db, tmp_path):
    runs = services.import_directory(contract_directory(tmp_path))

    assert [(run.kind, run.status) for run in runs] == [
        ("hospitals", "loaded"), ("people", "loaded"), ("staff", "loaded"),
        ("claims", "loaded"), ("bill_lines", "loaded")]
    assert not Hospital.objects.filter(code="H-OLD").exists()
    assert Claim.objects.get(pk="CL-0001").total_fen == 3750
    assert BillLine.objects.count() == 1


def test_rows_referring_to_a_rejected_file_are_reported_as_unknown(db, tmp_path):
    contract_directory(tmp_path)
    write_csv(tmp_path / "people.csv", [person_row(sex="M")])

    runs = {run.kind: run for run in services.import_directory(tmp_path)}

    assert runs["people"].status == ImportRun.Status.REJECTED
    assert [e["column"] for e in runs["staff"].errors] == ["township_code"]  # T03 is new
    assert [e["column"] for e in runs["claims"].errors] == ["person_id", "entered_by"]
    assert runs["bill_lines"].errors[0]["column"] == "claim_id"
    assert not Person.objects.exists()


def test_command_prints_a_summary_per_file(db, tmp_path):
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_data", str(contract_directory(tmp_path)), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == ("hospitals.csv: Loaded, 1 rows, 1 created, 0 updated, 0 unchanged")
    assert len(lines) == 5


def test_command_lists_every_bad_row_and_fails_when_a_file_is_rejected(db, tmp_path):
    write_csv(tmp_path / "hospitals.csv", [hospital_row(level="7"), hospital_row(
        hospital_code="H8", in_county="perhaps")])
    out = io.StringIO()

    with translation.override("en"), pytest.raises(CommandError, match="hospitals.csv"):
        call_command("import_data", str(tmp_path), stdout=out)

    text = out.getvalue()
    assert "hospitals.csv: Rejected, 2 rows" in text
    assert "row 2, column level, value '7'" in text
    assert "row 3, column in_county, value 'perhaps'" in text
    assert not Hospital.objects.exists()


def test_command_fails_on_a_directory_without_contract_files(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path), stdout=io.StringIO())
