"""claimdesk.frames.read_frame gives the same frame through ADBC as through the Django cursor."""
import datetime as dt
import sqlite3

import pandas as pd
import pytest
from django.db import connection, transaction

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
