"""Read a contract file as a header and chunks of numbered rows, cells by column (Django only
for gettext).

CONTRACT.md: CSV in UTF-8 (a BOM is tolerated), one header row, or an .xlsx file with the
same columns. Row numbers are the ones a person sees in the file: the header is row 1. Cells
come stripped of surrounding white space, by column (the importers check and write column by
column), at most CHUNK_ROWS rows at a time.

A CSV file in which every row is one line (no blank line, no line break inside a cell, every
row as wide as the header) is parsed by Arrow's CSV reader, in C on both cores: a tenth of
the time of the csv module on the million-row files of issue 2. Any other file, and any file
Arrow refuses, is read with the csv module, which numbers rows and reports faults as before.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from itertools import count, islice
from operator import itemgetter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import BinaryIO

import openpyxl
from django.utils.translation import gettext as _

CHUNK_ROWS = 20_000
Chunk = tuple[list[int], list[list[str]]]  # row numbers, then each column's cells


class UnreadableFile(ValueError):
    """The file is not a CSV/XLSX table we can read (encoding, format, no header)."""


@dataclass
class Table:
    """`chunks` may raise UnicodeDecodeError (a CSV that is not UTF-8) or csv.Error (a cell
    over the reader's size limit) while iterated; `line()` is then the line it stopped on."""

    header: list[str]
    chunks: Iterator[Chunk]
    line: Callable[[], int] = lambda: 1
    parser: str = "csv"  # which parser reads the rows: "arrow", "csv" or "xlsx"


def is_xlsx(file_name: str) -> bool:
    return file_name.lower().endswith(".xlsx")


def read_table(stream: BinaryIO, file_name: str, lines: int = 0) -> Table:
    """Open `stream` (binary, positioned at the start) as CSV or XLSX by its file name.
    `lines` is the CSV file's count of lines (a last line without a line end included):
    when it is one more than Arrow's count of rows, rows and lines are one to one."""
    return _read_xlsx(stream) if is_xlsx(file_name) else _read_csv(stream, lines)


def by_column(numbered: Iterator[tuple[int, list[str]]], width: int) -> Iterator[Chunk]:
    """Rows of cells (short rows padded with empty cells) as chunks of stripped columns."""
    while rows := list(islice(numbered, CHUNK_ROWS)):
        cells = [row if len(row) >= width else row + [""] * (width - len(row))
                 for _, row in rows]
        columns = list(zip(*cells))[:width]
        yield [number for number, _ in rows], [list(map(str.strip, column))
                                               for column in columns]


def _read_csv(stream: BinaryIO, lines: int) -> Table:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)  # UnicodeDecodeError propagates: the caller reports it
    except csv.Error as error:
        raise UnreadableFile(_("the header row cannot be read as CSV: %(error)s")
                             % {"error": error}) from None
    if not header:
        raise UnreadableFile(_("the file is empty: no header row"))
    header = [name.strip() for name in header]
    text.detach()  # the stream stays open for Arrow, or for the csv module from the start
    fast = _arrow_chunks(stream, len(header), lines)
    if fast is not None:
        return Table(header, fast, parser="arrow")
    stream.seek(0)
    reader = csv.reader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
    next(reader)
    # Blank lines are skipped but counted; a decoding error surfaces while iterating.
    rows = filter(itemgetter(1), zip(count(2), reader))
    return Table(header, by_column(rows, len(header)), lambda: reader.line_num)


@cache
def _padded() -> str:
    """A regular expression of a cell with a character at either end that Python's
    str.strip() removes: Arrow finds the columns with such a cell, Python strips those (the
    csv path's exact result)."""
    space = "".join(f"\\x{{{c:x}}}" for c in range(sys.maxunicode + 1) if chr(c).isspace())
    return f"^[{space}]|[{space}]$"


def _arrow_chunks(stream: BinaryIO, width: int, lines: int) -> Iterator[Chunk] | None:
    """The rows after the header by Arrow, if every row is one line as wide as the header
    and every cell within the csv module's size limit; else None (the csv module reads it)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as arrow_csv

    names = [f"c{i}" for i in range(width)]
    stream.seek(0)
    try:
        table = arrow_csv.read_csv(
            stream, read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=True),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    limit = csv.field_size_limit()
    if table.num_rows + 1 != lines or any(
            table.num_rows and pc.max(pc.binary_length(column)).as_py() > limit
            for column in table.columns):
        return None
    padded = [pc.any(pc.match_substring_regex(column, _padded())).as_py() for column in
              table.columns] if table.num_rows else []

    def chunks():
        for start in range(0, table.num_rows, CHUNK_ROWS):
            piece = table.slice(start, CHUNK_ROWS)
            yield (list(range(start + 2, start + 2 + piece.num_rows)),
                   [list(map(str.strip, column.to_pylist())) if strip else column.to_pylist()
                    for column, strip in zip(piece.columns, padded)])

    return chunks()


def _xlsx_text(value) -> str:
    """A cell as the text a CSV would hold: dates as YYYY-MM-DD, numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else \
            value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(stream: BinaryIO) -> Table:
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError, InvalidFileException...
        raise UnreadableFile(_("not a readable .xlsx workbook: %(error)s")
                             % {"error": error}) from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    first = next(values, None)
    if not first or all(cell is None for cell in first):
        book.close()
        raise UnreadableFile(_("the first sheet is empty: no header row"))
    header = [_xlsx_text(cell).strip() for cell in first]
    while header and not header[-1]:
        header.pop()

    def rows():
        for number, cells in enumerate(values, start=2):
            if any(cell is not None and cell != "" for cell in cells):
                yield number, [_xlsx_text(cell) for cell in cells]
        book.close()

    return Table(header, by_column(rows(), len(header)), parser="xlsx")
