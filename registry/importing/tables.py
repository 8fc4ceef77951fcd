"""Compare imported rows with the database and upsert them in bulk (no per-row ORM).

The issue's speed goal (1M claims at 30,000 rows/s) rules out model instances per row:
existing rows are fetched by key in chunks, compared as plain values, and only new or
changed rows are written: new rows in bulk (PostgreSQL `COPY`, SQLite one executemany of
column tuples), changed ones with `INSERT ... ON CONFLICT (key) DO UPDATE`. Raw SQL also
bypasses django-fsm's protected descriptors, which is what an import of recorded states needs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import repeat
from operator import is_not, itemgetter

from django.db import IntegrityError, connection, models
from django.utils import timezone

KEY_CHUNK = 900  # below SQLite's 999 bound variables per statement
BULK_ROWS = 50_000  # a file this large may rebuild a table's secondary indexes


def as_text(values: list) -> list:
    """Dates and Decimals as the text SQLite stores, a whole column at once (Django's
    sqlite3 adapters are a Python call per value: seconds on a million-row file)."""
    if not all(map(is_not, values, repeat(None))):  # `in` would compare Decimals with ==
        return [None if value is None else str(value) for value in values]
    return list(map(str, values))


def bulk_insert(table: str, names: list[str], columns: list[list]) -> None:
    """Insert rows given as columns (one list of values per name, aligned; none of the rows
    present) as fast as the database takes them: `COPY ... FROM STDIN` on PostgreSQL, one
    executemany on SQLite."""
    if not columns or not columns[0]:
        return
    quote = connection.ops.quote_name
    listed = ", ".join(map(quote, names))
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {quote(table)} ({listed}) VALUES ({marks})",
                               zip(*columns))
            return
        text = _csv_text(columns)
        # psycopg's own cursor: its errors are made Django's, as the wrapper's would be
        with connection.wrap_database_errors, cursor.cursor.copy(
                f"COPY {quote(table)} ({listed}) FROM STDIN"
                + (" (FORMAT csv)" if text is not None else "")) as copy:
            if text is not None:
                copy.write(text)
            else:
                for row in zip(*columns):
                    copy.write_row(row)


#: The Arrow types whose CSV text PostgreSQL's COPY reads back as the value.
_CSV_TYPES = ("string", "int64", "bool", "date32[day]", "null")


def _csv_text(columns: list[list]):
    """The columns as CSV for COPY, written by Arrow in C (a row at a time through psycopg
    is a quarter of a million-claim file's time); None if a column holds values Arrow has
    no CSV text for (JSON, say), which then go through psycopg's adapters. Arrow quotes
    every string, so an empty string stays one and an unquoted empty cell is NULL."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    arrays = []
    for values in columns:
        try:
            array = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
        kind = str(array.type)
        if not (kind in _CSV_TYPES or kind.startswith(("decimal128", "timestamp[us, tz="))):
            return None
        arrays.append(array)
    sink = pa.BufferOutputStream()
    arrow_csv.write_csv(pa.Table.from_arrays(arrays, names=[str(i) for i in range(len(arrays))]),
                        sink, arrow_csv.WriteOptions(include_header=False))
    return sink.getvalue()


def stored_rows(model: type[models.Model], key: str, names: tuple[str, ...], keys) -> list:
    """(key, *names) of the stored rows whose `key` (an attname) is one of `keys`, in one
    query with the keys as one parameter (an array on PostgreSQL, JSON text on SQLite):
    no bound variable per key, no ORM per row (dates come as dates on both: Django's
    SQLite connection converts the columns declared `date`)."""
    fields = [model._meta.get_field(name) for name in (key, *names)]
    quote = connection.ops.quote_name
    listed = ", ".join(quote(f.column) for f in fields)
    table, column = quote(model._meta.db_table), quote(fields[0].column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {listed} FROM {table} WHERE {column} = ANY(%s)", [list(keys)])
            return cursor.fetchall()
        cursor.execute(f"SELECT {listed} FROM {table} WHERE {column} IN "
                       f"(SELECT value FROM json_each(%s))", [json.dumps(list(keys))])
        return cursor.fetchall()


class SecondaryIndexes:
    """A table's non-unique indexes, dropped while a large file loads and built again at its
    end, inside the file's transaction: building an index once over sorted keys costs a
    fraction of a million random index insertions (PostgreSQL manual, "Populating a
    Database"). Indexes behind constraints (primary key, unique) stay, they guard the data."""

    def __init__(self, table: str):
        self.table = table
        self.dropped: list[str] = []

    def definitions(self, cursor) -> list[tuple[str, str]]:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes i JOIN pg_index x ON "
                "x.indexrelid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))"
                "::regclass WHERE i.tablename = %s AND i.schemaname = current_schema() "
                "AND NOT x.indisunique", [self.table])
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                           "tbl_name = %s AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                           [self.table])
        return list(cursor.fetchall())

    def drop(self) -> None:
        with connection.cursor() as cursor:
            for name, definition in self.definitions(cursor):
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                self.dropped.append(definition)

    def rebuild(self) -> None:
        """PostgreSQL builds no index over rows with foreign-key checks pending: they are
        run first (a violation rejects the file, as at commit), then deferred again."""
        if not self.dropped:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for definition in self.dropped:
                cursor.execute(definition)
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                # The planner's statistics, for the rest of the file and the pages after it
                # (the manual's "Run ANALYZE Afterwards").
                cursor.execute(f"ANALYZE {connection.ops.quote_name(self.table)}")
        self.dropped = []


class ReferenceChecks:
    """On PostgreSQL, a bulk load's foreign keys checked once at its end, in one query each,
    instead of by a trigger per row (a third of a million-claim file's time, and three
    quarters of its bill lines'): pg_restore's `--disable-triggers`. Setting
    `session_replication_role` needs a superuser (the quick start's server); any other role
    keeps the per-row triggers. The importers have checked every reference already; the end
    check keeps the database's guarantee all the same, and locks the referenced rows as the
    triggers would (FOR KEY SHARE), so none can go before the file commits."""

    def __init__(self, table: str):
        self.table = table
        self.suspended = False

    def suspend(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
                self.suspended = True

    def resume(self) -> None:
        """Triggers on again, then each foreign key's references locked and checked: a
        reference to no row raises IntegrityError, which rejects the file."""
        if not self.suspended:
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            cursor.execute(
                "SELECT a.attname, c.confrelid::regclass::text, r.attname FROM pg_constraint c "
                "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                "JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1] "
                "WHERE c.contype = 'f' AND c.conrelid = %s::regclass", [self.table])
            for column, referenced, key in cursor.fetchall():
                table, column, key = quote(self.table), quote(column), quote(key)
                cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {referenced} r WHERE "
                               f"r.{key} IN (SELECT {column} FROM {table}) FOR KEY SHARE) locked")
                cursor.execute(f"SELECT t.{column} FROM {table} t WHERE t.{column} IS NOT NULL "
                               f"AND NOT EXISTS (SELECT 1 FROM {referenced} r WHERE "
                               f"r.{key} = t.{column}) LIMIT 1")
                missing = cursor.fetchone()
                if missing:
                    raise IntegrityError(f"{self.table}.{column} = {missing[0]} refers to no "
                                         f"row of {referenced}")
        self.suspended = False


@dataclass
class Changes:
    """The outcome of comparing rows with the database, by key."""

    created: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    unchanged: int = 0

    @property
    def to_write(self) -> list[dict]:
        return self.created + self.updated


class TableWriter:
    """One table's rows keyed by `key` (attnames with a unique constraint).

    `fields` are compared and updated; `insert_only` are written when the row is created
    (an unusable password, a name defaulted from a code) and never overwrite what is there.
    Columns not named take the model field's default on insert. `file_key` says the key is
    the file's own key, which the runner has made unique: a table empty when the file began
    then holds none of the file's rows, and nothing need be looked up.
    """

    def __init__(self, model: type[models.Model], key: tuple[str, ...], fields: tuple[str, ...],
                 insert_only: tuple[str, ...] = (), file_key: bool = False):
        self.model = model
        self.key = key
        self.fields = fields
        self.insert_only = insert_only
        # A table empty when the file began holds only what this file wrote: look those up.
        self.started_empty = not model.objects.exists()
        self.indexes = SecondaryIndexes(model._meta.db_table)
        self.references = ReferenceChecks(model._meta.db_table)
        self.file_key = file_key
        self.written: set = set()
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        named = key + fields + insert_only
        self.defaults = {name: f for name, f in by_attname.items()
                         if name not in named and not (f.primary_key and f.auto_created)
                         and not isinstance(f, models.AutoField)}
        self.columns = named + tuple(self.defaults)
        self.prepare = [self._preparer(by_attname[name]) for name in self.columns]
        self.upsert_sql = self._sql(by_attname)

    def _preparer(self, field_):
        """A whole column's conversion to database values, if it needs one: aware datetimes
        by Django, and on SQLite dates and decimals as text; other values pass as they are."""
        if isinstance(field_, models.DateTimeField):
            return lambda values: [field_.get_db_prep_save(value, connection)
                                   for value in values]
        if connection.vendor == "sqlite" and isinstance(field_, (models.DateField,
                                                                  models.DecimalField)):
            return as_text
        return None

    def _sql(self, by_attname) -> str:
        """The upsert of changed rows (new ones are inserted in bulk)."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(by_attname[name].column) for name in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        insert = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES ({marks})"
        conflict = ", ".join(quote(by_attname[name].column) for name in self.key)
        updates = ", ".join(f"{quote(by_attname[name].column)} = EXCLUDED."
                            f"{quote(by_attname[name].column)}" for name in self.fields)
        return f"{insert} ON CONFLICT ({conflict}) DO " + (
            f"UPDATE SET {updates}" if updates else "NOTHING")

    def key_of(self, row: dict) -> tuple:
        return tuple(row[name] for name in self.key)

    def existing(self, first_values, extra: tuple[str, ...] = ()) -> dict[tuple, dict]:
        """The stored rows whose first key field is one of `first_values`, by full key:
        {key: {field: value}} for the key, `fields` and `extra`."""
        first = set(first_values)
        if self.started_empty:
            first &= self.written
        first = sorted(first)
        names = self.key + self.fields + extra
        found = {}
        for start in range(0, len(first), KEY_CHUNK):
            chunk = first[start:start + KEY_CHUNK]
            query = self.model.objects.filter(**{f"{self.key[0]}__in": chunk})
            for values in query.order_by().values_list(*names):
                found[values[:len(self.key)]] = dict(zip(names, values))
        return found

    def compare(self, rows: list[dict], existing: dict[tuple, dict]) -> Changes:
        changes = Changes()
        if not existing:
            changes.created = list(rows)
            return changes
        for row in rows:
            stored = existing.get(self.key_of(row))
            if stored is None:
                changes.created.append(row)
            elif any(stored[name] != row[name] for name in self.fields):
                changes.updated.append(row)
            else:
                changes.unchanged += 1
        return changes

    def load_in_bulk(self, expected_rows: int) -> None:
        """Before the first write of a file of about `expected_rows` rows: when the file
        brings at least as many rows as the table holds (and more than a few thousand), drop
        the secondary indexes and suspend the per-row reference checks until `finish`."""
        if expected_rows >= BULK_ROWS and (self.started_empty or expected_rows
                                           >= self.model.objects.count()):
            self.indexes.drop()
            self.references.suspend()

    def finish(self) -> None:
        """Rebuild what `load_in_bulk` dropped and check the references (in the file's
        transaction)."""
        self.indexes.rebuild()
        self.references.resume()

    def write(self, changes: Changes) -> None:
        """Insert the created rows and upsert the updated ones."""
        self.write_rows(created=self.values(changes.created), updated=changes.updated)

    def write_rows(self, created: list[list], updated: list[dict] = ()) -> None:
        """Insert `created` (columns in `self.columns` order, from `from_columns`) in bulk
        and upsert `updated` (dicts)."""
        names = [self.model._meta.get_field(name).column for name in self.columns]
        bulk_insert(self.model._meta.db_table, names, created)
        if self.started_empty and not self.file_key and created:
            self.written.update(created[0])
        if updated:
            self._execute(self.upsert_sql, updated)

    def values(self, rows: list[dict]) -> list[list]:
        """The rows as columns in `self.columns` order, defaults filled in."""
        return self.from_columns([list(map(itemgetter(name), rows))
                                  for name in self.key + self.fields + self.insert_only],
                                 len(rows))

    def from_columns(self, columns: list[list], count: int) -> list[list]:
        """All of `self.columns` from the named columns' lists (key, fields, insert_only):
        defaults filled in, datetimes made database values."""
        now = timezone.now()
        defaults = [now if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
                    else f.get_default() for f in self.defaults.values()]
        columns = list(columns) + [[value] * count for value in defaults]
        for i, prep in enumerate(self.prepare):
            if prep is not None:
                columns[i] = prep(columns[i])
        return columns

    def _execute(self, sql: str, rows: list[dict]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(sql, zip(*self.values(rows)))
        if self.started_empty and not self.file_key:
            self.written.update(row[self.key[0]] for row in rows)

    def save(self, rows: list[dict]) -> Changes:
        """Compare and write the new and changed rows; the caller's transaction holds them."""
        changes = self.compare(rows, self.existing([r[self.key[0]] for r in rows]))
        self.write(changes)
        return changes
