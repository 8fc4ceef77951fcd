"""What every contract file gets from the one framework: encodings, columns, XLSX,
duplicate keys, all-or-nothing, the run record and its audit row (CONTRACT.md)."""
import openpyxl
from django.utils import translation

from audit.models import AuditEntry
from registry import services
from registry.models import Hospital, ImportRun
from tests.registry.import_files import hospital_row, import_rows, person_row, snapshot, write_csv


def test_a_bom_is_tolerated_and_column_order_is_free(db, tmp_path):
    row = hospital_row()
    reordered = {name: row[name] for name in reversed(list(row))}
    path = write_csv(tmp_path / "hospitals.csv", [reordered], bom=True)

    run = services.import_file(path, "hospitals")

    assert run.status == ImportRun.Status.LOADED
    assert Hospital.objects.get(code="H9").name == "县中医院"


def test_an_unknown_column_is_ignored_with_a_warning(db, tmp_path):
    with translation.override("en"):
        run = import_rows(tmp_path, "hospitals", [hospital_row(beds="120")])

    assert run.status == ImportRun.Status.LOADED
    assert run.warnings == ["Unknown column beds is ignored."]


def test_a_missing_column_rejects_the_file(db, tmp_path):
    row = hospital_row()
    del row["in_county"]

    run = import_rows(tmp_path, "hospitals", [row])

    assert run.status == ImportRun.Status.REJECTED
    assert run.errors == [{"row": 1, "column": "in_county", "value": "",
                           "reason": "required column is missing"}]
    assert not Hospital.objects.exists()


def test_a_duplicate_key_inside_the_file_is_reported_on_the_later_row(db, tmp_path):
    run = import_rows(tmp_path, "hospitals", [hospital_row(), hospital_row(name="二号"),
                                              hospital_row(hospital_code="H8")])

    assert run.errors == [{"row": 3, "column": "hospital_code", "value": "H9",
                           "reason": "duplicate key: already in row 2"}]
    assert not Hospital.objects.exists()


def test_every_bad_cell_of_every_row_is_reported(db, tmp_path):
    run = import_rows(tmp_path, "hospitals", [
        hospital_row(level="4", nonprofit="maybe"), hospital_row(hospital_code="H8"),
        hospital_row(hospital_code="H7", name="")])

    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "level", "4"), (2, "nonprofit", "maybe"), (4, "name", "")]
    assert run.errors[2]["reason"] == "a value is required"


def test_an_xlsx_file_loads_like_the_same_csv(db, tmp_path):
    rows = [hospital_row(), hospital_row(hospital_code="H1T09", level="1",
                                         kind="township_health_centre", township_code="T09")]
    import_rows(tmp_path, "hospitals", rows)
    from_csv = snapshot(Hospital)
    Hospital.objects.all().delete()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:  # typed cells, as a spreadsheet holds them
        sheet.append([int(v) if k == "level" else v for k, v in row.items()])
    book.save(tmp_path / "hospitals.xlsx")

    run = services.import_file(tmp_path / "hospitals.xlsx", "hospitals")

    assert (run.status, run.created) == (ImportRun.Status.LOADED, 2)
    assert snapshot(Hospital) == from_csv


def test_xlsx_dates_and_numbers_parse_like_their_csv_text(db, tmp_path):
    import datetime as dt

    row = person_row()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(row))
    typed = {"birth_date": dt.datetime(1980, 5, 6), "year": 2025, "tier": 1,
             "enrolled_from": dt.date(2025, 1, 1), "enrolled_to": dt.date(2025, 12, 31)}
    sheet.append([typed.get(name, value) for name, value in row.items()])
    book.save(tmp_path / "people.xlsx")

    run = services.import_file(tmp_path / "people.xlsx", "people")

    assert (run.status, run.created, run.errors) == (ImportRun.Status.LOADED, 1, [])


def test_a_file_that_is_not_utf8_is_rejected(db, tmp_path):
    path = tmp_path / "hospitals.csv"
    path.write_bytes(",".join(hospital_row()).encode() + b"\n" +
                     ",".join(hospital_row().values()).encode("gb18030") + b"\n")

    with translation.override("en"):
        run = services.import_file(path, "hospitals")

    assert run.status == ImportRun.Status.REJECTED
    assert "UTF-8" in run.errors[0]["reason"]
    assert not Hospital.objects.exists()


def test_a_run_records_the_file_and_one_audit_row(county, tmp_path):
    admin = county.staff["admin"]

    run = import_rows(tmp_path, "hospitals", [hospital_row()], actor=admin)

    run.refresh_from_db()
    assert (run.kind, run.file_name, run.started_by, run.rows) == (
        "hospitals", "hospitals.csv", admin, 1)
    assert len(run.sha256) == 64 and run.finished_at is not None
    entry = AuditEntry.objects.get(action="import")
    assert (entry.actor, entry.object_type, entry.object_id) == (
        admin, "registry.ImportRun", str(run.pk))
    assert entry.changes["created"] == 1


def test_a_rejected_run_keeps_its_report_and_writes_no_audit_row(db, tmp_path):
    run = import_rows(tmp_path, "hospitals", [hospital_row(level="9")])

    stored = ImportRun.objects.get(pk=run.pk)
    assert stored.status == ImportRun.Status.REJECTED
    assert [(e["row"], e["column"], e["value"]) for e in stored.errors] == [(2, "level", "9")]
    assert not AuditEntry.objects.filter(action="import").exists()


def test_an_empty_file_or_a_broken_workbook_is_rejected(db, tmp_path):
    (tmp_path / "hospitals.csv").write_bytes(b"")
    (tmp_path / "hospitals.xlsx").write_bytes(b"not a zip")

    with translation.override("en"):
        empty = services.import_file(tmp_path / "hospitals.csv", "hospitals")
        broken = services.import_file(tmp_path / "hospitals.xlsx", "hospitals")

    assert (empty.status, empty.errors[0]["reason"]) == (
        ImportRun.Status.REJECTED, "the file is empty: no header row")
    assert broken.status == ImportRun.Status.REJECTED
    assert broken.errors[0]["reason"].startswith("not a readable .xlsx workbook")
