"""Read a contract file as a header and numbered rows of text (Django only for gettext).

CONTRACT.md: CSV in UTF-8 (a BOM is tolerated), one header row, or an .xlsx file with the
same columns. Row numbers are the ones a person sees in the file: the header is row 1.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from itertools import count
from operator import itemgetter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import openpyxl
from django.utils.translation import gettext as _


class UnreadableFile(ValueError):
    """The file is not a CSV/XLSX table we can read (encoding, format, no header)."""


@dataclass
class Table:
    """`rows` may raise UnicodeDecodeError (a CSV that is not UTF-8) or csv.Error (a cell
    over the reader's size limit) while iterated; `line()` is then the line it stopped on."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number in the file, cells as text)
    line: Callable[[], int] = lambda: 1


def is_xlsx(file_name: str) -> bool:
    return file_name.lower().endswith(".xlsx")


def read_table(stream: BinaryIO, file_name: str) -> Table:
    """Open `stream` (binary, positioned at the start) as CSV or XLSX by its file name."""
    return _read_xlsx(stream) if is_xlsx(file_name) else _read_csv(stream)


def _read_csv(stream: BinaryIO) -> Table:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)  # UnicodeDecodeError propagates: the caller reports it
    except csv.Error as error:
        raise UnreadableFile(_("the header row cannot be read as CSV: %(error)s")
                             % {"error": error}) from None
    if not header:
        raise UnreadableFile(_("the file is empty: no header row"))

    # Blank lines are skipped but counted; a decoding error surfaces while iterating.
    rows = filter(itemgetter(1), zip(count(2), reader))
    return Table([name.strip() for name in header], rows, lambda: reader.line_num)


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

    return Table(header, rows())
