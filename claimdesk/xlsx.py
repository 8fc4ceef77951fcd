"""A write-only XLSX writer: one sheet, typed cells, zipped as the rows are read.

Why not openpyxl's write-only mode: it builds a cell object per value and serialises it
through a generic XML writer, which took 35 s (and twice that on a busy machine) for the
county's 55,000-row referral export. Here a row is one f-string of `<c>` elements and the
sheet is deflated straight into the zip, so the same file takes a few seconds
(bench/referrals.py) and memory stays flat. The parts are the minimum SpreadsheetML needs
(ECMA-376): content types, relationships, workbook, styles (a date and a date-time format)
and the sheet; openpyxl, LibreOffice and Excel open it.

Cells: text as inline strings (no shared-string table to hold in memory), control characters
XLSX cannot hold replaced by U+FFFD; int, float and Decimal as numbers; bool as a boolean;
dates and date-times as serial numbers with a date format, aware date-times in the fund's
local time (XLSX has no time zones); None as an empty cell. Formula-looking text is quoted
by claimdesk.exports before it gets here.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from typing import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape

from django.utils import timezone

ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                      **{chr(code): "\ufffd" for code in range(32) if chr(code) not in "\t\n\r"}})
"""Cell text to XML: markup escaped, control characters XLSX cannot hold replaced, one pass."""
EPOCH = dt.datetime(1899, 12, 30)
DATE_STYLE, DATETIME_STYLE = 1, 2
ROWS_PER_CHUNK = 2000

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>')
STYLES = (  # cell formats: 0 general, 1 date (built-in 14), 2 date and time
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '</cellStyles></styleSheet>')
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


def _workbook(sheet_title: str) -> str:
    name = escape(ILLEGAL.sub("", sheet_title)[:31] or "Sheet1", {'"': "&quot;"})
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')


def column_letters(count: int) -> list[str]:
    """A, B, ..., Z, AA, ... for the first `count` columns."""
    letters = []
    for index in range(1, count + 1):
        name = ""
        while index:
            index, remainder = divmod(index - 1, 26)
            name = chr(65 + remainder) + name
        letters.append(name)
    return letters


def cell(ref: str, value) -> str:
    """One `<c>` element; "" for an empty cell."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return (f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                f'{value.translate(TEXT)}</t></is></c>')
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        serial = (value - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{(value - EPOCH.date()).days}</v></c>'
    return cell(ref, str(value))


class _Pipe:
    """The zip's output: collects what the zip writes until the stream hands it on."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> Iterator[bytes]:
        if self.parts:
            data, self.parts = b"".join(self.parts), []
            yield data


class WorkbookStream:
    """Iterate it for the bytes of the .xlsx; `rows` counts the data rows once it is done."""

    def __init__(self, header: Sequence, rows: Iterable[Iterable], sheet_title: str = "Sheet1"):
        self.header, self.source, self.sheet_title = header, rows, sheet_title
        self.rows = 0

    def __iter__(self) -> Iterator[bytes]:
        pipe = _Pipe()
        with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
            for name, text in (("[Content_Types].xml", CONTENT_TYPES),
                               ("_rels/.rels", ROOT_RELS),
                               ("xl/workbook.xml", _workbook(self.sheet_title)),
                               ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                               ("xl/styles.xml", STYLES)):
                book.writestr(name, text)
            with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                for xml in self._sheet_xml():
                    sheet.write(xml.encode())
                    yield from pipe.drain()
        yield from pipe.drain()

    def _sheet_xml(self) -> Iterator[str]:
        letters = column_letters(len(self.header))
        yield SHEET_HEAD + self._row(1, letters, self.header)
        lines, number = [], 1
        for values in self.source:
            number += 1
            values = list(values)
            if len(values) > len(letters):
                letters = column_letters(len(values))
            lines.append(self._row(number, letters, values))
            if len(lines) == ROWS_PER_CHUNK:
                yield "".join(lines)
                lines = []
        self.rows = number - 1
        yield "".join(lines) + SHEET_TAIL

    @staticmethod
    def _row(number: int, letters: list[str], values) -> str:
        cells = "".join(cell(f"{letter}{number}", value)
                        for letter, value in zip(letters, values))
        return f'<row r="{number}">{cells}</row>'
