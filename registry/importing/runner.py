"""Drive a FileSpec over one contract file: all or nothing, every bad row reported.

CONTRACT.md: column order is free, unknown columns are ignored with a warning, a missing
column rejects the file, any invalid row rejects the whole file and the report lists every
bad row (row number, column, value, reason); importing the same file twice changes nothing.
The run is recorded as a `registry.ImportRun` before the rows are read (STYLE.md: record an
output before producing it); a rejected run's report is written after the rows' rollback.
"""
from __future__ import annotations

import csv
import hashlib
from contextlib import contextmanager
from itertools import compress, repeat
from operator import is_not
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from registry import resident_id
from registry.importing import parsers
from registry.importing.reading import UnreadableFile, is_xlsx, read_table
from registry.models import ImportRun

SQLITE_BULK_CACHE_MB = 256
SHOWN_CHARS = 200  # of a bad cell's value in the report
_FAILED = object()
_MISSING = object()


@dataclass(frozen=True)
class Column:
    """A file column: `parse` turns its text into a value; empty cells give `empty` if
    `blank`, else an error. `required=False` columns may be missing from the header."""

    name: str
    parse: Callable[[str], Any] = parsers.text
    blank: bool = False
    empty: Any = ""
    required: bool = True


def shown(text, limit: int = SHOWN_CHARS) -> str:
    """Text from the file as the report keeps it: NUL written out (PostgreSQL's JSON cannot
    hold it) and a huge cell cut short."""
    text = str(text).replace("\x00", "\\x00")
    return text if len(text) <= limit else text[:limit] + "…"


class Report:
    """The bad rows and warnings of one file (ImportRun.errors / .warnings)."""

    def __init__(self):
        self.errors: list[dict] = []
        self.warnings: list[str] = []
        self.bad_rows: set[int] = set()

    def add(self, row: int, column: str, value, reason: str) -> None:
        self.errors.append({"row": row, "column": shown(column), "value": "" if value is None
                            else shown(value), "reason": shown(reason, 4 * SHOWN_CHARS)})
        self.bad_rows.add(row)

    def warn(self, message: str) -> None:
        self.warnings.append(shown(message, 4 * SHOWN_CHARS))

    def __bool__(self) -> bool:
        return bool(self.errors)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


@dataclass
class Row:
    number: int  # as a person counts it in the file: the header is row 1
    data: dict = field(default_factory=dict)


@dataclass
class Chunk:
    """Parsed rows of a file kept as columns (a list of values per column name, aligned with
    `numbers`): the big files are checked and written column by column, without a dict per
    row; `rows()` gives the per-row view the other kinds use."""

    numbers: list[int]
    columns: dict[str, list]

    def rows(self) -> list[Row]:
        names = list(self.columns)
        return [Row(number, dict(zip(names, values)))
                for number, values in zip(self.numbers, zip(*self.columns.values()))]

    def flag(self, report: "Report", column: str, flags, reason: str, values=None) -> set[int]:
        """Report `reason` on `column` of the rows whose flag is true (their value shown
        from `values`, else the column); return their positions."""
        bad = set(compress(range(len(self.numbers)), flags))
        shown_values = self.columns[column] if values is None else values
        for i in sorted(bad):
            report.add(self.numbers[i], column, shown_values[i], reason)
        return bad

    def unknown(self, report: "Report", column: str, known, reason: str) -> set[int]:
        """Report the rows whose `column` is not in `known` (a set or dict of keys)."""
        values = self.columns[column]
        if set(values).issubset(known):
            return set()
        return self.flag(report, column, [value not in known for value in values], reason)

    def without(self, bad: set[int]) -> "Chunk":
        """The chunk less the rows at these positions."""
        if not bad:
            return self
        keep = [i not in bad for i in range(len(self.numbers))]
        return Chunk(list(compress(self.numbers, keep)),
                     {name: list(compress(values, keep)) for name, values in self.columns.items()})


class FileSpec:
    """One contract file kind. Subclasses declare `kind`, `columns` and `key` (column names)
    and implement `row_errors` (cross-field and reference checks of one row) and `store`
    (compare with the database, and write when `write` is true). `begin` loads reference keys
    once per file, `prepare` what one chunk's rows refer to."""

    kind: str = ""
    columns: tuple[Column, ...] = ()
    key: tuple[str, ...] = ()

    def __init__(self, actor=None, file_name: str = ""):
        self.actor = actor if getattr(actor, "pk", None) else None
        self.file_name = file_name
        self.present: set[str] = set()
        self.expected_rows = 0  # the CSV file's line count (0 for XLSX): for bulk loading

    def begin(self) -> None:
        """Load what the checks look up (sets of known keys), once per file."""

    def prepare(self, rows: list[Row]) -> None:
        """Look up what this chunk's rows refer to (keys too many to load in `begin`)."""

    def row_errors(self, row: Row) -> list[tuple[str, Any, str]]:
        """The (column, value, reason) of each cross-field or reference rule the row breaks."""
        return []

    def check(self, rows: list[Row], report: Report) -> list[Row]:
        """Report rows that break a cross-field or reference rule; return the others."""
        self.prepare(rows)
        good = []
        for row in rows:
            errors = self.row_errors(row)
            for column, value, reason in errors:
                report.add(row.number, column, value, reason)
            if not errors:
                good.append(row)
        return good

    def store(self, rows: list[Row], report: Report, write: bool) -> Counts:
        raise NotImplementedError

    def load(self, chunk: Chunk, report: Report, write: bool) -> Counts:
        """Check and store one chunk: row by row with `check` and `store`, or, for the big
        files, overridden to work on the chunk's columns."""
        return self.store(self.check(chunk.rows(), report), report, write)

    def finish(self) -> None:
        """Work after the last chunk is written (totals of touched rows)."""


def holds(values: list, marker) -> bool:
    """Whether `marker` is one of `values`, by identity at C speed (`in` compares with ==,
    which for a Decimal runs Python-level type checks: seconds on 3M bill lines)."""
    return not all(map(is_not, values, repeat(marker)))


class ColumnParser:
    """Parse a whole column of a chunk at once: `column.parse` runs once per distinct text
    (dates, codes and IDs repeat a lot), the rest are C-speed dict look-ups; plain text
    columns are only checked for emptiness (the issue's speed goal: column-wise parsing)."""

    def __init__(self, column: Column):
        self.column = column
        self.cache: dict[str, Any] = {}
        self.reasons: dict[str, str] = {}
        self.is_text = column.parse is parsers.text and (not column.blank or column.empty == "")

    def parse_one(self, value: str):
        column = self.column
        if value == "":
            if column.blank:
                return column.empty
            self.reasons[value] = _("a value is required")
            return _FAILED
        try:
            return column.parse(value)
        except parsers.CellError as error:
            self.reasons[value] = str(error)
            return _FAILED

    def parse_all(self, texts: list[str]) -> list:
        """The parsed values, `_FAILED` where a cell is invalid (reason in `reasons`)."""
        if self.is_text:
            if self.column.blank or "" not in texts:
                return texts
            return [self.parse_one(text) if text == "" else text for text in texts]
        values = list(map(self.cache.get, texts, repeat(_MISSING)))
        if holds(values, _MISSING):
            cache = self.cache
            for i, value in enumerate(values):
                if value is _MISSING:
                    text = texts[i]
                    if text not in cache:
                        cache[text] = self.parse_one(text)
                    values[i] = cache[text]
        return values


class FileImport:
    """Parse a file's rows chunk by chunk, check duplicates and references, store."""

    def __init__(self, spec: FileSpec, report: Report):
        self.spec = spec
        self.report = report
        self.counts = Counts()
        self.rows = 0
        self.seen_keys: dict = {}

    def header_positions(self, header: list[str]) -> list[tuple[ColumnParser, int]]:
        known = {column.name for column in self.spec.columns}
        positions = {}
        for index, name in enumerate(header):
            if name in positions:
                self.report.add(1, name, name, _("the column appears twice in the header"))
            positions.setdefault(name, index)
        for name in header:
            if name and name not in known:
                self.report.warn(_("Unknown column %(column)s is ignored.") % {"column": name})
        for column in self.spec.columns:
            if column.required and column.name not in positions:
                self.report.add(1, column.name, "", _("required column is missing"))
        self.spec.present = {c.name for c in self.spec.columns if c.name in positions}
        return [(ColumnParser(column), positions[column.name])
                for column in self.spec.columns if column.name in positions]

    def parse_columns(self, numbers: list[int], cells: list[list[str]], positions) -> Chunk:
        """Parse a chunk column by column; rows with a bad cell are reported and dropped."""
        bad = set()
        parsed = {}
        for parser, index in positions:
            texts = cells[index]
            if "\x00" in "".join(texts):  # one C-speed scan; no database stores a NUL
                self.reject_nul(numbers, parser.column.name, texts, bad)
            values = parser.parse_all(texts)
            if holds(values, _FAILED):
                for i, value in enumerate(values):
                    if value is _FAILED:
                        self.report.add(numbers[i], parser.column.name, texts[i],
                                        parser.reasons[texts[i]])
                        bad.add(i)
            parsed[parser.column.name] = values
        for column in self.spec.columns:
            if column.name not in self.spec.present:
                parsed[column.name] = [column.empty] * len(numbers)
        return self.drop_duplicates(Chunk(numbers, parsed).without(bad))

    def reject_nul(self, numbers, column: str, texts: list[str], bad: set[int]) -> None:
        for i, text in enumerate(texts):
            if "\x00" in text:
                self.report.add(numbers[i], column, text, _("contains a NUL character"))
                bad.add(i)

    def drop_duplicates(self, chunk: Chunk) -> Chunk:
        """CONTRACT.md keys must be unique inside a file. A key of several columns is kept
        as one joined string (a third of the memory of a tuple for 3M bill lines)."""
        parts = [chunk.columns[name] for name in self.spec.key]
        if len(parts) > 1:
            keys = list(map("\x1f".join, zip(*(map(key_text, part) if part and isinstance(
                part[0], resident_id.ResidentId) else map(str, part) for part in parts))))
        else:
            keys = parts[0]
        seen = self.seen_keys
        fresh = dict(zip(keys, chunk.numbers))  # C speed: the common case has no duplicate
        if len(fresh) == len(keys) and seen.keys().isdisjoint(fresh):
            seen.update(fresh)
            return chunk
        bad = set()
        for i, (key, number) in enumerate(zip(keys, chunk.numbers)):
            first = seen.setdefault(key, number)
            if first != number:
                shown = key.replace("\x1f", "/") if len(parts) > 1 else str(key)
                self.report.add(number, "+".join(self.spec.key), shown,
                                _("duplicate key: already in row %(row)s") % {"row": first})
                bad.add(i)
        return chunk.without(bad)

    def run(self, table) -> None:
        positions = self.header_positions(table.header)
        if self.report:
            return
        self.spec.begin()
        for numbers, cells in table.chunks:
            self.rows += len(numbers)
            self.counts += self.spec.load(self.parse_columns(numbers, cells, positions),
                                          self.report, write=not self.report)
        if not self.report:
            self.spec.finish()


def key_text(value) -> str:
    """A key value as the file wrote it (a parsed resident ID as its 18 characters)."""
    return value.value if isinstance(value, resident_id.ResidentId) else str(value)


class Rejected(Exception):
    """Raised inside the rows' transaction to roll them back."""


def sha256_of(stream: BinaryIO) -> tuple[str, int]:
    """The file's SHA-256 and its count of lines as a CSV reader sees them (ended by LF,
    CRLF or a lone CR; a last one without a line end included): its rows and header, if it
    is a CSV with one row a line."""
    digest = hashlib.sha256()
    ends = 0
    last = b"\n"
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
        # a CRLF split between two blocks is found in the previous block's last byte
        ends += block.count(b"\n") + block.count(b"\r") - (last + block).count(b"\r\n")
        last = block[-1:]
    stream.seek(0)
    return digest.hexdigest(), ends + (last not in (b"\n", b"\r"))


@contextmanager
def bulk_load_cache():
    """On SQLite, a 256 MB page cache while a file loads: a million-row file touches its
    tables' indexes at random and the default 2 MB cache would spill them to disk."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_BULK_CACHE_MB * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def run_import(stream: BinaryIO, spec: FileSpec, file_name: str) -> ImportRun:
    """Import one file with `spec`; return its finished ImportRun (loaded or rejected)."""
    sha256, lines = sha256_of(stream)
    spec.expected_rows = 0 if is_xlsx(file_name) else lines
    run = ImportRun.objects.create(kind=spec.kind, file_name=file_name, sha256=sha256,
                                   started_by=spec.actor)
    report = Report()
    job = FileImport(spec, report)
    table = None  # read inside the transaction; a csv.Error then names its line
    try:
        with bulk_load_cache(), transaction.atomic():
            table = read_table(stream, file_name, lines)
            job.run(table)
            if report:
                raise Rejected
            _finish(run, job, report, ImportRun.Status.LOADED)
            audit.record(spec.actor, "import", ("registry.ImportRun", str(run.pk)),
                         changes={"kind": spec.kind, "file": file_name, "rows": job.rows,
                                  "created": job.counts.created, "updated": job.counts.updated,
                                  "unchanged": job.counts.unchanged})
    except UnicodeDecodeError as error:
        report.add(1, "", "", _("the file is not UTF-8 text: %(error)s") % {"error": error})
        _finish(run, job, report, ImportRun.Status.REJECTED)
    except UnreadableFile as error:
        report.add(1, "", "", str(error))
        _finish(run, job, report, ImportRun.Status.REJECTED)
    except csv.Error as error:  # e.g. a cell over the CSV reader's size limit (128 KiB)
        report.add(table.line(), "", "", _("the CSV file cannot be read from this row on: "
                                                "%(error)s") % {"error": error})
        _finish(run, job, report, ImportRun.Status.REJECTED)
    except Rejected:
        _finish(run, job, report, ImportRun.Status.REJECTED)
    except DatabaseError as error:  # a constraint no check foresaw: still a rejected file
        report.add(1, "", "", _("the database refused the file: %(error)s") % {"error": error})
        _finish(run, job, report, ImportRun.Status.REJECTED)
    return run


def _finish(run: ImportRun, job: FileImport, report: Report, status: str) -> None:
    run.status = status
    run.rows = job.rows
    loaded = status == ImportRun.Status.LOADED
    run.created = job.counts.created if loaded else 0
    run.updated = job.counts.updated if loaded else 0
    run.unchanged = job.counts.unchanged if loaded else 0
    run.errors = sorted(report.errors, key=lambda e: e["row"])
    run.warnings = report.warnings
    run.finished_at = timezone.now()
    run.save()
