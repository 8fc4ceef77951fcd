"""Bad input fuzzed through every contract-file importer (issue 9): random bytes, wrong
encodings, truncated files, huge fields, missing, extra and repeated columns, ragged rows,
formula-injection and arbitrary cells, as CSV and XLSX.

Whatever the file, `registry.services.import_file` returns a run that is either loaded
without errors or rejected with errors naming the row (and the column, unless the whole file
is unreadable) - never an exception - and a rejected file changes no table.
"""
import csv
import io

import openpyxl
import pytest
from hypothesis import given, strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from registry import demo, services
from registry.demo import contract
from registry.models import ImportRun
from tests.security.conftest import FUZZ
from tests.security.tables import row_counts

KINDS = services.IMPORT_ORDER
FORMULAS = ["=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3",
            "@SUM(A1:A9)", "\t=1", "\r=1", "＝1+1", "=1\n=2"]
ENCODINGS = ["gbk", "gb18030", "utf-16", "utf-16-le", "latin-1", "utf-32", "big5"]


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    """A small demo county's contract files (valid by construction) and a decisions file,
    which the demo writes only after settling the year."""
    directory = tmp_path_factory.mktemp("fuzz_demo")
    county = demo.generate(people=200, seed=2025, year=2025)
    contract.write(county, directory)
    clerk = next(s.username for s in county.staff if s.role == "clerk")
    contract.write_csv(directory / "decisions.csv", contract.FILES["decisions.csv"][0] + ("reason",),
                       [(claim.claim_id, 1, clerk, "approved", "2025-06-01T09:30", "10.00", "")
                        for claim in county.claims[:3]])
    return directory


def sample(directory, kind: str, rows: int = 3) -> tuple[list[str], list[list[str]]]:
    with open(directory / f"{kind}.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    return table[0], table[1:rows + 1]


@pytest.fixture
def loaded_before(db, demo_files):
    """load(kind): the database holding every file `kind` refers to, loaded for real."""
    def load(kind):
        for earlier in KINDS[:KINDS.index(kind)]:
            assert services.import_file(demo_files / f"{earlier}.csv", earlier).status == "loaded"
    return load


def csv_bytes(header, rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(header, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [header, *rows]:  # a spreadsheet cannot hold control characters
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_bytes(kind: str, content: bytes, suffix: str) -> ImportRun:
    return services.import_file(io.BytesIO(content), kind, file_name=f"{kind}.{suffix}")


def columns_of(kind: str) -> set[str]:
    """The names an error below the header may give: a column, a key of several columns, or
    none when the file cannot be read from that row on (bytes that are not UTF-8 or not CSV).
    Header errors (row 1) name the header cell, whatever it holds."""
    spec = services.SPECS[kind]
    return {column.name for column in spec.columns} | {"+".join(spec.key), ""}


def assert_loaded_or_rejected_cleanly(run: ImportRun, before: dict[str, int]) -> None:
    run.refresh_from_db()
    if run.status == ImportRun.Status.LOADED:
        assert run.errors == []
        return
    assert run.status == ImportRun.Status.REJECTED
    assert run.errors
    for error in run.errors:
        assert isinstance(error["row"], int) and error["row"] >= 1, error
        assert error["column"] in columns_of(run.kind) or error["row"] == 1, error
        assert error["reason"], error
    assert row_counts() == before, "a rejected file changed a table"


# A cell a hostile or careless file may hold.
cells = st.one_of(
    st.sampled_from(FORMULAS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "99999999999999999999", "1.999",
                     "2025-02-30", "２０２５-０１-０１", "٣", "9999-12-31", "0000-01-01",
                     "2025-01-01T25:61", "true", "NULL", "\x00", "a\x00b", "\ufeff", "'",
                     "9" * 5_000, "0" * 5_000 + "1"]),
)


@st.composite
def mutated_tables(draw, header, rows):
    """The sample table with one kind of damage."""
    header, rows = list(header), [list(row) for row in rows]
    damage = draw(st.sampled_from(["cells", "huge", "drop_columns", "extra_columns",
                                   "repeat_column", "ragged", "formulas"]))
    if damage in ("cells", "formulas"):
        for _ in range(draw(st.integers(1, 6))):
            row, col = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(header) - 1))
            rows[row][col] = draw(st.sampled_from(FORMULAS) if damage == "formulas" else cells)
    elif damage == "huge":
        col = draw(st.integers(0, len(header) - 1))
        rows[0][col] = draw(st.sampled_from(["x", "张", "9", "=", "\""])) * draw(
            st.sampled_from([1_000, 70_000, 200_000]))
    elif damage == "drop_columns":
        keep = draw(st.lists(st.booleans(), min_size=len(header), max_size=len(header)))
        header = [name for name, k in zip(header, keep) if k]
        rows = [[cell for cell, k in zip(row, keep) if k] for row in rows]
    elif damage == "extra_columns":
        extra = draw(st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=3))
        header += extra
        rows = [row + [draw(cells) for _ in extra] for row in rows]
    elif damage == "repeat_column":
        col = draw(st.integers(0, len(header) - 1))
        header.append(header[col])
        rows = [row + [draw(cells)] for row in rows]
    else:
        rows = [row[:draw(st.integers(0, len(row)))] + draw(st.lists(cells, max_size=3))
                for row in rows]
    return header, rows


@pytest.mark.parametrize("kind", KINDS)
def test_random_bytes_are_rejected_or_loaded_never_raised(db, kind):
    @FUZZ
    @given(content=st.binary(max_size=2_000), suffix=st.sampled_from(["csv", "xlsx"]))
    def check(content, suffix):
        before = row_counts()
        assert_loaded_or_rejected_cleanly(import_bytes(kind, content, suffix), before)

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_damaged_files_load_valid_rows_or_are_rejected_whole(loaded_before, demo_files, kind):
    loaded_before(kind)
    header, rows = sample(demo_files, kind)

    @FUZZ
    @given(table=mutated_tables(header, rows), suffix=st.sampled_from(["csv", "xlsx"]),
           encoding=st.sampled_from(["utf-8", "utf-8-sig"] + ENCODINGS),
           cut=st.none() | st.integers(0, 3_000))
    def check(table, suffix, encoding, cut):
        content = (xlsx_bytes(*table) if suffix == "xlsx"
                   else csv_bytes(*table, encoding=encoding))
        before = row_counts()
        assert_loaded_or_rejected_cleanly(import_bytes(kind, content[:cut], suffix), before)

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_in_another_encoding_is_rejected_whole(loaded_before, demo_files, kind):
    """The demo's Chinese names are not UTF-8 once written in GBK or UTF-16: the file is
    refused as a whole, nothing stored."""
    loaded_before(kind)
    header, rows = sample(demo_files, kind)
    rows[0][1] = "张伟"  # the second column is a name or a reference: Chinese either way
    for encoding in ("gbk", "utf-16", "big5"):
        before = row_counts()
        run = import_bytes(kind, csv_bytes(header, rows, encoding), "csv")
        assert run.status == ImportRun.Status.REJECTED, encoding
        assert_loaded_or_rejected_cleanly(run, before)


# What the fuzzing found, kept as plain examples.

def test_a_cell_over_the_csv_size_limit_is_reported_on_its_row(loaded_before, demo_files):
    loaded_before("claims")
    header, rows = sample(demo_files, "claims")
    rows[1][header.index("diagnosis_code")] = "x" * 200_000
    before = row_counts()
    run = import_bytes("claims", csv_bytes(header, rows), "csv")
    assert [(e["row"], e["column"]) for e in run.errors] == [(3, "")]
    assert "field larger than field limit" in run.errors[0]["reason"]
    assert_loaded_or_rejected_cleanly(run, before)


def test_a_nul_character_is_a_bad_cell_and_the_report_is_kept(loaded_before, demo_files):
    """No database stores NUL in text, and PostgreSQL's JSON report could not hold it."""
    loaded_before("people")
    header, rows = sample(demo_files, "people")
    rows[0][header.index("name")] = "张\x00伟"
    before = row_counts()
    run = import_bytes("people", csv_bytes(header, rows), "csv")
    assert run.errors == [{"row": 2, "column": "name", "value": "张\\x00伟",
                           "reason": "contains a NUL character"}]
    assert_loaded_or_rejected_cleanly(run, before)


@pytest.mark.parametrize("column, value", [
    ("line_no", "99999999999999999999"), ("line_no", "9" * 5_000), ("line_no", "-1"),
    ("amount", "1" + "0" * 12), ("unit_price", "9" * 5_000), ("quantity", "３"),
])
def test_numbers_no_column_can_hold_are_bad_cells(loaded_before, demo_files, column, value):
    loaded_before("bill_lines")
    header, rows = sample(demo_files, "bill_lines", rows=1)
    rows[0][header.index(column)] = value
    before = row_counts()
    run = import_bytes("bill_lines", csv_bytes(header, rows), "csv")
    assert [(e["row"], e["column"]) for e in run.errors][:1] == [(2, column)]
    assert_loaded_or_rejected_cleanly(run, before)
