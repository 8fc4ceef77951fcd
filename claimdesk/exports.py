"""The one place ClaimDesk writes CSV and XLSX, for downloads and for files.

Why one place: people open these files in a spreadsheet, and a spreadsheet runs a cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or their fullwidth forms `＝＋－＠`,
which Chinese spreadsheets also accept) as a formula: a roster name such as
`=cmd|' /C calc'!A0` would start a program on the reader's machine (CSV injection). Following
OWASP's CSV injection guidance, such a text cell gets a leading single quote, so it shows as the
text it is. Numbers stay numbers: int, Decimal and float values, and text that is a plain
decimal number such as `-12.50` (CONTRACT.md money), are written unchanged.
"""
from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path
from typing import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from claimdesk import xlsx

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?\Z")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """The cell as a spreadsheet may safely read it: formula-looking text quoted, the rest as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [neutralise(value) for value in row]


def write_csv(target, header: Sequence[str], rows: Iterable[Iterable], *,
              lineterminator: str = "\r\n") -> int:
    """Write header and rows to a path (UTF-8, no BOM: CONTRACT.md files) or an open text
    file; returns the number of rows written (the header not counted)."""
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            return write_csv(handle, header, rows, lineterminator=lineterminator)
    writer = csv.writer(target, lineterminator=lineterminator)
    writer.writerow(safe_row(header))
    count = 0
    for row in rows:
        writer.writerow(safe_row(row))
        count += 1
    return count


class _Line:
    """A file-like object whose write returns what it was given, so csv.writer can feed a
    streaming response one row at a time (Django's "streaming large CSV files")."""

    def write(self, text: str) -> str:
        return text


def _csv_chunks(header, rows):
    writer = csv.writer(_Line())
    yield codecs.BOM_UTF8.decode() + writer.writerow(safe_row(header))
    for row in rows:
        yield writer.writerow(safe_row(row))


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Iterable]):
    """A CSV download, streamed row by row so a long list never sits in memory. It starts
    with a UTF-8 BOM: without it Excel on a Chinese Windows reads the file as GBK."""
    response = StreamingHttpResponse(_csv_chunks(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def write_xlsx(target, header: Sequence[str], rows: Iterable[Iterable], *,
               sheet_title: str = "Sheet1") -> int:
    """Write header and rows as one sheet to a path or a binary file; returns the number of
    rows written. Numbers, dates and Decimals become typed cells."""
    if isinstance(target, (str, Path)):
        with open(target, "wb") as handle:
            return write_xlsx(handle, header, rows, sheet_title=sheet_title)
    book = xlsx.WorkbookStream(safe_row(header), map(safe_row, rows), sheet_title)
    for chunk in book:
        target.write(chunk)
    return book.rows


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Iterable], *,
                  sheet_title: str = "Sheet1") -> HttpResponse:
    """An XLSX download. The rows are read and zipped as they come (claimdesk.xlsx), so only
    the compressed file is held: about 3.5 MB for the county's 55,000 referrals."""
    book = xlsx.WorkbookStream(safe_row(header), map(safe_row, rows), sheet_title)
    response = HttpResponse(b"".join(book), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
