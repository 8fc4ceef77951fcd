"""Shared fixtures: a small county made once per test, with named personas (STYLE.md)."""
import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.utils import translation

from claimdesk import frames
from tests.county import SmallCounty


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test database, with claimdesk.frames' ADBC connections closed before
    it is dropped: PostgreSQL refuses to drop a database another connection holds."""
    yield
    frames.close_connections()


@pytest.fixture
def second_connection(transactional_db, tmp_path, monkeypatch):
    """Call it once the test's rows are written: from then on claimdesk.frames reads and
    writes through its own ADBC connection, outside any transaction, as in production.

    PostgreSQL's test database is used as it is. SQLite's lives in memory, which no second
    connection can open, so it is copied to a file that frames then opens (Django's own
    connection keeps the memory one: read results back through frames.read_frame).
    """
    def detach():
        if connection.vendor == "sqlite":
            path = tmp_path / "second.sqlite3"
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(path)])
            monkeypatch.setitem(connection.settings_dict, "NAME", str(path))
        assert frames._second_connection_sees_the_rows()

    yield detach
    frames.close_connections()


@pytest.fixture(autouse=True)
def english(settings):
    """Tests read and assert English; the shipped Chinese catalogue would otherwise answer.

    The product default (zh-hans) and each user's stored language are tested on their own in
    tests/registry/test_login_and_language.py.
    """
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def seed_policy_tables() -> None:
    """Put back the policy tables benefits' migration seeds (idempotent): a transactional
    test's flush empties them, seeded rows included, for every test that runs after it."""
    importlib.import_module("benefits.migrations.0002_seed_policy_years").seed(apps, None)


@pytest.fixture
def policy_tables(transactional_db):
    """Transactional tests (browser, concurrency) start from a database an earlier one's flush
    may have emptied: the policy tables are put back first."""
    seed_policy_tables()


@pytest.fixture
def county(db) -> SmallCounty:
    """Two townships, hospitals of every level, insured people and a persona per role."""
    return SmallCounty.build(year=2025)


@pytest.fixture
def year() -> int:
    return 2025


@pytest.fixture
def today() -> dt.date:
    return dt.date(2025, 12, 31)


def pytest_report_header(config):
    """Say which database the suite runs on, so a CI log shows both runs really happened."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".rstrip()
