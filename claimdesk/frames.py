"""A query's rows as a pandas DataFrame, for the code that reads a whole year at once
(benefits.services.year_frames, fraud.features).

Why not the Django cursor alone: it builds a Python object for every cell, and for a year of
a million claims with three million bill lines that costs more than the calculation itself
(bench/adjudicate.py). Outside a transaction, a second connection through ADBC (Arrow
Database Connectivity) reads the rows straight into Arrow columns. Inside a transaction only
Django's own connection sees the uncommitted rows, so the Django cursor reads them; so it
does for an in-memory SQLite database, which no second connection can open.

SQL is written as for the Django cursor (`%s` placeholders). The ADBC SQLite driver infers
a column's type from its first BATCH_ROWS rows: a text column that may be NULL in all of
them and not later must be read through COALESCE (a column with no value at all comes back
as None, as from the cursor).
"""
from __future__ import annotations

import atexit
import datetime as dt
import threading
from urllib.parse import quote

import pandas as pd
from django.db import connection

_opened = threading.local()
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


def _read_adbc(sql: str, params: list, columns: list[str]) -> pd.DataFrame:
    if connection.vendor == "sqlite":
        sql = sql.replace("%s", "?")
        # SQLite stores dates as ISO text: compare with text, as Django does.
        params = [p.isoformat() if isinstance(p, dt.date) else p for p in params]
    else:
        for n in range(1, len(params) + 1):
            sql = sql.replace("%s", f"${n}", 1)
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


def _adbc_connection():
    """This thread's ADBC connection to Django's database, opened once: opening one costs
    more than a small query (PostgreSQL's driver reads the type catalogue). Autocommit, so
    each query sees what is committed now, as Django's own connection does."""
    target = (connection.vendor, str(connection.settings_dict["NAME"]))
    opened = getattr(_opened, "by_target", {})
    if target not in opened:
        if connection.vendor == "sqlite":
            import adbc_driver_sqlite.dbapi as driver

            opened[target] = driver.connect(target[1], autocommit=True)
        else:
            import adbc_driver_postgresql.dbapi as driver

            opened[target] = driver.connect(_postgres_uri(connection.settings_dict),
                                            autocommit=True)
        atexit.register(opened[target].close)
        _opened.by_target = opened
    return opened[target]


def _postgres_uri(settings: dict) -> str:
    user = quote(settings.get("USER") or "", safe="")
    password = settings.get("PASSWORD")
    login = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgresql://{login}{host}{port}/{quote(settings['NAME'], safe='')}"
