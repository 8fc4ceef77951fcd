"""Every export goes through claimdesk.exports, which neutralises formula injection (OWASP CSV
injection): a text cell a spreadsheet would run as a formula gets a leading single quote,
numbers and ordinary text are written unchanged."""
import csv
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from benefits import services as benefits
from claimdesk import exports

ATTACK = "=cmd|' /C calc'!A0"


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("cell", [ATTACK, "+1+cmd|x", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1",
                                  "＝1+1", "＋1", "－1", "＠SUM(A1)"])
def test_formula_looking_text_gets_a_quote(cell):
    assert exports.neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-12.50", "+3", "0.00", "42", 42, -7, Decimal("-1.20"), 1.5,
                                  "张三", "Bill 2025-01", "", None, "a=b"])
def test_numbers_and_plain_text_stay_as_they_are(cell):
    assert exports.neutralise(cell) == cell


def test_write_csv_neutralises_names_and_keeps_numbers(tmp_path):
    path = tmp_path / "out.csv"
    written = exports.write_csv(path, ["name", "amount", "count"],
                                [[ATTACK, "-12.50", 3], ["王芳", "100.00", 0]])
    assert written == 2
    assert csv_rows(path.read_text(encoding="utf-8")) == [
        ["name", "amount", "count"], ["'" + ATTACK, "-12.50", "3"], ["王芳", "100.00", "0"]]


def test_csv_response_is_a_bom_download_with_the_neutralised_cell():
    response = exports.csv_response("名单.csv", ["name", "amount"], [[ATTACK, Decimal("5.00")]])
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"] == exports.CSV_TYPE
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%90%8D%E5%8D%95.csv")
    assert body.startswith("\ufeff")
    assert csv_rows(body.lstrip("\ufeff")) == [["name", "amount"], ["'" + ATTACK, "5.00"]]


def read_xlsx(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def test_xlsx_response_keeps_text_as_text_and_numbers_as_numbers():
    response = exports.xlsx_response("list.xlsx", ["name", "amount", "count"],
                                     [[ATTACK, Decimal("-12.50"), 3], ["bad\x07char", 1.5, -1]])
    assert response["Content-Type"] == exports.XLSX_TYPE
    rows = read_xlsx(response.content)
    assert rows == [("name", "amount", "count"), ("'" + ATTACK, -12.5, 3),
                    ("bad\ufffdchar", 1.5, -1)]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].data_type == "s"  # a string, never a formula cell
    assert sheet["B2"].data_type == "n" and sheet["C2"].data_type == "n"


def test_adjudication_csv_goes_through_the_neutraliser(tmp_path):
    """adjudication.csv keeps the CONTRACT.md format for normal values and quotes a hostile
    claim ID (an ID arrives from a hospital's file)."""
    frame = pd.DataFrame({"decision": ["approved", "approved"], "reason_codes": ["", ""],
                          "eligible_fen": [12345, 0], "deductible_fen": [0, 0],
                          "reimbursed_fen": [10000, 0], "supplement_fen": [0, 0],
                          "cap_applied": [False, True], "approval_level": ["clerk", "clerk"]},
                         index=pd.Index(["C0001", ATTACK], name="claim_id"))
    path = tmp_path / "adjudication.csv"
    assert benefits.write_adjudication_csv(frame, path) == 2
    rows = csv_rows(path.read_text(encoding="utf-8"))
    assert rows[0] == benefits.CSV_COLUMNS
    assert rows[1] == ["C0001", "approved", "", "123.45", "0.00", "100.00", "0.00", "false",
                       "clerk"]
    assert rows[2][0] == "'" + ATTACK and rows[2][3] == "0.00"
