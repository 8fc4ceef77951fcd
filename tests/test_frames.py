"""claimdesk.frames: read_frame gives the same frame through ADBC as through the Django
cursor; write_staged replaces a year's rows with its audit row, all or nothing, both ways."""
import datetime as dt
import json
import sqlite3

import pandas as pd
import pytest
from django.db import connection, transaction
from django.utils import timezone

from audit import services as audit
from benefits.models import Assessment
from claimdesk import frames
from registry.models import Hospital, Township

HOSPITALS = ("SELECT code, level, nonprofit, township_id FROM registry_hospital"
             " WHERE level >= %s ORDER BY code")
COLUMNS = ["code", "level", "nonprofit", "township"]


def _django_cursor_frame(sql, params, columns):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


@pytest.mark.django_db(transaction=True)
def test_committed_rows_read_through_adbc_equal_the_cursor_s(monkeypatch):
    """On PostgreSQL a second connection reads the committed rows (SQLite's test database
    is in memory, so there the Django cursor reads them: the same frame either way)."""
    Township.objects.create(code="T01", name="One")
    Hospital.objects.create(code="H1", name="A", level=1, kind="township_health_centre",
                            nonprofit=True, in_county=True, township_id="T01")
    Hospital.objects.create(code="H2", name="B", level=2, kind="county_hospital",
                            nonprofit=False, in_county=True)
    read = frames.read_frame(HOSPITALS, [1], COLUMNS)
    pd.testing.assert_frame_equal(read, _django_cursor_frame(HOSPITALS, [1], COLUMNS))
    assert read.level.dtype == "int64"
    assert read.township.isna().tolist() == [False, True]


@pytest.mark.django_db
def test_rows_of_an_open_transaction_are_read_through_django():
    """Only Django's own connection sees rows not yet committed."""
    with transaction.atomic():
        Township.objects.create(code="T09", name="Nine")
        read = frames.read_frame("SELECT code FROM registry_township", [], ["code"])
    assert read.code.tolist() == ["T09"]


def test_sqlite_file_read_through_adbc(tmp_path, monkeypatch):
    """Dates are compared as ISO text, `%s` becomes `?`, and no rows give the named columns."""
    path = tmp_path / "file.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE claim (claim_id TEXT, admitted_on DATE, total_fen BIGINT)")
        db.executemany("INSERT INTO claim VALUES (?, ?, ?)",
                       [("C1", "2025-01-31", 12_345), ("C2", "2025-03-01", 3_000_000_000)])
    monkeypatch.setattr(connection, "vendor", "sqlite")
    monkeypatch.setitem(connection.settings_dict, "NAME", str(path))
    assert frames._second_connection_sees_the_rows()
    sql = "SELECT claim_id, total_fen FROM claim WHERE admitted_on BETWEEN %s AND %s"
    read = frames.read_frame(sql, [dt.date(2025, 2, 1), dt.date(2025, 12, 31)],
                             ["claim_id", "total_fen"])
    assert read.to_dict("records") == [{"claim_id": "C2", "total_fen": 3_000_000_000}]
    empty = frames.read_frame(sql, [dt.date(2026, 1, 1), dt.date(2026, 12, 31)],
                              ["claim_id", "total_fen"])
    assert list(empty.columns) == ["claim_id", "total_fen"] and empty.empty


def _assessments(rows):
    """Figures as store_year stages them: claim_id and the computed columns."""
    return pd.DataFrame.from_records(rows, columns=[
        "claim_id", "decision", "reason_codes", "eligible_fen", "deductible_fen",
        "reimbursed_fen", "supplement_fen", "cap_applied", "approval_level"])


YEAR_2025 = [("A1", "approved", "", 210_000, 10_000, 150_000, 0, False, 2),
             ("A2", "rejected", "FOR_PROFIT", 10_000, 10_000, 0, 0, False, 0)]
AGAIN = [("A1", "approved", "", 210_000, 10_000, 140_000, 500, True, 2),
         ("A3", "approved", "", 5_000, 0, 5_000, 0, False, 0)]
STORED = ("SELECT claim_id, policy_year, decision, reimbursed_fen, supplement_fen,"
          " cap_applied, explanation FROM benefits_assessment ORDER BY policy_year, claim_id")
STORED_COLUMNS = ["claim", "year", "decision", "reimbursed", "supplement", "cap", "lines"]


def _write(year, rows, note):
    frames.write_staged(
        Assessment, _assessments(rows),
        fixed={"policy_year": year, "explanation": [], "computed_at": timezone.now()},
        replace={"policy_year": year},
        also=[audit.unsaved(None, "benefits.adjudicate_year", ("benefits.PolicyYear",
                                                                 str(year)), {"note": note})])


def _stored():
    rows = frames.read_frame(STORED, [], STORED_COLUMNS)
    return [(r.claim, r.year, r.decision, r.reimbursed, r.supplement, bool(r.cap), r.lines)
            for r in rows.itertuples()]


def _audited():
    return frames.read_frame("SELECT object_id, changes FROM audit_auditentry"
                             " WHERE action = %s ORDER BY id",
                             ["benefits.adjudicate_year"], ["year", "changes"]).to_dict("list")


@pytest.fixture(params=[
    pytest.param("inside a transaction", marks=pytest.mark.django_db),
    pytest.param("through ADBC", marks=pytest.mark.django_db(transaction=True))])
def writes(request):
    """write_staged's two ways: inside the test's transaction (Django's cursor) and outside
    any (ADBC: the test database on PostgreSQL, a file copy of it on SQLite)."""
    if request.param == "through ADBC":
        request.getfixturevalue("second_connection")()
    return request.param


def test_staged_write_replaces_the_year_never_duplicates_and_audits(writes):
    _write(2024, [("Z9", "approved", "", 100, 0, 100, 0, False, 0)], "2024")
    _write(2025, YEAR_2025, "first")
    _write(2025, AGAIN, "again")
    assert _stored() == [("Z9", 2024, "approved", 100, 0, False, "[]"),
                         ("A1", 2025, "approved", 140_000, 500, True, "[]"),
                         ("A3", 2025, "approved", 5_000, 0, False, "[]")]
    audited = _audited()
    assert audited["year"] == ["2024", "2025", "2025"]
    assert [json.loads(c)["note"] if isinstance(c, str) else c["note"]
            for c in audited["changes"]] == ["2024", "first", "again"]


def test_staged_write_failing_midway_leaves_the_old_results(writes):
    """A duplicate claim fails the INSERT after the DELETE ran: all is rolled back."""
    _write(2025, YEAR_2025, "first")
    with pytest.raises(Exception, match=r"(?i)unique|duplicate key"):
        _write(2025, [*AGAIN, AGAIN[0]], "duplicate")
    assert [row[0] for row in _stored()] == ["A1", "A2"]
    assert _stored()[0][3] == 150_000
    assert _audited()["year"] == ["2025"]


def test_staged_write_failing_at_the_audit_row_leaves_the_old_results(writes, monkeypatch):
    """The last statement (the audit row) fails: the new rows are rolled back with it."""
    _write(2025, YEAR_2025, "first")
    monkeypatch.setattr(frames, "_insert_one", lambda instance: (
        "INSERT INTO no_such_audit_table (note) VALUES (%s)", ["lost"]))
    with pytest.raises(Exception, match="no_such_audit_table"):
        _write(2025, AGAIN, "again")
    assert [(row[0], row[3]) for row in _stored()] == [("A1", 150_000), ("A2", 0)]
    assert _audited()["year"] == ["2025"]
