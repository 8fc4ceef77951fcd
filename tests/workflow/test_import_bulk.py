"""A large file's bulk load (issue 2's speed): the claims' and lines' secondary indexes are
dropped and built again, on PostgreSQL the per-row reference triggers give way to one check
per foreign key; the tables end as a row-by-row load leaves them."""
import pytest
from django.db import IntegrityError, connection, transaction

from registry.importing import tables
from registry.importing.tables import ReferenceChecks
from registry.models import ImportRun
from tests.registry.import_files import bill_line_row, claim_row, import_rows
from workflow import importers
from workflow.models import BillLine, Claim


def indexes(model) -> dict:
    """The table's constraints and indexes by name, as the database describes them."""
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, model._meta.db_table)


@pytest.fixture
def bulk(monkeypatch):
    """Every file counts as large: the bulk path runs on a few rows."""
    monkeypatch.setattr(tables, "BULK_ROWS", 1)
    monkeypatch.setattr(importers, "BULK_ROWS", 1)


def test_a_bulk_load_ends_with_the_same_indexes_and_the_totals(county, tmp_path, bulk):
    person = county.people["zhang_wei"].pk
    before = indexes(Claim), indexes(BillLine)
    claims = [claim_row(person, claim_id=f"CL-{n}") for n in range(3)]
    lines = [bill_line_row(claim_id=f"CL-{n}", line_no=str(line)) for n in range(3)
             for line in (1, 2)]

    assert import_rows(tmp_path, "claims", claims).status == ImportRun.Status.LOADED
    assert import_rows(tmp_path, "bill_lines", lines).status == ImportRun.Status.LOADED

    assert (indexes(Claim), indexes(BillLine)) == before
    assert set(Claim.objects.values_list("claim_id", "total_fen")) == {
        (f"CL-{n}", 2 * 3750) for n in range(3)}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "origin"


def test_a_bulk_load_with_a_bad_row_changes_nothing(county, tmp_path, bulk):
    person = county.people["zhang_wei"].pk
    before = indexes(Claim)
    run = import_rows(tmp_path, "claims", [claim_row(person),
                                           claim_row(person, claim_id="CL-2", hospital_code="H404")])

    assert run.status == ImportRun.Status.REJECTED
    assert [(e["row"], e["column"]) for e in run.errors] == [(3, "hospital_code")]
    assert not Claim.objects.exists() and indexes(Claim) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's triggers")
def test_the_end_check_refuses_a_reference_to_no_row(county):
    """The importers check references before writing; should one slip through while the
    triggers are off, the end check still refuses it."""
    checks = ReferenceChecks(BillLine._meta.db_table)
    with pytest.raises(IntegrityError, match="CL-404"), transaction.atomic():
        checks.suspend()
        assert checks.suspended  # the test server's user is a superuser, as in CI
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO workflow_billline (claim_id, line_no, category, item_code, "
                "description, quantity, unit_price_fen, amount_fen, in_catalogue, "
                "service_date) VALUES ('CL-404', 1, 'drug', 'D1', '', 1, 1, 1, true, "
                "'2025-03-01')")
        checks.resume()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's COPY")
def test_copy_keeps_every_value_as_it_was_given(db):
    """COPY's CSV text from Arrow, or psycopg's rows for a column Arrow has no CSV for (an array):
    empty strings stay empty and NULLs NULL, quotes, commas and line breaks survive."""
    import datetime as dt
    from decimal import Decimal

    from registry.importing.tables import bulk_insert

    rows = [("", None, 'say "hi", then\nleave', Decimal("2.500"), dt.date(2025, 3, 1), True,
             dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.timezone.utc), [1, 2]),
            ("x", 7, "王", Decimal("1"), None, False, None, None)]
    columns = [list(column) for column in zip(*rows)]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bulk_probe (t varchar(40), n bigint, q text, "
                       "d numeric(9, 3), day date, b boolean, at timestamptz, j bigint[])")
        for names in (["t", "n", "q", "d", "day", "b", "at"], ["t", "j"]):
            cursor.execute("DELETE FROM bulk_probe")
            picked = [columns[["t", "n", "q", "d", "day", "b", "at", "j"].index(n)]
                      for n in names]
            bulk_insert("bulk_probe", names, picked)
            cursor.execute(f"SELECT {', '.join(names)} FROM bulk_probe ORDER BY t")
            assert [list(row) for row in cursor.fetchall()] == [list(row) for row in zip(*picked)]
        cursor.execute("DROP TABLE bulk_probe")


def test_columns_arrow_has_no_csv_for_go_through_the_adapters():
    from registry.importing.tables import _csv_text

    assert _csv_text([["a"], [{"a": 1}]]) is None
    assert bytes(_csv_text([["", None], [1, 2]])) == b'"",1\n,2\n'
