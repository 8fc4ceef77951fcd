"""Plain INSERTs of prepared rows, for routing an import's claims at once.

bulk_create prepares every value of every object through its field, which costs more than
the database itself for the hundreds of thousands of rows a 100,000-claim import routes
(bench/review.py); the callers here pass values already in database form.
"""
from django.db import connection

CHUNK = 5000


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT `rows` (tuples in `columns` order, database-ready values) into model's table."""
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start:start + CHUNK])


def db_datetime(value):
    """An aware datetime as the database stores it (one conversion for a whole run)."""
    return connection.ops.adapt_datetimefield_value(value)


def db_json(model, field: str, value):
    return model._meta.get_field(field).get_db_prep_save(value, connection)
