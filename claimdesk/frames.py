"""A query's rows as a pandas DataFrame, and a DataFrame written back as a table's rows, for
the code that handles a whole year at once (benefits.services.year_frames and store_year,
fraud.features).

Why not the Django cursor alone: it builds a Python object for every cell, and for a year of
a million claims with three million bill lines that costs more than the calculation itself
(bench/adjudicate.py). Outside a transaction, a second connection through ADBC (Arrow
Database Connectivity) reads the rows straight into Arrow columns. Inside a transaction only
Django's own connection sees the uncommitted rows, so the Django cursor reads them; so it
does for an in-memory SQLite database, which no second connection can open.

Writing a million rows through the Django cursor costs a Python tuple per row and a bound
statement per row (write_staged's docstring says how the rows go instead).

SQL is written as for the Django cursor (`%s` placeholders). The ADBC SQLite driver infers
a column's type from its first BATCH_ROWS rows: a text column that may be NULL in all of
them and not later must be read through COALESCE (a column with no value at all comes back
as None, as from the cursor).
"""
from __future__ import annotations

import atexit
import datetime as dt
import json
import threading
from urllib.parse import quote

import pandas as pd
from django.db import connection, models, transaction

_opened = threading.local()
_every: list = []  # every thread's connections, to close them all
_every_lock = threading.Lock()
BATCH_ROWS = 65_536  # rows the ADBC SQLite driver reads per batch (and infers types from)


def read_frame(sql: str, params, columns: list[str]) -> pd.DataFrame:
    """The rows of `sql` with `params`, columns named `columns`."""
    if _second_connection_sees_the_rows():
        return _read_adbc(sql, list(params), columns)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


def _second_connection_sees_the_rows() -> bool:
    if connection.in_atomic_block:
        return False
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        return name != ":memory:" and not name.startswith("file:memorydb")
    return connection.vendor == "postgresql"


def _adbc_sql(sql: str, params: list) -> tuple[str, list]:
    """`sql` and `params` as the ADBC driver of Django's database takes them."""
    if connection.vendor == "sqlite":
        # SQLite stores dates as ISO text: compare with text, as Django does.
        return sql.replace("%s", "?"), [p.isoformat() if isinstance(p, dt.date) else p
                                        for p in params]
    for n in range(1, len(params) + 1):
        sql = sql.replace("%s", f"${n}", 1)
    return sql, params


def _read_adbc(sql: str, params: list, columns: list[str]) -> pd.DataFrame:
    sql, params = _adbc_sql(sql, params)
    with _adbc_connection().cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.adbc_statement.set_options(
                **{"adbc.sqlite.query.batch_rows": str(BATCH_ROWS)})
        cursor.execute(sql, parameters=params or None)
        table = cursor.fetch_arrow_table()
    if table.num_rows == 0:  # typeless columns: as the Django cursor gives them
        return pd.DataFrame.from_records([], columns=columns)
    frame = table.to_pandas()
    frame.columns = columns
    for n, name in enumerate(columns):  # no value to type it by: None, as from the cursor
        if table.column(n).null_count == table.num_rows:
            frame[name] = pd.Series([None] * table.num_rows, dtype=object)
    # PostgreSQL's smallint and integer arrive as int16 / int32: widen them to the int64 the
    # Django cursor gives, so sums in fen and products of small columns cannot overflow.
    narrow = [c for c, t in frame.dtypes.items() if t.kind in "iu" and t.itemsize < 8]
    return frame.astype(dict.fromkeys(narrow, "int64")) if narrow else frame


def write_staged(model, frame: pd.DataFrame, fixed: dict, replace: dict, also=()) -> None:
    """Replace the rows of `model` matching `replace` ({column: value}) with one row per row
    of `frame` (columns named as the table's) plus the `fixed` values ({column: value}, the
    same for every row), and insert the unsaved model instances `also` (the audit entry):
    all or nothing.

    The frame is staged in a temporary table, then one DELETE, one INSERT ... SELECT from
    the staged table and the `also` rows run in one transaction. Outside a transaction the
    frame goes to a second connection through ADBC as Arrow columns (a bulk insert in C, no
    Python object per cell) and that connection's transaction commits it. Inside one (a
    test, an atomic request) the Django cursor stages it, so the write joins and commits or
    rolls back with the caller's transaction.
    """
    table = model._meta.db_table
    staged = f"staged_{table}"
    columns = list(frame.columns)
    fields = {f.column: f for f in model._meta.concrete_fields}
    where = " AND ".join(f"{c} = {_placeholder(fields[c])}" for c in replace) or "1 = 1"
    statements = [
        (f"DELETE FROM {table} WHERE {where}", [_db_value(fields[c], v)
                                                for c, v in replace.items()]),
        (f"INSERT INTO {table} ({', '.join([*columns, *fixed])})"
         f" SELECT {', '.join([*columns, *(_placeholder(fields[c]) for c in fixed)])}"
         f" FROM {staged}", [_db_value(fields[c], v) for c, v in fixed.items()]),
        *(_insert_one(instance) for instance in also),
    ]
    if _second_connection_sees_the_rows():
        _write_adbc(staged, frame, statements)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staged}")
        cursor.execute(f"CREATE TEMPORARY TABLE {staged} AS"
                       f" SELECT {', '.join(columns)} FROM {table} WHERE 1 = 0")
        cursor.executemany(f"INSERT INTO {staged} VALUES ({', '.join(['%s'] * len(columns))})",
                           list(frame.itertuples(index=False, name=None)))
        for sql, params in statements:
            cursor.execute(sql, params)
        cursor.execute(f"DROP TABLE {staged}")


def _write_adbc(staged: str, frame: pd.DataFrame, statements: list) -> None:
    """Stage `frame` and run `statements` in one transaction of the ADBC connection."""
    import pyarrow as pa

    adbc = _adbc_connection()
    with adbc.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staged}")
        cursor.execute("BEGIN")
        try:
            cursor.adbc_ingest(staged, pa.Table.from_pandas(frame, preserve_index=False),
                               mode="create", temporary=True)
            for sql, params in statements:
                cursor.execute(*_adbc_sql(sql, params))
        except BaseException:
            # A fresh cursor: the failed one keeps its statement's parameters bound, and
            # SQLite's driver would refuse the ROLLBACK for them, hiding the error.
            with adbc.cursor() as rollback:
                rollback.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")
        cursor.execute(f"DROP TABLE IF EXISTS {staged}")


def _insert_one(instance) -> tuple[str, list]:
    """SQL inserting one unsaved model instance (auto_now_add stamped, an empty id left to
    the database)."""
    fields = [f for f in instance._meta.concrete_fields
              if not (f.primary_key and getattr(instance, f.attname) is None)]
    values = [_db_value(f, f.pre_save(instance, add=True)) for f in fields]
    return (f"INSERT INTO {instance._meta.db_table} ({', '.join(f.column for f in fields)})"
            f" VALUES ({', '.join(_placeholder(f) for f in fields)})", values)


def _placeholder(field) -> str:
    """A parameter for `field`'s column. PostgreSQL types each parameter by its Python or
    Arrow type (text for a date-time, bigint for a smallint), so it is cast to the column's
    type; SQLite stores what it is given, and a cast there would turn ISO text into a number."""
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.db_type(connection)})"
    return "%s"


def _db_value(field, value):
    """`value` as both drivers take it for `field`'s column: JSON as text, date-times as
    Django stores them (ISO text)."""
    if isinstance(field, models.JSONField):
        return json.dumps(value, cls=field.encoder)
    if isinstance(value, dt.datetime):
        return str(connection.ops.adapt_datetimefield_value(value))
    return value


def _adbc_connection():
    """This thread's ADBC connection to Django's database, opened once: opening one costs
    more than a small query (PostgreSQL's driver reads the type catalogue). Autocommit, so
    each query sees what is committed now, as Django's own connection does."""
    target = (connection.vendor, str(connection.settings_dict["NAME"]))
    opened = getattr(_opened, "by_target", {})
    if target not in opened or opened[target] not in _every:  # closed by close_connections
        if connection.vendor == "sqlite":
            import adbc_driver_sqlite.dbapi as driver

            opened[target] = driver.connect(target[1], autocommit=True)
        else:
            import adbc_driver_postgresql.dbapi as driver

            opened[target] = driver.connect(_postgres_uri(connection.settings_dict),
                                            autocommit=True)
        _opened.by_target = opened
        with _every_lock:
            _every.append(opened[target])
    return opened[target]


def close_connections() -> None:
    """Close every ADBC connection opened so far (any thread's): a test database cannot be
    dropped while a second connection holds it (tests/conftest.py), nor a process end
    cleanly with one open."""
    with _every_lock:
        while _every:
            _every.pop().close()


atexit.register(close_connections)


def _postgres_uri(settings: dict) -> str:
    user = quote(settings.get("USER") or "", safe="")
    password = settings.get("PASSWORD")
    login = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgresql://{login}{host}{port}/{quote(settings['NAME'], safe='')}"
